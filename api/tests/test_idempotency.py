"""A write repeated with the same Idempotency-Key is applied once and answered alike."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Skill, User
from accounts.tests.factories import UserFactory
from api.models import IdempotencyKey
from conftest import run_at_once

from .conftest import ApiClient, make_token
from .test_employees import BULK, row

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "sync-2027-01-31"}


def test_the_same_request_with_the_same_key_is_applied_once(hr_api):
    body = {"name": "Prompting", "category": 1}
    first = hr_api.post("/api/v1/skills/", body, **KEY)
    again = hr_api.post("/api/v1/skills/", body, **KEY)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Skill.objects.filter(name="Prompting").count() == 1


def test_a_replayed_bulk_answer_is_the_first_one_even_after_changes(hr_api):
    rows = [row("ana@example.com", title="Analyst")]
    first = hr_api.post(BULK, {"employees": rows}, **KEY)
    hr_api.post(BULK, {"employees": [row("ana@example.com", title="Lead")]})
    again = hr_api.post(BULK, {"employees": rows}, **KEY)
    assert again.json() == first.json()
    assert again.json()["summary"]["created"] == 1
    assert User.objects.get(email="ana@example.com").profile.title == "Lead"


def test_the_same_key_for_another_request_is_a_422(hr_api):
    hr_api.post("/api/v1/skills/", {"name": "Prompting", "category": 1}, **KEY)
    other = hr_api.post("/api/v1/skills/", {"name": "Other", "category": 1}, **KEY)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert not Skill.objects.filter(name="Other").exists()


def test_a_refused_write_keeps_no_key_so_it_can_be_sent_again(hr_api):
    refused = hr_api.post(BULK, {"employees": [row("ana@example.com", level="99")]}, **KEY)
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    fixed = hr_api.post(BULK, {"employees": [row("ana@example.com", level="9")]}, **KEY)
    assert fixed.status_code == 200 and fixed.json()["summary"]["created"] == 1


def test_keys_belong_to_a_person_and_last_a_day(hr):
    other_hr = User.objects.create_user("other.hr@example.com")
    other_hr.groups.set(hr.groups.all())
    mine, theirs = ApiClient(make_token(hr)), ApiClient(make_token(other_hr))
    mine.post("/api/v1/skills/", {"name": "Prompting", "category": 1}, **KEY)
    # The same key from someone else is their own key: their request runs.
    theirs_answer = theirs.post("/api/v1/skills/", {"name": "Other", "category": 1}, **KEY)
    assert theirs_answer.status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    renamed = mine.post("/api/v1/skills/", {"name": "Third", "category": 1}, **KEY)
    assert renamed.status_code == 201  # a day later the key is free again


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve", "tab\there"])
def test_a_malformed_key_is_a_400(hr_api, key):
    response = hr_api.post(
        "/api/v1/skills/", {"name": "Prompting", "category": 1}, **{"Idempotency-Key": key}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Skill.objects.filter(name="Prompting").exists()


def test_two_identical_requests_at_once_apply_once_and_both_get_the_answer(postgresql):
    secret = make_token(UserFactory(hr_admin=True))
    rows = {"employees": [row(f"sync{n}@example.com", level=3) for n in range(300)]}
    answers = run_at_once(*[lambda: ApiClient(secret).post(BULK, rows, **KEY)] * 2)
    assert [a.status_code for a in answers] == [200, 200]
    assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
    assert answers[0].json() == answers[1].json()
    assert User.objects.filter(email__startswith="sync").count() == 300


def test_two_syncs_of_the_same_people_at_once_never_fail_with_a_500(postgresql):
    secret = make_token(UserFactory(hr_admin=True))
    rows = {"employees": [row(f"sync{n}@example.com", level=3) for n in range(300)]}
    answers = run_at_once(*[lambda: ApiClient(secret).post(BULK, rows)] * 2)
    statuses = sorted(a.status_code for a in answers)
    # The second waits on the first's new rows, then either finds them or is told to retry.
    assert statuses in ([200, 200], [200, 409]), [a.content[:200] for a in answers]
    assert User.objects.filter(email__startswith="sync").count() == 300
