"""Account safety around every request: session lifetime, MFA for staff, no caching,
no NUL characters in URLs."""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "meltingcoop_session_started"
SESSION_SEEN_KEY = "meltingcoop_session_seen"
# Renew the idle expiry at most once a minute, not with a database write on every request.
SESSION_RENEW_AFTER = 60


def stamp_session_start(sender, request, user, **kwargs) -> None:
    """On login (signal receiver): the moment the absolute session lifetime counts from."""
    now = int(time.time())
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """Sessions end after SESSION_COOKIE_AGE idle and SESSION_ABSOLUTE_AGE at most."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, _("Votre session a expiré : reconnectez-vous."))
                return redirect_to_login(request.get_full_path())
            if now - session.get(SESSION_SEEN_KEY, 0) > SESSION_RENEW_AFTER:
                # Saving the session pushes its expiry SESSION_COOKIE_AGE further.
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


# The only pages a user who must enrol a second factor reaches before enrolling: logging
# in and out, re-entering the password that TOTP activation asks for, the enrolment itself,
# changing the password and the language. Every other URL, present and future, is denied.
MFA_ENROLMENT_ALLOWED_URLS = frozenset(
    {
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_change_password",
        "account_set_password",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "set_language",
    }
)


def must_enrol_mfa(user) -> bool:
    """Staff and superusers must have a TOTP second factor when MFA_REQUIRED_FOR_STAFF."""
    return (
        settings.MFA_REQUIRED_FOR_STAFF
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


class StaffMFAMiddleware:
    """Default-deny for staff without a second factor: every URL outside
    MFA_ENROLMENT_ALLOWED_URLS redirects to enrolment.

    allauth offers MFA but cannot force enrolment; MFA_REQUIRED_FOR_STAFF turns this on.
    A stolen password alone must not open a person's data anywhere (admin, exports, JSON).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _allowed_before_enrolment(request) and must_enrol_mfa(request.user):
            messages.warning(
                request,
                _("Votre compte demande une double authentification : activez-la pour continuer."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _allowed_before_enrolment(request) -> bool:
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True  # our CSS and JS (whitenoise serves them before this anyway)
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in MFA_ENROLMENT_ALLOWED_URLS


class NoStoreForUsersMiddleware:
    """Pages seen by a logged-in user may show personal data: never store them in a cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class PreferredLanguageMiddleware:
    """French for everyone unless the person chose another language (the language cookie
    set by Django's set_language view); the browser's Accept-Language is not followed,
    so a page never mixes an English library message into a French page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the previous language afterwards: the choice never leaks
        # into the next request served by this thread.
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in the path or a query parameter is refused with a 400 naming it.

    PostgreSQL cannot store or compare text holding NUL: such a parameter reaching a filter
    (an admin list filter, the autocomplete) was a server error. Forms refuse NUL themselves,
    field by field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return _bad_request(_("L'adresse contient un caractère nul."))
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return _bad_request(
                    _("Paramètre « %(name)s » : le caractère nul n'est pas accepté.")
                    % {"name": name.replace("\x00", "")}
                )
        return self.get_response(request)


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
