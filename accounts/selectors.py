"""Reads of people, profiles and skills that pages, tasks and other apps share."""

from dataclasses import dataclass

from .models import Profile, User


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


def completeness_for_user(user: User) -> Completeness:
    person = User.objects.with_skill_counts().select_related("profile").get(pk=user.pk)
    return profile_completeness(
        getattr(person, "profile", None),
        offered_count=person.offered_count,
        wanted_count=person.wanted_count,
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
