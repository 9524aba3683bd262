from django.urls import path

from . import views

app_name = "concerns"

urlpatterns = [
    # The person who raises a concern about their pairing
    path("pairs/<int:pk>/concern/", views.raise_concern, name="raise"),
    path("concerns/", views.mine, name="mine"),
    path("concerns/<int:pk>/reveal/", views.reveal, name="reveal"),
    # HR
    path("hr/concerns/", views.hr_list, name="hr_list"),
    path("hr/concerns/<int:pk>/", views.hr_detail, name="hr_detail"),
    path("hr/concerns/<int:pk>/acknowledge/", views.hr_acknowledge, name="hr_acknowledge"),
    path("hr/concerns/<int:pk>/note/", views.hr_note, name="hr_note"),
    path("hr/concerns/<int:pk>/resolve/", views.hr_resolve, name="hr_resolve"),
]
