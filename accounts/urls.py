from django.urls import include, path

from .views import catalogue, employees, profile, welcome

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
]
