from django.contrib import admin
from django.urls import include, path

from . import hr, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # HR's pages across the apps
    path("hr/", hr.hr_home, name="hr_home"),
    path("hr/programs/", hr.hr_programs, name="hr_programs"),
    path("hr/employees/<int:pk>/", hr.hr_employee, name="hr_employee"),
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
