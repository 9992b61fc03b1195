"""governance.Grant rows become grant agreements, nothing lost (funding 0002)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

GOVERNANCE_BEFORE = "0006_register_cleanup"
BEFORE = [("funding", "0001_initial"), ("governance", GOVERNANCE_BEFORE)]
GRANTS = ((2019, "100.50", "paid"), (2020, "200", "granted"), (2020, "300", "refused"),
          (2021, "400", "requested"))  # fmt: skip
AFTER = [("funding", "0002_grants_from_governance"), ("governance", "0007_delete_grant")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_grant_becomes_an_agreement_over_its_year():
    try:
        old = migrate(BEFORE)
        Organisation = old.get_model("governance", "Organisation")
        Grant = old.get_model("governance", "Grant")
        ville = Organisation.objects.create(name="Ville")
        for year, amount, status in GRANTS:
            Grant.objects.create(
                funder=ville, year=year, amount=Decimal(amount), status=status, purpose=""
            )

        new = migrate(AFTER)

        Agreement = new.get_model("funding", "GrantAgreement")
        rows = list(Agreement.objects.order_by("reference"))
        assert [(a.reference, a.status) for a in rows] == [
            ("SUB-0001", "awarded"),
            ("SUB-0002", "awarded"),
            ("SUB-0003", "refused"),
            ("SUB-0004", "requested"),
        ]
        paid = rows[0]
        assert (paid.start_date, paid.end_date) == (
            datetime.date(2019, 1, 1),
            datetime.date(2019, 12, 31),
        )
        assert paid.amount_awarded == Decimal("100.50") and paid.title == "Subvention 2019"
        [instalment] = paid.instalments.all()
        assert (instalment.amount, instalment.received_on) == (
            Decimal("100.50"),
            datetime.date(2019, 12, 31),
        )
        assert not rows[1].instalments.exists()
        assert rows[2].amount_requested == Decimal("300") and rows[2].amount_awarded is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
