import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from pairing.models import Pairing, PairingRun, PairRule
from pairing.services import pairing_run_execute
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(program, cohort, hr):
    pairing_run_execute(run=PairingRun.objects.create(program=program, started_by=hr))
    return program.pairings.get(mentee=cohort["ceo"])


def urls(program, pairing, mentee):
    return {
        "board": ("get", reverse("pairing:board", kwargs={"pk": program.pk})),
        "options": (
            "get",
            reverse("pairing:mentee_options", kwargs={"pk": program.pk, "enrolment_pk": mentee.pk}),
        ),
        "run": ("post", reverse("pairing:run", kwargs={"pk": program.pk})),
        "publish": ("post", reverse("pairing:publish", kwargs={"pk": program.pk})),
        "publish_page": ("get", reverse("pairing:publish", kwargs={"pk": program.pk})),
        "block_page": (
            "get",
            reverse("pairing:block", kwargs={"pk": program.pk, "pairing_pk": pairing.pk}),
        ),
        **{
            action: (
                "post",
                reverse(f"pairing:{action}", kwargs={"pk": program.pk, "pairing_pk": pairing.pk}),
            )
            for action in ("lock", "unlock", "block", "allow_again")
        },
    }


@pytest.mark.parametrize(
    "name",
    [
        "board", "options", "run", "publish", "publish_page", "lock", "unlock", "block",
        "block_page", "allow_again",
    ],
)  # fmt: skip
def test_employees_get_403_and_nothing_changes(client, program, cohort, proposed, name):
    client.force_login(UserFactory())
    method, url = urls(program, proposed, cohort["ceo"])[name]
    assert getattr(client, method)(url).status_code == 403
    assert Pairing.objects.filter(pk=proposed.pk, status="proposed").exists()
    assert not PairRule.objects.exists()


@pytest.mark.parametrize("name", ["board", "options", "publish_page", "block_page"])
def test_anonymous_people_are_sent_to_log_in(client, program, cohort, proposed, name):
    method, url = urls(program, proposed, cohort["ceo"])[name]
    assert "/accounts/login/" in client.get(url)["Location"]


def test_a_pair_of_another_program_is_404(client, hr, proposed):
    other = ProgramFactory()
    client.force_login(hr)
    url = reverse("pairing:lock", kwargs={"pk": other.pk, "pairing_pk": proposed.pk})
    assert client.post(url).status_code == 404


def test_a_mentor_of_another_program_cannot_be_assigned(client, hr, program, cohort, proposed):
    from programs.tests.factories import EnrolmentFactory

    foreign = EnrolmentFactory(program=ProgramFactory(), role="mentor")
    client.force_login(hr)
    url = reverse(
        "pairing:mentee_options", kwargs={"pk": program.pk, "enrolment_pk": cohort["ceo"].pk}
    )
    assert client.post(url, {"mentor": foreign.pk}).status_code == 404


def test_hr_sees_the_board_with_pairs_in_words(
    client, hr, program, proposed, django_assert_max_num_queries
):
    client.force_login(hr)
    # 20: one of them looks for runs stuck past the time limit, to fail them for HR; a page
    # of proposals is its ids, then those rows with their people (mentoring/paging.py).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("pairing:board", kwargs={"pk": program.pk}))
    content = response.content.decode()
    assert "teaches the one skill the executive wants, 1 of them at expert level" in content
    assert "executive gives back negotiation" in content
    assert "different departments" in content


def test_hr_locks_then_blocks_through_the_board(client, hr, program, cohort, proposed):
    client.force_login(hr)
    client.post(reverse("pairing:lock", kwargs={"pk": program.pk, "pairing_pk": proposed.pk}))
    assert PairRule.objects.filter(kind="lock", mentee=cohort["ceo"]).exists()
    client.post(reverse("pairing:block", kwargs={"pk": program.pk, "pairing_pk": proposed.pk}))
    assert PairRule.objects.get(mentee=cohort["ceo"]).kind == "block"
    assert not Pairing.objects.filter(pk=proposed.pk).exists()


def test_hr_is_warned_before_a_pair_that_breaks_a_rule(client, hr, program, cohort, proposed):
    client.force_login(hr)
    url = reverse(
        "pairing:mentee_options", kwargs={"pk": program.pk, "enrolment_pk": cohort["ceo"].pk}
    )
    cohort["ceo"].user.profile.manager = cohort["social"].user
    cohort["ceo"].user.profile.save()
    response = client.post(url, {"mentor": cohort["social"].pk})
    ceo, social = cohort["ceo"].user.first_name, cohort["social"].user.first_name
    assert f"{ceo} reports to {social} directly" in response.content.decode()
    assert "manager_chain" not in response.content.decode()
    assert program.pairings.get(mentee=cohort["ceo"]).mentor == cohort["ai"]
    client.post(url, {"mentor": cohort["social"].pk, "confirm": "1"})
    assert program.pairings.get(mentee=cohort["ceo"]).mentor == cohort["social"]


def test_hr_publishes_from_the_board(
    client, hr, program, proposed, django_capture_on_commit_callbacks
):
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pairing:publish", kwargs={"pk": program.pk}), follow=True)
    assert "2 pairs are published" in response.content.decode()


def test_the_board_ends_a_published_pairing_through_the_page_that_explains(
    client, hr, program, proposed
):
    from pairing.services import pairings_publish

    pairings_publish(program=program, by=hr, introduce=False)
    client.force_login(hr)
    board = client.get(reverse("pairing:board", kwargs={"pk": program.pk})).content.decode()
    end = reverse("sessions_log:pairing_end", args=[program.pk, proposed.pk])
    assert f'href="{end}"' in board


def test_a_run_under_way_shows_its_progress_and_refreshes(client, hr, program, cohort):
    PairingRun.objects.create(
        program=program, started_by=hr, status="running", progress="Finding the best pairs"
    )
    client.force_login(hr)
    content = client.get(reverse("pairing:board", kwargs={"pk": program.pk})).content.decode()
    assert "Pairing under way…" in content and "Finding the best pairs" in content
    # The page polls the run's progress, not itself.
    status = reverse("pairing:run_status", kwargs={"pk": program.pk})
    assert status in content and 'http-equiv="refresh"' not in content
    assert client.get(status).json() == {"in_progress": True, "progress": "Finding the best pairs"}
    program.pairing_runs.update(status="done", progress="Done")
    assert client.get(status).json() == {"in_progress": False, "progress": "Done"}
    done = client.get(reverse("pairing:board", kwargs={"pk": program.pk})).content.decode()
    assert status not in done  # nothing polls once the run is done


def test_the_run_status_is_for_hr_only(client, program, cohort):
    status = reverse("pairing:run_status", kwargs={"pk": program.pk})
    assert client.get(status).status_code == 302
    client.force_login(cohort["ceo"].user)
    assert client.get(status).status_code == 403


def test_a_second_run_waits_for_the_first(client, hr, program, cohort):
    PairingRun.objects.create(program=program, started_by=hr, status="queued")
    client.force_login(hr)
    response = client.post(reverse("pairing:run", kwargs={"pk": program.pk}), follow=True)
    assert "already under way" in response.content.decode()
    assert program.pairing_runs.count() == 1


def test_a_failed_run_says_why(client, hr, program, cohort):
    PairingRun.objects.create(program=program, status="failed", error="mentor u1 is over capacity")
    client.force_login(hr)
    content = client.get(reverse("pairing:board", kwargs={"pk": program.pk})).content.decode()
    assert "The last run failed: mentor u1 is over capacity" in content


@pytest.mark.parametrize("value", ["abc", "", "9" * 30, "1\x00"])
def test_a_forged_mentor_is_404_not_an_error(client, hr, program, cohort, proposed, value):
    client.force_login(hr)
    url = reverse(
        "pairing:mentee_options", kwargs={"pk": program.pk, "enrolment_pk": cohort["ceo"].pk}
    )
    assert client.post(url, {"mentor": value}).status_code == 404


@pytest.mark.parametrize(
    "status,reason",
    [
        ("queued", "No worker picked the run up within 30 minutes"),
        ("running", "The run started but did not finish within 30 minutes"),
    ],
)
def test_a_run_stuck_past_its_time_limit_is_failed_with_the_reason_and_hr_runs_again(
    client, hr, program, cohort, status, reason, django_capture_on_commit_callbacks
):
    stuck = PairingRun.objects.create(program=program, started_by=hr, status=status)
    PairingRun.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    client.force_login(hr)
    board = client.get(reverse("pairing:board", kwargs={"pk": program.pk})).content.decode()
    assert reason in board and "start a new run" in board
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pairing:run", kwargs={"pk": program.pk}), follow=True)
    assert "already under way" not in response.content.decode()
    stuck.refresh_from_db()
    assert stuck.status == "failed" and reason in stuck.error
    assert program.pairing_runs.exclude(pk=stuck.pk).get().status == "done"
    assert program.pairings.proposed().count() == 2


def test_a_late_worker_does_not_run_a_run_that_was_given_up(hr, program, cohort):
    from pairing.tasks import execute_pairing_run

    given_up = PairingRun.objects.create(program=program, started_by=hr, status="failed")
    assert execute_pairing_run.apply(kwargs={"run_id": given_up.pk}).get() == "failed"
    assert not program.pairings.exists()


@pytest.mark.parametrize("chosen", ["²", "99999999999999999999", "1e3", "", "-1"])
def test_a_mentor_that_is_no_id_is_not_found(client, hr, program, cohort, chosen):
    """Typed by hand into the form: a 404, never a 500 ("²".isdigit() is true)."""
    client.force_login(hr)
    url = reverse(
        "pairing:mentee_options", kwargs={"pk": program.pk, "enrolment_pk": cohort["ceo"].pk}
    )
    assert client.post(url, {"mentor": chosen}).status_code == 404
    assert not Pairing.objects.filter(mentee=cohort["ceo"], status="active").exists()
