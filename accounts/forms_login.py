"""The sign-in form (ACCOUNT_FORMS["login"]). Apart from forms.py, which allauth imports for
its sign-up form while its own forms module is still loading."""

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms

from .models import SignInSettings


class LoginForm(AllauthLoginForm):
    """With single sign-on only, a password signs in a superuser (the break-glass account)
    and nobody else."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = getattr(self, "user", None)
        if user is not None and SignInSettings.current().sso_only and not user.is_superuser:
            raise forms.ValidationError(
                "Passwords are turned off here: sign in with your company account."
            )
        return cleaned
