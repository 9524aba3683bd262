from django.urls import path

from .views import enrolment, hr

app_name = "programs"

urlpatterns = [
    # Employees
    path("programs/", enrolment.program_list, name="list"),
    path("programs/<int:pk>/", enrolment.program_enrol, name="enrol"),
    path("programs/<int:pk>/withdraw/", enrolment.program_withdraw, name="withdraw"),
    # HR admins
    path("hr/programs/new/", hr.program_create, name="create"),
    path("hr/programs/<int:pk>/", hr.program_dashboard, name="dashboard"),
    path("hr/programs/<int:pk>/edit/", hr.program_edit, name="edit"),
    path("hr/programs/<int:pk>/phase/", hr.program_phase, name="phase"),
    path("hr/programs/<int:pk>/copy/", hr.program_copy_view, name="copy"),
    path("hr/programs/<int:pk>/decide/", hr.enrolments_decide_view, name="decide"),
    path("hr/programs/<int:pk>/invite/", hr.program_invite_view, name="invite"),
    path("hr/programs/<int:pk>/announce/", hr.program_announce, name="announce"),
]
