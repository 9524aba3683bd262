"""The ground rules shown at enrolment name the safe channel for concerns; programs that
still had the default rules get the new default, and HR's own words are left alone."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from programs.models import DEFAULT_GROUND_RULES, Phase, Program
from programs.tests.factories import EnrolmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("programs.migrations.0003_ground_rules_mention_concerns")


def test_the_default_rules_name_the_channel_and_that_the_pair_is_not_told():
    assert "raise a concern with HR" in DEFAULT_GROUND_RULES
    assert (
        "anonymously" in DEFAULT_GROUND_RULES and "Your pair is never told" in DEFAULT_GROUND_RULES
    )
    assert DEFAULT_GROUND_RULES == migration.NEW_RULES


def test_the_enrolment_page_shows_the_channel(client):
    enrolment = EnrolmentFactory(program=ProgramFactory(phase=Phase.RUNNING))
    program = enrolment.program
    client.force_login(enrolment.user)
    response = client.get(reverse("programs:enrol", args=[program.pk]))
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    assert "raise a concern with HR" in page


def test_programs_with_the_old_default_get_the_new_one_and_custom_rules_stay():
    old = ProgramFactory(ground_rules=migration.OLD_RULES)
    through_a_form = ProgramFactory(ground_rules=migration.OLD_RULES.replace("\n", "\r\n").strip())
    custom = ProgramFactory(ground_rules=migration.OLD_RULES + "8. Our own rule.\n")
    migration.mention_concerns(apps, None)
    rules = dict(Program.objects.values_list("pk", "ground_rules"))
    assert rules[old.pk] == rules[through_a_form.pk] == DEFAULT_GROUND_RULES
    assert rules[custom.pk] == migration.OLD_RULES + "8. Our own rule.\n"
    migration.back(apps, None)
    assert Program.objects.get(pk=old.pk).ground_rules == migration.OLD_RULES
