"""Every HR page, for every role: the access matrix of accounts/access.py.

The HR URLs are read from the URLconf (every path under hr/), so that a new HR page joins the
matrix by itself and fails it until its access is decided. A program manager runs program A:
its pages open, program B's answer 404 (they do not learn it exists), and the company-wide
pages answer 403, as they do for an employee without an HR role.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.importing import employee_import_create
from accounts.models import Skill
from accounts.roles import program_manager_grant
from accounts.tests.factories import UserFactory
from api.services import token_create
from concerns.services import concern_raise
from pairing.models import PairRule
from programs.models import Phase
from sessions_log.tests.conftest import make_pair

pytestmark = pytest.mark.django_db

# HR pages that list programs (or their objects) and narrow the list to the person's scope.
SCOPED_LISTS = {"hr_home", "hr_programs", "concerns:hr_list"}
# HR pages of one concern: the concern belongs to a program.
CONCERN_PAGES = {"concerns:hr_detail", "concerns:hr_acknowledge", "concerns:hr_note",
                 "concerns:hr_resolve"}  # fmt: skip
# Creating or copying a program is company-wide: program managers run the programs they have.
ADMIN_ONLY_PROGRAM_PAGES = {"programs:copy"}


def hr_url_names() -> list[tuple[str, str]]:
    """(namespaced name, route) of every URL under hr/."""
    found = []

    def walk(patterns, prefix="", namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner.strip(":"))
            elif isinstance(entry, URLPattern) and entry.name:
                route = prefix + str(entry.pattern)
                if route.startswith("hr/"):
                    found.append((f"{namespace}:{entry.name}".strip(":"), route))

    walk(get_resolver().url_patterns)
    return sorted(set(found))


HR_URLS = hr_url_names()


@pytest.fixture
def world():
    """Programs A and B, each with a published pair, a lock, a concern; and the people."""
    places = {}
    for key in ["a", "b"]:
        pairing = make_pair()
        program = pairing.program
        rule = PairRule.objects.create(
            program=program, mentee=pairing.mentee, mentor=pairing.mentor, kind="lock"
        )
        authorship = concern_raise(
            pairing=pairing, by=pairing.mentor.user, category="other", text="x", named=False
        )
        places[key] = {
            "program": program,
            "pairing": pairing,
            "rule": rule,
            "concern": authorship.concern,
        }
    manager = UserFactory(email="pm@example.com")
    admin = UserFactory(hr_admin=True)
    program_manager_grant(user=manager, program=places["a"]["program"], by=admin)
    upload = employee_import_create(file_name="hr.csv", text=IMPORT, uploaded_by=admin)
    token, _ = token_create(user=admin, name="sync", scope="read", days=30)
    for place in places.values():
        place["company"] = {
            "accounts:import": upload.pk,
            "api:hr_token": token.pk,
            "accounts:hr_role": manager.pk,
            "hr_employee": manager.pk,
            "accounts:skill": Skill.objects.order_by("pk").first().pk,
        }
    return {
        **places,
        "admin": admin,
        "manager": manager,
        "employee": UserFactory(),
    }


IMPORT = "email,first_name,last_name,title,level,department,manager_email,timezone,location\n"


def url_for(name: str, route: str, place: dict) -> str:
    kwargs = {}
    if "<int:pk>" in route:
        kwargs["pk"] = (place["concern"] if name in CONCERN_PAGES else place["program"]).pk
        for prefix, pk in place["company"].items():  # the company-wide pages of one object
            if name.startswith(prefix):
                kwargs["pk"] = pk
    for key, value in {
        "pairing_pk": place["pairing"].pk,
        "enrolment_pk": place["pairing"].mentee_id,
        "rule_pk": place["rule"].pk,
    }.items():
        if f"<int:{key}>" in route:
            kwargs[key] = value
    if "<str:moment>" in route:
        kwargs["moment"] = "midpoint"
    if "<str:table>" in route:
        kwargs["table"] = "meetings"
    return reverse(name, kwargs=kwargs)


def program_page(name: str, route: str) -> bool:
    return (route.startswith("hr/programs/<int:pk>/") or name in CONCERN_PAGES) and (
        name not in ADMIN_ONLY_PROGRAM_PAGES
    )


def status(client, user, url: str) -> int:
    """GET the page; a page that only takes POST is posted to with nothing filled in."""
    client.force_login(user)
    answer = client.get(url)
    if answer.status_code == 405:
        answer = client.post(url, {})
    return answer.status_code


def test_the_matrix_covers_the_hr_pages():
    names = {name for name, _ in HR_URLS}
    assert {"programs:dashboard", "pairing:board", "outcomes:report", "accounts:hr_roles",
            "accounts:audit_log", "concerns:hr_detail"} <= names  # fmt: skip
    assert len(HR_URLS) >= 40


@pytest.mark.parametrize(("name", "route"), HR_URLS, ids=[name for name, _ in HR_URLS])
def test_access_to_each_hr_page(client, world, name, route):
    program_a = url_for(name, route, world["a"])
    program_b = url_for(name, route, world["b"])
    refused = {403, 404}

    assert status(client, world["employee"], program_a) == 403
    assert status(client, world["admin"], program_b) not in refused
    if program_page(name, route):
        assert status(client, world["manager"], program_a) not in refused
        assert status(client, world["manager"], program_b) == 404
    elif name in SCOPED_LISTS:
        assert status(client, world["manager"], program_a) == 200
    else:
        assert status(client, world["manager"], program_a) == 403


def test_a_program_manager_lists_only_their_programs(client, world):
    client.force_login(world["manager"])
    programs = client.get(reverse("hr_programs")).content.decode()
    concerns = client.get(reverse("concerns:hr_list")).content.decode()
    assert world["a"]["program"].name in programs
    assert world["b"]["program"].name not in programs
    assert reverse("concerns:hr_detail", args=[world["a"]["concern"].pk]) in concerns
    assert reverse("concerns:hr_detail", args=[world["b"]["concern"].pk]) not in concerns


def test_a_program_manager_can_run_their_program(client, world):
    program = world["a"]["program"]
    client.force_login(world["manager"])
    client.post(reverse("programs:phase", args=[program.pk]), {"to": Phase.ENROLLING})
    # Running → Enrolling is not a move HR may make: the phase stays, the page says why.
    program.refresh_from_db()
    assert program.phase == Phase.RUNNING
    answer = client.get(reverse("sessions_log:program_health", args=[program.pk]))
    assert answer.status_code == 200
