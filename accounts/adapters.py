"""allauth customised through its adapters: who may sign up, who may sign in through the
company's identity provider, and what of it the audit log records."""

import os
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthError
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import redirect

from audit.models import Action
from audit.services import record

from .access import has_hr_role
from .models import SignInSettings
from .sso import record_refusal, refusal

FAILED_BURST = 5  # failed sign-ins for one e-mail address within the window make a burst
FAILED_WINDOW = 15 * 60  # seconds


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Companies that provision everyone through the HR import can close self sign-up;
        # with single sign-on only, nobody makes a password account.
        if SignInSettings.current().sso_only:
            return False
        return os.environ.get("ACCOUNT_ALLOW_SIGNUP", "true").lower() not in {"0", "false", "no"}

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        if has_hr_role(user):
            method = "single sign-on" if _signed_in_by_sso(request) else "password"
            record(actor=user, action=Action.HR_SIGNED_IN, obj=user, details={"with": method})

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Recorded once per burst: FAILED_BURST failures for one address within the window."""
        email = str(credentials.get("email") or credentials.get("username") or "").lower()
        key = f"signin-failures:{email}"
        cache.add(key, 0, FAILED_WINDOW)
        failures = cache.incr(key)
        if failures == FAILED_BURST:
            record(
                actor=None,
                action=Action.SIGN_IN_FAILED,
                details={"e-mail": email, "failures": failures, "within minutes": 15},
            )


def _signed_in_by_sso(request: HttpRequest) -> bool:
    return any(
        entry.get("method") == "socialaccount"
        for entry in request.session.get("account_authentication_methods", [])
    )


def _refuse(request: HttpRequest, reason: str, email: str = "", error: str = "") -> None:
    record_refusal(reason=reason, email=email, error=error)
    messages.error(request, refusal(reason, email))
    raise ImmediateHttpResponse(redirect("account_login"))


# How Microsoft Entra ID's optional claim `xms_edov` may read when it says "verified".
ENTRA_DOMAIN_VERIFIED = (True, "1", "true", "True")


def accept_entra_domain_verification(sociallogin: SocialLogin) -> None:
    """Microsoft Entra ID sends no `email_verified`. With the optional claim `xms_edov` in its
    signed ID token, it says that the e-mail's domain is verified by the tenant that owns the
    domain (Microsoft's answer to apps matching accounts on an address anyone could type into
    a tenant of their own): that address counts as verified. Only from Entra's own issuer;
    which domains may sign in at all is HR's allowed-domains setting."""
    id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
    email = str(id_token.get("email") or "").lower()
    issuer = urlsplit(str(id_token.get("iss") or "")).hostname
    if (
        not email
        or issuer not in settings.ENTRA_ISSUER_HOSTS
        or id_token.get("xms_edov") not in ENTRA_DOMAIN_VERIFIED
    ):
        return
    for address in sociallogin.email_addresses:
        if address.email.lower() == email:
            address.verified = True


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict) -> Any:
        """Called before allauth looks for the employee by their verified address."""
        user = super().populate_user(request, sociallogin, data)
        accept_entra_domain_verification(sociallogin)
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Before anyone is signed in or created: a verified address, an allowed domain, and
        an employee HR imported (matched by allauth on the verified address), unless SSO may
        add people."""
        email = (user_email(sociallogin.user) or "").lower()
        verified = {a.email.lower() for a in sociallogin.email_addresses if a.verified}
        if not email or email not in verified:
            _refuse(request, "unverified", email)
        rules = SignInSettings.current()
        if not rules.allows_email(email):
            _refuse(request, "domain", email)
        user = sociallogin.user
        if user.pk is not None:  # an employee: by their linked account or verified address
            if not user.is_active:
                _refuse(request, "left", email)
            return
        if not rules.sso_creates_people:
            _refuse(request, "unknown", email)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return SignInSettings.current().sso_creates_people

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        context = extra_context or {}
        if error == AuthError.CANCELLED:
            reason = "cancelled"
        elif "state_id" in context and context.get("state") is None:
            reason = "state"  # expired, replayed, or from another browser
        else:
            reason = "failed"
        _refuse(request, reason, error=repr(exception) if exception else str(error or ""))
