"""The public referral form: partner organisations send someone's details through their
secret link. Nothing on these pages tells anything about anyone else."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from entrepreneurs.forms import ReferralForm
from entrepreneurs.models import ReferralLink
from entrepreneurs.referrals import allow_post

# The form's fields add up to ~2,800 characters; a body far above that is not a referral.
MAX_BODY_BYTES = 16 * 1024


def _active_link(token: str) -> ReferralLink:
    """The active link of this token; 404 for an unknown or revoked one (the same answer,
    so a revoked token tells nothing)."""
    if len(token) > 64:
        raise Http404
    links = ReferralLink.objects.active().select_related("organisation")
    return get_object_or_404(links, token=token)


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: never cached, never indexed. The site's referrer policy
    # (same-origin) already keeps it from other sites; "no-referrer" would make browsers
    # send `Origin: null` with the form, which the CSRF check rightly refuses.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, token: str) -> HttpResponse:
    link = _active_link(token)
    context = {
        "organisation": link.organisation,
        "retention_days": settings.REFERRAL_RETENTION_DAYS,
    }
    if request.method == "POST":
        if not allow_post(request, link):
            return _private(render(request, "entrepreneurs/referral_limited.html", status=429))
        if _content_length(request) > MAX_BODY_BYTES:
            return _private(render(request, "entrepreneurs/referral_too_large.html", status=413))
        form = ReferralForm(request.POST)
        if form.is_robot:
            return redirect("entrepreneurs:referral_sent", token=token)
        if form.is_valid():
            submitted = form.save(commit=False)
            submitted.link = link
            submitted.organisation = link.organisation
            submitted.save()
            return redirect("entrepreneurs:referral_sent", token=token)
    else:
        form = ReferralForm()
    return _private(render(request, "entrepreneurs/referral.html", {**context, "form": form}))


@require_http_methods(["GET"])
def referral_sent(request: HttpRequest, token: str) -> HttpResponse:
    link = _active_link(token)
    context = {"organisation": link.organisation, "token": token}
    return _private(render(request, "entrepreneurs/referral_sent.html", context))


def _content_length(request) -> int:
    """The announced body size; a malformed header counts as too large, not as a 500."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return MAX_BODY_BYTES + 1
