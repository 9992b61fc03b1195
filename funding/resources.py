"""Spreadsheet columns of grant agreements, `grants.csv` (docs/import-format.md).

Three columns are not fields of the agreement: `amount` (the amount awarded, or requested
while the grant is requested or refused), `report_due` (the final report's due date, a
`ReportDeadline`) and `cooperative` (a cooperative the grant is limited to). They are
checked with the row and written once the agreement is saved.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Cooperative
from funding.models import GrantAgreement, ReportDeadline
from governance.models import Organisation
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    ReferenceWidget,
    TextWidget,
    cell_text,
    column,
    ref_column,
)

FUNDING = {GrantAgreement.Status.AWARDED, GrantAgreement.Status.CLOSED}
EXTRA_COLUMNS = ("amount", "report_due", "cooperative")


def _final_deadline(agreement: GrantAgreement) -> ReportDeadline | None:
    """The final report's deadline, from the deadlines the import's queryset prefetched
    (a query of its own for an agreement just created)."""
    finals = [d for d in agreement.report_deadlines.all() if d.kind == ReportDeadline.Kind.FINAL]
    return min(finals, key=lambda d: d.pk, default=None)


class GrantAgreementResource(SpreadsheetResource):
    prefetch_all = True

    reference = column("reference", TextWidget())
    funder = ref_column("funder", ReferenceWidget(Organisation, "name", casefold=True))
    title = column("title", TextWidget())
    start_date = column("start_date", DateWidget())
    end_date = column("end_date", DateWidget())
    amount = column("amount", DecimalWidget(), label=gettext_lazy("montant (€)"))
    status = column(
        "status", ChoiceWidget(GrantAgreement.Status, empty=GrantAgreement.Status.REQUESTED)
    )
    report_due = column("report_due", DateWidget(), label=gettext_lazy("rapport final dû le"))
    cooperative = column(
        "cooperative",
        ReferenceWidget(Cooperative, "reference", required=False),
        label=gettext_lazy("coopérative"),
    )

    class Meta:
        model = GrantAgreement
        fields = (
            "reference",
            "funder",
            "title",
            "start_date",
            "end_date",
            "amount",
            "status",
            "report_due",
            "cooperative",
        )
        import_id_fields = ("reference",)
        name = "grants"
        # Rows are saved one by one: the deadline and the scope need the agreement's id.
        use_bulk = False

    def get_queryset(self):
        # The stored deadline and scope each row is compared with, in two more queries.
        return super().get_queryset().prefetch_related("report_deadlines", "cooperatives")

    def _snapshot_fields(self) -> list:
        return [f for f in self.get_import_fields() if f.attribute not in EXTRA_COLUMNS]

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        self._stored_extras = None if new else self._extras_of(instance)

    @staticmethod
    def _extras_of(agreement: GrantAgreement) -> dict:
        """What the three columns that are not fields hold for a stored agreement."""
        funded = agreement.status in FUNDING
        return {
            "amount": agreement.amount_awarded if funded else agreement.amount_requested,
            "requested_missing": funded and agreement.amount_requested is None,
            "report_due": getattr(_final_deadline(agreement), "due_on", None),
            "cooperatives": {c.pk for c in agreement.cooperatives.all()},
        }

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        """Unchanged when neither the fields nor the amount, the final report's due date
        or the cooperative (added to the scope) change; the preview then says so, and an
        updated row lists those columns' old values too."""
        unchanged = super().skip_row(instance, original, row, import_validation_errors)
        stored = getattr(self, "_stored_extras", None)
        if import_validation_errors or stored is None:
            return False
        changes = {}
        amount = getattr(instance, "amount", None)
        if amount != stored["amount"] or stored["requested_missing"]:
            changes["amount"] = cell_text(stored["amount"])
        due = getattr(instance, "report_due", None)
        if due is not None and due != stored["report_due"]:
            changes["report_due"] = cell_text(stored["report_due"])
        cooperative = getattr(instance, "cooperative", None)
        if cooperative and getattr(cooperative, "pk", cooperative) not in stored["cooperatives"]:
            changes["cooperative"] = ""
        if self.describe_changes:
            self._changes.update(changes)
        return unchanged and not changes

    def import_instance(self, instance, row, **kwargs) -> None:
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "amount" not in errors:
            amount = getattr(instance, "amount", None)
            if amount is None:
                errors["amount"] = [ValidationError(_("Valeur obligatoire."))]
            elif amount < 0:
                errors["amount"] = [ValidationError(_("Le montant ne peut pas être négatif."))]
            else:
                self._set_amounts(instance, amount)
        if errors:
            raise ValidationError(errors)

    def _set_amounts(self, instance: GrantAgreement, amount: Decimal) -> None:
        if instance.status in FUNDING:
            instance.amount_awarded = amount
            if instance.amount_requested is None:
                instance.amount_requested = amount
        else:
            instance.amount_requested = amount
            instance.amount_awarded = None
        if getattr(instance, "cooperative", None):
            instance.whole_association = False

    def after_save_instance(self, instance, row, **kwargs) -> None:
        if instance.pk is None:  # a dry run without transactions saves nothing
            return
        due = getattr(instance, "report_due", None)
        if due is not None:
            final = _final_deadline(instance)
            if final is None:
                ReportDeadline.objects.create(
                    agreement=instance, kind=ReportDeadline.Kind.FINAL, due_on=due
                )
            elif final.due_on != due:
                final.due_on = due
                final.save(update_fields=["due_on"])
        cooperative = getattr(instance, "cooperative", None)
        if cooperative:
            instance.cooperatives.add(cooperative)

    # Export: the extra columns read back from the agreement.

    def dehydrate_amount(self, agreement: GrantAgreement) -> str:
        amount = agreement.amount_awarded
        if agreement.status not in FUNDING or amount is None:
            amount = agreement.amount_requested
        return "" if amount is None else str(amount)

    def dehydrate_report_due(self, agreement: GrantAgreement) -> str:
        finals = [d for d in agreement.report_deadlines.all() if d.kind == "final"]
        return self.fields["report_due"].widget.render(finals[-1].due_on) if finals else ""

    def dehydrate_cooperative(self, agreement: GrantAgreement) -> str:
        references = sorted(c.reference for c in agreement.cooperatives.all())
        return references[0] if len(references) == 1 else ""

    def export(self, queryset=None, **kwargs):
        if queryset is not None and hasattr(queryset, "prefetch_related"):
            queryset = queryset.prefetch_related("report_deadlines", "cooperatives")
        return super().export(queryset=queryset, **kwargs)
