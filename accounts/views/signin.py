"""HR's sign-in settings: the company's identity provider and who may sign in how."""

from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ..access import AuthenticatedRequest, hr_admin_required
from ..forms import ProviderForm, SignInRulesForm
from ..models import SignInSettings
from ..sso import PROVIDER, PROVIDER_ID, provider_config, provider_save, sign_in_settings_save


@hr_admin_required
def signin_settings(request: AuthenticatedRequest) -> HttpResponse:
    config = provider_config()
    stored = SocialApp.objects.filter(provider=PROVIDER, provider_id=PROVIDER_ID).first()
    rules = SignInSettings.current()
    posted = request.POST.get("form")
    provider_form = ProviderForm(
        request.POST if posted == "provider" else None,
        has_secret=bool(stored and stored.secret),
        initial={"issuer": config.issuer, "client_id": config.client_id, "label": config.label}
        if config
        else None,
    )
    rules_form = SignInRulesForm(
        request.POST if posted == "rules" else None,
        has_provider=config is not None,
        initial={
            f: getattr(rules, f) for f in ["sso_only", "sso_creates_people", "allowed_domains"]
        },
    )
    if (
        posted == "provider"
        and not (config and config.from_environment)
        and provider_form.is_valid()
    ):
        provider_save(**provider_form.cleaned_data, by=request.user)
        messages.success(request, "Single sign-on is saved. Try it in a private window.")
        return redirect("accounts:signin_settings")
    if posted == "rules" and rules_form.is_valid():
        sign_in_settings_save(**rules_form.cleaned_data, by=request.user)
        messages.success(request, "The sign-in rules are saved.")
        return redirect("accounts:signin_settings")
    context = {
        "config": config,
        "provider_form": provider_form,
        "rules_form": rules_form,
        "callback": request.build_absolute_uri(f"/accounts/oidc/{PROVIDER_ID}/login/callback/"),
    }
    return render(
        request, "accounts/hr/signin_settings.html", context, status=400 if posted else 200
    )
