"""Every page of the product at a large customer's scale: queries at demo size and at scale,
median server time at scale, HTML size.

    DATABASE_URL=postgres://…/mentoring_scale python manage.py seed_scale --employees 10000
    DATABASE_URL=postgres://…/mentoring_scale .venv/bin/python benchmarks/pages_benchmark.py

The scale database must have been built by `seed_scale` first. For the demo-size counts the
script runs itself again on a company of 300 (the demo's size, built the same way) in a
throwaway SQLite file, or in SMALL_DATABASE_URL when set (an empty database made for it).
Each page is requested as the person who uses it (an HR admin, an executive with a pair,
their junior mentor, a delegate): once to warm up, then --runs times; the server time is
Django's whole handling of the request (middleware, view, template), as the test client sees
it. A mark after a figure shows a missed target: > 150 ms (> 50 ms for the employee's home,
pair, meeting and notifications pages, > 1 s for an export), more queries than at demo size,
or HTML over 300 KB (exports are files: their size is no target). The executive's home,
pair page and calendar feed are measured once more for a pair that has met for years (300
more meetings, added in a transaction rolled back afterwards).
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from django_setup import set_up_django  # beside this script

SMALL_COMPANY = 300
# The executive's pages and their junior mentor's: both are held to the employee target.
EMPLOYEE_PAGES = {"home", "home (mentor)", "pair page", "meeting", "notifications"}
# A pair that has met for years: the executive's home, pair page and calendar feed again, once
# their pair has this many more held and logged meetings in its past.
LONG_HISTORY = 300
LONG_PAIR_PAGES = {"home": "home, +300 meetings", "pair page": "pair page, +300 meetings",
                   "calendar feed": "calendar feed, +300 meetings"}  # fmt: skip
EMPLOYEE_PAGES |= {LONG_PAIR_PAGES["home"], LONG_PAIR_PAGES["pair page"]}
# Files, not pages: 10,000 rows within a second, and no limit on their size.
EXPORTS = {"HR employees export", "HR enrolments export", "HR outcomes CSV (meetings)",
           "API employees export"}  # fmt: skip
MAX_MS, MAX_EMPLOYEE_MS, MAX_EXPORT_MS, MAX_KB = 150, 50, 1000, 300


@dataclass
class Page:
    label: str
    who: str  # which person requests it
    url: str


def _people() -> dict:
    """The people and objects the pages are about, found in the scale company."""
    from django.utils import timezone

    from accounts.models import User
    from concerns.models import Concern
    from delegates.models import Delegation
    from delegates.services import delegate_feed_for
    from mentoring.scale import ENROLLING_PROGRAM, RUNNING_PROGRAM, hr_email
    from pairing.models import Pairing
    from programs.models import Program
    from sessions_log.models import Meeting
    from sessions_log.services import calendar_feed_for

    running = Program.objects.get(name=RUNNING_PROGRAM)
    enrolling = Program.objects.get(name=ENROLLING_PROGRAM)
    delegation = Delegation.objects.filter(executive__enrolments__program=running).first()
    assert delegation is not None, "the scale company has no delegate"
    pairing = Pairing.objects.active().get(program=running, mentee__user=delegation.executive)
    meetings = Meeting.objects.filter(pairing=pairing).order_by("starts_at")
    now = timezone.now()
    return {
        "hr": User.objects.get(email=hr_email(1)),
        "executive": pairing.mentee.user,
        "mentor": pairing.mentor.user,
        "delegate": delegation.delegate,
        "running": running,
        "enrolling": enrolling,
        "pairing": pairing,
        "next": meetings.filter(starts_at__gt=now).first(),
        "logged": meetings.filter(log__isnull=False).last(),
        "unmatched": running.enrolments.filter(role="mentee").order_by("-pk").first(),
        "concern": Concern.objects.filter(program=running).order_by("pk").first(),
        "feed": calendar_feed_for(user=pairing.mentee.user).token,
        "delegate_feed": delegate_feed_for(user=delegation.delegate).token,
    }


def _pages(o: dict) -> list[Page]:
    from django.urls import reverse as r

    run, enr, pair = o["running"].pk, o["enrolling"].pk, o["pairing"].pk
    nxt, logged = o["next"].pk, o["logged"].pk
    return [
        # Employees: the executive (mentee) and the junior mentor
        Page("home", "executive", r("home")),
        Page("home (mentor)", "mentor", r("home")),
        Page("pair page", "executive", r("sessions_log:workspace", args=[pair])),
        Page("my pairs", "executive", r("sessions_log:pair_list")),
        Page("meeting", "executive", r("sessions_log:meeting", args=[nxt])),
        Page("meeting log", "mentor", r("sessions_log:log", args=[logged])),
        Page("meeting .ics", "executive", r("sessions_log:meeting_ics", args=[nxt])),
        Page("notifications", "executive", r("notifications:list")),
        Page("notification preferences", "executive", r("notifications:preferences")),
        Page("profile", "executive", r("accounts:profile")),
        Page("programs open to me", "mentor", r("programs:list")),
        Page("enrol in a program", "mentor", r("programs:enrol", args=[enr])),
        Page("calendar settings", "executive", r("sessions_log:calendar")),
        Page("calendar feed", "nobody", r("sessions_log:feed", args=[o["feed"]])),
        Page("my concerns", "mentor", r("concerns:mine")),
        Page("raise a concern", "mentor", r("concerns:raise", args=[pair])),
        Page("my delegates", "executive", r("delegates:mine")),
        Page("my growth", "executive", r("outcomes:my_growth", args=[run])),
        Page("can-do checks", "executive", r("outcomes:can_do", args=[pair])),
        Page("my API tokens", "executive", r("api:tokens")),
        # The delegate
        Page("delegate: meetings", "delegate", r("delegates:assist")),
        Page("delegate: one pair", "delegate", r("delegates:pair", args=[pair])),
        Page("delegate: calendar feed", "nobody", r("delegates:feed", args=[o["delegate_feed"]])),
        # HR
        Page("HR employees", "hr", r("accounts:employee_list")),
        Page("HR employees, page 50", "hr", r("accounts:employee_list") + "?page=50"),
        Page("HR employees export", "hr", r("accounts:export")),
        Page("HR skill catalogue", "hr", r("accounts:skill_list")),
        Page("HR level names", "hr", r("accounts:level_names")),
        Page("HR employee", "hr", r("hr_employee", args=[o["executive"].pk])),
        Page("HR import", "hr", r("accounts:import_upload")),
        Page("HR roles", "hr", r("accounts:hr_roles")),
        Page("HR audit log", "hr", r("accounts:audit_log")),
        Page("HR audit log, one person", "hr", r("accounts:audit_log") + "?person=hr03"),
        Page("HR audit log, page 150", "hr", r("accounts:audit_log") + "?page=150"),
        Page("HR sign-in settings", "hr", r("accounts:signin_settings")),
        Page("HR home", "hr", r("hr_home")),
        Page("HR programs", "hr", r("hr_programs")),
        Page("HR new program", "hr", r("programs:create")),
        Page("HR dashboard (running)", "hr", r("programs:dashboard", args=[run])),
        Page("HR dashboard (enrolling)", "hr", r("programs:dashboard", args=[enr])),
        Page("HR enrolments export", "hr", r("programs:dashboard", args=[enr]) + "?format=csv"),
        Page("HR program edit", "hr", r("programs:edit", args=[run])),
        Page("HR invite", "hr", r("programs:invite", args=[enr])),
        Page("HR pairing board", "hr", r("pairing:board", args=[run])),
        Page("HR other mentors", "hr", r("pairing:mentee_options", args=[run, o["unmatched"].pk])),
        Page("HR program health", "hr", r("sessions_log:program_health", args=[run])),
        Page("HR close program (confirm)", "hr", r("sessions_log:program_close", args=[run])),
        Page("HR outcomes", "hr", r("outcomes:report", args=[run])),
        Page("HR outcomes CSV (meetings)", "hr", r("outcomes:csv", args=[run, "meetings"])),
        Page("HR re-pair list (fit)", "hr", r("outcomes:fit_list", args=[run])),
        Page("HR concerns", "hr", r("concerns:hr_list")),
        Page("HR concern", "hr", r("concerns:hr_detail", args=[o["concern"].pk])),
        Page("HR delegates", "hr", r("delegates:hr_list")),
        Page("HR failed reminders", "hr", r("notifications:failed")),
        Page("HR API tokens", "hr", r("api:hr_tokens")),
        # The API's lists, signed in
        Page("API employees", "hr", r("api:employees")),
        Page("API employees export", "hr", r("api:employees_export")),
        Page("API skills", "hr", r("api:skills")),
        Page("API programs", "hr", r("api:programs")),
        Page("API enrolments", "hr", r("api:enrolments", args=[enr])),
        Page("API pairings", "hr", r("api:pairings", args=[run])),
        Page("API outcomes", "hr", r("api:outcomes", args=[run])),
        Page("API me: pairs", "executive", r("api:my_pairs")),
        Page("API me: meetings", "executive", r("api:my_meetings")),
    ]


def _request(client, url: str) -> tuple[float, int, int, int]:
    """Seconds, queries, bytes and status of one request, streamed bodies read in full."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seconds = time.perf_counter() - started
    return seconds, len(queries), len(body), response.status_code


def _measure(pages: list[Page], people: dict, runs: int) -> dict[str, dict]:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    clients: dict[str, Client] = {}
    results = {}
    for page in pages:
        if page.who not in clients:
            clients[page.who] = Client()
            if page.who != "nobody":
                clients[page.who].force_login(people[page.who])
        client = clients[page.who]
        cache.clear()  # the first request reads the database, as the first visitor's does
        _, queries, size, status = _request(client, page.url)
        times = [_request(client, page.url)[0] for _ in range(runs)]
        results[page.label] = {
            "who": page.who, "queries": queries, "kb": size / 1024, "status": status,
            "median_ms": statistics.median(times) * 1000, "slowest_ms": max(times) * 1000,
        }  # fmt: skip
    return results


def _measure_a_long_pair(people: dict, runs: int, only: str | None = None) -> dict[str, dict]:
    """The pages of LONG_PAIR_PAGES once the executive's pair has LONG_HISTORY more meetings,
    weekly, held and logged, before its first: a page's time must not grow with how long a
    pair has met. The meetings are added in a transaction rolled back afterwards (in bulk, not
    through the services: nobody is told of them)."""
    from django.db import transaction
    from django.utils import timezone

    from sessions_log.models import Meeting, SessionLog

    shown = [
        Page(LONG_PAIR_PAGES[page.label], page.who, page.url)
        for page in _pages(people)
        if page.label in LONG_PAIR_PAGES
        and (not only or only.lower() in LONG_PAIR_PAGES[page.label].lower())
    ]
    if not shown:
        return {}
    pairing = people["pairing"]
    first = Meeting.objects.filter(pairing=pairing).order_by("starts_at").first()
    before = first.starts_at if first else timezone.now()
    with transaction.atomic():
        meetings = Meeting.objects.bulk_create(
            Meeting(
                pairing=pairing,
                starts_at=before - datetime.timedelta(weeks=week),
                ends_at=before - datetime.timedelta(weeks=week) + datetime.timedelta(hours=1),
            )
            for week in range(1, LONG_HISTORY + 1)
        )
        SessionLog.objects.bulk_create(
            SessionLog(meeting=meeting, held=True, summary="What we covered.")
            for meeting in meetings
        )
        results = _measure(shown, people, runs)
        transaction.set_rollback(True)
    return results


def _small_counts() -> dict[str, int]:
    """Run this script on a company of the demo's size and read its query counts."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if env.get("SMALL_DATABASE_URL"):
        env["DATABASE_URL"] = env["SMALL_DATABASE_URL"]
    out = subprocess.run(
        [sys.executable, __file__, "--small"], env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _mark(bad: bool) -> str:
    return " !" if bad else "  "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", help="pages whose label contains this text")
    parser.add_argument("--small", action="store_true", help="internal: demo-size counts")
    parser.add_argument("--no-small", action="store_true", help="skip the demo-size counts")
    args = parser.parse_args()
    if args.small:
        set_up_django("pages")
        from mentoring.scale import seed_scale

        seed_scale(employees=SMALL_COMPANY, say=lambda text: None)
        people = _people()
        results = _measure(_pages(people), people, runs=1)
        results |= _measure_a_long_pair(people, runs=1)
        print(json.dumps({label: r["queries"] for label, r in results.items()}))
        return
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database seed_scale built.")
    small = {} if args.no_small else _small_counts()
    set_up_django("pages")
    from django.db import connection

    from accounts.models import User

    people = _people()
    pages = [p for p in _pages(people) if not args.only or args.only.lower() in p.label.lower()]
    results = _measure(pages, people, args.runs)
    results |= _measure_a_long_pair(people, args.runs, args.only)
    print(
        f"{connection.vendor}, {User.objects.count():,} people, load average "
        f"{os.getloadavg()[0]:.1f}; median and slowest of {args.runs} requests"
    )
    print(
        f"{'page':<30} {'who':<10} {'queries':>7} {'at scale':>9} {'median ms':>10} "
        f"{'slowest':>8} {'KB':>7} status"
    )
    for label, r in results.items():
        limit = MAX_EMPLOYEE_MS if label in EMPLOYEE_PAGES else MAX_MS
        limit = MAX_EXPORT_MS if label in EXPORTS else limit
        too_big = r["kb"] > MAX_KB and label not in EXPORTS
        small_q = small.get(label)
        grew = small_q is not None and r["queries"] > small_q
        print(
            f"{label:<30} {r['who']:<10} {small_q if small_q is not None else '-':>7} "
            f"{r['queries']:>7}{_mark(grew)} {r['median_ms']:>8.0f}{_mark(r['median_ms'] > limit)} "
            f"{r['slowest_ms']:>8.0f} {r['kb']:>5.0f}{_mark(too_big)} {r['status']}"
        )


if __name__ == "__main__":
    main()
