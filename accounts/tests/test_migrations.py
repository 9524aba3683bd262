"""A catalogue from before skill names were unique in any case keeps every skill and entry:
the later twins are numbered, for HR to merge, before the database holds the rule."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Skill, SkillOffered
from mentoring.tests.migrating import latest, migrate

from .factories import UserFactory

BEFORE = [("accounts", "0011_active_people_by_name")]
AFTER = [("accounts", "0012_one_skill_per_name_in_any_case")]


@pytest.mark.django_db(transaction=True)
def test_twins_in_other_capitals_are_numbered_and_keep_their_entries(reference_data):
    end = latest()
    try:
        person = UserFactory()
        old = migrate(BEFORE)
        OldSkill = old.get_model("accounts", "Skill")
        category = old.get_model("accounts", "SkillCategory").objects.first()
        names = ["ChatGPT", "chatgpt", "CHATGPT", "chatgpt (2)", "x" * 100, "X" * 100]
        made = [OldSkill.objects.create(name=name, category=category).pk for name in names]
        old.get_model("accounts", "SkillOffered").objects.create(
            user_id=person.pk, skill_id=made[2], proficiency=4
        )

        migrate(AFTER)

        assert [Skill.objects.get(pk=pk).name for pk in made] == [
            "ChatGPT",
            "chatgpt (3)",  # "chatgpt (2)" is a skill of its own already
            "CHATGPT (4)",
            "chatgpt (2)",
            "x" * 100,
            "X" * 96 + " (2)",  # within the column's 100 characters
        ]
        assert SkillOffered.objects.get(user=person).skill.name == "CHATGPT (4)"
        with pytest.raises(IntegrityError), transaction.atomic():
            Skill.objects.create(name="chatGPT", category_id=category.pk)
    finally:
        migrate(end)  # the schema the other tests expect, whatever happened
