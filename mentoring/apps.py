from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import post_migrate


def sync_site(**kwargs) -> None:
    """Keep django.contrib.sites' domain (allauth's and the admin's) at SITE_DOMAIN, at every
    `migrate`: `make run` migrates with the port it then serves."""
    site_model = apps.get_model("sites", "Site")  # models can be read only once apps are ready
    site_model.objects.filter(pk=settings.SITE_ID).exclude(domain=settings.SITE_DOMAIN).update(
        domain=settings.SITE_DOMAIN
    )
    site_model.objects.clear_cache()


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Reverse mentoring"

    def ready(self) -> None:
        post_migrate.connect(sync_site, sender=self)
