"""E-mails the accounts app sends itself (allauth sends its own): one function per e-mail."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from mentoring.mail import absolute_url, send_templated_mail

from .models import User


def invitation_link(*, user: User) -> str:
    """The welcome page, where the person chooses their first password (allauth's reset
    token: good until the password changes or PASSWORD_RESET_TIMEOUT passes)."""
    key = default_token_generator.make_token(user)
    kwargs = {"uidb36": user_pk_to_url_str(user), "key": key}
    return absolute_url(reverse("accounts:welcome", kwargs=kwargs))


def send_invitation(*, user: User) -> None:
    """Invite someone HR imported to set a password and sign in."""
    send_templated_mail(
        template="invitation",
        subject="You are invited: set your password",
        to=[user.email],
        context={
            "user": user,
            "link": invitation_link(user=user),
            "login_url": absolute_url(reverse("account_login")),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
