from django.urls import path

from . import views

app_name = "delegates"

urlpatterns = [
    # The executive's delegates, invitations and the delegate's answer
    path("delegates/", views.my_delegates, name="mine"),
    path("delegates/<int:pk>/share/", views.share, name="share"),
    path("delegates/<int:pk>/end/", views.end, name="end"),
    path("delegates/invitations/<int:pk>/", views.invitation, name="invitation"),
    # The delegate's own pages: pairs, meetings' time and place, a calendar feed
    path("assist/", views.assist, name="assist"),
    path("assist/pairs/<int:pk>/", views.assist_pair, name="pair"),
    path("assist/pairs/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("assist/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("assist/meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("assist/calendar/", views.calendar, name="calendar"),
    path("assist/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("assist/calendar/<str:token>.ics", views.feed, name="feed"),
    # HR
    path("hr/delegates/", views.hr_list, name="hr_list"),
]
