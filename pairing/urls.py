from django.urls import path

from . import views

app_name = "pairing"

urlpatterns = [
    path("hr/programs/<int:pk>/pairing/", views.board, name="board"),
    path("hr/programs/<int:pk>/pairing/run/", views.run, name="run"),
    path("hr/programs/<int:pk>/pairing/run/status/", views.run_status, name="run_status"),
    path("hr/programs/<int:pk>/pairing/publish/", views.publish, name="publish"),
    path(
        "hr/programs/<int:pk>/pairing/mentee/<int:enrolment_pk>/",
        views.mentee_options,
        name="mentee_options",
    ),
    # One proposed or published pair (ending one: sessions_log:pairing_end, it cancels meetings)
    *[
        path(
            f"hr/programs/<int:pk>/pairing/<int:pairing_pk>/{action}/",
            views.pair_action,
            {"action": action},
            name=action,
        )
        for action in ("lock", "unlock")
    ],
    path("hr/programs/<int:pk>/pairing/<int:pairing_pk>/block/", views.block, name="block"),
    path(
        "hr/programs/<int:pk>/pairing/<int:pairing_pk>/allow/",
        views.allow_again,
        name="allow_again",
    ),
    # HR's locks and blocks, undone
    path("hr/programs/<int:pk>/pairing/rules/<int:rule_pk>/undo/", views.rule_undo, name="undo"),
]
