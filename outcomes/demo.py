"""Demo data for `make run`: a closed pilot cohort with its outcomes, so that HR's outcomes
page is full. Called from mentoring.demo.seed_demo; it creates the cohort once (if a program
of that name exists, nothing is added).

The pilot ran from about 13 to 7 months ago: 20 pairs met every two weeks; everyone rated
their skills at enrolment, the midpoint and the end; most answered both pulse surveys; a few
junior mentors, and more of their colleagues who did not take part, have left the company
since, so the retention comparison has figures 6 and 12 months on.
"""

import datetime
import random

from django.utils import timezone

from accounts.models import Profile, Skill, SkillWanted, User
from pairing.models import Pairing
from programs.models import Enrolment, EnrolmentStatus, Phase, Program, Role
from sessions_log.models import Goal, Meeting, Rating, SessionLog

from .models import Answer, CheckIn, FitCheck, Moment, Question, SkillLevel, Thanks
from .services import survey_for

PILOT = "Digital Leaders · Pilot cohort"
PAIRS = 20
THANKS = [
    "{name} made social media feel like a tool, not a threat. I post every week now.",
    "Patient, well prepared and honest with me: exactly what I needed.",
    "Thanks to {name}, I use an AI assistant for every board paper.",
    "{name} taught me more about our customers than any report.",
]
IDEAS = [
    "More time between meetings to practise on my own.",
    "A short kick-off with all the pairs together.",
    "Let us choose the topics earlier.",
    "Meet in person at least once.",
    "A shared channel to swap tips with other pairs.",
    "Keep the meetings to 45 minutes: it works.",
]


def seed_pilot_cohort(*, hr: User, demo_junior_email: str, demo_executive_email: str) -> int:
    """The closed pilot with everything its outcomes page shows; returns the pairs created."""
    if Program.objects.filter(name=PILOT).exists():
        return 0
    today = timezone.localdate()
    program = Program.objects.create(
        name=PILOT,
        description="The first cohort: twenty executives and twenty juniors, six months.",
        goals="Executives at ease with social media and AI assistants; juniors seen by leaders.",
        phase=Phase.CLOSED,
        enrolment_opens=today - datetime.timedelta(days=430),
        enrolment_closes=today - datetime.timedelta(days=405),
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=218),
        cadence_weeks=2,
        created_by=hr,
    )
    rng = random.Random(PILOT)
    pairs = _pairs(program, rng, demo_junior_email, demo_executive_email)
    for index, pairing in enumerate(pairs):
        _meetings(pairing, rng)
        _goals(pairing, rng)
        _levels(pairing, rng)
        FitCheck.objects.create(pairing=pairing, role=Role.MENTEE, fit=rng.choice([3, 4, 4, 5]),
                                learning=rng.choice([2, 4, 4, 5]) if index else 5)  # fmt: skip
        FitCheck.objects.create(pairing=pairing, role=Role.MENTOR, fit=rng.choice([4, 4, 5]),
                                learning=rng.choice([3, 4, 5]))  # fmt: skip
        if index % 3 == 0:
            name = pairing.mentor.user.first_name
            Thanks.objects.create(pairing=pairing, text=rng.choice(THANKS).format(name=name))
    _surveys(program, pairs, rng)
    _leavers(program, pairs, rng, today, keep={demo_junior_email})
    return len(pairs)


def _pairs(
    program: Program, rng: random.Random, demo_junior_email: str, demo_executive_email: str
) -> list[Pairing]:
    """Executives (some take part again later), and juniors who are in no other program, the
    demo junior first."""
    busy = set(Enrolment.objects.values_list("user_id", flat=True))
    people = Profile.objects.select_related("user").order_by("user_id")
    executives = list(people.filter(level__gte=7).exclude(user__email=demo_executive_email))
    rng.shuffle(executives)
    executives = sorted(executives, key=lambda p: p.user_id in busy)[:PAIRS]  # free ones first
    free = list(people.filter(level__lte=4).exclude(user_id__in=busy))
    free = [p for p in free if p.user.email != demo_junior_email]
    juniors = rng.sample(free, min(PAIRS, len(executives), len(free) + 1) - 1)
    juniors.insert(0, Profile.objects.select_related("user").get(user__email=demo_junior_email))
    assert program.starts_on is not None and program.ends_on is not None
    accepted = timezone.now() - datetime.timedelta(days=420)
    published = timezone.make_aware(datetime.datetime.combine(program.starts_on, datetime.time(9)))
    ended = timezone.make_aware(datetime.datetime.combine(program.ends_on, datetime.time(18)))
    pairs = []
    for executive, junior in zip(executives, juniors, strict=False):
        mentee, mentor = (
            Enrolment.objects.create(
                program=program, user=profile.user, role=role, ground_rules_accepted_at=accepted,
                status=EnrolmentStatus.APPROVED,
            )
            for profile, role in ((executive, Role.MENTEE), (junior, Role.MENTOR))
        )  # fmt: skip
        pairs.append(
            Pairing.objects.create(
                program=program, mentee=mentee, mentor=mentor, status=Pairing.Status.ENDED,
                score=round(rng.uniform(0.55, 0.9), 3), published_at=published, ended_at=ended,
                end_reason="the program closed", introduced_at=published,
            )
        )  # fmt: skip
    return pairs


def _meetings(pairing: Pairing, rng: random.Random) -> None:
    """A meeting every two weeks; most held, some missed or cancelled; the odd one skipped."""
    assert pairing.program.starts_on is not None
    first = timezone.make_aware(
        datetime.datetime.combine(pairing.program.starts_on, datetime.time(10))
    ) + datetime.timedelta(days=rng.randint(2, 9))
    keen = rng.random()
    skills = list(Skill.objects.filter(wanted_by__user=pairing.mentee.user)[:2])
    for week in range(0, 26, 2):
        if rng.random() > 0.6 + 0.4 * keen:
            continue  # a fortnight without a meeting
        starts_at = first + datetime.timedelta(weeks=week)
        cancelled = rng.random() < 0.07
        status = Meeting.Status.CANCELLED if cancelled else Meeting.Status.SCHEDULED
        meeting = Meeting.objects.create(
            pairing=pairing, starts_at=starts_at, status=status,
            ends_at=starts_at + datetime.timedelta(minutes=45), created_by=pairing.mentor.user,
        )  # fmt: skip
        if cancelled:
            continue
        held = rng.random() > 0.1
        log = SessionLog.objects.create(meeting=meeting, held=held, logged_by=pairing.mentor.user)
        if held:
            log.skills_covered.set(skills)
            for enrolment in (pairing.mentee, pairing.mentor):
                Rating.objects.create(log=log, by=enrolment.user, role=enrolment.role,
                                      score=rng.choice([3, 4, 4, 5, 5]))  # fmt: skip


def _goals(pairing: Pairing, rng: random.Random) -> None:
    for direction, title in (("mentee", "Use the new tools every week"),
                             ("mentor", "Present to the leadership team")):  # fmt: skip
        progress = rng.choice([40, 60, 80, 100, 100])
        Goal.objects.create(
            pairing=pairing, direction=direction, title=title, progress=progress,
            status=Goal.Status.ACHIEVED if progress == 100 else Goal.Status.OPEN,
        )  # fmt: skip


def _levels(pairing: Pairing, rng: random.Random) -> None:
    """Start levels from the profile; most people rise a level or two by the end."""
    for enrolment in (pairing.mentee, pairing.mentor):
        wanted = SkillWanted.objects.filter(user=enrolment.user)
        answers_end = rng.random() < 0.85
        for want in wanted:
            start = want.current_level
            middle = min(5, start + rng.choice([0, 1, 1]))
            end = min(5, middle + rng.choice([0, 1, 1, 2]))
            rows = [(Moment.START, start), (Moment.MIDPOINT, middle)]
            rows += [(Moment.END, end)] if answers_end else []
            SkillLevel.objects.bulk_create(
                SkillLevel(enrolment=enrolment, skill_id=want.skill_id, moment=m, level=level)
                for m, level in rows
            )
        CheckIn.objects.create(enrolment=enrolment, moment=Moment.MIDPOINT)
        if answers_end:
            CheckIn.objects.create(enrolment=enrolment, moment=Moment.END)


def _surveys(program: Program, pairs: list[Pairing], rng: random.Random) -> None:
    """Answers kept without names, as the check-in page stores them."""
    answers = []
    for moment in (Moment.MIDPOINT, Moment.END):
        questions = list(survey_for(program=program, moment=moment).questions.all())
        answered = CheckIn.objects.filter(enrolment__program=program, moment=moment)
        for role in answered.values_list("enrolment__role", flat=True):
            for question in questions:
                if not question.asks(role):
                    continue
                if question.kind == Question.Kind.TEXT:
                    if rng.random() < 0.4:
                        answers.append(Answer(question=question, role=role,
                                              text=rng.choice(IDEAS)))  # fmt: skip
                    continue
                scale = rng.choice([3, 4, 4, 5, 5] if moment == Moment.END else [2, 3, 4, 4, 5])
                answers.append(Answer(question=question, role=role, scale=scale))
    Answer.objects.bulk_create(answers)


def _leavers(
    program: Program, pairs: list[Pairing], rng: random.Random, today: datetime.date,
    keep: set[str],
) -> None:  # fmt: skip
    """Two of the pilot's mentors and about one in five of their peers have left since."""
    assert program.starts_on is not None
    start = program.starts_on
    mentors = [p.mentor.user_id for p in pairs if p.mentor.user.email not in keep]
    leaving = rng.sample(mentors, 2)
    mentor_levels = Profile.objects.filter(user_id__in=[p.mentor.user_id for p in pairs])
    peers = (
        Profile.objects.filter(
            level__in=mentor_levels.values("level"),
            department__in=mentor_levels.values("department"),
        )
        .exclude(user__enrolments__isnull=False)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    leaving += [pk for pk in peers if rng.random() < 0.22]
    for user_id in leaving:
        left_on = start + datetime.timedelta(days=rng.randint(30, (today - start).days - 10))
        Profile.objects.filter(user_id=user_id).update(left_on=left_on)
    User.objects.filter(pk__in=leaving).update(is_active=False)
