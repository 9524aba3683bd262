"""Demo data for the pairs of a running program: goals, three past meetings with their logs,
and an upcoming meeting with an agenda. Called from mentoring.demo.seed_demo.

A pair that has any meeting already is left alone, so seeding twice adds nothing.
"""

import datetime
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import Skill
from pairing.models import Pairing

from .models import (
    AgendaItem,
    Goal,
    GoalProgress,
    Meeting,
    PrivateNote,
    Rating,
    SessionLog,
    TopicTemplate,
)
from .timezones import local_to_utc

PAST_MEETINGS = [-42, -28, -14]  # days from today: a meeting every two weeks
VIDEO_LINK = "https://teams.example/meet/reverse-mentoring"

# The demo pair, written out: what the demo executive's home page shows. Goals are
# (direction, title, success, skills, progress after each past meeting: start, 1, 2, 3);
# logs are (summary, skills covered, (executive's, mentor's) rating, (their private notes)).
DEMO_PLAN: dict[str, Any] = {
    "goals": [
        ("mentee", "Post on LinkedIn with confidence",
         "One post a week for a month, written by me; one post with a hundred reactions.",
         ["Social media for leaders"], [0, 20, 35, 45]),
        ("mentee", "Use an AI assistant for my board papers",
         "Every board pack summarised with the approved assistant, and the summary checked.",
         ["Generative AI assistants"], [0, 0, 20, 20]),
        ("mentor", "Present my campaign results to the leadership team",
         "A five-minute talk that leads with the decision I need.",
         ["Executive communication"], [0, 10, 30, 30]),
    ],
    "logs": [
        ("Looked at Margaret's LinkedIn profile as a stranger would: new headline and photo. "
         "Agreed on three leaders to follow and why their posts work.",
         ["Social media for leaders"], (5, 4),
         ("Ask my assistant to stop ghost-writing from next month.",
          "She prefers real examples from our industry: prepare two for next time.")),
        ("First hour with the approved AI assistant: summarised the Q3 board pack and found one "
         "made-up figure together. Leo practised his campaign pitch; Margaret's advice: lead "
         "with the decision you want.",
         ["Generative AI assistants", "Executive communication"], (4, 5), (None, None)),
        ("Margaret drafted her first post about the finance team's graduate scheme; we went "
         "through comments and replies. Next: publish it and look at the reactions together.",
         ["Social media for leaders"], (5, 5),
         ("Publish on Tuesday morning, before the results call.", None)),
    ],
    "topic": "LinkedIn for leaders: first post",
    "question": "How do I answer a critical comment without starting an argument?",
    "missed": None,
}  # fmt: skip
SUMMARIES = [
    "Set up a phone for work on the move: mail, calendar and the collaboration app. Agreed on "
    "one habit to try before the next meeting.",
    "Went through the dashboards the team uses every Monday; {mentor} explained what each "
    "chart is for. {mentee} shared how the leadership team reads them.",
    "Practised a hybrid meeting from the phone: joining, muting, sharing a screen. {mentee} "
    "gave {mentor} advice on presenting to senior people.",
]


def seed_pair_sessions(*, program_name: str, demo_mentee_email: str) -> int:
    """Meetings, logs and goals for the published pairs of the program that have no meeting
    yet; the demo executive's pair gets the written-out plan. Returns the meetings created."""
    pairings = (
        Pairing.objects.active()
        .filter(program__name=program_name, meetings__isnull=True)
        .select_related("program", "mentee__user__profile", "mentor__user__profile")
        .order_by("pk")
    )
    skills = {s.name: s for s in Skill.objects.all()}
    topics = {t.title: t for t in TopicTemplate.objects.all()}
    created = 0
    for pairing in pairings:
        rng = random.Random(f"sessions/{pairing.mentee.user.email}")  # the same on every run
        is_demo = pairing.mentee.user.email == demo_mentee_email
        plan = DEMO_PLAN if is_demo else _plan(pairing, rng, list(topics))
        goals = _goals(pairing, plan, skills)
        created += _past_meetings(pairing, plan, goals, skills)
        _upcoming_meeting(pairing, plan, topics.get(plan["topic"]), days=3 if is_demo else None)
        created += 1
    return created


def _plan(pairing: Pairing, rng: random.Random, topic_titles: list[str]) -> dict[str, Any]:
    """A believable plan for any pair, from what the executive and the junior want to learn."""
    mentee, mentor = pairing.mentee.user, pairing.mentor.user
    learn = list(mentee.skills_wanted.values_list("skill__name", flat=True)[:1])
    give = list(mentor.skills_wanted.values_list("skill__name", flat=True)[:1])
    names = {"mentee": mentee.first_name, "mentor": mentor.first_name}
    return {
        "goals": [
            ("mentee", f"Use {(learn or ['digital tools'])[0].lower()} every week",
             "A habit kept for a month, shown to the team.", learn,
             [0, rng.choice([10, 20]), rng.choice([30, 40, 50]), rng.choice([50, 60, 70])]),
            ("mentor", f"Get better at {(give or ['presenting'])[0].lower()}",
             "Feedback from a senior colleague after trying it for real.", give,
             [0, 10, rng.choice([20, 30]), rng.choice([30, 40])]),
        ],
        "logs": [
            (rng.choice(SUMMARIES).format(**names), learn,
             (rng.choice([3, 4, 5]), rng.choice([4, 5])), (None, None))
            for _ in PAST_MEETINGS
        ],
        # About a third of the mentors have not prepared their next agenda yet.
        "topic": rng.choice(topic_titles) if topic_titles and rng.random() < 0.65 else None,
        "question": None,
        "missed": rng.choice([None, None, 1]),
    }  # fmt: skip


def _at_ten(pairing: Pairing, days: int) -> datetime.datetime:
    """10:00 on a weekday in the executive's own time zone, `days` from today."""
    zone = getattr(pairing.mentee.user, "profile", None)
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return local_to_utc(day, datetime.time(10), ZoneInfo(zone and zone.timezone or "UTC"))


def _meeting(pairing: Pairing, starts_at: datetime.datetime, **fields) -> Meeting:
    minutes = datetime.timedelta(minutes=pairing.program.meeting_minutes)
    return Meeting.objects.create(
        pairing=pairing,
        starts_at=starts_at,
        ends_at=starts_at + minutes,
        created_by=pairing.mentor.user,
        **fields,
    )


def _goals(pairing: Pairing, plan: dict, skills: dict[str, Skill]) -> list[Goal]:
    goals = []
    for direction, title, success, skill_names, steps in plan["goals"]:
        by = pairing.mentee.user if direction == "mentee" else pairing.mentor.user
        goal = Goal.objects.create(
            pairing=pairing,
            direction=direction,
            title=title,
            success=success,
            progress=steps[-1],
            version=len(set(steps)),
            created_by=by,
            updated_by=pairing.mentor.user,
        )
        goal.skills.set([skills[n] for n in skill_names if n in skills])
        start = _at_ten(pairing, PAST_MEETINGS[0] - 3)
        GoalProgress.objects.create(goal=goal, progress=0, status="open", by=by, at=start)
        goals.append(goal)
    return goals


def _past_meetings(pairing: Pairing, plan: dict, goals: list[Goal], skills) -> int:
    mentee, mentor = pairing.mentee.user, pairing.mentor.user
    for index, days in enumerate(PAST_MEETINGS):
        in_person = index % 2 == 0
        meeting = _meeting(
            pairing,
            _at_ten(pairing, days),
            place=f"{mentee.profile.location or 'Head'} office, 4th floor" if in_person else "",
            video_url="" if in_person else VIDEO_LINK,
        )
        summary, covered, scores, notes = plan["logs"][index]
        held = index != plan["missed"]
        log = SessionLog.objects.create(
            meeting=meeting,
            held=held,
            summary=summary if held else "",
            logged_by=mentor,
            updated_by=mentor,
        )
        if not held:
            continue
        log.skills_covered.set([skills[n] for n in covered if n in skills])
        for person, role, score, note in zip(
            (mentee, mentor), ("mentee", "mentor"), scores, notes, strict=True
        ):
            Rating.objects.create(log=log, by=person, role=role, score=score)
            if note:
                PrivateNote.objects.create(log=log, author=person, text=note)
        for goal, (*_, steps) in zip(goals, plan["goals"], strict=True):
            if steps[index + 1] != steps[index]:
                GoalProgress.objects.create(
                    goal=goal,
                    progress=steps[index + 1],
                    status="open",
                    by=mentor,
                    meeting=meeting,
                    at=meeting.ends_at,
                )
    return len(PAST_MEETINGS)


def _upcoming_meeting(
    pairing: Pairing, plan: dict, topic: TopicTemplate | None, days: int | None
) -> Meeting:
    rng = random.Random(f"upcoming/{pairing.mentee.user.email}")
    meeting = _meeting(
        pairing, _at_ten(pairing, days or rng.randint(1, 12)), video_url=VIDEO_LINK, topic=topic
    )
    mentor = pairing.mentor.user
    items = [(i["title"], i.get("details", ""), mentor) for i in (topic.items if topic else [])]
    if plan["question"]:
        items.append((plan["question"], "", pairing.mentee.user))
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, title=title, details=details, added_by=by, position=position)
        for position, (title, details, by) in enumerate(items)
    )
    return meeting
