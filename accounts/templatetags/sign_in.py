from django import template
from django.urls import reverse

from ..models import SignInSettings
from ..sso import PROVIDER_ID, provider_config

register = template.Library()


@register.simple_tag
def sign_in_options() -> dict:
    """What the sign-in page offers: the company's provider, and whether passwords show."""
    provider = provider_config()
    return {
        "provider": provider,
        "url": reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}),
        "sso_only": provider is not None and SignInSettings.current().sso_only,
    }
