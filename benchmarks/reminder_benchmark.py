"""Time one reminder sweep over many meetings: every rule, as beat runs it.

    .venv/bin/python benchmarks/reminder_benchmark.py [--pairs 20000] [--meetings 100000]
    DATABASE_URL=postgres://.../bench .venv/bin/python benchmarks/reminder_benchmark.py

Without DATABASE_URL it migrates a throwaway SQLite file; with it, it adds its rows to that
database, so point it at one made for the run. The deliveries the sweep queues are counted,
not sent: sending is the workers' job, one task per reminder.
"""

import argparse
import datetime
import random
import time

from django_setup import set_up_django  # beside this script


def make_meetings(pairs: int, meetings: int, now: datetime.datetime) -> None:
    from accounts.models import Profile, User
    from pairing.models import Pairing
    from programs.models import Enrolment, Program
    from sessions_log.models import Meeting

    rng = random.Random(5)
    stamp = int(time.time())
    program = Program.objects.create(name=f"Benchmark {stamp}", phase="running", cadence_weeks=2)
    users = User.objects.bulk_create(
        User(email=f"r{stamp}-{n}@bench.example") for n in range(2 * pairs)
    )
    Profile.objects.bulk_create(Profile(user=u, level=5, timezone="Europe/Paris") for u in users)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            program=program, user=u, role="mentee" if n < pairs else "mentor",
            status="approved", paired_count=1, ground_rules_accepted_at=now,
        )
        for n, u in enumerate(users)
    )  # fmt: skip
    pairings = Pairing.objects.bulk_create(
        Pairing(
            program=program, mentee=enrolments[n], mentor=enrolments[pairs + n],
            status="active", score=0.5, published_at=now - datetime.timedelta(days=120),
        )
        for n in range(pairs)
    )  # fmt: skip
    per_pair = meetings // pairs
    rows = []
    for pairing in pairings:
        for _ in range(per_pair):
            # Spread over ±60 days, so that every rule finds something to do.
            start = now + datetime.timedelta(hours=rng.randint(-60 * 24, 60 * 24))
            rows.append(
                Meeting(
                    pairing=pairing, starts_at=start, ends_at=start + datetime.timedelta(minutes=45)
                )
            )
    Meeting.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20_000)
    parser.add_argument("--meetings", type=int, default=100_000)
    args = parser.parse_args()
    set_up_django("reminder")
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notifications import tasks
    from notifications.models import Reminder
    from notifications.rules import run_rules

    queued = []
    tasks.deliver_reminder.delay = queued.append  # count, do not send
    now = timezone.now()
    started = time.perf_counter()
    make_meetings(args.pairs, args.meetings, now)
    print(
        f"database: {connection.vendor}; made {args.pairs} pairs and {args.meetings} meetings "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for label in ("first sweep", "second sweep"):
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            started = time.perf_counter()
            created = run_rules(now)
            seconds = time.perf_counter() - started
        print(f"{label}: {seconds:.2f} s, {len(queries)} queries, new reminders {created}")
    print(f"reminders in the table: {Reminder.objects.count()}, deliveries queued: {len(queued)}")


if __name__ == "__main__":
    main()
