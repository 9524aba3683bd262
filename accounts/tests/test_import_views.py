"""HR's import and export pages: access, upload, preview, apply, downloads."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.importing import COLUMNS, employee_import_create
from accounts.models import EmployeeImport, Profile, User

from .factories import ProfileFactory
from .test_import import make_csv, person

pytestmark = pytest.mark.django_db


def upload(client, text: str, name: str = "hr-export.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("accounts:import_upload"), {"file": file})


@pytest.fixture
def stored_import(db):
    text = make_csv(person("ana@example.com"))
    return employee_import_create(file_name="hr.csv", text=text, uploaded_by=None)


def urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("accounts:import_upload")),
        ("get", reverse("accounts:import_template")),
        ("get", reverse("accounts:import_preview", args=[pk])),
        ("post", reverse("accounts:import_apply", args=[pk])),
        ("get", reverse("accounts:import_errors", args=[pk])),
        ("get", reverse("accounts:export")),
    ]


# Access: HR only


def test_anonymous_visitors_are_sent_to_log_in_on_every_import_page(client, stored_import):
    for method, url in urls(stored_import.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_an_employee_who_is_not_hr_gets_403_on_every_import_page(client, employee, stored_import):
    client.force_login(employee)
    for method, url in urls(stored_import.pk):
        assert getattr(client, method)(url).status_code == 403, url
    assert not User.objects.filter(email="ana@example.com").exists()


def test_an_hr_admin_opens_every_import_page(client, hr_admin, stored_import):
    client.force_login(hr_admin)
    for method, url in urls(stored_import.pk):
        response = getattr(client, method)(url)
        assert response.status_code == (302 if method == "post" else 200), url


# Upload and preview


def test_upload_page_explains_the_columns_and_offers_a_template(client, hr_admin):
    client.force_login(hr_admin)
    content = client.get(reverse("accounts:import_upload")).content.decode()
    for column in COLUMNS:
        assert f"<code>{column}</code>" in content
    assert "An empty cell means no manager" in content
    assert reverse("accounts:import_template") in content
    assert "No imports yet" in content


def test_uploading_stores_the_file_and_shows_its_preview(client, hr_admin):
    client.force_login(hr_admin)
    text = make_csv(person("ana@example.com", title="Analyst"), person("bo@example.com"))
    response = upload(client, text)
    employee_import = EmployeeImport.objects.get()
    assert response["Location"] == reverse("accounts:import_preview", args=[employee_import.pk])
    assert employee_import.text == text
    assert employee_import.file_name == "hr-export.csv"
    assert employee_import.uploaded_by == hr_admin
    assert employee_import.summary["created"] == 2
    content = client.get(response["Location"]).content.decode()
    assert "Apply: create 2, update 0" in content
    assert "ana@example.com" in content and "bo@example.com" in content
    assert not User.objects.filter(email="ana@example.com").exists()


def test_a_file_without_a_required_column_is_refused_on_the_upload_page(client, hr_admin):
    client.force_login(hr_admin)
    columns = [column for column in COLUMNS if column != "email"]
    response = upload(client, make_csv(person("ana@example.com"), columns=columns))
    assert response.status_code == 200
    assert "The file has no email column" in response.content.decode()
    assert not EmployeeImport.objects.exists()


def test_preview_lists_bad_rows_first_and_offers_no_apply_button(client, hr_admin):
    client.force_login(hr_admin)
    text = make_csv(person("ana@example.com"), person("bo@example.com", timezone="Moon/Base"))
    response = client.get(upload(client, text)["Location"])
    content = response.content.decode()
    assert "Fix the file and upload it again" in content
    assert (
        'data-label="Line">3</td>' in content
        and "unknown time zone &#x27;Moon/Base&#x27;" in content
    )
    assert content.index("line to fix") < content.index("New people")
    assert reverse("accounts:import_apply", args=[EmployeeImport.objects.get().pk]) not in content


def test_preview_shows_what_changes_for_people_already_here(client, hr_admin):
    user = User.objects.create_user("ana@example.com", "pw", first_name="Ana", last_name="Example")
    Profile.objects.create(user=user, title="Analyst")
    client.force_login(hr_admin)
    response = client.get(
        upload(client, make_csv(person("ana@example.com", title="Lead")))["Location"]
    )
    content = response.content.decode()
    assert "Updates (1)" in content
    assert '<del class="text-danger">Analyst</del>' in content
    assert "Lead</ins>" in content


def test_long_lists_are_cut_with_a_count_of_the_rest(client, hr_admin):
    client.force_login(hr_admin)
    text = make_csv(*[person(f"p{n:03d}@example.com") for n in range(130)])
    content = client.get(upload(client, text)["Location"]).content.decode()
    assert "New people (130)" in content
    assert "p099@example.com" in content and "p100@example.com" not in content
    assert "and 30 more" in content


def test_preview_costs_the_same_queries_for_10_and_for_200_rows(client, hr_admin):
    client.force_login(hr_admin)
    counts = []
    for size in (10, 200):
        rows = [person(f"p{size}-{n}@example.com", manager_email=f"p{size}-0@example.com")
                for n in range(1, size)]  # fmt: skip
        text = make_csv(person(f"p{size}-0@example.com"), *rows)
        employee_import = employee_import_create(file_name="f.csv", text=text, uploaded_by=None)
        url = reverse("accounts:import_preview", args=[employee_import.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 12


# Apply


def test_apply_imports_everyone_and_says_how_many(client, hr_admin, mailoutbox):
    client.force_login(hr_admin)
    url = upload(client, make_csv(person("ana@example.com"), person("bo@example.com")))["Location"]
    employee_import = EmployeeImport.objects.get()
    response = client.post(reverse("accounts:import_apply", args=[employee_import.pk]), follow=True)
    assert response.redirect_chain[-1][0] == url
    content = response.content.decode()
    assert "Import applied: 2 people created, 0 updated, 0 unchanged." in content
    assert "No invitations were sent" in content
    assert User.objects.filter(email__in=["ana@example.com", "bo@example.com"]).count() == 2
    assert mailoutbox == []
    employee_import.refresh_from_db()
    assert employee_import.status == EmployeeImport.Status.APPLIED
    assert not employee_import.invitations_sent


def test_apply_with_the_box_ticked_invites_the_new_people(
    client, hr_admin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)
    upload(client, make_csv(person("ana@example.com")))
    employee_import = EmployeeImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:import_apply", args=[employee_import.pk]),
            {"send_invitations": "on"},
            follow=True,
        )
    assert "Invitations are on their way to the 1 new person." in response.content.decode()
    assert [message.to for message in mailoutbox] == [["ana@example.com"]]
    employee_import.refresh_from_db()
    assert employee_import.invitations_sent


def test_apply_changes_nothing_when_todays_data_makes_a_row_bad(client, hr_admin):
    boss = User.objects.create_user("boss@example.com", "pw")
    client.force_login(hr_admin)
    upload(client, make_csv(person("ana@example.com", manager_email="boss@example.com")))
    employee_import = EmployeeImport.objects.get()
    assert employee_import.error_count == 0
    boss.delete()  # meanwhile, someone removes the manager
    response = client.post(reverse("accounts:import_apply", args=[employee_import.pk]), follow=True)
    content = response.content.decode()
    assert "Nothing was applied" in content
    assert "unknown manager boss@example.com" in content
    assert not User.objects.filter(email="ana@example.com").exists()
    employee_import.refresh_from_db()
    assert employee_import.status == EmployeeImport.Status.FAILED


def test_applying_twice_says_it_was_already_applied(client, hr_admin):
    client.force_login(hr_admin)
    upload(client, make_csv(person("ana@example.com")))
    url = reverse("accounts:import_apply", args=[EmployeeImport.objects.get().pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "This file was already applied." in response.content.decode()
    assert User.objects.filter(email="ana@example.com").count() == 1


def test_an_applied_import_shows_what_it_did_and_is_listed_on_the_upload_page(client, hr_admin):
    client.force_login(hr_admin)
    upload(client, make_csv(person("ana@example.com")), name="march.csv")
    employee_import = EmployeeImport.objects.get()
    client.post(reverse("accounts:import_apply", args=[employee_import.pk]))
    content = client.get(reverse("accounts:import_preview", args=[employee_import.pk])).content
    assert b"Applied on" in content and b"1 person created" in content
    content = client.get(reverse("accounts:import_upload")).content.decode()
    assert "march.csv" in content and "Applied" in content


def test_uploading_the_same_file_again_previews_as_all_unchanged(client, hr_admin):
    client.force_login(hr_admin)
    text = make_csv(person("ana@example.com", level="3"), person("bo@example.com"))
    upload(client, text)
    client.post(reverse("accounts:import_apply", args=[EmployeeImport.objects.get().pk]))
    content = client.get(upload(client, text)["Location"]).content.decode()
    assert "Nothing to change: everyone in this file is already up to date." in content
    assert "Unchanged (2)" in content


# Downloads


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_export_downloads_everyone_in_the_import_format(client, hr_admin):
    client.force_login(hr_admin)
    response = client.get(reverse("accounts:export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert [row["email"] for row in read_csv(response)] == [hr_admin.email]


def test_the_template_is_a_file_the_import_accepts(client, hr_admin):
    client.force_login(hr_admin)
    response = client.get(reverse("accounts:import_template"))
    upload(client, response.content.decode("utf-8"))
    assert EmployeeImport.objects.get().summary == {
        "rows": 2, "created": 2, "updated": 0, "unchanged": 0, "errors": 0,
    }  # fmt: skip


def test_the_problems_download_lists_every_bad_row(client, hr_admin):
    client.force_login(hr_admin)
    text = make_csv(*[person(f"p{n}@example.com", level="99") for n in range(3)])
    upload(client, text)
    response = client.get(reverse("accounts:import_errors", args=[EmployeeImport.objects.get().pk]))
    rows = read_csv(response)
    assert [row["line"] for row in rows] == ["2", "3", "4"]
    assert rows[0]["problem"].startswith("unknown level '99'")


def test_the_export_streams_in_the_same_queries_for_few_and_many_people(client, hr_admin):
    client.force_login(hr_admin)

    def export() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            rows = read_csv(client.get(reverse("accounts:export")))
        return len(rows), len(queries)

    few_rows, few_queries = export()
    ProfileFactory.create_batch(40)
    rows, queries = export()
    assert (few_rows, rows) == (1, 41)
    assert queries == few_queries
