"""Spreadsheet columns of organisations, members, dues, meetings and meeting attendance
(docs/import-format.md)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.references import next_reference
from governance.models import (
    Due,
    Format,
    Meeting,
    MeetingAttendance,
    Member,
    Organisation,
    StatuteRule,
)
from governance.quorum import AttendanceRow, attendance_problems
from spreadsheets.resources import KeyedInstanceLoader, SpreadsheetResource
from spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    ReferenceWidget,
    TextWidget,
    column,
    ref_column,
)


class OrganisationResource(SpreadsheetResource):
    casefold_keys = True
    prefetch_all = True

    name = column("name", TextWidget())
    kind = column("kind", ChoiceWidget(Organisation.Kind, empty=Organisation.Kind.OTHER))

    class Meta:
        model = Organisation
        fields = ("name", "kind")
        import_id_fields = ("name",)
        name = "organisations"


class MemberResource(SpreadsheetResource):
    prefetch_all = True

    reference = column("reference", TextWidget())
    first_name = column("first_name", TextWidget())
    last_name = column("last_name", TextWidget())
    email = column("email", TextWidget())
    joined_on = column("joined_on", DateWidget())

    class Meta:
        model = Member
        fields = ("reference", "first_name", "last_name", "email", "joined_on")
        import_id_fields = ("reference",)
        name = "members"


class DueResource(SpreadsheetResource):
    member = ref_column("member", ReferenceWidget(Member, "reference"))
    year = column("year", IntegerWidget())
    amount = column("amount", DecimalWidget())
    paid_on = column("paid_on", DateWidget())

    class Meta:
        model = Due
        fields = ("member", "year", "amount", "paid_on")
        import_id_fields = ("member", "year")
        name = "dues"


class MeetingInstanceLoader(KeyedInstanceLoader):
    """A meeting is found by its reference when the row gives one, else by kind + date."""

    def get_instance(self, row):
        reference = str(row.get("reference") or "").strip()
        found = self.resource.by_reference.get(reference) if reference else None
        return found or super().get_instance(row)


class MeetingResource(SpreadsheetResource):
    prefetch_all = True

    reference = column("reference", TextWidget())
    kind = column("kind", ChoiceWidget(Meeting.Kind))
    date = column("date", DateWidget())
    format = column("format", ChoiceWidget(Format, empty=Format.IN_PERSON))
    title = column("title", TextWidget())
    location = column("location", TextWidget())
    notice_date = column("notice_date", DateWidget())

    class Meta:
        model = Meeting
        fields = ("reference", "kind", "date", "format", "title", "location", "notice_date")
        import_id_fields = ("kind", "date")
        name = "meetings"
        instance_loader_class = MeetingInstanceLoader

    def stored_instances(self, dataset):
        stored = super().stored_instances(dataset)
        self.by_reference = {meeting.reference: meeting for meeting in stored.values()}
        self.next_numbers: dict[str, int] = {}
        return stored

    def import_instance(self, instance, row, **kwargs) -> None:
        before = instance.reference
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if before and instance.reference and instance.reference != before:
            message = _("cette réunion (%(meeting)s) a déjà la référence %(reference)s.")
            errors.setdefault("reference", []).append(
                ValidationError(message % {"meeting": instance, "reference": before})
            )
        if errors:
            raise ValidationError(errors)

    def get_bulk_update_fields(self) -> list[str]:
        # Found by its reference, a meeting may move to another date: write the key too.
        return [*super().get_bulk_update_fields(), "kind", "date"]

    def before_save_instance(self, instance, row, **kwargs) -> None:
        super().before_save_instance(instance, row, **kwargs)
        if not instance.reference:
            # Rows are created in bulk (no save()): number the new ones here, in file order.
            instance.reference = self._next_reference(instance.REFERENCE_PREFIX)

    def _next_reference(self, prefix: str) -> str:
        if prefix not in self.next_numbers:
            first = next_reference(Meeting, prefix, Meeting.REFERENCE_WIDTH)
            self.next_numbers[prefix] = int(first.rsplit("-", 1)[1])
        number = self.next_numbers[prefix]
        self.next_numbers[prefix] += 1
        return f"{prefix}-{number:0{Meeting.REFERENCE_WIDTH}d}"


class MeetingAttendanceResource(SpreadsheetResource):
    """Attendance per voter; the whole list of each meeting (stored rows and the file's)
    is checked by governance.quorum before any row is written."""

    meeting = ref_column("meeting", ReferenceWidget(Meeting, "reference"))
    member = ref_column("member", ReferenceWidget(Member, "reference"))
    status = column(
        "status",
        ChoiceWidget(MeetingAttendance.Status, empty=MeetingAttendance.Status.PRESENT),
    )
    proxy_holder = ref_column("proxy_holder", ReferenceWidget(Member, "reference", required=False))

    class Meta:
        model = MeetingAttendance
        fields = ("meeting", "member", "status", "proxy_holder")
        import_id_fields = ("meeting", "member")
        name = "meeting_attendance"

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        self.list_problems = self._list_problems(dataset)

    def _parsed_rows(self, dataset) -> dict[int, list[tuple[int, AttendanceRow]]]:
        """File rows by meeting id, each with its dataset row number; bad cells skipped
        (their column reports them)."""
        by_meeting: dict[int, list[tuple[int, AttendanceRow]]] = {}
        for number, row in enumerate(dataset.dict, start=1):
            try:
                meeting = self.fields["meeting"].clean(row)
                member = self.fields["member"].clean(row)
                holder = self.fields["proxy_holder"].clean(row) if "proxy_holder" in row else None
                status = self.fields["status"].clean(row) if "status" in row else "present"
            except (ValueError, KeyError):
                continue
            names = (str(row.get("member", "")).strip(), str(row.get("proxy_holder") or ""))
            entry = AttendanceRow(member, status, holder, names[0], names[1].strip())
            by_meeting.setdefault(meeting, []).append((number, entry))
        return by_meeting

    def _list_problems(self, dataset) -> dict[int, dict[str, list[str]]]:
        by_meeting = self._parsed_rows(dataset)
        meetings = Meeting.objects.in_bulk(list(by_meeting))
        rules = {rule.kind: rule for rule in StatuteRule.objects.all()}
        stored = MeetingAttendance.objects.filter(meeting__in=list(by_meeting)).select_related(
            "member", "proxy_holder"
        )
        stored_rows: dict[int, list[AttendanceRow]] = {}
        for attendance in stored:
            stored_rows.setdefault(attendance.meeting_id, []).append(
                AttendanceRow(
                    attendance.member_id,
                    attendance.status,
                    attendance.proxy_holder_id,
                    attendance.member.reference,
                    attendance.proxy_holder.reference if attendance.proxy_holder_id else "",
                )
            )
        problems: dict[int, dict[str, list[str]]] = {}
        for meeting_id, file_rows in by_meeting.items():
            meeting = meetings[meeting_id]
            rule = rules.get(meeting.kind)
            in_file = {entry.member for _number, entry in file_rows}
            kept = [row for row in stored_rows.get(meeting_id, []) if row.member not in in_file]
            rows = kept + [entry for _number, entry in file_rows]
            voters = set(meeting.voters(rule).values_list("pk", flat=True)) if rule else None
            line_of = {}
            for number, entry in file_rows:
                line_of.setdefault(entry.member, number)
            if meeting.is_signed:
                message = _("Le procès-verbal de %(meeting)s est signé : la réunion est figée.")
                for number, _entry in file_rows:
                    problems.setdefault(number, {}).setdefault("meeting", []).append(
                        message % {"meeting": meeting.reference}
                    )
            for problem in attendance_problems(rows, rule, voters):
                # A key twice in the file is the base class's error (« même clé… »).
                number = line_of.get(problem.member, file_rows[0][0])
                problems.setdefault(number, {}).setdefault(problem.field, []).append(
                    problem.message
                )
        return problems

    def import_instance(self, instance, row, **kwargs) -> None:
        instance.checked_as_a_list = True
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field, messages in self.list_problems.get(kwargs.get("row_number"), {}).items():
            errors.setdefault(field, []).extend(ValidationError(m) for m in messages)
        if errors:
            raise ValidationError(errors)
