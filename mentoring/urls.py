from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("programs.urls")),
    path("", include("pairing.urls")),
    path("", include("sessions_log.urls")),
    path("", include("delegates.urls")),
    path("", include("concerns.urls")),
    path("", include("outcomes.urls")),
    path("", include("notifications.urls")),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "mentoring.views.bad_request"
handler403 = "mentoring.views.permission_denied"
handler404 = "mentoring.views.page_not_found"
handler500 = "mentoring.views.server_error"
