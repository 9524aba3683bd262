"""Time HR's program dashboard for a program with many enrolments.

    .venv/bin/python benchmarks/dashboard_benchmark.py [--enrolments 5000]
    DATABASE_URL=postgres://.../mentoring_bench .venv/bin/python benchmarks/dashboard_benchmark.py

Without DATABASE_URL it migrates a throwaway SQLite file in a temporary folder; with it, it
migrates that database and adds its rows there, so point it at a database made for the run.
Prints the median and slowest time of the page over 20 requests and its number of queries.
"""

import argparse
import random
import statistics
import time

from django_setup import set_up_django  # beside this script


def make_program(enrolments: int):
    from django.utils import timezone

    from accounts.models import Profile, Skill, SkillOffered, SkillWanted, User
    from programs.models import Enrolment, Program

    rng = random.Random(3)
    skills = list(Skill.objects.values_list("pk", flat=True))
    stamp = int(time.time())
    users = User.objects.bulk_create(
        User(email=f"bench{stamp}-{n}@bench.example", first_name=f"First{n}", last_name=f"Last{n}")
        for n in range(enrolments)
    )
    Profile.objects.bulk_create(
        Profile(user=u, level=8 if n % 2 else 3, department=rng.choice("ABCDEFG"), timezone="UTC")
        for n, u in enumerate(users)
    )
    SkillOffered.objects.bulk_create(
        SkillOffered(user=u, skill_id=s, proficiency=rng.randint(1, 5))
        for u in users
        for s in rng.sample(skills, 3)
    )
    SkillWanted.objects.bulk_create(
        SkillWanted(user=u, skill_id=s, priority=rng.randint(1, 3), current_level=1)
        for u in users
        for s in rng.sample(skills, 2)
    )
    program = Program.objects.create(name=f"Benchmark {stamp}", phase="enrolling")
    Enrolment.objects.bulk_create(
        Enrolment(
            program=program,
            user=u,
            role="mentee" if n % 2 else "mentor",
            status=rng.choice(["approved", "approved", "pending", "declined"]),
            ground_rules_accepted_at=timezone.now(),
        )
        for n, u in enumerate(users)
    )
    hr = User.objects.create(email=f"hr{stamp}@bench.example", is_superuser=True)
    return program, hr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=5000)
    args = parser.parse_args()
    set_up_django("dashboard")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    program, hr = make_program(args.enrolments)
    client = Client(HTTP_HOST="localhost")
    client.force_login(hr)
    url = reverse("programs:dashboard", kwargs={"pk": program.pk})
    assert client.get(url).status_code == 200  # warm up
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"database: {connection.vendor}, enrolments: {args.enrolments}")
    print(
        f"dashboard: median {statistics.median(timings):.0f} ms, "
        f"slowest {max(timings):.0f} ms, {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
