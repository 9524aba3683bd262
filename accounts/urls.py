from django.urls import include, path

from .views import audit, catalogue, employees, profile, roles, signin, welcome

app_name = "accounts"

urlpatterns = [
    path("profile/", profile.profile_edit, name="profile"),
    # HR's invitation: the first screen of someone imported
    path("welcome/<str:uidb36>/<str:key>/", welcome.welcome, name="welcome"),
    # HR: the people of the company
    path("hr/employees/", employees.employee_list, name="employee_list"),
    path("hr/employees/", include("accounts.urls_import")),
    # HR: skill catalogue and level names
    path("hr/skills/", catalogue.skill_list, name="skill_list"),
    path("hr/skills/merge/", catalogue.skill_merge_view, name="skill_merge"),
    path("hr/skills/<int:pk>/", catalogue.skill_edit, name="skill_edit"),
    path("hr/skills/<int:pk>/retire/", catalogue.skill_retire, name="skill_retire"),
    path("hr/levels/", catalogue.level_names, name="level_names"),
    # HR: roles, the audit log, sign-in settings
    path("hr/roles/", roles.role_list, name="hr_roles"),
    path("hr/roles/grant/", roles.role_grant, name="hr_role_grant"),
    path("hr/roles/<int:pk>/revoke/", roles.role_revoke, name="hr_role_revoke"),
    path("hr/audit/", audit.audit_log, name="audit_log"),
    path("hr/sign-in/", signin.signin_settings, name="signin_settings"),
]
