"""Spreadsheet columns of entrepreneurs and encounters (docs/import-format.md)."""

from entrepreneurs.models import Encounter, Entrepreneur, Gender, Sector, SkillLevel
from governance.models import Organisation
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    IntegerWidget,
    ReferenceWidget,
    TextWidget,
    column,
    ref_column,
)


class EntrepreneurResource(SpreadsheetResource):
    reference = column("reference", TextWidget())
    first_name = column("first_name", TextWidget())
    last_name = column("last_name", TextWidget())
    gender = column("gender", ChoiceWidget(Gender, empty=Gender.UNDISCLOSED))
    birth_year = column("birth_year", IntegerWidget())
    country_of_origin = column("country_of_origin", CountryWidget())
    arrival_year = column("arrival_year", IntegerWidget())
    email = column("email", TextWidget())
    phone = column("phone", TextWidget())
    sector = column("sector", ChoiceWidget(Sector))
    project_kind = column("project_kind", TextWidget())
    skill_level = column("skill_level", ChoiceWidget(SkillLevel))
    informal_activity = column("informal_activity", BooleanWidget())
    referred_by = ref_column(
        "referred_by", ReferenceWidget(Organisation, "name", required=False, casefold=True)
    )

    class Meta:
        model = Entrepreneur
        fields = (
            "reference",
            "first_name",
            "last_name",
            "gender",
            "birth_year",
            "country_of_origin",
            "arrival_year",
            "email",
            "phone",
            "sector",
            "project_kind",
            "skill_level",
            "informal_activity",
            "referred_by",
        )
        import_id_fields = ("reference",)
        name = "entrepreneurs"


class EncounterResource(SpreadsheetResource):
    entrepreneur = ref_column("entrepreneur", ReferenceWidget(Entrepreneur, "reference"))
    date = column("date", DateWidget())
    kind = column("kind", ChoiceWidget(Encounter.Kind))
    notes = column("notes", TextWidget())

    class Meta:
        model = Encounter
        fields = ("entrepreneur", "date", "kind", "notes")
        import_id_fields = ("entrepreneur", "date", "kind")
        name = "encounters"
