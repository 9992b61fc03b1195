"""Account safety around every request: session lifetime, MFA for staff, no caching."""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
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


class StaffMFAMiddleware:
    """Send staff without a second factor to enrolment before any admin page.

    allauth offers MFA but cannot force enrolment; MFA_REQUIRED_FOR_STAFF turns this on.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = reverse("admin:index")

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and request.path.startswith(self.admin_prefix)
            and request.user.is_authenticated
            and request.user.is_staff
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _(
                    "L'accès à l'administration demande une double authentification : "
                    "activez-la pour continuer."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreForUsersMiddleware:
    """Pages seen by a logged-in user may show personal data: never store them in a cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
