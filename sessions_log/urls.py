from django.urls import path

from . import views

app_name = "sessions_log"

urlpatterns = [
    # A pair's workspace
    path("pairs/", views.pair_list, name="pair_list"),
    path("pairs/<int:pk>/", views.workspace, name="workspace"),
    path("pairs/<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path("pairs/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    # Meetings and their agendas
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel_view, name="meeting_cancel"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_calendar, name="meeting_ics"),
    path("meetings/<int:pk>/log/", views.session_log, name="log"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/topic/", views.agenda_topic, name="agenda_topic"),
    path("agenda/<int:pk>/edit/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/delete/", views.agenda_delete, name="agenda_delete"),
    path("agenda/<int:pk>/move/<str:direction>/", views.agenda_move, name="agenda_move"),
    path("agenda/<int:pk>/tick/", views.agenda_tick, name="agenda_tick"),
    # Calendar: the person's settings, and the feed calendar apps fetch without a login
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
    # HR
    path("hr/programs/<int:pk>/health/", views.program_health, name="program_health"),
    path("hr/programs/<int:pk>/close/", views.program_close_view, name="program_close"),
    path(
        "hr/programs/<int:pk>/pairs/<int:pairing_pk>/end/",
        views.pairing_end_view,
        name="pairing_end",
    ),
]
