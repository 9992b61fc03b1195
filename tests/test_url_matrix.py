"""Every URL of the URLconf against the role matrix: anonymous, board, staff, superuser.

The URLs are discovered from the resolver (the admin's per-model pages, allauth's,
import_export's included), their parameters filled with real objects, and each one's
expected outcome is derived from rules. A URL that no rule covers fails the test: a new
page cannot slip out of the matrix.
"""

import re
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from events.models import Session, SignedSheet
from funding.models import AgreementDocument
from governance.roles import AUDIT_LOG_PERMISSION, DOMAIN_APPS, STAFF_EXCLUDED_MODELS
from tests.entrepreneurs.factories import (
    EntrepreneurFactory,
    ReferralLinkFactory,
)
from tests.events.factories import (
    EventFactory,
)
from tests.governance import factories as governance
from tests.objects import YEAR, create_objects
from tests.personas import PASSWORD

ALLOWED, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "allowed", "login", "403", "404", "405"
ENROL = "sent to MFA enrolment"
# With MFA_REQUIRED_FOR_STAFF on, staff and superusers with no second factor.
WITHOUT_MFA = {"staff_without_mfa": "staff_user", "superuser_without_mfa": "superuser"}
PERSONAS = ("anonymous", "board_user", "staff_user", "superuser", *WITHOUT_MFA)
ADMIN_PREFIX = "admin/"
AUDIT_LOG_APP = AUDIT_LOG_PERMISSION[0]

# allauth pages an anonymous visitor must reach (logging in, resetting a password).
PUBLIC_ACCOUNT_PAGES = {
    "account_login",
    "account_signup",  # sign-up is closed: the page says so
    "account_inactive",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",  # a dummy key: « bad token » page
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_confirm_email",  # a dummy key: « expired or invalid » page
}
# Steps of a login in progress: without one, everybody is sent back to the login page.
LOGIN_STAGE_PAGES = {"account_confirm_login_code", "mfa_authenticate"}
# Pages about a second factor the user has: allauth answers 404 to those without it.
MFA_PAGES_NEEDING = {
    "mfa_deactivate_totp": Authenticator.Type.TOTP,
    "mfa_view_recovery_codes": Authenticator.Type.RECOVERY_CODES,
    "mfa_download_recovery_codes": Authenticator.Type.RECOVERY_CODES,
}
# The account pages a user who must enrol a second factor still reaches (default-deny:
# every other URL sends them to enrolment).
BEFORE_ENROLMENT_PAGES = {
    "account_logout",
    "account_reauthenticate",  # TOTP activation asks for the password again
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_change_password",
    "account_set_password",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
}
# The login page and the language switch are allowed too, but they send a logged-in user on
# to a page that is not: they end at enrolment like every other URL.
# Admin pages that exist only on POST: a GET is refused, a POST is tested separately.
POST_ONLY = {"admin:logout"}
# The public referral form of a partner's link: everybody, logged in or not.
PUBLIC_PAGES = {"entrepreneurs:referral", "entrepreneurs:referral_sent"}
# Staff pages outside the admin: staff only, the board refused.
STAFF_PAGES = {"cooperatives:followups"}
# A person's page: staff with the model permission only.
PERSONAL_PREFIXES = ("personal-data/",)
# Staff pages of attendance (events/urls.py) answering a POST only: a GET is refused.
ATTENDANCE_POST_ONLY = {"events:register", "events:upload_signed_sheet"}
# A signed agreement (private storage): staff only; the matrix's document has no file.
PRIVATE_DOCUMENT_PREFIXES = ("funding/documents/",)
# Admin page suffix -> the ModelAdmin check that guards it.
ADMIN_PAGE_CHECKS = {
    "changelist": lambda ma, request, obj: ma.has_view_or_change_permission(request),
    "add": lambda ma, request, obj: ma.has_add_permission(request),
    "change": lambda ma, request, obj: ma.has_view_or_change_permission(request, obj),
    "history": lambda ma, request, obj: ma.has_view_or_change_permission(request, obj),
    "delete": lambda ma, request, obj: ma.has_delete_permission(request, obj),
    "detail": lambda ma, request, obj: ma.has_view_or_change_permission(request, obj),
    "import": lambda ma, request, obj: ma.has_import_permission(request),
    "process_import": lambda ma, request, obj: ma.has_import_permission(request),
    "export": lambda ma, request, obj: ma.has_export_permission(request),
    "preview": lambda ma, request, obj: ma.has_view_permission(request, obj),
    "preview_pdf": lambda ma, request, obj: ma.has_view_permission(request, obj),
    "publish": lambda ma, request, obj: ma.has_change_permission(request, obj),
    "password_change": lambda ma, request, obj: ma.has_change_permission(request, obj),
    # A referral's decision (entrepreneurs.referral_admin).
    "accept": lambda ma, request, obj: ma.has_change_permission(request, obj),
    "decline": lambda ma, request, obj: ma.has_change_permission(request, obj),
}


@dataclass(frozen=True)
class Route:
    """One concrete URL to request: its pattern's name and route, and how to fill it."""

    name: str  # url name with namespace, or the route when the pattern has none
    route: str
    kwargs: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        return self.name + "".join(f"[{value}]" for _, value in self.kwargs)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from _walk(
                pattern,
                route,
                f"{namespace}:{inner}" if namespace and inner else inner or namespace,
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or route, route, pattern


def discover_routes() -> list[Route]:
    """Every URL pattern; regex alternatives (the admin's app list) become one URL each."""
    routes = []
    for name, route, pattern in _walk(get_resolver()):
        if "app_label" in pattern.pattern.regex.groupindex:
            labels = re.search(r"\(\?P<app_label>([^)]*)\)", route).group(1).split("|")
            routes += [Route(name, route, (("app_label", label),)) for label in labels]
        else:
            routes.append(Route(name, route))
    return routes


def admin_model_of(route: Route):
    """The ModelAdmin behind an admin page: `admin/<app_label>/<model_name>/...`."""
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    if not match:
        return None
    for model, model_admin in admin.site._registry.items():
        if (model._meta.app_label, model._meta.model_name) == match.groups():
            return model_admin
    return None


def admin_page_kind(route: Route, model_admin) -> str | None:
    if route.name == "admin:auth_user_password_change":
        return "password_change"
    info = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    if route.name.startswith(info):
        return route.name.removeprefix(info)
    if route.route.endswith("<path:object_id>/"):
        return "detail"  # the old-style URL that redirects to the change page
    return None


def object_for(model, objects: dict):
    concrete = model._meta.concrete_model
    assert concrete in objects, f"no object made for {model._meta.label}: add one to create_objects"
    return objects[concrete]


def fill(route: Route, objects: dict, model_admin) -> str:
    """The concrete URL: parameters filled with existing objects or harmless dummies."""
    values = dict(route.kwargs)
    for param in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route.route):
        param = next(p for p in param if p)
        if param in values:
            continue
        if param == "year":
            values[param] = str(YEAR)
        elif param == "pk" and route.name.startswith("events:"):
            values[param] = str(_attendance_object(route, objects).pk)
        elif param in ("object_id", "pk", "id") and model_admin is not None:
            values[param] = str(object_for(model_admin.model, objects).pk)
        elif param == "pk" and route.route.startswith(PRIVATE_DOCUMENT_PREFIXES):
            values[param] = str(objects[AgreementDocument].pk)
        elif param == "pk" and route.route.startswith(PERSONAL_PREFIXES):
            values[param] = str(objects[EntrepreneurFactory._meta.model].pk)
        elif param == "reference":
            values[param] = objects[governance.models.Meeting].reference
        elif param == "token":
            values[param] = objects[ReferralLinkFactory._meta.model].token
        elif param == "content_type_id":
            values[param] = str(ContentType.objects.get_for_model(EventFactory._meta.model).pk)
        elif param == "object_id":
            values[param] = str(objects[EventFactory._meta.model].pk)
        elif param in ("uidb36", "key", "url", "path"):
            values[param] = {"uidb36": "0", "key": "dummy-key", "url": "nothing-here/"}.get(
                param, "nothing-here.png"
            )
        else:
            raise AssertionError(f"{route.id}: no value for the URL parameter {param!r}")
    return _substitute(route.route, values)


def _attendance_object(route: Route, objects: dict):
    if route.name == "events:signin_sheet":
        return objects[EventFactory._meta.model]
    if route.name == "events:signed_sheet":
        return objects[SignedSheet]
    return objects[Session]


def _substitute(route: str, values: dict[str, str]) -> str:
    # Regex groups first: `(?P<name>...)` holds a `<name>` too.
    url = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: values[m.group(1)], route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], url)
    return "/" + url.replace("^", "").replace("$", "")


def expected_outcome(route: Route, persona: str, user, model_admin, obj) -> str:
    """The role matrix as rules. A URL no rule covers fails with the reason."""
    name = route.name
    if persona in WITHOUT_MFA:
        if name not in BEFORE_ENROLMENT_PAGES:
            return ENROL
        persona = WITHOUT_MFA[persona]
    if route.route.startswith(f"^{settings.MEDIA_URL.lstrip('/')}"):
        # Served by Django in debug only (never in production: docs/security.md); the
        # probe file does not exist.
        return NOT_FOUND
    if name in POST_ONLY and user is not None and user.is_staff:
        return NOT_ALLOWED
    if name in PUBLIC_ACCOUNT_PAGES:
        # Logged-in users are sent on to their home page, which they may open.
        return ALLOWED
    if name in LOGIN_STAGE_PAGES:
        return LOGIN if persona == "anonymous" else ALLOWED
    if name in PUBLIC_PAGES:
        return ALLOWED
    if persona == "anonymous":
        return LOGIN
    if name in MFA_PAGES_NEEDING:
        enrolled = Authenticator.objects.filter(user=user, type=MFA_PAGES_NEEDING[name]).exists()
        return ALLOWED if enrolled else NOT_FOUND
    if name == "home" or name.startswith(("account_", "mfa_")) or name == "set_language":
        return ALLOWED  # their own account pages (and the language switch)
    if route.route.startswith(PERSONAL_PREFIXES):
        return FORBIDDEN if persona == "board_user" else ALLOWED
    if name in STAFF_PAGES:
        return ALLOWED if user.is_staff else FORBIDDEN
    if route.route.startswith(PRIVATE_DOCUMENT_PREFIXES):
        return FORBIDDEN if persona == "board_user" else NOT_FOUND
    if name.startswith("reports:"):
        return ALLOWED  # dashboards and reports: every role
    if name.startswith("events:"):
        # Roll call, sign-in sheets, signed scans: staff only, under the admin's prefix.
        if not user.is_staff:
            return FORBIDDEN
        return NOT_ALLOWED if name in ATTENDANCE_POST_ONLY else ALLOWED
    if name == "governance:signed_minutes":
        return NOT_FOUND  # every role may read it, but the matrix's meeting is not signed
    if name.startswith("governance:"):
        return ALLOWED  # the board area: board members and staff (never a person followed)
    if route.route.startswith(ADMIN_PREFIX):
        return _admin_outcome(route, persona, user, model_admin, obj)
    raise AssertionError(f"{route.id} ({route.route}): no rule of the role matrix covers it")


def _admin_outcome(route: Route, persona: str, user, model_admin, obj) -> str:
    if not user.is_staff:
        return FORBIDDEN  # the board: every admin URL, the admin login included
    if model_admin is None:
        return _admin_site_outcome(route, user)
    kind = admin_page_kind(route, model_admin)
    assert kind in ADMIN_PAGE_CHECKS, f"{route.id}: admin page of unknown kind {kind!r}"
    request = RequestFactory().get("/")
    request.user = user
    allowed = ADMIN_PAGE_CHECKS[kind](model_admin, request, obj)
    policy = _role_policy(route, persona, model_admin, kind)
    if policy is not None:
        # The ModelAdmin decides page by page; the role sets what it must decide.
        assert allowed == policy, (
            f"{route.id}: {persona} {'must' if policy else 'must not'} reach it"
        )
    if not allowed:
        return FORBIDDEN
    # The import's confirmation step answers a POST only.
    return NOT_ALLOWED if kind == "process_import" else ALLOWED


def _role_policy(route: Route, persona: str, model_admin, kind: str) -> bool | None:
    """What the roles say of an admin page, where they say something (None: the ModelAdmin's
    own rules decide, e.g. a published edition that cannot be deleted)."""
    app_label = model_admin.opts.app_label
    if app_label == AUDIT_LOG_APP and kind in ("add", "delete"):
        return False  # nobody writes the audit log, not even a superuser
    if persona == "superuser":
        return True if kind == "changelist" else None
    model = (app_label, model_admin.opts.model_name)
    if model in STAFF_EXCLUDED_MODELS or app_label not in (*DOMAIN_APPS, AUDIT_LOG_APP):
        return False  # accounts, groups, e-mail addresses, second factors
    if kind in ("changelist", "change", "history", "detail"):
        return True  # staff keep every domain record and read the audit log
    return None


def _admin_site_outcome(route: Route, user) -> str:
    if route.name == "admin:app_list":
        label = dict(route.kwargs)["app_label"]
        return ALLOWED if user.has_module_perms(label) else NOT_FOUND
    if route.name == "admin:autocomplete":
        return FORBIDDEN  # without its query parameters
    if route.name == "admin:view_on_site":
        return NOT_FOUND  # events have no public page
    if route.route.endswith("(?P<url>.*)$"):
        return NOT_FOUND  # the catch-all, on a page that does not exist
    if route.name in {
        "admin:index",
        "admin:login",
        "admin:password_change",
        "admin:password_change_done",
        "admin:jsi18n",
    }:
        return ALLOWED
    raise AssertionError(f"{route.id}: admin site page without a rule")


def outcome(client: Client, url: str) -> str:
    """Follow redirects and say where the persona ends up."""
    response = client.get(url, follow=True)
    status = response.status_code
    assert status < 500, f"{url}: server error {status}"
    enrolment = reverse("mfa_activate_totp")
    if any(target.split("?")[0] == enrolment for target, _ in response.redirect_chain):
        return ENROL
    if status == 200:
        final = response.request["PATH_INFO"]
        sent_to_login = response.redirect_chain and final == reverse("account_login")
        return LOGIN if sent_to_login else ALLOWED
    return str(status)


ROUTES = discover_routes()


@pytest.fixture
def objects(superuser):
    return create_objects(superuser)


@pytest.fixture
def staff_without_mfa(staff_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    return staff_user


@pytest.fixture
def superuser_without_mfa(django_user_model, settings):
    """A second superuser: the first one holds the TOTP device the MFA pages need."""
    settings.MFA_REQUIRED_FOR_STAFF = True
    return django_user_model.objects.create_superuser(
        email="root-no-mfa@example.org", password=PASSWORD
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.id)
def test_every_url_follows_the_role_matrix(request, client, objects, route, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    model_admin = admin_model_of(route)
    obj = object_for(model_admin.model, objects) if model_admin else None
    url = fill(route, objects, model_admin)
    expected = expected_outcome(route, persona, user, model_admin, obj)
    assert outcome(client, url) == expected, url


def test_discovery_finds_the_pages_of_every_kind():
    names = {route.name for route in ROUTES}
    # The admin's per-model pages, import_export's, allauth's and our own.
    assert {
        "admin:entrepreneurs_entrepreneur_change",
        "admin:entrepreneurs_entrepreneur_import",
        "admin:governance_user_changelist",
        "account_login",
        "mfa_activate_totp",
        "reports:report_pdf",
        "privacy:subject_access",
    } <= names
    assert len(ROUTES) > 150


def test_an_uncovered_url_fails_the_matrix():
    stray = Route("stray", "stray/")
    with pytest.raises(AssertionError, match="no rule of the role matrix"):
        expected_outcome(stray, "board_user", object(), None, None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_only_and_action_urls_change_nothing_for_those_refused(
    request, client, objects, persona
):
    """Logout answers a POST; an admin bulk delete without confirmation deletes nothing."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    counts = _domain_counts()
    person = objects[EntrepreneurFactory._meta.model]
    changelist = reverse("admin:entrepreneurs_entrepreneur_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [person.pk]}
    )
    assert response.status_code < 500
    for route in ROUTES:
        if route.name in POST_ONLY:
            assert client.post(fill(route, objects, None)).status_code < 500
    assert _domain_counts() == counts


def _domain_counts() -> dict[str, int]:
    labels = ("governance", "entrepreneurs", "cooperatives", "events", "reports")
    return {
        model._meta.label: model.objects.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy
    }
