"""Employees through the API: the list, one person, the bulk upsert with exactly the CSV
import's checks, and the export in the import's shape."""

import csv
import io

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from accounts import importing
from accounts.importing import COLUMNS, plan_employee_import
from accounts.models import Profile, User
from accounts.tests.factories import ProfileFactory, UserFactory
from pairing.models import Pairing
from programs.models import Enrolment
from sessions_log.tests.conftest import make_pair

pytestmark = pytest.mark.django_db

BULK = "/api/v1/employees/bulk/"


def row(email: str, **values) -> dict:
    name = email.split("@")[0]
    blank = dict.fromkeys(COLUMNS, "")
    return {**blank, "email": email, "first_name": name.title(), "last_name": "Example", **values}


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(["" if r[c] is None else r[c] for c in COLUMNS])
    return out.getvalue()


# The list and one person


def test_the_list_pages_with_a_cursor_through_everyone_once(hr_api, hr):
    people = [ProfileFactory().user for _ in range(4)]
    seen, url = [], "/api/v1/employees/?page_size=2"
    while url:
        page = hr_api.get(url).json()
        assert len(page["results"]) <= 2
        seen += [person["id"] for person in page["results"]]
        url = page["next"]
    assert seen == sorted([hr.pk, *(person.pk for person in people)])


def test_the_list_shows_each_person_with_their_profile_and_manager(hr_api):
    boss = ProfileFactory(user=UserFactory(first_name="Ada", last_name="Boss")).user
    ProfileFactory(
        user=UserFactory(email="leo@example.com"), manager=boss, level=3, title="Analyst"
    )
    [leo] = hr_api.get("/api/v1/employees/", {"q": "leo@"}).json()["results"]
    assert leo["title"] == "Analyst" and leo["level"] == 3 and leo["is_active"]
    assert leo["manager"] == {"id": boss.pk, "email": boss.email, "name": "Ada Boss"}


def test_the_list_filters_as_hr_s_employee_page_does(hr_api):
    ProfileFactory(user=UserFactory(email="fin@example.com"), department="Finance", level=9)
    ProfileFactory(user=UserFactory(email="mkt@example.com"), department="Marketing", level=2)
    gone = ProfileFactory(user=UserFactory(email="gone@example.com"), department="Finance").user
    User.objects.filter(pk=gone.pk).update(is_active=False)

    def emails(**params):
        return {p["email"] for p in hr_api.get("/api/v1/employees/", params).json()["results"]}

    assert emails(department="Finance") == {"fin@example.com", "gone@example.com"}
    assert emails(department="Finance", active="true") == {"fin@example.com"}
    assert emails(active="false") == {"gone@example.com"}
    assert emails(level="2") == {"mkt@example.com"}
    assert emails(q="FIN@") == {"fin@example.com"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"department": "Nowhere"}, "department"),
        ({"level": "11"}, "level"),
        ({"active": "maybe"}, "active"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
        ({"page_size": "²"}, "page_size"),  # a digit to str.isdigit(), not to int()
        ({"page_size": "9" * 5000}, "page_size"),  # more digits than int() takes
    ],
)
def test_a_bad_filter_is_a_400_that_names_it(hr_api, params, field):
    response = hr_api.get("/api/v1/employees/", params)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.mark.parametrize("cursor", ["garbage", "cD1hYmM=", "cD0xJTAw"])  # p=abc, p=1%00
def test_a_forged_cursor_is_a_404_not_a_crash(hr_api, cursor):
    response = hr_api.get("/api/v1/employees/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor", "code": "not_found"}


def test_the_list_runs_the_same_queries_for_few_and_many_people(hr_api):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert hr_api.get("/api/v1/employees/", {"page_size": 100}).status_code == 200
        return len(queries)

    boss = ProfileFactory().user
    ProfileFactory(manager=boss)
    count_queries()  # the token's first use of the minute also records the time
    few = count_queries()
    for _ in range(30):
        ProfileFactory(manager=boss)
    assert count_queries() == few


def test_one_employee_is_read_by_id_and_a_missing_one_is_a_json_404(hr_api):
    leo = ProfileFactory(user=UserFactory(email="leo@example.com")).user
    assert hr_api.get(f"/api/v1/employees/{leo.pk}/").json()["email"] == "leo@example.com"
    missing = hr_api.get("/api/v1/employees/999999/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert hr_api.get("/api/v1/employees/99999999999999999999999/").status_code == 404


# The bulk upsert


def test_bulk_creates_people_with_managers_anywhere_in_the_rows(hr_api):
    rows = [
        row("leo@example.com", level=3, manager_email="ADA@example.com", timezone="europe/paris"),
        row("ada@example.com", level="Director", title="CFO", department="Finance"),
    ]
    response = hr_api.post(BULK, {"employees": rows})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["applied"] is True
    assert body["summary"] == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "errors": 0}
    assert [(r["row"], r["email"]) for r in body["created"]] == [
        (1, "leo@example.com"),
        (2, "ada@example.com"),
    ]
    leo = Profile.objects.select_related("manager").get(user__email="leo@example.com")
    assert (leo.manager.email, leo.level, leo.timezone) == ("ada@example.com", 3, "Europe/Paris")
    assert not leo.user.has_usable_password()


def test_bulk_updates_only_what_changed_and_says_what(hr_api):
    hr_api.post(BULK, {"employees": [row("ana@example.com", title="Analyst", level=3)]})
    stamp = Profile.objects.get(user__email="ana@example.com").updated_at
    same = hr_api.post(BULK, {"employees": [row("ana@example.com", title="Analyst", level="3")]})
    assert same.json()["summary"]["unchanged"] == 1
    assert Profile.objects.get(user__email="ana@example.com").updated_at == stamp

    changed = hr_api.post(BULK, {"employees": [row("ANA@example.com", title="Lead", level=3)]})
    [updated] = changed.json()["updated"]
    assert updated["changes"] == [{"field": "title", "old": "Analyst", "new": "Lead"}]
    assert Profile.objects.get(user__email="ana@example.com").title == "Lead"


def test_null_and_blank_clear_a_field_as_an_empty_cell_does(hr_api):
    hr_api.post(BULK, {"employees": [row("ana@example.com", title="Analyst", level=3)]})
    hr_api.post(BULK, {"employees": [row("ana@example.com", title=None, level=None)]})
    profile = Profile.objects.get(user__email="ana@example.com")
    assert (profile.title, profile.level) == ("", None)


BAD_ROWS = [
    [row("not-an-email")],
    [row("")],
    [row("ana@example.com", level="12")],
    [row("ana@example.com", level=0)],
    [row("ana@example.com", level="Wizard")],
    [row("ana@example.com", timezone="Mars/Olympus_Mons")],
    [row("ana@example.com", manager_email="ghost@example.com")],
    [row("ana@example.com", manager_email="ana@example.com")],
    [row("ana@example.com", title="x" * 121)],
    [row("ana@example.com"), row("ANA@example.com", first_name="Other")],
    [
        row("ana@example.com", manager_email="bo@example.com"),
        row("bo@example.com", manager_email="ana@example.com", level="99"),
        row("ok@example.com"),
    ],
]


@pytest.mark.parametrize("rows", BAD_ROWS)
def test_bad_rows_get_exactly_the_csv_imports_messages_by_position(hr_api, rows):
    response = hr_api.post(BULK, {"employees": rows})
    assert response.status_code == 400
    body = response.json()
    csv_plan = plan_employee_import(text=as_csv(rows))
    # The file's header is line 1, so row n of the API is line n + 1 of the file.
    expected = [
        (error.line - 1, problem.column, problem.message)
        for error in csv_plan.errors
        for problem in error.problems
    ]
    got = [(e["row"], e["field"], e["message"]) for e in body["errors"]]
    assert [(r, f) for r, f, _ in got] == [(r, f) for r, f, _ in expected]
    for (_, _, api_message), (_, _, csv_message) in zip(got, expected, strict=True):
        # Only "also on line N" names a position, counted from the header in the file.
        assert api_message == csv_message or "also on line" in csv_message
    assert body["summary"] == csv_plan.summary
    assert body["code"] == "invalid_rows"
    assert (
        not User.objects.filter(email__endswith="@example.com")
        .exclude(email__startswith="person")
        .exists()
    )


def test_one_bad_row_applies_nothing_and_the_message_says_so(hr_api):
    response = hr_api.post(BULK, {"employees": [row("ok@example.com"), row("bad", level=3)]})
    assert response.json()["detail"] == "1 of 2 rows has errors: nothing was applied."
    assert response.json()["errors"] == [
        {"field": "email", "row": 2, "message": "bad e-mail 'bad'"}
    ]
    assert not User.objects.filter(email="ok@example.com").exists()


@pytest.mark.parametrize(
    ("body", "field", "row_number"),
    [
        ({}, "employees", None),
        ({"employees": []}, "employees", None),
        ({"employees": "ana@example.com"}, "employees", None),
        ({"employees": [row("ok@example.com"), {"email": "x@example.com"}]}, "first_name", 2),
        ({"employees": [row("ok@example.com", level={"n": 1})]}, "level", 1),
        ({"employees": [row("ok@example.com", title=["a"])]}, "title", 1),
        ({"employees": [row("ok@example.com")], "dry_run": "perhaps"}, "dry_run", None),
        ([row("ok@example.com")], None, None),
    ],
)
def test_a_body_of_the_wrong_shape_names_the_field_and_row(hr_api, body, field, row_number):
    response = hr_api.post(BULK, body)
    assert response.status_code == 400
    first = response.json()["errors"][0]
    assert (first["field"], first["row"]) == (field, row_number)
    assert not User.objects.filter(email="ok@example.com").exists()


def test_a_dry_run_says_what_would_change_and_changes_nothing(hr_api):
    response = hr_api.post(BULK, {"employees": [row("ana@example.com")], "dry_run": True})
    assert response.json()["applied"] is False
    assert response.json()["summary"]["created"] == 1
    assert not User.objects.filter(email="ana@example.com").exists()
    bad = hr_api.post(BULK, {"employees": [row("bad")], "dry_run": True})
    assert bad.json()["detail"] == "1 of 1 rows has errors: nothing would be applied."


def test_invitations_go_to_the_new_people_only_when_asked(
    hr_api, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hr_api.post(BULK, {"employees": [row("quiet@example.com")]})
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        hr_api.post(
            BULK,
            {
                "employees": [row("quiet@example.com", title="New"), row("new@example.com")],
                "send_invitations": True,
            },
        )
    assert [message.to for message in mailoutbox] == [["new@example.com"]]


def test_a_conflict_with_another_import_is_a_409_and_applies_nothing(hr_api, monkeypatch):
    def clash(plan):
        User.objects.create_user("ana@example.com")  # someone else got there first
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(importing, "_write", clash)
    response = hr_api.post(BULK, {"employees": [row("ana@example.com")]})
    assert response.status_code == 409
    assert "Send the rows again" in response.json()["detail"]
    assert not User.objects.filter(email="ana@example.com").exists()


def test_the_bulk_upsert_runs_a_bounded_number_of_queries(hr_api):
    def count_queries(rows: list[dict]) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert hr_api.post(BULK, {"employees": rows}).status_code == 200
        return len(queries)

    few = count_queries([row(f"a{n}@example.com", level=3) for n in range(10)])
    many = count_queries([row(f"b{n}@example.com", level=3) for n in range(400)])
    # PostgreSQL inserts 1,000 rows a statement; SQLite fewer (its parameter limit).
    assert many <= few + (0 if connection.vendor == "postgresql" else 40)


# The export


def test_the_export_is_the_import_s_rows_and_goes_back_in_unchanged(hr_api):
    hr_api.post(
        BULK,
        {
            "employees": [
                row("ada@example.com", level=9, title="CFO", timezone="Europe/London"),
                row("leo@example.com", level="3", manager_email="ada@example.com"),
            ]
        },
    )
    gone = ProfileFactory(user=UserFactory(email="gone@example.com")).user
    User.objects.filter(pk=gone.pk).update(is_active=False)
    exported, url = [], "/api/v1/employees/export/?page_size=1"
    while url:
        page = hr_api.get(url).json()
        exported += page["results"]
        url = page["next"]
    by_email = {r["email"]: r for r in exported}
    assert "gone@example.com" not in by_email
    assert by_email["leo@example.com"] == row(
        "leo@example.com", level="3", manager_email="ada@example.com"
    )
    again = hr_api.post(BULK, {"employees": exported}).json()
    assert again["summary"]["unchanged"] == len(exported)
    assert again["summary"]["created"] == again["summary"]["updated"] == 0


# Leaving


def test_hr_marks_someone_as_left_with_the_import_s_checks_and_effects(
    hr_api, django_capture_on_commit_callbacks
):
    pair = make_pair()
    Enrolment.objects.filter(pk__in=[pair.mentee_id, pair.mentor_id]).update(paired_count=1)
    leaver = pair.mentor.user
    url = f"/api/v1/employees/{leaver.pk}/leaving/"
    future = hr_api.post(url, {"left_on": "2999-01-31"})
    assert future.status_code == 400
    assert future.json()["errors"] == [
        {
            "field": "left_on",
            "row": None,
            "message": "left on 2999-01-31 is in the future: import it once the person has left",
        }
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_api.post(url, {"left_on": "2026-01-31"})
    assert response.status_code == 200
    assert response.json()["left_on"] == "2026-01-31" and response.json()["is_active"] is False
    leaver.refresh_from_db()
    assert not leaver.is_active and leaver.profile.title == "Marketing Analyst"  # data kept
    pair.refresh_from_db()
    assert pair.status == Pairing.Status.ENDED  # the pairing app ended their pair

    back = hr_api.post(url, {"left_on": None})
    assert back.json()["is_active"] is True and back.json()["left_on"] is None


def test_leaving_of_someone_unknown_is_a_404(hr_api):
    assert hr_api.post("/api/v1/employees/999999/leaving/", {"left_on": ""}).status_code == 404


def test_bulk_rows_may_carry_the_optional_left_on_column(hr_api):
    hr_api.post(BULK, {"employees": [row("ana@example.com"), row("bo@example.com")]})
    response = hr_api.post(
        BULK,
        {
            "employees": [
                row("ana@example.com", left_on="2025-12-31"),
                row("bo@example.com"),  # no left_on: unchanged
            ]
        },
    )
    [updated] = response.json()["updated"]
    assert updated["email"] == "ana@example.com"
    assert updated["changes"] == [{"field": "left on", "old": "", "new": "2025-12-31"}]
    assert not User.objects.get(email="ana@example.com").is_active
    assert User.objects.get(email="bo@example.com").is_active
    bad = hr_api.post(BULK, {"employees": [row("bo@example.com", left_on="31/12/2025")]})
    assert bad.json()["errors"] == [
        {
            "field": "left_on",
            "row": 1,
            "message": "left on '31/12/2025' is not a date: write it as YYYY-MM-DD",
        }
    ]


def test_nul_characters_in_a_row_are_that_row_s_error_not_a_database_error(hr_api):
    response = hr_api.post(BULK, {"employees": [row("ana@example.com", first_name="A\x00na")]})
    assert response.json()["errors"] == [
        {"field": "first_name", "row": 1, "message": "first name contains a NUL character"}
    ]


def test_cells_of_any_accepted_type_are_read_alike(hr_api):
    rows = [
        row("ana@example.com", level=3, title="  Analyst  "),
        row("bo@example.com", level="3", title=42, department=None),  # a number as text
    ]
    response = hr_api.post(BULK, {"employees": rows})
    assert response.json()["summary"]["created"] == 2
    people = Profile.objects.filter(user__email__in=["ana@example.com", "bo@example.com"])
    assert dict(people.values_list("user__email", "title")) == {
        "ana@example.com": "Analyst",
        "bo@example.com": "42",
    }
    assert set(people.values_list("level", flat=True)) == {3}
