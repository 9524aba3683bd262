"""Single sign-on with the company's OpenID Connect provider, through allauth's socialaccount.

The provider is one allauth app with the provider id `company`: from the environment
(OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_BUTTON_LABEL; see settings.py), or
else a SocialApp row that HR edits on its sign-in settings page. Who may come in is decided in
adapters.py, with the rules below: a verified e-mail, an allowed domain, and an employee HR
imported (or self sign-up through SSO allowed).
"""

from dataclasses import dataclass

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.sites.models import Site
from django.db import transaction

from audit.models import Action
from audit.services import record

from .models import SignInSettings, User

PROVIDER = "openid_connect"
PROVIDER_ID = "company"
SECRET_KEPT = "(unchanged)"


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    client_id: str
    label: str
    from_environment: bool


def environment_app() -> dict | None:
    apps = settings.SOCIALACCOUNT_PROVIDERS.get(PROVIDER, {}).get("APPS", [])
    return next((app for app in apps if app.get("provider_id") == PROVIDER_ID), None)


def provider_config() -> ProviderConfig | None:
    """The company's provider as configured, or None when single sign-on is off."""
    app = environment_app()
    if app is not None:
        return ProviderConfig(
            app["settings"]["server_url"], app["client_id"], app["name"], from_environment=True
        )
    row = SocialApp.objects.filter(provider=PROVIDER, provider_id=PROVIDER_ID).first()
    if row is None or not row.client_id:
        return None
    return ProviderConfig(
        row.settings.get("server_url", ""), row.client_id, row.name, from_environment=False
    )


def refusal(reason: str, email: str = "") -> str:
    """The message a refused person reads; the refusal is recorded in the audit log."""
    messages = {
        "unverified": "Your company account has no verified e-mail address, so it cannot be "
        "matched to an employee. Ask IT to verify your e-mail address, then sign in again.",
        "domain": f"Sign-in with {email.rpartition('@')[2] or 'this'} addresses is not allowed "
        "here. Use your company e-mail address.",
        "unknown": f"{email} is not among the employees HR has imported, so you cannot sign in "
        "yet. Ask HR to add you, then sign in again.",
        "left": f"{email} belongs to someone who has left the company.",
        "state": "This sign-in had expired or was already used. Start again from the sign-in page.",
        "cancelled": "You cancelled the sign-in at your company's identity provider.",
        "failed": "Your company's identity provider answered in a way that could not be "
        "verified, so nobody was signed in. Try again; if it keeps failing, ask IT to check "
        "the single sign-on settings (issuer URL and client id).",
    }
    return messages[reason]


def record_refusal(*, reason: str, email: str = "", error: str = "") -> None:
    details = {"reason": reason}
    if email:
        details["e-mail"] = email
    if error:
        details["error"] = error[:200]
    record(actor=None, action=Action.SIGN_IN_REFUSED, details=details)


@transaction.atomic
def provider_save(*, issuer: str, client_id: str, secret: str, label: str, by: User) -> None:
    """Create or change the company's provider; an empty secret keeps the one stored."""
    app, created = SocialApp.objects.get_or_create(
        provider=PROVIDER, provider_id=PROVIDER_ID, defaults={"name": label}
    )
    before = {
        "issuer": app.settings.get("server_url", "") if not created else "",
        "client id": app.client_id,
        "button label": app.name if not created else "",
    }
    app.name, app.client_id = label, client_id
    app.settings = {**app.settings, "server_url": issuer.rstrip("/")}
    secret_changed = bool(secret) and secret != app.secret
    if secret:
        app.secret = secret
    app.save()
    app.sites.add(Site.objects.get_current())
    after = {"issuer": app.settings["server_url"], "client id": client_id, "button label": label}
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if secret_changed:
        changes["secret"] = ["…", "changed"]  # never the secret itself
    if changes:
        record(actor=by, action=Action.SSO_CHANGED, obj=app, changes=changes)


@transaction.atomic
def provider_remove(*, by: User) -> bool:
    removed = SocialApp.objects.filter(provider=PROVIDER, provider_id=PROVIDER_ID).delete()[0]
    if removed:
        record(actor=by, action=Action.SSO_CHANGED, changes={"single sign-on": ["on", "off"]})
    return bool(removed)


POLICY_FIELDS = ["sso_only", "sso_creates_people", "allowed_domains"]


@transaction.atomic
def sign_in_settings_save(
    *, sso_only: bool, sso_creates_people: bool, allowed_domains: str, by: User
) -> SignInSettings:
    current = SignInSettings.objects.select_for_update().get(pk=SignInSettings.current().pk)
    before = {field: getattr(current, field) for field in POLICY_FIELDS}
    current.sso_only, current.sso_creates_people = sso_only, sso_creates_people
    current.allowed_domains = ", ".join(
        d.strip().lower().lstrip("@") for d in allowed_domains.split(",") if d.strip()
    )
    current.save()
    after = {field: getattr(current, field) for field in POLICY_FIELDS}
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        record(actor=by, action=Action.SETTINGS_CHANGED, obj=current, changes=changes)
    return current
