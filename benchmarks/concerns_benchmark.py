"""Time the pages of delegates and concerns, and their reminder rules, at the scale of a large
company: 10,000 employees, 3,000 running pairs, 100,000 meetings, 1,000 executives with a
delegate (one assistant looks after three), 3,000 concerns (half anonymous) with HR notes.

    DATABASE_URL=postgres://.../concerns_bench .venv/bin/python benchmarks/concerns_benchmark.py
    .venv/bin/python benchmarks/concerns_benchmark.py --employees 2000 --pairs 600 --meetings 20000

Without DATABASE_URL it migrates a throwaway SQLite file in a temporary folder; with it, it
adds its rows to that database, so point it at one made for the run. Prints the median and
slowest time of each page over 10 requests and its number of queries, then each rule's time.
"""

import argparse
import datetime
import random
import statistics
import time

from django_setup import set_up_django  # beside this script


def make_company(employees: int, pairs: int, meetings: int, delegations: int, concerns: int):
    from django.utils import timezone

    from accounts.models import Profile, User
    from concerns.models import Concern, ConcernAuthorship, ConcernNote
    from delegates.models import Delegation
    from pairing.models import Pairing
    from programs.models import Enrolment, Program
    from sessions_log.models import Meeting

    rng = random.Random(18)
    stamp = int(time.time())
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"cb{stamp}-{n}@bench.example", first_name=f"F{n}", last_name=f"L{n}")
        for n in range(employees)
    )
    Profile.objects.bulk_create(
        Profile(user=u, level=9 if n < pairs else 3, timezone="Europe/London")
        for n, u in enumerate(users)
    )
    program = Program.objects.create(
        name=f"Concerns benchmark {stamp}", phase="running",
        starts_on=now.date() - datetime.timedelta(days=200),
        ends_on=now.date() + datetime.timedelta(days=200), cadence_weeks=2,
    )  # fmt: skip
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(program=program, user=u, role="mentee" if n < pairs else "mentor",
                  status="approved", ground_rules_accepted_at=now, paired_count=1)
        for n, u in enumerate(users[: 2 * pairs])
    )  # fmt: skip
    pairings = Pairing.objects.bulk_create(
        Pairing(program=program, mentee=enrolments[n], mentor=enrolments[pairs + n],
                status="active", score=0.5, published_at=now - datetime.timedelta(days=200))
        for n in range(pairs)
    )  # fmt: skip
    rows = []
    for n in range(meetings):
        at = now + datetime.timedelta(days=rng.randint(-200, 60), hours=rng.randint(0, 9))
        rows.append(Meeting(pairing=pairings[n % pairs], starts_at=at, place="Room 4",
                            ends_at=at + datetime.timedelta(minutes=45)))  # fmt: skip
    Meeting.objects.bulk_create(rows, batch_size=5000)
    assistants = users[2 * pairs : 2 * pairs + delegations // 3 + 1]
    Delegation.objects.bulk_create(
        Delegation(executive=users[n], delegate=assistants[n // 3], status="accepted",
                   answered_at=now)
        for n in range(delegations)
    )  # fmt: skip
    made = Concern.objects.bulk_create(
        Concern(program=program, category=rng.choice(["not_meeting", "power", "other"]),
                text=f"Words {n}", raised_on=now.date() - datetime.timedelta(days=n % 90),
                named=bool(n % 2), raised_by=users[pairs + n % pairs] if n % 2 else None,
                pairing=pairings[n % pairs] if n % 2 else None,
                status=rng.choice(["new", "acknowledged"]))
        for n in range(concerns)
    )  # fmt: skip
    ConcernAuthorship.objects.bulk_create(
        ConcernAuthorship(concern=c, author=users[pairs + n % pairs], pairing=pairings[n % pairs])
        for n, c in enumerate(made)
    )
    ConcernNote.objects.bulk_create(
        ConcernNote(concern=c, author=users[-1], text="Note") for c in made for _ in range(2)
    )
    hr = User.objects.create(email=f"cb{stamp}-hr@bench.example", is_superuser=True)
    return hr, assistants[0], pairings[0], made[0]


def analyze() -> None:
    """Fresh statistics, as autovacuum would have after a bulk load (PostgreSQL)."""
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in apps.get_models():
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def timed(client, url: str, runs: int = 10) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    seconds = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds), len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=3_000)
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--delegations", type=int, default=1_000)
    parser.add_argument("--concerns", type=int, default=3_000)
    args = parser.parse_args()
    set_up_django("concerns")

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from delegates.services import delegate_feed_for
    from notifications import delegate_rules, rules

    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    hr, assistant, pairing, concern = make_company(
        args.employees, args.pairs, args.meetings, args.delegations, args.concerns
    )
    print(f"data made in {time.perf_counter() - started:.1f} s")
    analyze()
    client = Client()
    pages = [
        (hr, "HR concerns (open)", reverse("concerns:hr_list")),
        (hr, "HR concerns (all, page 20)", reverse("concerns:hr_list") + "?status=&page=20"),
        (hr, "HR concern", reverse("concerns:hr_detail", args=[concern.pk])),
        (hr, "HR delegates (page 10)", reverse("delegates:hr_list") + "?page=10"),
        (hr, "outcomes page", reverse("outcomes:report", args=[pairing.program_id])),
        (assistant, "delegate: meetings I look after", reverse("delegates:assist")),
        (assistant, "delegate: one pair", reverse("delegates:pair", args=[pairing.pk])),
        (assistant, "delegate: my delegates", reverse("delegates:mine")),
        (assistant, "delegate: home", reverse("home")),
        (None, "delegate: calendar feed", reverse("delegates:feed", args=[
            delegate_feed_for(user=assistant).token])),
    ]  # fmt: skip
    print(f"{'page':<36} {'median ms':>10} {'slowest ms':>11} {'queries':>8} {'status':>7}")
    for user, label, url in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        median, slowest, queries, status = timed(client, url)
        print(
            f"{label:<36} {median * 1000:>10.0f} {slowest * 1000:>11.0f} {queries:>8} {status:>7}"
        )
    now = timezone.now()
    for name, rule in [
        ("assist_meeting_soon", delegate_rules.assist_meeting_soon),
        ("assist_no_meeting", delegate_rules.assist_no_meeting),
        ("concerns_open", rules.concerns_open),
    ]:
        started = time.perf_counter()
        dues = list(rule(now))
        print(
            f"rule {name:<31} {(time.perf_counter() - started) * 1000:>10.0f} ms, {len(dues)} due"
        )


if __name__ == "__main__":
    main()
