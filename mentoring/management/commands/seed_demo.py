from django.conf import settings
from django.core.management.base import BaseCommand

from mentoring.demo import DEMO_ASSISTANT, DEMO_PASSWORD, DEMO_PEOPLE, seed_demo


class Command(BaseCommand):
    help = "Load the demo company and demo logins. Safe to run again: it only adds what is missing."

    def handle(self, *args, **options) -> None:
        counts = seed_demo()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        for person in [*DEMO_PEOPLE, DEMO_ASSISTANT]:
            self.stdout.write(f"  {person.role:<28} {person.email}")
        # The demo needs no environment variable: passwords, and HR pages without a second
        # factor on a DEBUG site. The README says how to turn single sign-on and MFA on.
        second_factor = (
            "required for HR"
            if settings.HR_REQUIRE_MFA
            else "not required on this demo (HR_REQUIRE_MFA=true requires it for HR)"
        )
        self.stdout.write(f"\nSign-in: passwords; a second factor is {second_factor}.")
