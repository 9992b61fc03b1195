"""Every governance.Grant becomes a grant agreement, nothing lost.

A grant knew its funder, year, amount, purpose and status. Its agreement runs over that
calendar year; the amount is the one awarded (granted, paid) or requested (requested,
refused); the purpose is the title. Status: requested -> requested, granted -> awarded,
refused -> refused, paid -> awarded with one instalment of the whole amount, received;
the day it was received was never recorded, so the instalment is dated 31 December of
the grant's year. (Not « closed »: a paid grant may still owe the funder its report.)
"""

import datetime

from django.db import migrations

STATUS = {"requested": "requested", "granted": "awarded", "refused": "refused", "paid": "awarded"}
AWARDED = {"granted", "paid"}


def grants_to_agreements(apps, schema_editor):
    Grant = apps.get_model("governance", "Grant")
    GrantAgreement = apps.get_model("funding", "GrantAgreement")
    Instalment = apps.get_model("funding", "Instalment")
    grants = Grant.objects.select_related("funder").order_by("year", "funder__name", "pk")
    for number, grant in enumerate(grants, start=1):
        awarded = grant.status in AWARDED
        agreement = GrantAgreement.objects.create(
            reference=f"SUB-{number:04d}",
            funder=grant.funder,
            title=grant.purpose or f"Subvention {grant.year}",
            start_date=datetime.date(grant.year, 1, 1),
            end_date=datetime.date(grant.year, 12, 31),
            amount_requested=None if awarded else grant.amount,
            amount_awarded=grant.amount if awarded else None,
            status=STATUS[grant.status],
        )
        if grant.status == "paid":
            last_day = datetime.date(grant.year, 12, 31)
            Instalment.objects.create(
                agreement=agreement, due_on=last_day, amount=grant.amount, received_on=last_day
            )


def agreements_to_grants(apps, schema_editor):
    """Back to yearly grants: one per agreement, the year its period starts in."""
    Grant = apps.get_model("governance", "Grant")
    GrantAgreement = apps.get_model("funding", "GrantAgreement")
    back = {"requested": "requested", "refused": "refused", "awarded": "granted", "closed": "paid"}
    for agreement in GrantAgreement.objects.prefetch_related("instalments"):
        received = any(i.received_on for i in agreement.instalments.all())
        status = "paid" if received and agreement.status == "awarded" else back[agreement.status]
        Grant.objects.create(
            funder_id=agreement.funder_id,
            year=agreement.start_date.year,
            amount=agreement.amount_awarded or agreement.amount_requested or 0,
            purpose=agreement.title[:300],
            status=status,
        )
    GrantAgreement.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("governance", "0003_dossier_meeting_organisation_decision_member_and_more"),
    ]

    operations = [migrations.RunPython(grants_to_agreements, agreements_to_grants)]
