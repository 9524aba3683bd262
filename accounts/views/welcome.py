"""The page HR's invitation links to: a welcome, the first password, and the person is in."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import url_str_to_user_pk
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ..models import User
from ..services import invitation_accept

LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _invited(uidb36: str, key: str) -> User | None:
    """The person the link was made for, while it is good (until they set a password)."""
    try:
        user = User.objects.get(pk=url_str_to_user_pk(uidb36), is_active=True)
    except (ValueError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, key) else None


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def welcome(request: HttpRequest, uidb36: str, key: str) -> HttpResponse:
    user = _invited(uidb36, key)
    if user is None:
        return render(request, "accounts/welcome_spent.html", status=410)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, "Your password is set and you are signed in.")
        return redirect("accounts:profile")
    context = {"form": form, "invited": user, "company": settings.COMPANY_NAME}
    return render(request, "accounts/welcome.html", context)
