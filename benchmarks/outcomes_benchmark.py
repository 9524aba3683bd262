"""Time HR's outcomes page and the programs list at the scale of a large company: 10,000
employees, 3,000 pairs in one program, 100,000 meetings, with skill levels, survey answers and
fit checks for everyone.

    DATABASE_URL=postgres://.../outcomes_bench .venv/bin/python benchmarks/outcomes_benchmark.py
    .venv/bin/python benchmarks/outcomes_benchmark.py --employees 2000 --pairs 600 --meetings 20000

Without DATABASE_URL it migrates a throwaway SQLite file in a temporary folder; with it, it
adds its rows to that database, so point it at one made for the run. Prints the median and
slowest time of each page over 10 requests and its number of queries; the outcomes page both
with its figures read from the database (cache emptied) and from the five-minute cache.
"""

import argparse
import datetime
import random
import statistics
import time

from django_setup import set_up_django  # beside this script

DEPARTMENTS = ["Finance", "Marketing", "Sales", "Operations", "Technology", "People", "Legal"]


def make_company(employees: int, pairs: int, meetings: int):
    from django.utils import timezone

    from accounts.models import Profile, Skill, User
    from outcomes.models import Answer, CheckIn, FitCheck, SkillLevel
    from outcomes.services import survey_for
    from pairing.models import Pairing
    from programs.models import Enrolment, Program
    from sessions_log.models import Goal, Meeting, SessionLog

    rng = random.Random(15)
    stamp = int(time.time())
    today = timezone.localdate()
    start = today - datetime.timedelta(days=420)
    users = User.objects.bulk_create(
        User(email=f"out{stamp}-{n}@bench.example", first_name=f"F{n}", last_name=f"L{n}")
        for n in range(employees)
    )
    Profile.objects.bulk_create(
        Profile(
            user=u, level=rng.choice([8, 9, 10]) if n < pairs else rng.choice([1, 2, 3, 4]),
            department=rng.choice(DEPARTMENTS), timezone="UTC",
            left_on=start + datetime.timedelta(days=rng.randint(10, 400))
            if rng.random() < 0.15 else None,
        )
        for n, u in enumerate(users)
    )  # fmt: skip
    program = Program.objects.create(
        name=f"Outcomes benchmark {stamp}", phase="closed", starts_on=start,
        ends_on=start + datetime.timedelta(days=182), cadence_weeks=2,
    )  # fmt: skip
    accepted = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(program=program, user=u, role="mentee" if n < pairs else "mentor",
                  status="approved", ground_rules_accepted_at=accepted)
        for n, u in enumerate(users[: 2 * pairs])
    )  # fmt: skip
    published = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
    pairings = Pairing.objects.bulk_create(
        Pairing(program=program, mentee=enrolments[n], mentor=enrolments[pairs + n],
                status="ended", score=0.5, published_at=published)
        for n in range(pairs)
    )  # fmt: skip
    rows = []
    for n in range(meetings):
        at = published + datetime.timedelta(days=rng.randint(0, 181), hours=rng.randint(0, 9))
        cancelled = rng.random() < 0.05
        rows.append(Meeting(pairing=pairings[n % pairs], starts_at=at,
                            ends_at=at + datetime.timedelta(minutes=45),
                            status="cancelled" if cancelled else "scheduled"))  # fmt: skip
    created = Meeting.objects.bulk_create(rows, batch_size=5000)
    SessionLog.objects.bulk_create(
        (
            SessionLog(meeting=m, held=rng.random() > 0.1)
            for m in created
            if m.status == "scheduled"
        ),
        batch_size=5000,
    )
    Goal.objects.bulk_create(
        Goal(pairing=p, title="Goal", direction=d, progress=rng.choice([30, 60, 100]))
        for p in pairings for d in ("mentee", "mentor")
    )  # fmt: skip
    skills = list(Skill.objects.values_list("pk", flat=True))
    levels, check_ins = [], []
    for enrolment in enrolments:
        for skill in rng.sample(skills, 2):
            first = rng.randint(1, 3)
            for moment, level in (("start", first), ("midpoint", first + 1), ("end", first + 2)):
                levels.append(SkillLevel(enrolment=enrolment, skill_id=skill, moment=moment,
                                         level=min(level, 5)))  # fmt: skip
        check_ins += [CheckIn(enrolment=enrolment, moment=m) for m in ("midpoint", "end")]
    SkillLevel.objects.bulk_create(levels, batch_size=5000)
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)
    answers = []
    for moment in ("midpoint", "end"):
        for question in survey_for(program=program, moment=moment).questions.all():
            for enrolment in enrolments:
                if question.asks(enrolment.role):
                    text = question.kind == "text"
                    idea = f"Idea {rng.randint(1, 500)}" if text else ""
                    scale = None if text else rng.randint(1, 5)
                    answers.append(
                        Answer(question=question, role=enrolment.role, scale=scale, text=idea)
                    )
    Answer.objects.bulk_create(answers, batch_size=5000)
    FitCheck.objects.bulk_create(
        FitCheck(pairing=p, role=r, fit=rng.randint(1, 5), learning=rng.randint(1, 5))
        for p in pairings for r in ("mentee", "mentor")
    )  # fmt: skip
    hr = User.objects.create(email=f"hr{stamp}@bench.example", is_superuser=True)
    return program, hr


def time_page(client, url: str, *, cold: bool) -> tuple[float, float, int]:
    """Cold: the outcomes report's cache is emptied before each request."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200  # warm up
    timings = []
    for _ in range(10):
        if cold:
            cache.clear()
        begin = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - begin) * 1000)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), max(timings), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=3_000)
    parser.add_argument("--meetings", type=int, default=100_000)
    args = parser.parse_args()
    set_up_django("outcomes")
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    begin = time.perf_counter()
    program, hr = make_company(args.employees, args.pairs, args.meetings)
    print(f"database: {connection.vendor}; data made in {time.perf_counter() - begin:.0f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(hr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    report = reverse("outcomes:report", kwargs={"pk": program.pk})
    pages = {
        "outcomes page, figures read": (report, True),
        "outcomes page, figures from the cache": (report, False),
        "survey CSV": (reverse("outcomes:csv", kwargs={"pk": program.pk, "table": "surveys"}), 0),
        "programs list": (reverse("hr_programs"), False),
    }
    for name, (url, cold) in pages.items():
        median, slowest, queries = time_page(client, url, cold=bool(cold))
        print(f"{name}: median {median:.0f} ms, slowest {slowest:.0f} ms, {queries} queries")


if __name__ == "__main__":
    main()
