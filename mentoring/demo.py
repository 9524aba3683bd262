"""Demo data for `make run`: named demo people with known passwords and a believable company.

Everything is created with get-or-create on stable keys (e-mail addresses), so seeding twice
changes nothing and never overwrites what someone changed on the demo site.
"""

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import HR_ADMINS_GROUP, Profile, Skill, SkillOffered, SkillWanted, User
from concerns.models import Concern
from concerns.services import concern_raise
from delegates.models import Delegation
from notifications.models import Notification
from outcomes.demo import PILOT, seed_pilot_cohort
from pairing.models import Pairing, PairingRun, PairRule
from pairing.services import pairing_run_execute, pairings_publish
from programs.forms import AVAILABILITY_CHOICES
from programs.models import Enrolment, EnrolmentStatus, Phase, Program, Role
from sessions_log.demo import seed_pair_sessions
from sessions_log.models import Meeting

DEMO_PASSWORD = "mentoring-demo"
COMPANY_DOMAIN = "northwind.example"
EMPLOYEE_COUNT = 300

FIRST_NAMES = [
    "Aisha", "Ben", "Carla", "Daniel", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Keiko", "Liam", "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tara",
    "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Dmitri",
    "Esther", "Felix", "Gita", "Hugo", "Ivy", "Jamal", "Kofi", "Lena", "Mateo", "Nadia",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Bauer", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Hughes",
    "Iyer", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Oduya", "Patel", "Quinn",
    "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Walsh", "Xu", "Yilmaz", "Zhang", "Brennan",
    "Costa", "Novak", "Schmidt",
]  # fmt: skip


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: str  # shown in the printed logins
    title: str
    level: int
    department: str
    offers: dict[str, int]  # skill name: proficiency
    wants: dict[str, tuple[int, int]]  # skill name: (priority, current level)
    hr_admin: bool = False


DEMO_PEOPLE = [
    DemoPerson(
        f"helen.ramirez@{COMPANY_DOMAIN}", "Helen", "Ramirez", "HR admin",
        title="HR Business Partner", level=6, department="People",
        offers={"Career planning": 4, "Stakeholder management": 3},
        wants={"Data dashboards": (2, 2)},
        hr_admin=True,
    ),
    DemoPerson(
        f"margaret.okafor@{COMPANY_DOMAIN}", "Margaret", "Okafor", "executive (CFO)",
        title="Chief Financial Officer", level=10, department="Finance",
        offers={"Negotiation": 5, "Strategic thinking": 5, "Executive communication": 4,
                "Stakeholder management": 4},
        wants={"Social media for leaders": (3, 1), "Generative AI assistants": (3, 1),
               "Collaboration tools": (2, 2)},
    ),
    DemoPerson(
        f"leo.park@{COMPANY_DOMAIN}", "Leo", "Park", "junior employee (analyst)",
        title="Marketing Analyst", level=3, department="Marketing",
        offers={"Social media for leaders": 5, "Generative AI assistants": 4,
                "Collaboration tools": 4, "Video calls and hybrid meetings": 4},
        wants={"Executive communication": (3, 2), "Negotiation": (2, 1),
               "Career planning": (2, 2)},
    ),
]  # fmt: skip


# The CFO's assistant, her delegate: level 5 is neither a mentee nor a mentor in the programs.
DEMO_ASSISTANT = DemoPerson(
    f"priya.shah@{COMPANY_DOMAIN}", "Priya", "Shah", "assistant (CFO's delegate)",
    title="Executive Assistant to the CFO", level=5, department="Finance", offers={}, wants={},
)  # fmt: skip


# Department: (the chief it reports to, main office time zone).
DEPARTMENTS = {
    "Finance": ("Chief Financial Officer", "Europe/London"),
    "Marketing": ("Chief Marketing Officer", "America/New_York"),
    "Sales": ("Chief Commercial Officer", "America/Chicago"),
    "Operations": ("Chief Operating Officer", "Europe/Berlin"),
    "Technology": ("Chief Technology Officer", "Asia/Kolkata"),
    "People": ("Chief People Officer", "Europe/London"),
    "Legal": ("Chief Financial Officer", "Europe/London"),
    "Customer Service": ("Chief Operating Officer", "Asia/Singapore"),
    "Supply Chain": ("Chief Operating Officer", "Asia/Singapore"),
    "Communications": ("Chief Marketing Officer", "America/New_York"),
}
OFFICES = {
    "Europe/London": "London",
    "America/New_York": "New York",
    "America/Chicago": "Chicago",
    "Europe/Berlin": "Berlin",
    "Asia/Kolkata": "Bangalore",
    "Asia/Singapore": "Singapore",
}
AVAILABILITY_SLOTS = [value for value, _ in AVAILABILITY_CHOICES]
HOPES = {
    Role.MENTEE: [
        "Post on LinkedIn without a ghost-writer, and understand what our customers see there.",
        "Use an AI assistant for my board papers, safely.",
        "Stop dreading hybrid meetings: run them well from my phone when I travel.",
        "Understand how younger customers discover and buy online.",
    ],
    Role.MENTOR: [
        "Learn how decisions are really made at the top, and get better at presenting to leaders.",
        "Build my network beyond my team and plan my next career step.",
        "Practise negotiation and executive communication with someone who does it daily.",
    ],
}
STAFF_TITLES = {1: "Assistant", 2: "Associate", 3: "Analyst", 4: "Senior Analyst"}
DIGITAL = "Digital skills"
BUSINESS = "Business and soft skills"


@dataclass
class Employee:
    email: str
    first_name: str
    last_name: str
    title: str = ""
    level: int = 1
    department: str = ""
    manager: str | None = None  # e-mail
    timezone: str = "Europe/London"


def _company_people(count: int) -> list[tuple[str, str, str]]:
    """(email, first name, last name) for the rest of the company, the same on every run."""
    rng = random.Random(2026)
    people: list[tuple[str, str, str]] = []
    seen = {person.email for person in DEMO_PEOPLE}
    while len(people) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}@{COMPANY_DOMAIN}".lower()
        suffix = 2
        while email in seen:
            email = f"{first}.{last}{suffix}@{COMPANY_DOMAIN}".lower()
            suffix += 1
        seen.add(email)
        people.append((email, first, last))
    return people


def _org_chart(count: int) -> list[Employee]:
    """A CEO and a C-suite; per department a VP, directors, managers and their staff."""
    rng = random.Random(7)
    pool = [Employee(email, first, last) for email, first, last in _company_people(count)]
    ceo = pool.pop(0)
    ceo.title, ceo.level, ceo.department = "Chief Executive Officer", 10, "Executive Office"
    chiefs = {"Chief Financial Officer": DEMO_PEOPLE[1].email}
    people = [ceo]
    for title in sorted({chief for chief, _ in DEPARTMENTS.values()} - set(chiefs)):
        chief = pool.pop(0)
        chief.title, chief.level, chief.manager = title, 10, ceo.email
        chief.department = "Executive Office"
        chiefs[title] = chief.email
        people.append(chief)
    size = len(pool) // len(DEPARTMENTS)
    for index, (department, (chief_title, zone)) in enumerate(DEPARTMENTS.items()):
        members = pool[index * size : (index + 1) * size]
        people += _department(members, department, chiefs[chief_title], zone, rng)
    return people


def _department(
    members: list[Employee], department: str, chief: str, zone: str, rng: random.Random
) -> list[Employee]:
    """One VP, two directors, two managers per director, everyone else on a manager's team."""
    vp, directors, managers, staff = members[0], members[1:3], members[3:7], members[7:]
    vp.title, vp.level, vp.manager = f"VP {department}", rng.choice([8, 9]), chief
    for director in directors:
        director.title, director.level, director.manager = f"Director, {department}", 7, vp.email
    for position, manager in enumerate(managers):
        manager.level = rng.choice([5, 6])
        manager.title = f"{'Senior ' if manager.level == 6 else ''}{department} Manager"
        manager.manager = directors[position // 2].email
    for position, person in enumerate(staff):
        person.level = rng.choice([1, 2, 3, 3, 3, 4, 4])
        person.title = f"{department} {STAFF_TITLES[person.level]}"
        person.manager = managers[position % len(managers)].email
    for person in members:
        person.department = department
        # Most people sit in the department's main office; some elsewhere.
        person.timezone = zone if rng.random() < 0.7 else rng.choice(sorted(OFFICES))
    return members


def _skills_for(level: int, rng: random.Random, digital: list[str], business: list[str]):
    """Juniors teach digital skills and want business ones; executives the other way round.

    About one in five breaks the pattern: an executive who is good with dashboards, a junior
    who already speaks well in public.
    """
    teach, learn = (digital, business) if level <= 4 else (business, digital)
    if level in (5, 6):
        teach, learn = rng.choice([(digital, business), (business, digital)])
    offered = {name: rng.choice([3, 4, 4, 5, 5]) for name in rng.sample(teach, rng.randint(2, 4))}
    if rng.random() < 0.2:
        offered.setdefault(rng.choice(learn), rng.choice([3, 4]))
    wanted = {}
    for name in rng.sample(learn, rng.randint(1, 3)):
        if name not in offered:
            wanted[name] = (rng.choice([1, 2, 3, 3]), rng.choice([1, 1, 2, 2, 3]))
    if rng.random() < 0.2:
        extra = rng.choice(teach)
        if extra not in offered:
            wanted[extra] = (rng.choice([1, 2]), rng.choice([2, 3]))
    return offered, wanted


def _ensure_demo_person(person: DemoPerson) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        email=person.email,
        defaults={"first_name": person.first_name, "last_name": person.last_name},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        # Demo logins work at once: their e-mail counts as confirmed.
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    if person.hr_admin:
        user.groups.add(Group.objects.get(name=HR_ADMINS_GROUP))
    return user, created


def _ensure_company(count: int) -> int:
    wanted = _org_chart(count)
    existing = set(
        User.objects.filter(email__in=[e.email for e in wanted]).values_list("email", flat=True)
    )
    new_users = [
        User(email=e.email, first_name=e.first_name, last_name=e.last_name, password="!")
        for e in wanted
        if e.email not in existing
    ]
    User.objects.bulk_create(new_users)  # no password yet: an HR invitation sets one
    return len(new_users)


def _demo_profiles(count: int) -> list[tuple[Employee, dict, dict]]:
    """Everyone's profile and skills: the named demo people as written, the rest generated."""
    rng = random.Random(11)
    skills = Skill.objects.active().select_related("category")
    digital = sorted(s.name for s in skills if s.category.name == DIGITAL)
    business = sorted(s.name for s in skills if s.category.name == BUSINESS)
    chart = _org_chart(count)
    by_email = {e.email: e for e in chart}
    marketing_manager = next(e for e in chart if e.level in (5, 6) and e.department == "Marketing")
    chief_people_officer = next(e for e in chart if e.title == "Chief People Officer")
    managers = {"People": chief_people_officer.email, "Finance": chart[0].email}  # CEO
    result = []
    for person in DEMO_PEOPLE:
        employee = by_email.get(person.email) or Employee(
            person.email, person.first_name, person.last_name
        )
        employee.title, employee.level = person.title, person.level
        employee.department, employee.timezone = person.department, "Europe/London"
        employee.manager = managers.get(person.department, marketing_manager.email)
        result.append((employee, person.offers, person.wants))
    for employee in chart:
        if employee.email not in {p.email for p in DEMO_PEOPLE}:
            result.append((employee, *_skills_for(employee.level, rng, digital, business)))
    return result


def _ensure_profiles(count: int) -> int:
    """Profiles and skills for people who have none yet; existing profiles are left alone."""
    entries = _demo_profiles(count)
    users = {u.email: u for u in User.objects.filter(email__in=[e.email for e, _, _ in entries])}
    has_profile = set(Profile.objects.values_list("user__email", flat=True))
    skill_ids = dict(Skill.objects.values_list("name", "pk"))
    new = [(e, o, w) for e, o, w in entries if e.email not in has_profile]
    Profile.objects.bulk_create(
        Profile(
            user=users[e.email],
            title=e.title,
            level=e.level,
            department=e.department,
            manager=users.get(e.manager) if e.manager else None,
            timezone=e.timezone,
            location=OFFICES.get(e.timezone, ""),
        )
        for e, _, _ in new
    )
    SkillOffered.objects.bulk_create(
        SkillOffered(user=users[e.email], skill_id=skill_ids[name], proficiency=level)
        for e, offers, _ in new
        for name, level in offers.items()
    )
    SkillWanted.objects.bulk_create(
        SkillWanted(
            user=users[e.email], skill_id=skill_ids[name], priority=priority, current_level=current
        )
        for e, _, wants in new
        for name, (priority, current) in wants.items()
    )
    return len(new)


def _ensure_program(name: str, **fields) -> tuple[Program, bool]:
    return Program.objects.get_or_create(name=name, defaults=fields)


def _enrol_demo_people(
    program: Program, *, mentees: int, mentors: int, pending_share: float
) -> int:
    """Believable enrolments: executives as mentees, juniors as mentors, the demo pair first."""
    profiles = list(
        Profile.objects.filter(level__isnull=False).select_related("user").order_by("user__email")
    )
    rng = random.Random(program.name)
    _, margaret, leo = DEMO_PEOPLE
    seniors = [
        p
        for p in profiles
        if (p.level or 0) >= program.mentee_min_level and p.user.email != margaret.email
    ]
    juniors = [
        p
        for p in profiles
        if (p.level or 99) <= program.mentor_max_level and p.user.email != leo.email
    ]
    chosen = [(p, Role.MENTEE) for p in rng.sample(seniors, min(mentees, len(seniors)))]
    chosen += [(p, Role.MENTOR) for p in rng.sample(juniors, min(mentors, len(juniors)))]
    if program.phase == Phase.RUNNING:
        by_email = {p.user.email: p for p in profiles}
        chosen = [
            (by_email[margaret.email], Role.MENTEE),
            (by_email[leo.email], Role.MENTOR),
        ] + chosen
    already = set(program.enrolments.values_list("user_id", flat=True))
    new = []
    for profile, role in chosen:
        if profile.user_id in already:
            continue
        already.add(profile.user_id)
        rng = random.Random(f"{program.name}/{profile.user.email}")  # the same on every run
        pending = program.requires_approval and rng.random() < pending_share
        new.append(
            Enrolment(
                program=program,
                user=profile.user,
                role=role,
                status=EnrolmentStatus.PENDING if pending else EnrolmentStatus.APPROVED,
                hopes=rng.choice(HOPES[role]),
                availability=rng.sample(AVAILABILITY_SLOTS, 4),
                capacity=rng.choice([1, 1, 2]) if role == Role.MENTOR else 1,
                ground_rules_accepted_at=timezone.now()
                - datetime.timedelta(days=rng.randint(1, 20)),
            )
        )
    Enrolment.objects.bulk_create(new)
    return len(new)


def _ensure_programs() -> int:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    hr = User.objects.get(email=DEMO_PEOPLE[0].email)
    running, _ = _ensure_program(
        "Digital Leaders · Spring cohort",
        description="Our executives learn the digital habits of our customers and colleagues "
        "from juniors who live them, and give back what they know about business and careers.",
        goals="Every executive posts on LinkedIn with confidence and uses an AI assistant weekly; "
        "every junior gains a senior sponsor and a clearer view of the business.",
        phase=Phase.RUNNING,
        enrolment_opens=today - 100 * day,
        enrolment_closes=today - 75 * day,
        starts_on=today - 60 * day,
        ends_on=today + 120 * day,
        cadence_weeks=2,
        meeting_minutes=45,
        default_capacity=2,
        created_by=hr,
    )
    enrolling, _ = _ensure_program(
        "Digital Leaders · Autumn cohort",
        description="The second cohort: generative AI at work, online reputation and hybrid "
        "meetings for our senior leaders.",
        goals="Close the generative-AI gap in the leadership team before the strategy offsite.",
        phase=Phase.ENROLLING,
        enrolment_opens=today - 7 * day,
        enrolment_closes=today + 21 * day,
        starts_on=today + 30 * day,
        ends_on=today + 210 * day,
        cadence_weeks=3,
        meeting_minutes=60,
        default_capacity=2,
        requires_approval=True,
        created_by=hr,
    )
    created = _enrol_demo_people(running, mentees=24, mentors=30, pending_share=0)
    created += _enrol_demo_people(enrolling, mentees=14, mentors=18, pending_share=0.4)
    _pair_running_program(running, hr)
    return created


def _pair_running_program(program: Program, hr: User) -> None:
    """Publish the running program's pairs once, the demo executive with the demo junior."""
    if program.pairings.exists():
        return
    _, margaret, leo = DEMO_PEOPLE
    PairRule.objects.create(
        program=program,
        mentee=program.enrolments.get(user__email=margaret.email),
        mentor=program.enrolments.get(user__email=leo.email),
        kind=PairRule.Kind.LOCK,
        created_by=hr,
    )
    run = PairingRun.objects.create(program=program, started_by=hr)
    pairing_run_execute(run=run)
    pairings_publish(program=program, by=hr, introduce=False)


def _ensure_demo_sessions() -> int:
    """The running program's pairs in full swing: goals, past meetings with their logs and an
    upcoming meeting with an agenda (pairs that have a meeting already are left alone)."""
    return seed_pair_sessions(
        program_name="Digital Leaders · Spring cohort", demo_mentee_email=DEMO_PEOPLE[1].email
    )


def _ensure_demo_notifications() -> int:
    """A few notifications under the bell of each demo person (once: only if they have none)."""
    hr, margaret, leo = (User.objects.get(email=person.email) for person in DEMO_PEOPLE)
    upcoming = Meeting.objects.visible_to(margaret).upcoming().first()
    meeting_link = (
        reverse("sessions_log:meeting", kwargs={"pk": upcoming.pk}) if upcoming else reverse("home")
    )
    autumn = Program.objects.filter(phase=Phase.ENROLLING).first()
    wanted = {
        margaret: [
            ("meeting_soon", "Your meeting is coming", "Leo has prepared the agenda.",
             meeting_link),
            ("enrolment_open", f"{autumn.name} is open for enrolment" if autumn else "",
             "Tell a colleague: executives from level 7 can enrol.", reverse("programs:list")),
        ],
        leo: [
            ("agenda_empty", "Prepare the agenda", "Add two or three topics before the meeting.",
             meeting_link),
        ],
        hr: [
            ("hr_digest", "Your weekly program digest",
             "New enrolments in the Autumn cohort; most pairs met this fortnight.",
             reverse("hr_programs")),
        ],
    }  # fmt: skip
    created = 0
    for user, notes in wanted.items():
        if Notification.objects.filter(recipient=user).exists():
            continue
        for kind, title, body, link in notes:
            if title:
                Notification.objects.create(
                    recipient=user, kind=kind, title=title, body=body, link=link
                )
                created += 1
    return created


def _ensure_demo_delegate() -> int:
    """Margaret's assistant looks after her mentoring calendar (once)."""
    assistant, _ = _ensure_demo_person(DEMO_ASSISTANT)
    margaret = User.objects.get(email=DEMO_PEOPLE[1].email)
    Profile.objects.get_or_create(
        user=assistant,
        defaults={
            "title": DEMO_ASSISTANT.title,
            "level": DEMO_ASSISTANT.level,
            "department": DEMO_ASSISTANT.department,
            "manager": margaret,
            "timezone": "Europe/London",
            "location": "London",
        },
    )
    if Delegation.objects.filter(executive=margaret, delegate=assistant).exists():
        return 0
    Delegation.objects.create(
        executive=margaret,
        delegate=assistant,
        status=Delegation.Status.ACCEPTED,
        answered_at=timezone.now() - datetime.timedelta(days=20),
    )
    return 1


def _ensure_demo_concern() -> int:
    """One anonymous concern in the running program, for HR's list (once)."""
    if Concern.objects.exists():
        return 0
    demo = [person.email for person in DEMO_PEOPLE]
    pairing = (
        Pairing.objects.active()
        .filter(program__name="Digital Leaders · Spring cohort")
        .exclude(mentee__user__email__in=demo)
        .order_by("pk")
        .first()
    )
    if pairing is None:
        return 0
    concern_raise(
        pairing=pairing,
        by=pairing.mentor.user,
        category="not_meeting",
        text="My executive has moved our meeting four times. I would like to keep going, but I "
        "do not know how to raise it with them.",
        named=False,
    )
    return 1


@transaction.atomic
def seed_demo(*, employee_count: int = EMPLOYEE_COUNT) -> dict[str, int]:
    created_demo = sum(_ensure_demo_person(person)[1] for person in DEMO_PEOPLE)
    created_company = _ensure_company(employee_count)
    created_profiles = _ensure_profiles(employee_count)
    return {
        "demo people created": created_demo,
        "employees created": created_company,
        "profiles created": created_profiles,
        "enrolments created": _ensure_programs(),
        "meetings created": _ensure_demo_sessions(),
        "notifications created": _ensure_demo_notifications(),
        "delegates created": _ensure_demo_delegate(),
        "concerns created": _ensure_demo_concern(),
        "closed pilot pairs created": _ensure_pilot_cohort(),
    }


def _ensure_pilot_cohort() -> int:
    """A closed cohort with its outcomes; the demo junior mentored in it: a certificate."""
    hr, margaret, leo = DEMO_PEOPLE
    created = seed_pilot_cohort(
        hr=User.objects.get(email=hr.email),
        demo_junior_email=leo.email,
        demo_executive_email=margaret.email,
    )
    if created:
        pilot = Program.objects.get(name=PILOT)
        Notification.objects.create(
            recipient=User.objects.get(email=leo.email),
            kind="certificate_ready",
            title=f"Your certificate for {pilot.name} is ready",
            body="Thank you for mentoring. Download your certificate, and send your manager a "
            "note of recognition if you wish.",
            link=reverse("outcomes:recognition", kwargs={"pk": pilot.pk}),
        )
    return created
