from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import errors
from .views import employees, me, outcomes, programs, skills, tokens

app_name = "api"

v1 = [
    # Employees (HR)
    path("employees/", employees.EmployeeList.as_view(), name="employees"),
    path("employees/bulk/", employees.EmployeeBulk.as_view(), name="employees_bulk"),
    path("employees/export/", employees.EmployeeExport.as_view(), name="employees_export"),
    path("employees/<int:pk>/", employees.EmployeeDetail.as_view(), name="employee"),
    path("employees/<int:pk>/leaving/", employees.EmployeeLeaving.as_view(), name="leaving"),
    # Skill catalogue (everyone reads, HR writes)
    path("skills/", skills.SkillList.as_view(), name="skills"),
    path("skills/merge/", skills.SkillMerge.as_view(), name="skill_merge"),
    path("skills/<int:pk>/", skills.SkillDetail.as_view(), name="skill"),
    path("skills/<int:pk>/retire/", skills.SkillRetire.as_view(), name="skill_retire"),
    path("skill-categories/", skills.SkillCategoryList.as_view(), name="skill_categories"),
    # Programs, enrolments and pairs (HR)
    path("programs/", programs.ProgramList.as_view(), name="programs"),
    path("programs/<int:pk>/", programs.ProgramDetail.as_view(), name="program"),
    path("programs/<int:pk>/counts/", programs.ProgramCounts.as_view(), name="program_counts"),
    path("programs/<int:pk>/enrolments/", programs.EnrolmentList.as_view(), name="enrolments"),
    path(
        "programs/<int:pk>/decisions/",
        programs.EnrolmentDecisions.as_view(),
        name="enrolment_decisions",
    ),
    path("programs/<int:pk>/pairings/", programs.PairingList.as_view(), name="pairings"),
    path("programs/<int:pk>/outcomes/", outcomes.ProgramOutcomes.as_view(), name="outcomes"),
    # Me (anyone)
    path("me/", me.Me.as_view(), name="me"),
    path("me/pairs/", me.MyPairs.as_view(), name="my_pairs"),
    path("me/pairs/<int:pk>/", me.MyPair.as_view(), name="my_pair"),
    path("me/meetings/", me.MyMeetings.as_view(), name="my_meetings"),
]

urlpatterns = [
    path("api/v1/", include(v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^api/", errors.not_found),  # anything else under /api/: a JSON 404
    # The pages for tokens
    path("profile/api-tokens/", tokens.token_list, name="tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", tokens.token_revoke_view, name="token_revoke"),
    path("hr/api-tokens/", tokens.hr_token_list, name="hr_tokens"),
    path("hr/api-tokens/<int:pk>/revoke/", tokens.hr_token_revoke, name="hr_token_revoke"),
]
