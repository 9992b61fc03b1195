"""The meeting admin's inline formsets: attendance and resolutions checked as whole lists.

A row's own `clean` sees only what is stored; here the rules of governance.quorum run on
the list as submitted (rows added, changed or deleted in the same save).
"""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from core.locking import LockedAdminForm
from governance.quorum import PRESENT, REPRESENTED, AttendanceRow, attendance_problems, vote_errors


class ListCheckedForm(LockedAdminForm):
    """An inline row whose list-wide checks the formset makes (see MeetingAttendance.clean)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.checked_as_a_list = True


def _kept(formset) -> list:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class MeetingAttendanceFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        meeting = self.instance
        rule = meeting.rule() if meeting.kind else None
        rows = [
            AttendanceRow(
                data["member"].pk,
                data["status"],
                data["proxy_holder"].pk if data.get("proxy_holder") else None,
                str(data["member"]),
                str(data.get("proxy_holder") or ""),
            )
            for data in _kept(self)
            if data.get("member")
        ]
        voters = set(meeting.voters(rule).values_list("pk", flat=True)) if rule else None
        errors = [problem.message for problem in attendance_problems(rows, rule, voters)]
        if errors:
            raise ValidationError(errors)

    def counted(self) -> int:
        """Voters present or represented, as submitted."""
        return sum(1 for data in _kept(self) if data.get("status") in (PRESENT, REPRESENTED))


class DecisionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.kind or self.instance.rule() is None:
            return
        attendance = next(
            (f for f in getattr(self, "siblings", []) if isinstance(f, MeetingAttendanceFormSet)),
            None,
        )
        if attendance is not None and attendance.is_valid():
            counted = attendance.counted()
        elif self.instance.pk:
            counted = self.instance.attendances.exclude(status="excused").count()
        else:
            counted = 0
        errors = []
        for data in _kept(self):
            for message in vote_errors(
                data.get("votes_for") or 0,
                data.get("votes_against") or 0,
                data.get("abstentions") or 0,
                counted,
            ):
                errors.append(f"« {str(data.get('text', ''))[:60]} » : {message}")
        if errors:
            raise ValidationError(errors)
