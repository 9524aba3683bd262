"""Reads of programs and enrolments that pages, tasks and other apps share.

HR's dashboard figures run a fixed number of queries, whatever the size of the program.
"""

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Skill, SkillOffered, SkillWanted, User
from accounts.selectors import profile_of
from mentoring.cache import kept

from .models import Enrolment, EnrolmentStatus, Phase, Program, Role

ACTIVE = [EnrolmentStatus.PENDING, EnrolmentStatus.APPROVED]


@dataclass(frozen=True)
class SkillGap:
    name: str
    category: str
    wanted: int  # mentees who want it
    offered: int  # mentors who offer it

    @property
    def gap(self) -> int:
        return max(0, self.wanted - self.offered)

    @property
    def scale(self) -> int:
        return max(self.wanted, self.offered, 1)


def enrolment_figures(program: Program) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """The program's enrolments counted by role and status, and the places its active mentors
    offer against its active mentees: one grouped read of the enrolments for both."""
    counts = {role: {status: 0 for status in EnrolmentStatus.values} for role in Role.values}
    places = {"mentor_slots": 0, "mentees": 0}
    rows = program.enrolments.order_by().values_list("role", "status")
    for role, status, number, slots in rows.annotate(n=Count("pk"), slots=Sum("capacity")):
        counts[role][status] = number
        if status in ACTIVE and role == Role.MENTOR:
            places["mentor_slots"] += slots or 0
        elif status in ACTIVE:
            places["mentees"] += number
    return counts, places


SKILL_GAPS_KEPT = 60  # seconds


def skill_gaps_kept(program: Program) -> tuple[list[SkillGap], datetime.datetime]:
    """`skill_gaps`, read at most once a minute by the whole site, and when it was read: a
    planning aid, where counting every wanted and offered skill of 5,000 enrolments cost each
    view of the dashboard 10 ms. The enrolment counts beside it stay live."""
    key = f"programs:skill-gaps:v1:{program.pk}"
    gaps, read_at = kept(key, SKILL_GAPS_KEPT, lambda: skill_gaps(program))
    return gaps, datetime.datetime.fromtimestamp(read_at, tz=datetime.UTC)


def skill_gaps(program: Program) -> list[SkillGap]:
    """Per skill, active mentees who want it against active mentors who offer it."""

    def per_skill(model: type[SkillWanted] | type[SkillOffered], role: str) -> dict[int, int]:
        # One enrolment per person and program, one offer (want) per person and skill: a
        # plain count per skill id over an IN subquery. The names come after, for the few
        # skills counted: grouping 15,000 rows by name and category took twice as long.
        people = Enrolment.objects.filter(program=program, role=role, status__in=ACTIVE)
        rows = (
            model.objects.filter(user_id__in=people.values("user_id"))
            .order_by()
            .values_list("skill_id")
            .annotate(n=Count("pk"))
        )
        return dict(rows)

    wanted = per_skill(SkillWanted, Role.MENTEE)
    offered = per_skill(SkillOffered, Role.MENTOR)
    names = Skill.objects.filter(pk__in=wanted.keys() | offered.keys()).values_list(
        "pk", "name", "category__name"
    )
    gaps = [
        SkillGap(name=name, category=category, wanted=wanted.get(pk, 0), offered=offered.get(pk, 0))
        for pk, name, category in names
    ]
    return sorted(gaps, key=lambda g: (-g.gap, -g.wanted, g.name))


def enrolment_rows(program: Program) -> QuerySet[Enrolment]:
    """The program's enrolments with their people, mentees first, by name (two people of the
    same name always in the same order: pages neither repeat nor skip one of them)."""
    return (
        Enrolment.objects.filter(program=program)
        .select_related("user", "user__profile")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )


def enrolment_rows_with_skills(program: Program) -> QuerySet[Enrolment]:
    """`enrolment_rows` with each person's offered and wanted skills (the API's list): two
    prefetch queries per page, each with the skills' names."""
    return enrolment_rows(program).prefetch_related(
        Prefetch("user__skills_offered", SkillOffered.objects.select_related("skill")),
        Prefetch("user__skills_wanted", SkillWanted.objects.select_related("skill")),
    )


def add_skills_that_matter(enrolments: Sequence[Enrolment]) -> None:
    """Give each enrolment the names of its skills that matter (`skill_names`): a mentee's
    wanted ones, a mentor's offered ones, read as plain names in two queries. Every skill of
    both kinds, read as rows with their skill, cost the dashboard's page 12 ms of Python."""
    wanted = _skill_names(SkillWanted, [e.user_id for e in enrolments if e.role == Role.MENTEE])
    offered = _skill_names(SkillOffered, [e.user_id for e in enrolments if e.role == Role.MENTOR])
    for enrolment in enrolments:
        names = wanted if enrolment.role == Role.MENTEE else offered
        enrolment.skill_names = names.get(enrolment.user_id, [])  # type: ignore[attr-defined]


EXPORT_CHUNK = 2000  # rows per round trip of the streamed export


def _skill_names(
    model: type[SkillOffered | SkillWanted], people: QuerySet[Any] | list[int]
) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    rows = model.objects.filter(user__in=people).values_list("user_id", "skill__name")
    for user_id, name in rows.iterator(chunk_size=EXPORT_CHUNK):
        names.setdefault(user_id, []).append(name)
    return names


def enrolment_export_rows(rows: QuerySet[Enrolment]) -> Iterator[list[object]]:
    """The CSV of these enrolments in three queries whatever their number: the skills that
    matter (a mentee's wanted ones, a mentor's offered ones) read once, then the enrolments
    as plain values in chunks, so that memory stays flat while the rows stream out."""
    wanted = _skill_names(SkillWanted, rows.filter(role=Role.MENTEE).values("user_id"))
    offered = _skill_names(SkillOffered, rows.filter(role=Role.MENTOR).values("user_id"))
    values = rows.prefetch_related(None).values_list(
        "user_id", "user__email", "user__first_name", "user__last_name", "role", "status",
        "user__profile__level", "user__profile__department", "created_at",
    )  # fmt: skip
    for user_id, email, first, last, role, status, level, department, created in values.iterator(
        chunk_size=EXPORT_CHUNK
    ):
        skills = (wanted if role == Role.MENTEE else offered).get(user_id, [])
        name = f"{first} {last}".strip() or email
        yield [email, name, role, status, level if level is not None else "", department or "",
               "; ".join(skills), created.date().isoformat()]  # fmt: skip


def eligible_employees(program: Program) -> QuerySet[User]:
    """Active people who could enrol in one role or the other, and have not enrolled yet."""
    people = User.objects.filter(is_active=True, profile__level__isnull=False).exclude(
        enrolments__program=program
    )
    people = people.filter(
        Q(profile__level__gte=program.mentee_min_level)
        | Q(profile__level__lte=program.mentor_max_level)
    )
    if program.departments:
        people = people.filter(profile__department__in=list(program.departments))
    return people


def not_yet_invited(program: Program) -> QuerySet[User]:
    return eligible_employees(program).exclude(program_invitations__program=program)


def open_programs_for(user: User) -> list[Program]:
    """Programs open for enrolment that `user` has not enrolled in and may join in one role
    or the other: a program they cannot join is not offered to them."""
    programs = list(
        Program.objects.open_for_enrolment()
        .exclude(enrolments__user=user)
        .order_by("enrolment_closes", "pk")
    )
    if not programs:
        return []
    profile = profile_of(user)
    level, department = (profile.level, profile.department) if profile else (None, "")
    return [
        program
        for program in programs
        if any(
            not program.eligibility_problems(level=level, department=department, role=role)
            for role in Role.values
        )
    ]


@dataclass(frozen=True)
class ProgramCounts:
    """One program's people at a glance: what HR's home and programs list show."""

    enrolled: int = 0  # waiting or approved, either role
    pending: int = 0  # waiting for HR's decision


def people_counts(programs: Sequence[Program]) -> dict[int, ProgramCounts]:
    """Counts of each of `programs`, in one query."""
    rows = (
        Enrolment.objects.filter(program__in=programs)
        .values("program")
        .annotate(
            enrolled=Count("pk", filter=Q(status__in=ACTIVE)),
            pending=Count("pk", filter=Q(status=EnrolmentStatus.PENDING)),
        )
        .order_by()
    )
    found = {row["program"]: ProgramCounts(row["enrolled"], row["pending"]) for row in rows}
    return {program.pk: found.get(program.pk, ProgramCounts()) for program in programs}


# The date by which each phase should have moved on, and what to do then.
PHASE_DUE = {
    Phase.DRAFT: ("enrolment_opens", "enrolment was to open on {day}: open it"),
    Phase.ENROLLING: ("enrolment_closes", "enrolment closed on {day}: start matching"),
    Phase.MATCHING: ("starts_on", "the program was to start on {day}: publish the pairs"),
    Phase.RUNNING: ("ends_on", "the program ended on {day}: close it"),
}


def phase_overdue(program: Program, today: datetime.date | None = None) -> str | None:
    """What is late when the date of the program's next phase has passed; None when nothing is."""
    if program.phase not in PHASE_DUE:
        return None
    field, words = PHASE_DUE[Phase(program.phase)]
    day = getattr(program, field)
    if day is None or day >= (today or timezone.localdate()):
        return None
    return words.format(day=f"{day:%-d %b %Y}")
