"""The "can do" checks of the topic catalogue, next to the topics in Django's admin. Answers,
levels and fit checks are not here: confidentiality holds in the admin too."""

from django.contrib import admin

from .models import CanDo


@admin.register(CanDo)
class CanDoAdmin(admin.ModelAdmin):
    list_display = ["text", "topic", "position"]
    list_filter = ["topic"]
