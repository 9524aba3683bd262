from django.core.management.base import BaseCommand, CommandParser

from mentoring.scale import HR_ADMIN_COUNT, SCALE_PASSWORD, hr_email, person_email, seed_scale


class Command(BaseCommand):
    help = (
        "Build a company at a large customer's scale for the benchmarks and the load test "
        "(10,000 employees: 3,050 pairs, 100,000 meetings). Once: a second run adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, default=10_000)

    def handle(self, *args, **options) -> None:
        if options["employees"] < 200:
            self.stderr.write("--employees: at least 200, so that every program has pairs.")
            return
        made = seed_scale(employees=options["employees"], say=self.stdout.write)
        if made:
            self.stdout.write(self.style.SUCCESS(f"\nLogins (password for all: {SCALE_PASSWORD})"))
            self.stdout.write(f"  HR admins: {hr_email(1)} … {hr_email(HR_ADMIN_COUNT)}")
            self.stdout.write(f"  employees: {person_email(0)} … (see the HR employee list)")
