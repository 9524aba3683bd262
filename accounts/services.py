"""Writes and rules for profiles and the skill catalogue."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from audit.models import Action
from audit.services import record

from .models import Profile, Skill, SkillOffered, SkillWanted, User


def profile_for(user: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@dataclass(frozen=True)
class Wanted:
    priority: int
    current_level: int


@transaction.atomic
def profile_set_skills(
    *, user: User, skills: list[Skill], offered: dict[int, int], wanted: dict[int, Wanted]
) -> None:
    """Replace the person's entries for `skills` (the ones shown to them) with the given ones.

    Entries for skills not in `skills` (retired ones, say) are left as they are.
    """
    both = offered.keys() & wanted.keys()
    if both:
        raise ValueError(f"A skill cannot be both offered and wanted: {sorted(both)}")
    skill_ids = [skill.pk for skill in skills]
    SkillOffered.objects.filter(user=user, skill_id__in=skill_ids).delete()
    SkillWanted.objects.filter(user=user, skill_id__in=skill_ids).delete()
    SkillOffered.objects.bulk_create(
        SkillOffered(user=user, skill_id=skill_id, proficiency=proficiency)
        for skill_id, proficiency in offered.items()
    )
    SkillWanted.objects.bulk_create(
        SkillWanted(user=user, skill_id=pk, priority=w.priority, current_level=w.current_level)
        for pk, w in wanted.items()
    )


@transaction.atomic
def skill_merge(*, source: Skill, target: Skill, by: User | None = None) -> int:
    """Fold `source` into `target` without losing anyone's entry; returns entries moved.

    Where someone has both, the stronger statement wins (higher proficiency or priority).
    Someone who offered one and wanted the other keeps the offer: they know the subject.
    """
    if source.pk == target.pk:
        raise ValueError("A skill cannot be merged into itself.")
    moved = 0
    for entry in SkillOffered.objects.select_for_update().filter(skill=source):
        existing = SkillOffered.objects.filter(user=entry.user_id, skill=target).first()
        if existing:
            existing.proficiency = max(existing.proficiency, entry.proficiency)
            existing.save(update_fields=["proficiency"])
            entry.delete()
        else:
            SkillWanted.objects.filter(user=entry.user_id, skill=target).delete()
            entry.skill = target
            entry.save(update_fields=["skill"])
        moved += 1
    for want in SkillWanted.objects.select_for_update().filter(skill=source):
        known = SkillWanted.objects.filter(user=want.user_id, skill=target).first()
        if SkillOffered.objects.filter(user=want.user_id, skill=target).exists():
            want.delete()
        elif known:
            known.priority = max(known.priority, want.priority)
            known.current_level = min(known.current_level, want.current_level)
            known.save(update_fields=["priority", "current_level"])
            want.delete()
        else:
            want.skill = target
            want.save(update_fields=["skill"])
        moved += 1
    source.retired = True
    source.merged_into = target
    source.save(update_fields=["retired", "merged_into"])
    record(
        actor=by,
        action=Action.SKILL_MERGED,
        obj=source,
        changes={"merged into": [None, target.name]},
        details={"entries moved": moved},
    )
    return moved


@transaction.atomic
def skill_set_retired(*, skill: Skill, retired: bool, by: User | None = None) -> None:
    before = skill.retired
    skill.retired = retired
    skill.save(update_fields=["retired"])
    if before != retired:
        record(
            actor=by, action=Action.SKILL_RETIRED, obj=skill, changes={"retired": [before, retired]}
        )


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> None:
    """Someone followed HR's invitation: their first password, and their e-mail is confirmed
    (the link reached them at it), so allauth asks for no second confirmation."""
    user.set_password(password)
    user.save(update_fields=["password"])
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email}
    )
    if not (address.verified and address.primary):
        address.verified = True
        address.set_as_primary(conditional=True)
        address.save(update_fields=["verified"])
