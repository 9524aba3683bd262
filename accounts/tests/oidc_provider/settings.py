"""Settings of the test OpenID Connect provider; the `oidc_provider` fixture sets the environment.

Test-only: it runs on loopback in its own process, never beside the project's settings.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} is not set (the oidc_provider fixture sets it)")
    return value


BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = "test-only OpenID Connect provider, never deployed"
# Tracebacks in the server log when a test goes wrong; the server only listens on loopback.
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "accounts.tests.oidc_provider",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "accounts.tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": env("OIDC_PROVIDER_DB")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

# Fast hashing for passwords and client secrets alike (DOT hashes secrets with the default).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/accounts/login/"
# Cookies ignore the port: under the usual names, a browser would mix the provider's
# session with the project's live server on the same host.
SESSION_COOKIE_NAME = "oidc_provider_sessionid"
CSRF_COOKIE_NAME = "oidc_provider_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": env("OIDC_PROVIDER_RSA_KEY"),
    "OIDC_ISS_ENDPOINT": env("OIDC_PROVIDER_ISSUER"),
    "OAUTH2_VALIDATOR_CLASS": "accounts.tests.oidc_provider.validators.ClaimsValidator",
    "SCOPES": {
        "openid": "Sign you in",
        "email": "Your e-mail address",
        "profile": "Your name",
    },
    "DEFAULT_SCOPES": ["openid"],
    # allauth's openid_connect provider sends no PKCE unless told to: allow it, don't require it.
    "PKCE_REQUIRED": False,
}
