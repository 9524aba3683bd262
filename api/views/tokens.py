"""The pages where people make and revoke their API tokens, and HR watches over HR's tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest, hr_admin_required

from ..access import get_hr_token_for_hr, get_token_for_owner
from ..forms import TokenForm
from ..selectors import hr_tokens, tokens_of
from ..services import token_create, token_revoke

PAGE_SIZE = 50


@never_cache
@login_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    """The person's tokens and the form for a new one; a new token's secret is shown once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = token_create(user=request.user, **form.cleaned_data)
        # Shown in this answer only: never stored, never put in a redirect or a message.
        context = {"token": token, "secret": secret, "tokens": tokens_of(request.user)}
        return render(request, "api/token_created.html", context, status=201)
    context = {"form": form, "tokens": tokens_of(request.user)}
    return render(request, "api/tokens.html", context)


@require_POST
@login_required
def token_revoke_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_token_for_owner(request.user, pk)
    if token_revoke(token=token, by=request.user):
        messages.success(request, f"“{token.name}” is revoked: it no longer works.")
    return redirect("api:tokens")


@hr_admin_required
def hr_token_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(hr_tokens(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/hr_tokens.html", {"page": page})


@require_POST
@hr_admin_required
def hr_token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_hr_token_for_hr(request.user, pk)
    if token_revoke(token=token, by=request.user):
        messages.success(request, f"{token.user.display_name}’s token “{token.name}” is revoked.")
    return redirect("api:hr_tokens")
