"""The outcome figures of a program, as plain data: HR's outcomes page, its CSV files, the
programs list, and (later) the API all read them from here.

Confidentiality: every figure about answers (self-assessed levels, surveys, the early fit
check) is shown only for a group of at least MIN_ANSWERS people; below that the figure is
None and the page says "too few answers to show". Nothing here returns one person's answers
to anyone but that person (`my_growth`).

Each function runs a fixed number of queries, whatever the size of the program.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Avg, Count, DateField, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import User
from concerns.models import Category
from concerns.selectors import program_counts
from pairing.models import Pairing
from programs.models import Enrolment, EnrolmentStatus, Phase, Program, Role
from sessions_log.models import Goal, Meeting, SessionLog

from .defaults import FIT_QUESTIONS, POOR_FIT
from .models import Answer, CanDo, CanDoTick, CheckIn, FitCheck, Moment, Question, SkillLevel
from .models import Thanks as ThanksModel

MIN_ANSWERS = 5  # the smallest group whose answers HR may see, for every aggregate
FORTNIGHT = datetime.timedelta(days=14)
MAX_FORTNIGHTS = 52  # two years on the chart; later meetings count in the last fortnight
ROLES = (Role.MENTEE, Role.MENTOR)


def enough(answered: int) -> bool:
    """The one rule: a figure from answers is shown only when at least 5 people answered."""
    return answered >= MIN_ANSWERS


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def visible_pairings(program: Program) -> QuerySet[Pairing]:
    """The pairs that took part: published, running or ended."""
    return Pairing.objects.filter(program=program, status__in=Pairing.VISIBLE)


def participants(program: Program) -> QuerySet[Enrolment]:
    """Approved enrolments of people who were in a published pair of the program."""
    pairs = visible_pairings(program)
    return program.enrolments.filter(status=EnrolmentStatus.APPROVED).filter(
        Q(pk__in=pairs.values("mentee_id")) | Q(pk__in=pairs.values("mentor_id"))
    )


# Skill growth ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillGrowth:
    """One skill, one direction (executives learning, or juniors learning back), in aggregate."""

    role: str
    skill: str
    answered: int  # people with a start level and a later one
    start: float | None = None
    now: float | None = None
    improved: float | None = None  # share of those who answered whose level went up

    @property
    def shown(self) -> bool:
        return enough(self.answered)

    @property
    def change(self) -> float | None:
        return None if self.start is None or self.now is None else self.now - self.start


def _levels(program_filter: Q) -> QuerySet[SkillLevel, Any]:
    """Per person and skill: the level at the start, the midpoint and the end."""
    return (
        SkillLevel.objects.filter(program_filter)
        .values("enrolment_id", "enrolment__role", "enrolment__program_id", "skill__name")
        .annotate(
            start=Max("level", filter=Q(moment=Moment.START)),
            midpoint=Max("level", filter=Q(moment=Moment.MIDPOINT)),
            end=Max("level", filter=Q(moment=Moment.END)),
        )
        .order_by()
    )


def skill_growth(program: Program) -> list[SkillGrowth]:
    """Per direction and skill: how many answered, average level at the start and now (the
    end, or the midpoint while the end is not answered), and the share who improved."""
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for row in _levels(Q(enrolment__program=program)):
        latest = row["end"] or row["midpoint"]
        if row["start"] is not None and latest is not None:
            pairs[(row["enrolment__role"], row["skill__name"])].append((row["start"], latest))
    rows = []
    for (role, skill), levels in pairs.items():
        if not enough(len(levels)):
            rows.append(SkillGrowth(role=role, skill=skill, answered=len(levels)))
            continue
        rows.append(
            SkillGrowth(
                role=role,
                skill=skill,
                answered=len(levels),
                start=_mean([start for start, _ in levels]),
                now=_mean([latest for _, latest in levels]),
                improved=sum(latest > start for start, latest in levels) / len(levels),
            )
        )
    return sorted(rows, key=lambda r: (ROLES.index(r.role), not r.shown, -r.answered, r.skill))


@dataclass(frozen=True)
class Response:
    moment: str
    role: str
    answered: int
    asked: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.asked if self.asked else None


def check_in_responses(program: Program) -> list[Response]:
    """How many of the people taking part answered each check-in, per side."""
    asked = dict(participants(program).values_list("role").annotate(n=Count("pk")).order_by())
    answered = {
        (row["moment"], row["enrolment__role"]): row["n"]
        for row in CheckIn.objects.filter(enrolment__program=program)
        .values("moment", "enrolment__role")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        Response(moment, role, answered.get((moment, role), 0), asked.get(role, 0))
        for moment in (Moment.MIDPOINT, Moment.END)
        for role in ROLES
    ]


@dataclass(frozen=True)
class MyGrowth:
    skill: str
    start: int | None
    midpoint: int | None
    end: int | None

    @property
    def now(self) -> int | None:
        return self.end or self.midpoint

    @property
    def change(self) -> int | None:
        return None if self.start is None or self.now is None else self.now - self.start


def my_growth(enrolment: Enrolment) -> list[MyGrowth]:
    """One person's own levels, for their own page only."""
    return [
        MyGrowth(row["skill__name"], row["start"], row["midpoint"], row["end"])
        for row in _levels(Q(enrolment=enrolment)).order_by("skill__name")
    ]


# Surveys --------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    moment: str
    text: str
    kind: str
    audience: str
    low_label: str
    high_label: str
    answered: int = 0
    counts: list[int] = field(default_factory=lambda: [0] * 5)  # answers 1..5
    texts: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return enough(self.answered)

    @property
    def average(self) -> float | None:
        if not self.shown or self.kind != Question.Kind.SCALE:
            return None
        return sum((i + 1) * n for i, n in enumerate(self.counts)) / self.answered

    @property
    def favourable(self) -> float | None:
        """The share who answered 4 or 5."""
        if not self.shown or self.kind != Question.Kind.SCALE:
            return None
        return (self.counts[3] + self.counts[4]) / self.answered


def survey_results(program: Program, *, texts: int | None = 50) -> list[QuestionResult]:
    """Every survey question with its answers in aggregate; free text (without names, in
    alphabetical order so that nothing hints at who wrote what) only for questions answered
    at least MIN_ANSWERS times, at most `texts` of them per question (None: all)."""
    questions = Question.objects.filter(survey__program=program).order_by(
        "survey__moment", "position", "pk"
    )
    results = {
        q.pk: QuestionResult(q.survey.moment, q.text, q.kind, q.audience, q.low_label, q.high_label)
        for q in questions.select_related("survey")
    }
    for row in (
        Answer.objects.filter(question__in=list(results))
        .values("question_id", "scale")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        result = results[row["question_id"]]
        result.answered += row["n"]
        if row["scale"] is not None:
            result.counts[row["scale"] - 1] += row["n"]
    with_text = [pk for pk, r in results.items() if r.kind == Question.Kind.TEXT and r.shown]
    if with_text:
        for pk, text in (
            Answer.objects.filter(question__in=with_text)
            .order_by("text")
            .values_list("question_id", "text")
        ):
            if texts is None or len(results[pk].texts) < texts:
                results[pk].texts.append(text)
    moments: list[str] = [Moment.MIDPOINT, Moment.END]
    return sorted(results.values(), key=lambda r: moments.index(r.moment))


# Early pairing fit ----------------------------------------------------------------------------


def fit_results(program: Program) -> list[QuestionResult]:
    """The two fit questions, in aggregate (both sides together)."""
    results = []
    checks = FitCheck.objects.filter(pairing__program=program)
    for name, (text, low, high) in FIT_QUESTIONS.items():
        result = QuestionResult("fit", text, Question.Kind.SCALE, "everyone", low, high)
        for value, n in checks.values_list(name).annotate(n=Count("pk")).order_by():
            result.counts[value - 1] += n
            result.answered += n
        results.append(result)
    return results


def poor_fit(program: Program) -> QuerySet[Pairing]:
    """Published pairs where either side answered the fit check poorly: HR's re-pair list.

    Which side answered what is not part of the result."""
    poor = FitCheck.objects.filter(Q(fit__lte=POOR_FIT) | Q(learning__lte=POOR_FIT))
    return (
        program.pairings.active()
        .filter(pk__in=poor.values("pairing_id"))
        .select_related("mentee__user", "mentor__user")
        .annotate(reported=Max("fit_checks__answered_at"))
        .order_by("reported", "pk")
    )


# Meetings and goals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fortnight:
    starts: datetime.date
    held: int = 0
    missed: int = 0
    cancelled: int = 0


def meetings_by_fortnight(program: Program) -> list[Fortnight]:
    """Meetings of the program's pairs per fortnight from its start: held, missed (logged as
    not held) and cancelled. Meetings nobody logged are in none of the three.

    One query grouped by day (the UTC date, a plain cast: no time-zone function per row),
    bucketed here; earlier meetings count in the first fortnight, later ones in the last.
    """
    if program.starts_on is None:
        return []
    scheduled = Q(status=Meeting.Status.SCHEDULED)
    days = (
        Meeting.objects.filter(pairing__program=program, pairing__status__in=Pairing.VISIBLE)
        .values(day=Cast("starts_at", DateField()))
        .annotate(
            held=Count("pk", filter=scheduled & Q(log__held=True)),
            missed=Count("pk", filter=scheduled & Q(log__held=False)),
            cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
        )
        .order_by()
    )
    last = _fortnight_index(program, 0)
    buckets = [[0, 0, 0] for _ in range(last + 1)]
    for row in days:
        index = min(max(0, (row["day"] - program.starts_on).days // 14), last)
        buckets[index][0] += row["held"]
        buckets[index][1] += row["missed"]
        buckets[index][2] += row["cancelled"]
    return [
        Fortnight(program.starts_on + index * FORTNIGHT, *counts)
        for index, counts in enumerate(buckets)
    ]


def _fortnight_index(program: Program, at_least: int) -> int:
    assert program.starts_on is not None
    until = min(filter(None, [program.ends_on, timezone.localdate()]))
    return min(max(at_least, (until - program.starts_on).days // 14, 0), MAX_FORTNIGHTS - 1)


@dataclass(frozen=True)
class Cadence:
    pairs: int
    expected: int  # meetings the program's rhythm asks of them so far
    held: int
    on_rhythm: int  # pairs that held at least what the rhythm asks

    @property
    def adherence(self) -> float | None:
        return min(self.held, self.expected) / self.expected if self.expected else None


def cadence(program: Program, today: datetime.date | None = None) -> Cadence:
    """Meetings held against the rhythm (one every `cadence_weeks`), pair by pair, capped at
    what the rhythm asks so that a keen pair does not hide a silent one."""
    today = today or timezone.localdate()
    end = min(filter(None, [program.ends_on, today]))
    held = dict(
        SessionLog.objects.filter(
            meeting__pairing__in=visible_pairings(program),
            held=True,
            meeting__status=Meeting.Status.SCHEDULED,
        )
        .values_list("meeting__pairing_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    period = datetime.timedelta(weeks=program.cadence_weeks)
    expected_total = held_total = on_rhythm = pairs = 0
    for pk, published_at, ended_at in visible_pairings(program).values_list(
        "pk", "published_at", "ended_at"
    ):
        since = max(filter(None, [published_at and published_at.date(), program.starts_on]))
        until = min(filter(None, [ended_at and ended_at.date(), end]))
        expected = max(0, (until - since) // period) if since else 0
        pairs += 1
        expected_total += expected
        held_total += min(held.get(pk, 0), expected)
        on_rhythm += expected > 0 and held.get(pk, 0) >= expected
    return Cadence(pairs, expected_total, held_total, on_rhythm)


@dataclass(frozen=True)
class Goals:
    direction: str
    total: int
    achieved: int
    progress: float | None

    @property
    def achieved_share(self) -> float | None:
        return self.achieved / self.total if self.total else None


def goals(program: Program) -> list[Goals]:
    """Goals set and achieved per direction (dropped ones not counted)."""
    rows: dict[str, dict[str, Any]] = {
        row["direction"]: dict(row)
        for row in Goal.objects.counted()
        .filter(pairing__in=visible_pairings(program))
        .values("direction")
        .annotate(
            total=Count("pk"),
            achieved=Count("pk", filter=Q(status=Goal.Status.ACHIEVED)),
            progress=Avg("progress"),
        )
        .order_by()
    }
    return [
        Goals(direction, rows.get(direction, {}).get("total", 0),
              rows.get(direction, {}).get("achieved", 0), rows.get(direction, {}).get("progress"))
        for direction in Goal.Direction.values
    ]  # fmt: skip


# Concerns raised -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Concerns:
    """How many concerns people raised in the program, under the same rule as answers: no
    figure for a group of fewer than MIN_ANSWERS concerns (the total, each category)."""

    total: int
    resolved: int | None = None
    by_category: list[tuple[str, int | None]] = field(default_factory=list)  # None: too few

    @property
    def shown(self) -> bool:
        return enough(self.total)


def concerns(program: Program) -> Concerns:
    counts = program_counts(program)
    total = sum(row["n"] for row in counts.values())
    if not enough(total):
        return Concerns(total)
    by_category = [
        (label, counts[code]["n"] if enough(counts[code]["n"]) else None)
        for code, label in Category.choices
        if code in counts
    ]
    resolved = sum(row["resolved"] for row in counts.values())
    return Concerns(total, resolved, by_category)


# Retention of the junior mentors --------------------------------------------------------------

RETENTION_MONTHS = (6, 12)


@dataclass(frozen=True)
class Retention:
    """Junior mentors still employed `months` after the program started, against employees
    of the same levels and departments who did not take part (matched cell by cell)."""

    months: int
    on: datetime.date
    mentors: int = 0  # matched: in a level and department that has comparison people
    comparison: int = 0
    unmatched: int = 0  # mentors whose level and department has nobody to compare with
    mentors_rate: float | None = None
    comparison_rate: float | None = None
    due: bool = True  # the date has come

    @property
    def shown(self) -> bool:
        return self.due and enough(self.mentors) and enough(self.comparison)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _employed(on: datetime.date) -> Q:
    return Q(profile__left_on__isnull=True) | Q(profile__left_on__gt=on)


def retention(program: Program, today: datetime.date | None = None) -> list[Retention]:
    """Retention 6 and 12 months after the start; the comparison group is standardised to
    the mentors' mix of (level, department): each cell's rate weighted by its mentors.

    Mentors and comparison people are those employed on the day the program started (no
    leaving date, or a later one); the comparison leaves out anyone who ever had an approved
    enrolment in any program. Level and department are today's, from the profile.
    """
    today = today or timezone.localdate()
    start = program.starts_on
    if start is None or program.phase not in (Phase.RUNNING, Phase.CLOSED):
        return []
    horizons = [(months, add_months(start, months)) for months in RETENTION_MONTHS]
    mentors = (
        User.objects.filter(enrolments__in=participants(program).filter(role=Role.MENTOR))
        .filter(_employed(start), profile__level__isnull=False)
        .values_list("profile__level", "profile__department", "profile__left_on")
    )
    cells: dict[tuple[int | None, str], list[datetime.date | None]] = defaultdict(list)
    for level, department, left_on in mentors:
        cells[(level, department)].append(left_on)
    took_part = Enrolment.objects.filter(status=EnrolmentStatus.APPROVED).values("user_id")
    kept = {f"kept_{months}": Count("pk", filter=_employed(on)) for months, on in horizons}
    comparison: dict[tuple[int | None, str], dict[str, Any]] = {
        (row["profile__level"], row["profile__department"]): dict(row)
        for row in User.objects.filter(_employed(start))
        .exclude(pk__in=took_part)
        .filter(
            profile__level__in={level for level, _ in cells},
            profile__department__in={department for _, department in cells},
        )
        .values("profile__level", "profile__department")
        .annotate(n=Count("pk"), **kept)
        .order_by()
    }
    matched = [cell for cell in cells if cell in comparison]
    size = sum(len(cells[cell]) for cell in matched)
    compared = sum(comparison[cell]["n"] for cell in matched)
    unmatched = sum(len(left) for left in cells.values()) - size
    results = []
    for months, on in horizons:
        if on > today:
            results.append(Retention(months, on, size, compared, unmatched, due=False))
            continue
        kept_mentors = sum(
            left_on is None or left_on > on for cell in matched for left_on in cells[cell]
        )
        weighted = sum(
            len(cells[cell]) / size * comparison[cell][f"kept_{months}"] / comparison[cell]["n"]
            for cell in matched
        )
        results.append(
            Retention(
                months,
                on,
                size,
                compared,
                unmatched,
                mentors_rate=kept_mentors / size if size else None,
                comparison_rate=weighted if size else None,
            )
        )
    return results


# The programs list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    held: int
    answered: int  # people who rated their skills at the start and later
    improved: int  # of whom, those with at least one skill up

    @property
    def improved_share(self) -> float | None:
        return self.improved / self.answered if enough(self.answered) else None


def summaries(programs: Iterable[Program]) -> dict[int, Summary]:
    """A one-line outcome per closed program, for the programs list: two queries in all."""
    closed = [p.pk for p in programs if p.phase == Phase.CLOSED]
    if not closed:
        return {}
    held = dict(
        SessionLog.objects.filter(
            held=True,
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__pairing__program__in=closed,
            meeting__pairing__status__in=Pairing.VISIBLE,
        )
        .values_list("meeting__pairing__program_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    people: dict[int, dict[int, bool]] = defaultdict(dict)
    for row in _levels(Q(enrolment__program__in=closed)):
        latest = row["end"] or row["midpoint"]
        if row["start"] is not None and latest is not None:
            mine = people[row["enrolment__program_id"]]
            mine[row["enrolment_id"]] = (
                mine.get(row["enrolment_id"], False) or latest > row["start"]
            )
    return {
        pk: Summary(
            held=held.get(pk, 0),
            answered=len(people[pk]),
            improved=sum(people[pk].values()),
        )
        for pk in closed
    }


# A junior mentor's recognition ----------------------------------------------------------------


@dataclass(frozen=True)
class Recognition:
    """The figures a certificate and a note to the manager are written from: never content."""

    name: str
    program: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    sessions: int
    executives: int
    skills: list[str]
    thanks: list[tuple[str, str]]  # (text, who: name and title)


def recognition(enrolment: Enrolment) -> Recognition:
    """Sessions held with the mentor's executives, the skills logged as covered (the tags of
    the logs, not what was written), and the lines of thanks the executives wrote."""
    pairings = visible_pairings(enrolment.program).filter(mentor=enrolment)
    held = SessionLog.objects.filter(
        meeting__pairing__in=pairings, held=True, meeting__status=Meeting.Status.SCHEDULED
    )
    skills = sorted(
        set(
            held.filter(skills_covered__isnull=False).values_list("skills_covered__name", flat=True)
        )
    )
    thanks = [
        (t.text, ", ".join(filter(None, [t.pairing.mentee.user.display_name, _title(t)])))
        for t in ThanksModel.objects.filter(pairing__in=pairings).select_related(
            "pairing__mentee__user__profile"
        )
    ]
    program = enrolment.program
    return Recognition(
        name=enrolment.user.display_name,
        program=program.name,
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        sessions=held.count(),
        executives=pairings.count(),
        skills=skills,
        thanks=thanks,
    )


def _title(thanks: ThanksModel) -> str:
    profile = getattr(thanks.pairing.mentee.user, "profile", None)
    return profile.title if profile else ""


# A pair's "can do" checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class CanDoRow:
    can_do: CanDo
    ticked: bool
    confirmed: bool


def can_dos(pairing: Pairing) -> list[tuple[str, list[CanDoRow]]]:
    """The catalogue's checks by topic, with what this pair ticked and confirmed."""
    ticks = {
        tick.can_do_id: tick
        for tick in CanDoTick.objects.filter(pairing=pairing).only("can_do_id", "confirmed_at")
    }
    topics: dict[str, list[CanDoRow]] = defaultdict(list)
    for can_do in CanDo.objects.select_related("topic"):
        tick = ticks.get(can_do.pk)
        topics[can_do.topic.title].append(
            CanDoRow(can_do, tick is not None, tick is not None and tick.confirmed_at is not None)
        )
    return list(topics.items())


SUMMARY_SECONDS = 60 * 60  # a closed program's figures barely change


def _summary_key(program: Program) -> str:
    return f"outcomes:summary:{program.pk}:{program.updated_at.timestamp()}"


def cached_summaries(programs: Iterable[Program]) -> dict[int, Summary]:
    """Each closed program's summary, from the cache or read for all missing ones at once."""
    closed = [p for p in programs if p.phase == Phase.CLOSED]
    cached = cache.get_many([_summary_key(p) for p in closed])
    found = {p.pk: cached[_summary_key(p)] for p in closed if _summary_key(p) in cached}
    missing = [p for p in closed if p.pk not in found]
    if missing:
        read = summaries(missing)
        cache.set_many({_summary_key(p): read[p.pk] for p in missing}, SUMMARY_SECONDS)
        found.update(read)
    return found


# The outcomes report as a whole: HR's page and the API read the same figures ----------------

REPORT_SECONDS = 5 * 60
SHOWN_TEXTS = 50  # free-text answers per question on the page; the CSV has them all


def report(program: Program) -> dict[str, Any]:
    """Every figure of the outcomes page, read once and kept for a few minutes: the report is
    read again and again (HR, then a sponsor, then the company's dashboard through the API),
    and at 100,000 meetings the reads take about a second. `read_at` says when."""
    key = f"outcomes:report:{program.pk}:{program.updated_at.timestamp()}"
    figures: dict[str, Any] | None = cache.get(key)
    if figures is None:
        figures = {**_read_report(program), "read_at": timezone.now()}
        cache.set(key, figures, REPORT_SECONDS)
    return figures


def _read_report(program: Program) -> dict[str, Any]:
    return {
        "fortnights": meetings_by_fortnight(program),
        "cadence": cadence(program),
        "goals": goals(program),
        "growth": skill_growth(program),
        "responses": check_in_responses(program),
        "survey": survey_results(program, texts=SHOWN_TEXTS),
        "fit": fit_results(program),
        "retention": retention(program),
        "concerns": concerns(program),
    }
