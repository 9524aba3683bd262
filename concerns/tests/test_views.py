import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerns.models import Concern, ConcernNote
from concerns.services import concern_raise
from delegates.tests.conftest import make_delegation
from sessions_log.tests.conftest import make_pair

pytestmark = pytest.mark.django_db

GOOD = {"category": "uncomfortable", "text": "He asks me about my manager.", "named": "anonymous"}


def raise_one(pair, by, *, named=False, text="We never meet."):
    return concern_raise(pairing=pair, by=by, category="not_meeting", text=text, named=named)


# Raising one -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["executive", "junior"])
def test_both_people_of_the_pair_may_raise_a_concern(client, pair, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("concerns:raise", args=[pair.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, GOOD)
    assert response["Location"] == reverse("concerns:mine")
    concern = Concern.objects.get()
    assert concern.text == GOOD["text"] and not concern.named and concern.raised_by is None


@pytest.mark.parametrize("who", ["outsider", "hr", "assistant"])
def test_anyone_else_gets_404_and_nothing_is_written(client, pair, executive, who, request):
    if who == "assistant":
        person = make_delegation(executive, request.getfixturevalue("outsider")).delegate
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)
    url = reverse("concerns:raise", args=[pair.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, GOOD).status_code == 404
    assert not Concern.objects.exists()


def test_anonymous_visitors_log_in_first(client, pair):
    response = client.get(reverse("concerns:raise", args=[pair.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_pair_page_offers_the_channel_and_says_the_partner_is_not_told(client, pair, junior):
    client.force_login(junior)
    page = client.get(reverse("sessions_log:workspace", args=[pair.pk])).content.decode()
    assert reverse("concerns:raise", args=[pair.pk]) in page
    assert "Margaret is never told" in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {**GOOD, "text": ""},
        {**GOOD, "text": "bad\x00text"},
        {**GOOD, "text": "x" * 5000},
        {**GOOD, "category": "forged"},
        {**GOOD, "named": ""},
        {**GOOD, "named": "maybe"},
    ],
)
def test_hostile_input_gets_a_message_and_writes_nothing(client, pair, junior, data):
    client.force_login(junior)
    response = client.post(reverse("concerns:raise", args=[pair.pk]), data)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Concern.objects.exists()


def test_a_small_program_warns_that_hr_may_guess(client, pair, junior):
    client.force_login(junior)
    url = reverse("concerns:raise", args=[pair.pk])
    others = [make_pair() for _ in range(4)]  # in programs of their own: they do not count
    assert "HR may guess who wrote" in client.get(url).content.decode()
    for other in others:
        other.program = pair.program
        other.save()
    assert "HR may guess who wrote" not in client.get(url).content.decode()


# The author's own page ---------------------------------------------------------------------------


def test_the_author_sees_their_concerns_and_the_partner_sees_none(client, pair, executive, junior):
    raise_one(pair, junior, text="CONCERN-WORDS")
    client.force_login(junior)
    page = client.get(reverse("concerns:mine")).content.decode()
    assert "CONCERN-WORDS" in page and "Anonymous: HR does not know it was you." in page
    client.force_login(executive)
    for url in (
        reverse("concerns:mine"),
        reverse("home"),
        reverse("sessions_log:workspace", args=[pair.pk]),
        reverse("notifications:list"),
    ):
        assert "CONCERN-WORDS" not in client.get(url).content.decode()


def test_only_the_author_may_reveal(client, pair, executive, junior, hr):
    concern = raise_one(pair, junior).concern
    url = reverse("concerns:reveal", args=[concern.pk])
    for someone in (executive, hr):
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "on"}).status_code == 404
    client.force_login(junior)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 200  # not confirmed: asked again
    assert not Concern.objects.get().named
    client.post(url, {"confirm": "on"})
    concern.refresh_from_db()
    assert concern.named and concern.raised_by == junior and concern.pairing == pair


# HR ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hr_list", "hr_detail"])
def test_hr_pages_are_for_hr_only(client, pair, junior, name):
    concern = raise_one(pair, junior, named=True).concern
    client.force_login(junior)
    args = [concern.pk] if name == "hr_detail" else []
    assert client.get(reverse(f"concerns:{name}", args=args)).status_code == 403


@pytest.mark.parametrize("name", ["hr_acknowledge", "hr_note", "hr_resolve"])
def test_hr_actions_are_for_hr_only_and_posts_only(client, pair, junior, hr, name):
    concern = raise_one(pair, junior).concern
    url = reverse(f"concerns:{name}", args=[concern.pk])
    client.force_login(junior)
    assert client.post(url, {"text": "x", "outcome": "talked"}).status_code == 403
    client.force_login(hr)
    assert client.get(url).status_code == 405
    assert client.post(reverse(f"concerns:{name}", args=[999999])).status_code == 404


def test_hr_follows_a_concern_up(client, pair, junior, hr):
    concern = raise_one(pair, junior, named=True).concern
    client.force_login(hr)
    detail = reverse("concerns:hr_detail", args=[concern.pk])
    page = client.get(detail).content.decode()
    assert junior.display_name in page and "Margaret Okafor" in page
    assert reverse("sessions_log:pairing_end", args=[pair.program_id, pair.pk]) in page
    assert reverse("pairing:mentee_options", args=[pair.program_id, pair.mentee_id]) in page
    client.post(reverse("concerns:hr_acknowledge", args=[concern.pk]))
    client.post(reverse("concerns:hr_note", args=[concern.pk]), {"text": "Called Leo."})
    client.post(reverse("concerns:hr_resolve", args=[concern.pk]), {"outcome": "repaired"})
    concern.refresh_from_db()
    assert concern.status == "resolved" and concern.outcome == "repaired"
    assert ConcernNote.objects.get().text == "Called Leo."
    assert "Called Leo." in client.get(detail).content.decode()
    # Resolved concerns leave the default list, and stay under "resolved".
    assert junior.display_name not in client.get(reverse("concerns:hr_list")).content.decode()
    resolved = client.get(reverse("concerns:hr_list"), {"status": "resolved"}).content.decode()
    assert junior.display_name in resolved


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hr_note", {}),
        ("hr_note", {"text": "a\x00b"}),
        ("hr_note", {"text": "x" * 5000}),
        ("hr_resolve", {}),
        ("hr_resolve", {"outcome": "forged"}),
    ],
)
def test_hostile_hr_input_gets_a_message(client, pair, junior, hr, name, data):
    concern = raise_one(pair, junior).concern
    client.force_login(hr)
    response = client.post(reverse(f"concerns:{name}", args=[concern.pk]), data)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not ConcernNote.objects.exists()
    assert Concern.objects.get().status == "new"


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"program": "999999"},
        {"program": "abc"},
        {"category": "\x00"},
        {"page": "99999999999999999999"},
        {"page": "-1"},
    ],
)
def test_hostile_filters_get_a_message_not_a_500(client, pair, junior, hr, query):
    raise_one(pair, junior)
    client.force_login(hr)
    response = client.get(reverse("concerns:hr_list"), query)
    # A NUL byte in a query string is refused before any view (mentoring.middleware).
    assert response.status_code == (400 if "\x00" in query.get("category", "") else 200)


def test_the_hr_list_runs_a_fixed_number_of_queries(client, hr, django_assert_num_queries):
    def more(n: int) -> None:
        for index in range(n):
            pairing = make_pair()
            raise_one(pairing, pairing.mentor.user, named=bool(index % 2))

    client.force_login(hr)
    more(2)
    url = reverse("concerns:hr_list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    more(12)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.content.decode().count("/hr/concerns/") >= 14


def test_the_hr_detail_runs_a_fixed_number_of_queries(
    client, pair, junior, hr, django_assert_num_queries
):
    concern = raise_one(pair, junior, named=True).concern
    client.force_login(hr)
    url = reverse("concerns:hr_detail", args=[concern.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for index in range(10):
        ConcernNote.objects.create(concern=concern, author=hr, text=f"note {index}")
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_concerns_of_a_day_are_shown_by_day_only(client, pair, junior, hr):
    raise_one(pair, junior)
    Concern.objects.update(raised_on=datetime.date(2026, 3, 4))
    client.force_login(hr)
    page = client.get(reverse("concerns:hr_list")).content.decode()
    assert "4 Mar 2026" in page
    assert timezone.now().strftime("%H:%M") not in page.split("<main")[1]


# The outcomes page --------------------------------------------------------------------------------


def _concerns(pair, n: int, category: str = "not_meeting") -> None:
    for _ in range(n):
        concern_raise(
            pairing=pair, by=pair.mentor.user, category=category, text="Words", named=False
        )


def test_the_outcomes_page_counts_no_concerns_below_five(client, pair, hr):
    _concerns(pair, 4)
    client.force_login(hr)
    page = client.get(reverse("outcomes:report", args=[pair.program_id])).content.decode()
    assert "Fewer than 5 concerns: too few to count here." in page
    csv = client.get(reverse("outcomes:csv", args=[pair.program_id, "concerns"]))
    assert csv.content.decode().splitlines()[1] == "all,fewer than 5"


def test_the_outcomes_page_counts_concerns_by_category_from_five(client, pair, hr):
    _concerns(pair, 5)
    _concerns(pair, 2, category="power")
    Concern.objects.filter(category="power").update(status="resolved", outcome="talked")
    client.force_login(hr)
    page = client.get(reverse("outcomes:report", args=[pair.program_id])).content.decode()
    assert "<strong>7</strong> concerns raised, 2 resolved." in page
    assert 'We do not meet</td><td class="text-end">5</td>' in page
    power = 'A power problem (pressure, favours, my career)</td><td class="text-end">'
    assert power + '<span class="text-muted fst-italic">fewer than 5' in page
    assert "Words" not in page
    rows = client.get(reverse("outcomes:csv", args=[pair.program_id, "concerns"]))
    assert rows.content.decode().splitlines()[1:] == [
        "all,7,2",
        "We do not meet,5",
        '"A power problem (pressure, favours, my career)",fewer than 5',
    ]
