from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Create or replace a confidential OpenID Connect client with a consent page."
    requires_system_checks = []  # migrate checked; each call is on the clock of a test

    def add_arguments(self, parser):
        parser.add_argument("client_id")
        parser.add_argument("--secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True, dest="redirect_uris")

    def handle(self, *, client_id, secret, redirect_uris, **options):
        # Saving hashes the secret, as it would be in production.
        Application.objects.update_or_create(
            client_id=client_id,
            defaults={
                "name": client_id,
                "client_secret": secret,
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": " ".join(redirect_uris),
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": False,
            },
        )
