"""« Suivis à faire »: the staff's list of follow-ups due (cooperatives.followups)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cooperatives.followups import DUE_WITHIN_DAYS, due_follow_ups
from core.formatting import french_date


@login_required
@permission_required("cooperatives.view_outcome", raise_exception=True)
def followups(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "followups": due_follow_ups(today),
        "today": french_date(today),
        "within_days": DUE_WITHIN_DAYS,
    }
    return render(request, "cooperatives/followups.html", context)
