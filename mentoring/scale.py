"""A company at the scale of a large customer, for the benchmarks and the load test
(`python manage.py seed_scale --employees 10000`).

At 10,000 employees: everyone with a profile and skills, 10 HR admins, a running program with
about 3,050 published pairs, an enrolling program with 5,000 enrolments, 100,000 meetings with
logs, agendas, ratings and goals, 250,000 bell notifications, and some delegates and concerns.
The people come in through the HR import (`accounts.importing.employee_rows_apply`) and the
pairs through a real pairing run and publication (`pairing.services`); the volume rows
(enrolments, meetings and what hangs off them, notifications) are bulk-inserted, since a
service call per row would take hours, with the same fields the services write.

Everyone logs in with SCALE_PASSWORD (one hash computed once and shared: hashing 10,000
passwords would take an hour). Everything lives under SCALE_DOMAIN and two programs of its own,
so it sits beside the demo company; building twice adds nothing.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts.importing import COLUMNS, employee_rows_apply
from accounts.models import HR_ADMINS_GROUP, Skill, SkillOffered, SkillWanted, User
from audit.models import Action
from audit.services import entry, record_many
from concerns.models import Concern, ConcernAuthorship
from delegates.models import Delegation
from mentoring.demo import BUSINESS, DEPARTMENTS, DIGITAL, HOPES, OFFICES
from notifications.models import Notification
from pairing.models import PairingRun
from pairing.services import pairing_run_execute, pairings_publish
from programs.forms import AVAILABILITY_CHOICES
from programs.models import Enrolment, EnrolmentStatus, Phase, Program, Role
from sessions_log.models import AgendaItem, Goal, Meeting, Rating, SessionLog

SCALE_DOMAIN = "scale.example"
SCALE_PASSWORD = "mentoring-scale"
RUNNING_PROGRAM = "Scale · Running cohort"
ENROLLING_PROGRAM = "Scale · Enrolling cohort"
HR_ADMIN_COUNT = 10
# HR's pages ask for a second factor in production (HR_REQUIRE_MFA): the scale company's HR
# admins have an authenticator app set up, all ten with this secret (scale data only), and the
# load test signs in with its codes as they would.
SCALE_TOTP_SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
BATCH = 2000  # rows per INSERT
DAY = datetime.timedelta(days=1)
ZONES = sorted(OFFICES)
SLOTS = [value for value, _ in AVAILABILITY_CHOICES]


@dataclass(frozen=True)
class ScaleSize:
    """How much of everything, in the issue's proportions to the number of employees."""

    employees: int
    pairs: int
    enrolling: int
    meetings: int
    notifications: int
    delegations: int
    concerns: int
    audit_entries: int

    @classmethod
    def for_employees(cls, employees: int) -> "ScaleSize":
        return cls(
            employees=employees,
            pairs=employees * 305 // 1000,
            enrolling=employees // 2,
            meetings=employees * 10,
            notifications=employees * 25,
            delegations=employees // 30,
            concerns=employees // 30,
            audit_entries=employees * 20,
        )


def hr_email(number: int) -> str:
    return f"hr{number:02d}@{SCALE_DOMAIN}"


def person_email(number: int) -> str:
    return f"person{number:05d}@{SCALE_DOMAIN}"


def _level(number: int) -> int:
    """40 % executives (7–10), 15 % in the middle (5–6), 45 % juniors (1–4)."""
    share = number % 20
    if share < 8:
        return 7 + number % 4
    if share < 11:
        return 5 + number % 2
    return 1 + number % 4


def _people_rows(employees: int) -> list[tuple[int, dict[str, str]]]:
    """The import's rows: per department a tree, each manager senior to their team."""
    people = [(hr_email(n), 6, "People") for n in range(1, HR_ADMIN_COUNT + 1)]
    names = list(DEPARTMENTS)
    for n in range(employees - HR_ADMIN_COUNT):
        people.append((person_email(n), _level(n), names[n % len(names)]))
    by_department: dict[str, list[tuple[str, int, str]]] = {}
    for person in people:
        by_department.setdefault(person[2], []).append(person)
    rows: list[tuple[int, dict[str, str]]] = []
    for members in by_department.values():
        members.sort(key=lambda person: -person[1])
        for index, (email, level, department) in enumerate(members):
            manager = members[(index - 1) // 8][0] if index else ""
            zone = DEPARTMENTS.get(department, ("", "Europe/London"))[1]
            if index % 4 == 3:  # some people sit in another office
                zone = ZONES[index % len(ZONES)]
            first, last = email.split("@")[0].capitalize(), department.split()[0]
            values = [email, first, last, f"{department} L{level}", str(level), department,
                      manager, zone, OFFICES[zone]]  # fmt: skip
            rows.append((len(rows) + 2, dict(zip(COLUMNS, values, strict=True))))
    return rows


def _make_people(employees: int) -> list[User]:
    plan = employee_rows_apply(rows=_people_rows(employees), send_invitations=False)
    if not plan.is_valid:
        raise RuntimeError(f"The scale company's import was refused: {plan.summary}")
    people = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
    people.update(password=make_password(SCALE_PASSWORD))
    # They log in at once: their addresses count as confirmed.
    EmailAddress.objects.filter(user__in=people).update(verified=True, primary=True)
    hr = Group.objects.get(name=HR_ADMINS_GROUP)
    hr.user_set.add(*people.filter(email__startswith="hr"))
    for admin in people.filter(email__startswith="hr"):
        TOTP.activate(admin, SCALE_TOTP_SECRET)
    return list(people.select_related("profile").order_by("email"))


def _make_skills(people: list[User]) -> int:
    """Executives teach business skills and want digital ones; juniors the other way round."""
    skills = list(Skill.objects.active().select_related("category").order_by("name"))
    digital = [s for s in skills if s.category.name == DIGITAL] or skills
    business = [s for s in skills if s.category.name == BUSINESS] or skills
    rng = random.Random(12)
    offered, wanted = [], []
    for user in people:
        senior = (user.profile.level or 0) >= 5
        teach, learn = (business, digital) if senior else (digital, business)
        teaching = rng.sample(teach, min(len(teach), rng.randint(2, 4)))
        offered += [
            SkillOffered(user=user, skill=s, proficiency=rng.randint(3, 5)) for s in teaching
        ]
        learning = rng.sample(learn, min(len(learn), rng.randint(1, 3)))
        wanted += [
            SkillWanted(
                user=user, skill=s, priority=rng.randint(1, 3), current_level=rng.randint(1, 3)
            )
            for s in learning
            if s not in teaching
        ]
    SkillOffered.objects.bulk_create(offered, batch_size=BATCH)
    SkillWanted.objects.bulk_create(wanted, batch_size=BATCH)
    return len(offered) + len(wanted)


def _enrol(program: Program, people: list[User], role: str, rng: random.Random, pending: float):
    now = timezone.now()
    return [
        Enrolment(
            program=program,
            user=user,
            role=role,
            status=EnrolmentStatus.PENDING if rng.random() < pending else EnrolmentStatus.APPROVED,
            hopes=rng.choice(HOPES[Role(role)]),
            availability=rng.sample(SLOTS, 4),
            capacity=1,
            ground_rules_accepted_at=now - rng.randint(1, 20) * DAY,
        )
        for user in people
    ]


def _running_program(size: ScaleSize, people: list[User], hr: User) -> Program:
    """Enrol, run the pairing engine and publish, as HR would (without the e-mails)."""
    today = timezone.localdate()
    program = Program.objects.create(
        name=RUNNING_PROGRAM,
        description="A company-wide cohort at the size of a large customer.",
        phase=Phase.RUNNING,
        enrolment_opens=today - 330 * DAY,
        enrolment_closes=today - 310 * DAY,
        starts_on=today - 300 * DAY,
        ends_on=today + 120 * DAY,
        cadence_weeks=1,
        created_by=hr,
    )
    rng = random.Random(RUNNING_PROGRAM)
    seniors = [u for u in people if (u.profile.level or 0) >= program.mentee_min_level]
    juniors = [u for u in people if (u.profile.level or 99) <= program.mentor_max_level]
    mentors = int(size.pairs * 1.08)  # some mentors stay free, as in any real cohort
    Enrolment.objects.bulk_create(
        _enrol(program, seniors[: size.pairs], Role.MENTEE, rng, 0)
        + _enrol(program, juniors[:mentors], Role.MENTOR, rng, 0),
        batch_size=BATCH,
    )
    run = PairingRun.objects.create(program=program, started_by=hr)
    pairing_run_execute(run=run)
    pairings_publish(program=program, by=hr, introduce=False)
    return program


def _enrolling_program(size: ScaleSize, people: list[User], hr: User) -> int:
    today = timezone.localdate()
    program = Program.objects.create(
        name=ENROLLING_PROGRAM,
        description="The next cohort, open for enrolment.",
        phase=Phase.ENROLLING,
        enrolment_opens=today - 10 * DAY,
        enrolment_closes=today + 20 * DAY,
        starts_on=today + 30 * DAY,
        ends_on=today + 210 * DAY,
        requires_approval=True,
        created_by=hr,
    )
    rng = random.Random(ENROLLING_PROGRAM)
    seniors = [u for u in people if (u.profile.level or 0) >= program.mentee_min_level]
    juniors = [u for u in people if (u.profile.level or 99) <= program.mentor_max_level]
    mentees = min(len(seniors), size.enrolling * 2 // 5)
    mentors = min(len(juniors), size.enrolling - mentees)
    rows = _enrol(program, seniors[-mentees:], Role.MENTEE, rng, 0.3)
    rows += _enrol(program, juniors[-mentors:], Role.MENTOR, rng, 0.3)
    Enrolment.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _meetings(program: Program, total: int) -> dict[str, int]:
    """About a meeting a week for every pair since the start, and the next few to come:
    most past ones logged as held with both ratings, some missed, some cancelled; every
    meeting has an agenda; every pair has two goals."""
    pairings = list(program.pairings.active().select_related("mentee", "mentor").order_by("pk"))
    if not pairings:
        return {}
    rng = random.Random(100)
    now = timezone.now()
    per_pair = max(1, total // len(pairings))
    upcoming = min(3, per_pair)
    rows = []
    for pairing in pairings:
        for index in range(per_pair):
            days_from_now = (index - (per_pair - upcoming)) * 9 + rng.randint(1, 6)
            starts = now + days_from_now * DAY + datetime.timedelta(hours=rng.randint(0, 8))
            cancelled = days_from_now < 0 and rng.random() < 0.05
            rows.append(
                Meeting(
                    pairing=pairing,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=program.meeting_minutes),
                    place="Meeting room 4" if index % 2 else "",
                    video_url="" if index % 2 else "https://teams.example/meet/scale",
                    status=Meeting.Status.CANCELLED if cancelled else Meeting.Status.SCHEDULED,
                    created_by_id=pairing.mentor.user_id,
                )
            )
    meetings = Meeting.objects.bulk_create(rows, batch_size=BATCH)
    people = {p.pk: (p.mentee.user_id, p.mentor.user_id) for p in pairings}
    past = [m for m in meetings if m.starts_at < now and m.status == Meeting.Status.SCHEDULED]
    logs = SessionLog.objects.bulk_create(
        (
            SessionLog(
                meeting=m,
                held=rng.random() < 0.9,
                summary="Went through the week's questions and agreed on one habit to try.",
                logged_by_id=people[m.pairing_id][1],
                updated_by_id=people[m.pairing_id][1],
            )
            for m in past
        ),
        batch_size=BATCH,
    )
    ratings = Rating.objects.bulk_create(
        (
            Rating(log=log, by_id=people[log.meeting.pairing_id][side], role=role,
                   score=rng.randint(3, 5))
            for log in logs
            if log.held
            for side, role in ((0, "mentee"), (1, "mentor"))
        ),
        batch_size=BATCH,
    )  # fmt: skip
    agenda = AgendaItem.objects.bulk_create(
        (
            AgendaItem(meeting=m, title=title, added_by_id=people[m.pairing_id][side],
                       position=position)
            for m in meetings
            for position, (title, side) in enumerate(
                [("Questions since last time", 0), ("Try it together", 1)]
            )
        ),
        batch_size=BATCH,
    )  # fmt: skip
    goals = Goal.objects.bulk_create(
        (
            Goal(pairing=p, direction=direction, title=title, progress=rng.choice([20, 40, 60]),
                 created_by_id=people[p.pk][side], updated_by_id=people[p.pk][side])
            for p in pairings
            for direction, title, side in [
                ("mentee", "Use an AI assistant every week", 0),
                ("mentor", "Present to the leadership team", 1),
            ]
        ),
        batch_size=BATCH,
    )  # fmt: skip
    return {
        "meetings": len(meetings),
        "session logs": len(logs),
        "ratings": len(ratings),
        "agenda items": len(agenda),
        "goals": len(goals),
    }


def _notifications(people: list[User], total: int) -> int:
    """The bell: a share of them read, as in a company that uses the product every day."""
    rng = random.Random(250)
    now = timezone.now()
    kinds = ["meeting_soon", "agenda_empty", "log_session", "no_meeting", "pairing_published"]
    rows = (
        Notification(
            recipient=people[n % len(people)],
            kind=kinds[n % len(kinds)],
            title="Your meeting is coming",
            body="Prepare one question for your pair.",
            link="/",
            read_at=None if rng.random() < 0.3 else now,
        )
        for n in range(total)
    )
    return len(Notification.objects.bulk_create(rows, batch_size=BATCH))


def _delegates_and_concerns(program: Program, size: ScaleSize) -> dict[str, int]:
    """Executives with an assistant as delegate (one assistant looks after three), and
    concerns raised in the running program, half of them anonymous."""
    pairings = list(program.pairings.active().select_related("mentee", "mentor")[: size.concerns])
    executives = [p.mentee.user_id for p in pairings[: size.delegations]]
    middle = list(
        User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}", profile__level__in=[5, 6])
        .exclude(email__startswith="hr")
        .values_list("pk", flat=True)[: len(executives) // 3 + 1]
    )
    now = timezone.now()
    Delegation.objects.bulk_create(
        Delegation(executive_id=executive, delegate_id=middle[n // 3],
                   status=Delegation.Status.ACCEPTED, answered_at=now)
        for n, executive in enumerate(executives)
    )  # fmt: skip
    concerns = Concern.objects.bulk_create(
        Concern(program=program, category="not_meeting", text="We keep moving our meetings.",
                raised_on=now.date() - (n % 60) * DAY, named=bool(n % 2),
                raised_by_id=p.mentor.user_id if n % 2 else None, pairing=p if n % 2 else None)
        for n, p in enumerate(pairings)
    )  # fmt: skip
    ConcernAuthorship.objects.bulk_create(
        ConcernAuthorship(concern=c, author_id=p.mentor.user_id, pairing=p)
        for c, p in zip(concerns, pairings, strict=True)
    )
    return {"delegations": len(executives), "concerns": len(concerns)}


def _audit_trail(programs: list[Program], total: int) -> int:
    """Years of a busy HR team in the audit log (the retention keeps five): sign-ins, decisions,
    edits, runs and publications, two in three of them about a program."""
    admins = list(User.objects.filter(email__startswith="hr", email__endswith=f"@{SCALE_DOMAIN}"))
    actions = [Action.HR_SIGNED_IN, Action.ENROLMENTS_DECIDED, Action.EMPLOYEE_CHANGED,
               Action.PROGRAM_EDITED, Action.PAIR_LOCKED, Action.PAIRS_PUBLISHED]  # fmt: skip
    for start in range(0, total, BATCH):
        record_many(
            entry(
                actor=admins[n % len(admins)],
                action=actions[n % len(actions)],
                object_type="programs.Enrolment",
                object_id=n,
                object_label=f"Enrolment {n}",
                program=programs[n % 3] if n % 3 < len(programs) else None,
                details={"count": n % 40 + 1},
            )
            for n in range(start, min(start + BATCH, total))
        )
    return total


def _analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give them later."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in apps.get_models():
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def seed_scale(*, employees: int, say: Callable[[str], None] = print) -> dict[str, int]:
    """Build the company once; returns what it made (nothing when it is there already)."""
    if Program.objects.filter(name=RUNNING_PROGRAM).exists():
        say(f"{RUNNING_PROGRAM} exists already: nothing to do.")
        return {}
    size = ScaleSize.for_employees(employees)
    made: dict[str, int] = {}
    started = timezone.now()

    def step(label: str, count: int) -> None:
        made[label] = count
        seconds = (timezone.now() - started).total_seconds()
        say(f"{label}: {count:,} ({seconds:.0f} s)")

    with transaction.atomic():
        people = _make_people(size.employees)
        step("employees", len(people))
        step("skills offered and wanted", _make_skills(people))
        hr = next(u for u in people if u.email == hr_email(1))
        staff = [u for u in people if not u.email.startswith("hr")]
        running = _running_program(size, staff, hr)
        step("published pairs", running.pairings.active().count())
        step("enrolments in the enrolling program", _enrolling_program(size, staff, hr))
        for label, count in _meetings(running, size.meetings).items():
            step(label, count)
        step("bell notifications", _notifications(people, size.notifications))
        for label, count in _delegates_and_concerns(running, size).items():
            step(label, count)
        enrolling = Program.objects.get(name=ENROLLING_PROGRAM)
        step("audit entries", _audit_trail([running, enrolling], size.audit_entries))
    _analyze()
    return made
