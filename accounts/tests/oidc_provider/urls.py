from django.contrib.auth.views import LoginView
from django.urls import include, path
from oauth2_provider import urls as oauth2_urls

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    # Authorize, token, userinfo, discovery and JWKS; no client management or registration.
    path(
        "o/",
        include(
            (oauth2_urls.base_urlpatterns + oauth2_urls.oidc_urlpatterns, "oauth2_provider"),
        ),
    ),
]
