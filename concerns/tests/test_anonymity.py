"""An anonymous concern never reveals its author or their pair to HR, and the partner never
learns of it.

HR may read the concern's words, so the test is about links: no HR page, export or
notification that shows the concern (its words, or a link to it) may also show who raised
it, their partner, or their pair. Every GET page under /hr/ is walked, with every id it
takes filled in, before and after HR acknowledges, notes and resolves the concern. The same
check run on a named concern finds the author: the check itself can fail.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Skill
from accounts.tests.factories import UserFactory
from concerns.models import Concern
from concerns.services import (
    concern_acknowledge,
    concern_note_add,
    concern_raise,
    concern_resolve,
)
from notifications.models import Notification
from notifications.rules import run_rules
from outcomes.views.hr import TABLES

pytestmark = pytest.mark.django_db

WORDS = "ANON-CONCERN-WORDS he keeps asking about the reorganisation of my team"
HR_NOTE = "HR-NOTE-MARK spoke at the cohort call"


@pytest.fixture
def people(pair):
    """Names nobody else has, so that any sight of them is found."""
    author, partner = pair.mentor.user, pair.mentee.user
    author.first_name, author.last_name, author.email = (
        "Zebulon",
        "Authorname",
        "zebulon.authorname@example.com",
    )
    partner.first_name, partner.last_name, partner.email = (
        "Quincy",
        "Partnername",
        "quincy.partnername@example.com",
    )
    author.save()
    partner.save()
    return author, partner


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def hr_urls(concern: Concern, pair) -> list[str]:
    """Every page under /hr/, each id filled with the one that shows this world."""
    skill = Skill.objects.first()
    ids = {
        "concerns": concern.pk,
        "accounts": skill.pk if skill else 1,
        "programs": pair.program_id,
        "pairing": pair.program_id,
        "sessions_log": pair.program_id,
        "delegates": 1,
        "notifications": 1,
    }
    urls = []
    for route, name in _walk(get_resolver().url_patterns):
        if not route.startswith("hr/"):
            continue
        app = name.split(":")[0]
        path = re.sub(r"<int:pk>", str(ids.get(app, 1)), route)
        path = path.replace("<int:pairing_pk>", str(pair.pk))
        path = path.replace("<int:enrolment_pk>", str(pair.mentee_id))
        path = path.replace("<str:moment>", "midpoint")
        if "<str:table>" in path:
            urls += ["/" + path.replace("<str:table>", table) for table in TABLES]
            continue
        urls.append("/" + path)
    urls += [
        reverse("programs:dashboard", args=[pair.program_id]) + "?format=csv",
        reverse("concerns:hr_list") + "?status=",
        reverse("concerns:hr_list") + "?status=resolved",
        reverse("concerns:hr_list") + f"?program={pair.program_id}",
        reverse("sessions_log:program_health", args=[pair.program_id]) + "?risk=on",
    ]
    return urls


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def identifying(people, pair) -> list[str]:
    author, partner = people
    return [
        author.first_name,
        author.last_name,
        author.email,
        partner.first_name,
        partner.last_name,
        partner.email,
        f"/pairing/{pair.pk}/",
        f"/pairing/mentee/{pair.mentee_id}/",
        f"/pairs/{pair.pk}/",
    ]


def leaks(client, concern, pair, people) -> dict[str, list[str]]:
    """Pages that show the concern together with something that points to its author."""
    found, read = {}, 0
    concern_link = reverse("concerns:hr_detail", args=[concern.pk])
    for url in hr_urls(concern, pair):
        response = client.get(url)
        assert response.status_code in (200, 302, 404, 405), url
        read += response.status_code == 200
        body = _body(response)
        if WORDS not in body and concern_link not in body and HR_NOTE not in body:
            continue
        shown = [marker for marker in identifying(people, pair) if marker in body]
        if shown:
            found[url] = shown
    assert read >= 20, "the walk should read every HR page that this world has"
    return found


def test_no_hr_page_or_export_links_an_anonymous_concern_to_its_author_or_pair(
    client, pair, people, django_capture_on_commit_callbacks
):
    author, _ = people
    hr = UserFactory(hr_admin=True, first_name="Helen", last_name="Ramirez")
    concern = concern_raise(
        pairing=pair, by=author, category="power", text=WORDS, named=False
    ).concern
    client.force_login(hr)
    assert leaks(client, concern, pair, people) == {}
    detail = client.get(reverse("concerns:hr_detail", args=[concern.pk])).content.decode()
    assert WORDS in detail and "Anonymous" in detail  # HR does read the words

    with django_capture_on_commit_callbacks(execute=True):
        concern_acknowledge(concern=concern, by=hr)
        concern_note_add(concern=concern, by=hr, text=HR_NOTE)
        concern_resolve(concern=concern, by=hr, outcome="program")
    assert leaks(client, concern, pair, people) == {}


def test_the_check_finds_the_author_of_a_named_concern(client, pair, people):
    """The same walk on a concern whose author let HR contact them: it must find them."""
    author, _ = people
    hr = UserFactory(hr_admin=True)
    concern = concern_raise(pairing=pair, by=author, category="power", text=WORDS, named=True)
    client.force_login(hr)
    found = leaks(client, concern.concern, pair, people)
    assert reverse("concerns:hr_detail", args=[concern.concern.pk]) in found
    assert reverse("concerns:hr_list") in found


def test_hr_notifications_and_mail_about_concerns_name_nobody(
    client, pair, people, mailoutbox, django_capture_on_commit_callbacks
):
    author, partner = people
    hr = UserFactory(hr_admin=True)
    concern_raise(pairing=pair, by=author, category="power", text=WORDS, named=False)
    Concern.objects.update(raised_on=Concern.objects.get().raised_on.replace(year=2020))
    with django_capture_on_commit_callbacks(execute=True):
        run_rules()
    [note] = Notification.objects.filter(recipient=hr, kind="concerns_open")
    said = f"{note.title} {note.body} {note.link}"
    said += "".join(mail.body for mail in mailoutbox if mail.to == [hr.email])
    assert "concern" in said.lower()
    for marker in identifying(people, pair) + [WORDS]:
        assert marker not in said


def test_the_partner_learns_nothing_of_it(
    client, pair, people, mailoutbox, django_capture_on_commit_callbacks
):
    author, partner = people
    hr = UserFactory(hr_admin=True)
    for named in (False, True):
        with django_capture_on_commit_callbacks(execute=True):
            concern = concern_raise(
                pairing=pair, by=author, category="power", text=WORDS, named=named
            ).concern
            concern_acknowledge(concern=concern, by=hr)
            concern_resolve(concern=concern, by=hr, outcome="talked")
    assert [mail for mail in mailoutbox if partner.email in mail.to] == []
    assert not Notification.objects.filter(recipient=partner).exists()
    client.force_login(partner)
    for url in (
        reverse("home"),
        reverse("sessions_log:workspace", args=[pair.pk]),
        reverse("concerns:mine"),
        reverse("notifications:list"),
    ):
        body = client.get(url).content.decode()
        assert "ANON-CONCERN-WORDS" not in body and "Authorname raised" not in body


def test_the_admin_site_does_not_list_concerns(client, pair, people):
    author, _ = people
    concern_raise(pairing=pair, by=author, category="power", text=WORDS, named=False)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()
    assert "oncern" not in page
    assert Group.objects.filter(name="HR admins").exists()
