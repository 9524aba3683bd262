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
