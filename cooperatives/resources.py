"""Spreadsheet columns of cooperatives and memberships (docs/import-format.md)."""

from cooperatives.models import Checkpoint, Cooperative, ExitReason, Membership, Outcome, Situation
from entrepreneurs.models import Entrepreneur, Sector
from governance.models import Organisation
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    ReferenceWidget,
    TextWidget,
    column,
    ref_column,
)


class CooperativeResource(SpreadsheetResource):
    prefetch_all = True

    reference = column("reference", TextWidget())
    name = column("name", TextWidget())
    kind = column("kind", ChoiceWidget(Cooperative.Kind, empty=Cooperative.Kind.EPHEMERAL))
    sector = column("sector", ChoiceWidget(Sector))
    host = ref_column("host", ReferenceWidget(Organisation, "name", required=False, casefold=True))
    planned_start = column("planned_start", DateWidget())
    start_date = column("start_date", DateWidget())
    end_date = column("end_date", DateWidget())
    brand_name = column("brand_name", TextWidget())
    brand_created_on = column("brand_created_on", DateWidget())

    class Meta:
        model = Cooperative
        fields = (
            "reference",
            "name",
            "kind",
            "sector",
            "host",
            "planned_start",
            "start_date",
            "end_date",
            "brand_name",
            "brand_created_on",
        )
        import_id_fields = ("reference",)
        name = "cooperatives"


class MembershipResource(SpreadsheetResource):
    # The cooperative row itself is needed: a membership's dates are checked against it.
    cooperative = ref_column(
        "cooperative", ReferenceWidget(Cooperative, "reference", instances=True)
    )
    entrepreneur = ref_column("entrepreneur", ReferenceWidget(Entrepreneur, "reference"))
    joined_on = column("joined_on", DateWidget())
    left_on = column("left_on", DateWidget())
    exit_reason = column("exit_reason", ChoiceWidget(ExitReason))

    class Meta:
        model = Membership
        fields = ("cooperative", "entrepreneur", "joined_on", "left_on", "exit_reason")
        import_id_fields = ("cooperative", "entrepreneur")
        name = "memberships"


class OutcomeResource(SpreadsheetResource):
    entrepreneur = ref_column("entrepreneur", ReferenceWidget(Entrepreneur, "reference"))
    checkpoint = column("checkpoint", ChoiceWidget(Checkpoint))
    date = column("date", DateWidget())
    situation = column("situation", ChoiceWidget(Situation, empty=Situation.UNKNOWN))
    notes = column("notes", TextWidget())

    class Meta:
        model = Outcome
        fields = ("entrepreneur", "checkpoint", "date", "situation", "notes")
        import_id_fields = ("entrepreneur", "checkpoint")
        name = "outcomes"
