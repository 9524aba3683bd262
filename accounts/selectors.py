"""Reads of people, profiles and skills that pages, tasks and other apps share."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction

from mentoring.cache import kept

from .models import Profile, User, with_skill_counts

DEPARTMENTS_KEY = "accounts:departments:v1"


@dataclass(frozen=True)
class Completeness:
    missing: list[str]
    total: int

    @property
    def percent(self) -> int:
        return round(100 * (self.total - len(self.missing)) / self.total)

    @property
    def complete(self) -> bool:
        return not self.missing


def profile_completeness(
    profile: Profile | None, *, offered_count: int, wanted_count: int
) -> Completeness:
    """What the pairing still needs to know about someone."""
    checks = {
        "your level": profile is not None and profile.level is not None,
        "your department": profile is not None and bool(profile.department),
        "your time zone": profile is not None and bool(profile.timezone),
        "a skill you can teach": offered_count > 0,
        "a skill you want to learn": wanted_count > 0,
    }
    return Completeness(missing=[name for name, ok in checks.items() if not ok], total=len(checks))


def departments() -> list[str]:
    """The company's departments, for HR's filters and forms: read at most once a minute by
    the whole site (a distinct over every profile cost 2 ms on each page of HR's lists), and
    at once after an import (`departments_changed`). The list is shared: copy it to change it.
    """
    names, _ = kept(DEPARTMENTS_KEY, 60, Profile.objects.departments)
    return names


def departments_changed() -> None:
    """Read the departments again on the next page, once the change is committed."""
    transaction.on_commit(lambda: cache.delete(DEPARTMENTS_KEY))


def profile_of(user: User) -> Profile | None:
    """The person's profile, read once per request: the user object keeps it for the
    navigation, the time zone and every part of the page that asks again."""
    return getattr(user, "profile", None)  # a missing profile raises an AttributeError


def completeness_for_user(user: User) -> Completeness:
    counted: Any = with_skill_counts(User.objects.filter(pk=user.pk)).only("pk").get()
    return profile_completeness(
        profile_of(user),
        offered_count=counted.offered_count,
        wanted_count=counted.wanted_count,
    )


def manager_chain_contains(*, manager_id: int | None, person_id: int) -> bool:
    """Whether `person_id` is `manager_id` or one of the managers above them (a cycle)."""
    seen: set[int] = set()
    while manager_id is not None and manager_id not in seen:
        if manager_id == person_id:
            return True
        seen.add(manager_id)
        manager_id = (
            Profile.objects.filter(user_id=manager_id).values_list("manager_id", flat=True).first()
        )
    return False


MAX_CHAIN = 50  # deeper than any org chart; stops a cycle in bad data


def levels_below(*, person_id: int, manager_id: int) -> int | None:
    """How many reporting levels `person_id` is below `manager_id` (1: reports directly);
    None when the manager is not above them. One query per level walked."""
    current = person_id
    for levels in range(1, MAX_CHAIN + 1):
        above = Profile.objects.filter(user_id=current).values_list("manager_id", flat=True).first()
        if above is None:
            return None
        if above == manager_id:
            return levels
        current = above
    return None
