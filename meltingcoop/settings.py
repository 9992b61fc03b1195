"""Settings for meltingcoop, read from the environment (twelve-factor).

Every variable is documented in README.md. Defaults are for a newcomer's laptop:
SQLite under var/, console e-mail, debug on. Production sets DJANGO_DEBUG=0 and must
then give DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Absolute URL of the site, used in e-mails sent outside a request (invitations).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "csp",
    "import_export",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "core",
    "spreadsheets",
    "governance",
    "entrepreneurs",
    "cooperatives",
    "events",
    "funding",
    "privacy",
    "reports",
    "imports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SessionLifetimeMiddleware",
    "core.middleware.StaffMFAMiddleware",
    "core.middleware.NoStoreForUsersMiddleware",
    # Crafted row ids in an admin action: 400, not a server error.
    "core.admin_guards.AdminActionSelectionMiddleware",
    # Records the logged-in user as the actor of every audit log entry.
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "meltingcoop.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "meltingcoop.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two staff saving at once: take the write lock when the transaction begins (a read
    # upgraded to a write fails at once with « database is locked »), and wait up to 20 s
    # for it instead of failing. PostgreSQL needs neither.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
# PostgreSQL's JIT compiles the figures' queries (their estimated cost is past
# jit_above_cost) for longer than they run: 166 ms of a 364 ms query at the bench's
# scale 1 (bench/findings.md). Off for this application's connections unless
# DJANGO_PG_JIT=on; PGOPTIONS is kept (libpq drops it when `options` is given).
elif (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and os.environ.get("DJANGO_PG_JIT", "off") != "on"
):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    given = options.get("options", os.environ.get("PGOPTIONS", ""))
    options["options"] = f"{given} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every worker process: rate limits must hold across gunicorn workers,
# so never the per-process memory cache. Redis when REDIS_URL is set, else the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "meltingcoop_cache",
            # Django's default, 300 rows, is culled by a third (by key order) on nearly
            # every write once the figures' versions (one per family and year) and the
            # entries of the versions before are in: current figures would be dropped
            # and computed again. Old entries are never read and expire after 7 days
            # (reports.cache.STALE_AFTER_SECONDS); past this many rows, the expired ones
            # go first, then a third of the rest.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTH_USER_MODEL = "governance.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no open sign-up (accounts are created by staff: `invite`).
ACCOUNT_ADAPTER = "governance.adapters.AccountAdapter"
ACCOUNT_SIGNUP_ENABLED = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Meltingcoop] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Rate limits (stored in the shared cache): 5 failed logins per account per 5 minutes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Meltingcoop"
# Staff must enrol a second factor before reaching the admin (core.middleware).
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", not DEBUG)

# Sessions end after 30 minutes idle and 12 hours at most (core.middleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_ABSOLUTE_AGE = 12 * 60 * 60

# Personal data: people with no activity for this many years are anonymised by
# `manage.py apply_retention` (docs/privacy.md).
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "3"))
# Signed attendance sheets are kept this many years after their session (docs/privacy.md).
SIGNED_SHEET_RETENTION_YEARS = int(os.environ.get("SIGNED_SHEET_RETENTION_YEARS", "5"))
# Referrals sent through a partner's link and left pending (or declined) are deleted
# after this many days (`apply_retention`).
REFERRAL_RETENTION_DAYS = int(os.environ.get("REFERRAL_RETENTION_DAYS", "90"))
# The public referral form: posts allowed per hour through one link, and from one address.
REFERRAL_POSTS_PER_HOUR_PER_LINK = int(os.environ.get("REFERRAL_POSTS_PER_HOUR_PER_LINK", "10"))
REFERRAL_POSTS_PER_HOUR_PER_IP = int(os.environ.get("REFERRAL_POSTS_PER_HOUR_PER_IP", "20"))

# E-mail: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Meltingcoop <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks): queued in the database, run by `manage.py db_worker`
# (docs/deployment.md). TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs
# them at once, in the process that queues them (no worker).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files never served by URL (signed attendance sheets, signed minutes, signed grant
# agreements): outside MEDIA_ROOT, streamed by views that check the role
# (events/views.py, governance/uploads.py, funding/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# Request limits (over them: 400). Form fields: 2 MB is far above any report narrative.
# Files up to 11 MB stay in memory, so an accepted import (5 MB at most, spreadsheets.admin),
# logo (2 MB) or signed sheet scan (10 MB, events.services) is never written to a temporary
# file on disk; the proxy caps bodies
# (docs/security.md). The largest admin form (an edition and its sections) is far below
# 1000 fields; every upload form has one file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Uploads (logo, report PDFs): on this machine's disk by default; on an S3-compatible
# bucket every host shares with DJANGO_STORAGE=s3 (django-storages, docs/deployment.md).
if os.environ.get("DJANGO_STORAGE", "filesystem") == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_S3_BUCKET"],
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Board dashboard: categories with fewer people than this are merged into « Autres »
# (nobody recognisable from a chart). Its figures are cached by data versions, not by
# a clock (reports/freshness.py).
DASHBOARD_MIN_GROUP_SIZE = int(os.environ.get("DASHBOARD_MIN_GROUP_SIZE", "3"))

# Content-Security-Policy: our own files only, no inline script. Inline styles stay allowed
# (the Django admin and the SVG charts use style attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Security headers and cookies; HTTPS-only settings switch on with production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO; keep its warnings only.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Import/export (django-import-export; owned by the imports app, see docs/import-format.md)
# The admin buttons need the model's permission below AND spreadsheets.import_spreadsheets /
# spreadsheets.export_spreadsheets (checked by spreadsheets.admin.SpreadsheetAdminMixin).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Uploads wait for confirmation in the database for an hour, never in /tmp.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "spreadsheets.storage.PendingUploadStorage"
# Our CSV/XLSX formats neutralise = + - @ tab CR themselves; the library's option would
# only strip a leading "=" (and change the data).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# --- end import/export
