from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.tests.oidc_provider.models import Profile


class Command(BaseCommand):
    help = "Create or replace a provider user (logs in with the e-mail); print its `sub`."
    requires_system_checks = []  # migrate checked; each call is on the clock of a test

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", required=True)
        parser.add_argument("--unverified", action="store_true", help="email_verified: false")
        parser.add_argument(
            "--like-entra", action="store_true", help="xms_edov in the ID token, no email_verified"
        )
        parser.add_argument("--given-name", default="")
        parser.add_argument("--family-name", default="")

    @transaction.atomic
    def handle(self, *, email, password, unverified, like_entra, given_name, family_name, **_):
        user, _ = get_user_model().objects.update_or_create(
            username=email,
            defaults={"email": email, "first_name": given_name, "last_name": family_name},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        Profile.objects.update_or_create(
            user=user, defaults={"email_verified": not unverified, "like_entra": like_entra}
        )
        self.stdout.write(str(user.pk))
