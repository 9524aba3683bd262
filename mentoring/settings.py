"""Settings for the reverse-mentoring site.

Everything is read from the environment. With nothing set, a fresh checkout runs
embedded: SQLite, Celery tasks run eagerly in-process, e-mail printed to the console.
"""

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # Bootstrap's CSS and JS, from the django-bootstrap-static package
    "django_celery_beat",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc as files of a package, no CDN
    "mentoring",
    "audit",
    "accounts",
    "programs",
    "pairing",
    "sessions_log",
    "delegates",
    "concerns",
    "outcomes",
    "notifications",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mentoring.middleware.StyledErrors",
    "mentoring.middleware.RefuseNulBytes",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

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
                "mentoring.context_processors.navigation",
                "notifications.context_processors.bell",
            ],
        },
    },
    # Plain-text e-mails and notices (templates/emails/*.txt, templates/notices/*.txt): nothing
    # is HTML-escaped, so "Cloud & AI" reads as written. Render them with `using="text"`.
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Database: PostgreSQL in production through DATABASE_URL, SQLite embedded.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the plans of big grouped reads, which costs more than it saves
    # on these pages (docs: STACK.md measured 2.6 s of a 4.7 s page).
    # random_page_cost 1.1 (the default 4 is for spinning disks; the tables of a company sit in
    # memory or on SSD): a page's fifty people are then read by their keys instead of hashing
    # all 10,000 people and profiles, a sixth less of PostgreSQL's time over the load mix.
    # Short waits: a database that does not answer must cost a request seconds, not minutes
    # (then the site answers 503 "temporarily unavailable"); a runaway query is cancelled.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "options": "-c jit=off -c random_page_cost=1.1 -c statement_timeout="
            + os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"),
            "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and cache. Unset means an embedded site without Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The layout's links, the same for everyone of a role (templates/base.html): each process
    # renders them once, as they change only with a deployment (0.5 ms of every page).
    "layout": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "layout"},
}
if REDIS_URL:
    CACHES["default"] = {
        # With Redis unreachable the cache behaves as empty (signing in keeps working).
        "BACKEND": "mentoring.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    # Sessions are read from Redis and written to both: a page costs no session query, and
    # a Redis restart signs nobody out (the database still holds every session).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# A broker that cannot be reached costs a request about a second: the outbox keeps the side
# effect and the dispatcher hands it over later (mentoring/outbox.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Without a broker a failing task is logged and its outbox row waits; the tests make it raise.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = os.environ.get("TIME_ZONE", "UTC")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

AUTH_USER_MODEL = "accounts.User"
# Figures of the signed-in person that every page shows, read with them in the one query of
# accounts/backends.py: name -> a function of the person's id giving an expression.
PERSON_FIGURES = {"unread_notifications": "notifications.selectors.unread_count_of"}
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackendOneQuery",  # Django's, with permissions in one query
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor authentication (allauth.mfa): an authenticator app with recovery codes, and
# security keys. Anyone with an HR role must set one up before HR's pages open, unless
# HR_REQUIRE_MFA is off; it is off by default only on a DEBUG site (the demo of `make run`).
HR_REQUIRE_MFA = envbool("HR_REQUIRE_MFA", default=not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Reverse Mentoring")
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn needs https, except on localhost, where browsers allow it for development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# The audit log (audit/): entries older than this are removed by a nightly job.
AUDIT_RETENTION_YEARS = int(os.environ.get("AUDIT_RETENTION_YEARS", "5"))
if AUDIT_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("AUDIT_RETENTION_YEARS must be 1 or more")

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: e-mail is the login, no usernames, confirmed by e-mail before use.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"  # adds the names
ACCOUNT_FORMS = {"login": "accounts.forms_login.LoginForm"}  # single sign-on only, see sso.py

# Single sign-on with the company's OpenID Connect provider (Entra ID, Okta, Google Workspace,
# Keycloak…): set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET here, or let HR enter them
# on the sign-in settings page. The provider sends people back to
# <site>/accounts/oidc/company/login/callback/. People are matched to the employees HR
# imported by their verified e-mail address (accounts/adapters.py).
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider vouches for the address
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# Microsoft Entra ID's hosts: only an ID token they issued may vouch for an address with the
# claim `xms_edov` (accounts/adapters.py); another provider's attribute of that name may not.
ENTRA_ISSUER_HOSTS = ("login.microsoftonline.com", "sts.windows.net")
_oidc_issuer = os.environ.get("OIDC_ISSUER", "").rstrip("/")
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": ["openid", "email", "profile"],
        "APPS": [
            {
                "provider_id": "company",
                "name": os.environ.get("OIDC_BUTTON_LABEL", "your company account"),
                "client_id": os.environ.get("OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": _oidc_issuer},
            }
        ]
        if _oidc_issuer
        else [],
    }
}
if _oidc_issuer and not os.environ.get("OIDC_CLIENT_ID"):
    raise ImproperlyConfigured("OIDC_ISSUER is set: set OIDC_CLIENT_ID (and the secret) too")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Reverse Mentoring] "
# Where people reach the site: links in e-mails and calendar files are built from these, not
# from a request (mail goes out from Celery workers). `make run` sets SITE_DOMAIN to the port it
# serves; `migrate` writes it into django.contrib.sites (mentoring/apps.py).
SITE_SCHEME = os.environ.get("SITE_SCHEME", "http" if DEBUG else "https")
if SITE_SCHEME not in ("http", "https"):
    raise ImproperlyConfigured(f"SITE_SCHEME must be http or https, not {SITE_SCHEME!r}")
SITE_DOMAIN = os.environ.get("SITE_DOMAIN", "127.0.0.1:8000").strip()
if not re.fullmatch(r"[A-Za-z0-9.-]+(:\d{1,5})?", SITE_DOMAIN):
    raise ImproperlyConfigured(
        f"SITE_DOMAIN must be a host name with an optional port, such as "
        f"mentoring.example.com or 127.0.0.1:8000, not {SITE_DOMAIN!r}"
    )
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_SCHEME
# The company whose program this is, as invitations greet people ("Welcome to Northwind's …").
COMPANY_NAME = os.environ.get("COMPANY_NAME", "").strip()

# The REST API (/api/v1/, api/): personal tokens or the signed-in session (with CSRF), JSON
# only, every list paginated, errors as JSON. API_RATE_LIMIT is per token (or person).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/minute")
# A request body may hold 100,000 employee rows of the API's bulk upsert (about 25 MB); the
# site's forms send far less, and uploaded files have limits of their own.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.ApiJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reverse Mentoring API",
    "DESCRIPTION": (
        "The same rules as the web pages, for HR systems that sync people in and reporting "
        "tools that read figures out. Authenticate with a personal API token from your "
        "profile (`Authorization: Bearer rmt_…`). Every list is paginated; every write may "
        "carry an `Idempotency-Key` header; errors are JSON with `detail`, `code` and, for "
        "validation, `errors` naming each field and row."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from the public validator: the documentation asks nothing of any other site.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "EnrolmentStatusEnum": "programs.models.EnrolmentStatus",
        "PairingStatusEnum": "pairing.models.Pairing.Status",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: EMAIL_URL (smtp://user:password@host:587/?tls=True) or the console.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console:"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    # file:///var/mail/outbox writes each message into that folder (dj-email-url drops
    # the leading slash of the path, and Django's settings never received it).
    EMAIL_FILE_PATH = urlsplit(os.environ["EMAIL_URL"]).path
# The domain in the Message-ID of reminders, so that a resent reminder is the same message.
EMAIL_MESSAGE_DOMAIN = os.environ.get("SITE_DOMAIN", "localhost").split(":")[0]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Reverse Mentoring <mentoring@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Production hardening, on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Behind the TLS proxy every request comes from the proxy's address: without trusting its
# X-Forwarded-For, allauth's limit of 30 log-ins a minute per address would hold for the
# whole company at nine in the morning. The count of proxies in front is the deployment's.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Logging: one logger per module (logging.getLogger(__name__)) for what an operator acts on:
# side effects not handed over or given up (mentoring.outbox), failed or slow pairing runs,
# reminders that failed every retry, refused phase moves. One line per event on stderr, with
# the time and the logger, which a container platform collects.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django already logs every 4xx and 5xx answer here; 404s are noise in production.
        "django.request": {"level": "ERROR" if not DEBUG else "WARNING"},
    },
}
