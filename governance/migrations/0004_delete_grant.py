"""The yearly grants became funding's grant agreements (funding 0002 copies them first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_dossier_meeting_organisation_decision_member_and_more"),
        ("funding", "0002_grants_from_governance"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Grant",
        ),
    ]
