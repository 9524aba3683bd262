from django.urls import path

from .views import hr, participant

app_name = "outcomes"

urlpatterns = [
    # Participants
    path("programs/<int:pk>/check-in/<str:moment>/", participant.check_in, name="check_in"),
    path("programs/<int:pk>/growth/", participant.my_growth, name="my_growth"),
    path("programs/<int:pk>/certificate.pdf", participant.certificate, name="certificate"),
    path("programs/<int:pk>/recognition/", participant.recognition, name="recognition"),
    # One pair
    path("pairs/<int:pk>/fit/", participant.fit_check, name="fit_check"),
    path("pairs/<int:pk>/can-do/", participant.can_do_list, name="can_do"),
    path("pairs/<int:pk>/can-do/<int:can_do_pk>/", participant.can_do_mark, name="can_do_mark"),
    path("pairs/<int:pk>/thanks/", participant.thanks, name="thanks"),
    # HR admins
    path("hr/programs/<int:pk>/outcomes/", hr.outcomes, name="report"),
    path("hr/programs/<int:pk>/outcomes/<str:table>.csv", hr.outcomes_csv, name="csv"),
    path("hr/programs/<int:pk>/surveys/<str:moment>/", hr.survey_edit, name="survey_edit"),
    path("hr/programs/<int:pk>/fit/", hr.fit_list, name="fit_list"),
    path("hr/programs/<int:pk>/fit/<int:pairing_pk>/re-pair/", hr.repair, name="repair"),
]
