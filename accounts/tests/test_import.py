"""HR's employee import and export: reading, checking, planning, applying, the commands."""

import csv
import io
import re
import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import importing
from accounts.importing import (
    COLUMNS,
    ImportAlreadyApplied,
    ImportFileError,
    decode_csv_bytes,
    employee_import_apply,
    employee_import_create,
    export_employees,
    plan_employee_import,
)
from accounts.models import EmployeeImport, Profile, User
from accounts.tasks import send_invitations
from mentoring.models import OutboxMessage

pytestmark = pytest.mark.django_db


def make_csv(*rows: dict, columns=COLUMNS, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def person(email: str, **values) -> dict:
    name = email.split("@")[0]
    return {"email": email, "first_name": name.title(), "last_name": "Example", **values}


def apply_text(text: str, *, send_invitations: bool = False):
    employee_import = employee_import_create(file_name="hr.csv", text=text, uploaded_by=None)
    return employee_import_apply(employee_import=employee_import, send_invitations=send_invitations)


def make_employee(email: str, manager: User | None = None, **profile) -> User:
    user = User.objects.create_user(email, "a long pass phrase 42", first_name=email[0].upper())
    Profile.objects.create(user=user, manager=manager, **profile)
    return user


def only_error(text: str):
    plan = plan_employee_import(text=text)
    assert len(plan.errors) == 1, plan.errors
    return plan.errors[0]


# Creating and updating


def test_first_import_creates_people_with_profiles_and_no_password():
    text = make_csv(
        person(
            "ana@example.com",
            title="Analyst",
            level="3",
            department="Finance",
            timezone="Europe/Lisbon",
            location="Lisbon",
        )
    )
    plan = apply_text(text)
    assert plan.summary == {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "errors": 0}
    ana = User.objects.select_related("profile").get(email="ana@example.com")
    assert (ana.first_name, ana.last_name) == ("Ana", "Example")
    assert not ana.has_usable_password()
    profile = ana.profile
    assert (profile.title, profile.level, profile.department) == ("Analyst", 3, "Finance")
    assert (profile.timezone, profile.location) == ("Europe/Lisbon", "Lisbon")


def test_new_people_get_a_verified_primary_address_because_hr_vouches_for_it():
    apply_text(make_csv(person("ana@example.com")))
    address = EmailAddress.objects.get(email="ana@example.com")
    assert address.verified and address.primary
    assert address.user.email == "ana@example.com"


def test_update_lists_each_changed_field_with_old_and_new_value():
    boss = make_employee("boss@example.com")
    make_employee("ana@example.com", title="Analyst", level=3, department="Finance", manager=boss)
    text = make_csv(
        person("ana@example.com", title="Senior Analyst", level="4", department="Finance")
    )
    plan = plan_employee_import(text=text)
    [row] = plan.updated
    changes = {change.field: (change.old, change.new) for change in row.changes}
    assert changes["title"] == ("Analyst", "Senior Analyst")
    assert changes["level"][0].startswith("3") and changes["level"][1].startswith("4")
    assert changes["manager"] == ("boss@example.com", "")
    assert "department" not in changes


def test_empty_cells_clear_the_manager_and_the_other_fields():
    boss = make_employee("boss@example.com")
    ana = make_employee("ana@example.com", manager=boss, level=3, timezone="UTC", title="Analyst")
    apply_text(make_csv(person("ana@example.com", manager_email="", level="", timezone="")))
    ana.profile.refresh_from_db()
    assert ana.profile.manager is None
    assert (ana.profile.level, ana.profile.timezone, ana.profile.title) == (None, "", "")


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    text = make_csv(
        person("boss@example.com", level="Director", timezone="europe/paris"),
        person("ana@example.com", level="3", manager_email="BOSS@example.com"),
    )
    apply_text(text)
    stamps = dict(Profile.objects.values_list("user__email", "updated_at"))
    plan = apply_text(text)
    assert plan.summary["unchanged"] == 2
    assert plan.summary["created"] == plan.summary["updated"] == 0
    assert dict(Profile.objects.values_list("user__email", "updated_at")) == stamps


def test_emails_are_compared_lower_cased():
    ana = make_employee("ana@example.com", title="Analyst")
    User.objects.filter(pk=ana.pk).update(email="Ana@Example.com")  # as the admin site may save it
    plan = plan_employee_import(text=make_csv(person("  Ana@Example.COM ", title="Analyst")))
    assert [row.email for row in plan.unchanged + plan.updated] == ["ana@example.com"]
    assert not plan.created


def test_level_takes_a_number_or_a_level_name_in_any_case():
    text = make_csv(
        person("a@example.com", level="7"),
        person("b@example.com", level="director"),
        person("c@example.com", level=" C-SUITE "),
        person("d@example.com", level=""),
    )
    apply_text(text)
    levels = dict(Profile.objects.values_list("user__email", "level"))
    assert levels == {
        "a@example.com": 7,
        "b@example.com": 7,
        "c@example.com": 10,
        "d@example.com": None,
    }


def test_time_zone_is_matched_in_any_case_and_stored_as_spelled_by_the_tz_database():
    apply_text(make_csv(person("a@example.com", timezone="america/new_york")))
    assert Profile.objects.get().timezone == "America/New_York"


def test_a_person_here_without_a_profile_gets_one_only_when_the_file_says_something():
    User.objects.create_user("admin@example.com", "pw", first_name="Admin", last_name="Example")
    blank = person("admin@example.com", first_name="Admin")
    assert plan_employee_import(text=make_csv(blank)).summary["unchanged"] == 1
    apply_text(make_csv({**blank, "title": "Administrator"}))
    assert Profile.objects.get(user__email="admin@example.com").title == "Administrator"


# Managers


def test_managers_are_found_anywhere_in_the_file_whatever_the_row_order():
    text = make_csv(
        person("ana@example.com", manager_email="bo@example.com"),
        person("bo@example.com", manager_email="cy@example.com"),
        person("cy@example.com"),
    )
    apply_text(text)
    managers = dict(Profile.objects.values_list("user__email", "manager__email"))
    assert managers == {
        "ana@example.com": "bo@example.com",
        "bo@example.com": "cy@example.com",
        "cy@example.com": None,
    }


def test_a_manager_can_be_an_employee_who_is_not_in_the_file():
    boss = make_employee("boss@example.com")
    apply_text(make_csv(person("ana@example.com", manager_email="boss@example.com")))
    assert Profile.objects.get(user__email="ana@example.com").manager == boss


# Bad rows: every reason, every row, with the line in the file


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"email": "not-an-email"}, "bad e-mail 'not-an-email'"),
        ({"email": ""}, "no e-mail"),
        ({"level": "12"}, "unknown level '12'"),
        ({"level": "Wizard"}, "unknown level 'Wizard'"),
        ({"timezone": "Mars/Olympus_Mons"}, "unknown time zone 'Mars/Olympus_Mons'"),
        ({"manager_email": "ghost@example.com"}, "unknown manager ghost@example.com"),
        ({"manager_email": "ana@example.com"}, "manager cycle: manages themselves"),
        ({"title": "x" * 121}, "title longer than 120 characters"),
    ],
)
def test_each_bad_row_says_why(values, reason):
    error = only_error(make_csv({**person("ana@example.com"), **values}))
    assert error.line == 2
    assert reason in error.reason


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"level": "12"}, "level"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"manager_email": "ghost@example.com"}, "manager_email"),
        ({"manager_email": "ana@example.com"}, "manager_email"),
        ({"title": "x" * 121}, "title"),
    ],
)
def test_each_reason_names_the_column_it_is_about(values, column):
    error = only_error(make_csv({**person("ana@example.com"), **values}))
    assert [(problem.column, problem.message) for problem in error.problems] == [
        (column, error.reason)
    ]


def test_nul_characters_in_rows_from_elsewhere_are_a_bad_row_not_a_database_error():
    rows = [
        (1, {**dict.fromkeys(COLUMNS, ""), **person("ana@example.com"), "title": "Chief\x00"}),
        (2, {**dict.fromkeys(COLUMNS, ""), **person("bo@example.com"), "manager_email": "x\x00"}),
    ]
    plan = importing.employee_rows_apply(rows=rows, send_invitations=False)
    assert [
        (error.line, problem.column, problem.message)
        for error in plan.errors
        for problem in error.problems
    ] == [
        (1, "title", "title contains a NUL character"),
        (2, "manager_email", "manager contains a NUL character"),
        (2, "manager_email", "unknown manager x: not in the file and not an employee"),
    ]
    assert not User.objects.exists()


def apply_rows(text: str):
    """The same rows through the row-based entry point the API uses."""
    return importing.employee_rows_apply(
        rows=importing.read_employee_csv(text), send_invitations=False
    )


def test_rows_from_anywhere_are_planned_and_applied_like_a_file():
    text = make_csv(
        person("ana@example.com", level="9", title="Director"),
        person("bo@example.com", manager_email="ana@example.com", timezone="europe/paris"),
    )
    rows = importing.read_employee_csv(text)
    assert importing.plan_employee_rows(rows=rows) == plan_employee_import(text=text)
    plan = apply_rows(text)
    assert plan.summary["created"] == 2
    bo = Profile.objects.get(user__email="bo@example.com")
    assert (bo.manager.email, bo.timezone) == ("ana@example.com", "Europe/Paris")
    assert apply_rows(text).summary["unchanged"] == 2


def test_rows_with_one_bad_row_apply_nothing():
    plan = apply_rows(make_csv(person("ana@example.com"), person("bo@example.com", level="99")))
    assert [error.line for error in plan.errors] == [3]
    assert not User.objects.exists()


def test_a_duplicate_email_in_the_file_names_the_first_line():
    text = make_csv(person("ana@example.com"), person("ANA@example.com", first_name="Other"))
    error = only_error(text)
    assert (error.line, error.reason) == (3, "duplicate e-mail: also on line 2")


def test_a_cycle_within_the_file_is_reported_on_every_row_of_it():
    text = make_csv(
        person("ana@example.com", manager_email="bo@example.com"),
        person("bo@example.com", manager_email="cy@example.com"),
        person("cy@example.com", manager_email="ana@example.com"),
        person("dee@example.com", manager_email="ana@example.com"),  # below the cycle, not on it
    )
    plan = plan_employee_import(text=text)
    assert [error.line for error in plan.errors] == [2, 3, 4]
    assert plan.errors[0].reason == (
        "manager cycle: ana@example.com → bo@example.com → cy@example.com → ana@example.com"
    )


def test_a_cycle_through_an_employee_not_in_the_file_is_found():
    ana = make_employee("ana@example.com")
    make_employee("xavier@example.com", manager=ana)  # today: Xavier reports to Ana
    error = only_error(make_csv(person("ana@example.com", manager_email="xavier@example.com")))
    assert error.reason == "manager cycle: ana@example.com → xavier@example.com → ana@example.com"


def test_a_new_persons_email_held_by_another_account_is_a_bad_row():
    other = User.objects.create_user("other@example.com", "pw")
    EmailAddress.objects.create(user=other, email="ana@example.com", verified=True)
    assert (
        "already belongs to another account"
        in only_error(make_csv(person("ana@example.com"))).reason
    )


def test_every_bad_row_is_reported_at_once_with_its_line_in_the_file():
    text = (
        make_csv(
            person("ok@example.com"),
            person("bad-email"),
            person("level@example.com", level="11"),
        )
        + "\n"  # a blank line still counts as a line
        + make_csv(person("zone@example.com", timezone="Nowhere/Town", level="0")).split("\n", 1)[1]
    )
    plan = plan_employee_import(text=text)
    lines = {error.line: error.reason for error in plan.errors}
    assert sorted(lines) == [3, 4, 6]
    assert "unknown time zone" in lines[6] and "unknown level '0'" in lines[6]
    assert plan.summary["created"] == 1


def test_a_cell_on_several_lines_keeps_the_following_line_numbers_right():
    text = make_csv(person("ok@example.com", location="Building 4\nFloor 2"), person("bad"))
    assert only_error(text).line == 4


# The file as a whole


def test_a_file_without_an_email_column_is_an_error_for_the_whole_file():
    columns = [column for column in COLUMNS if column != "email"]
    with pytest.raises(ImportFileError, match="no email column"):
        plan_employee_import(text=make_csv(person("ana@example.com"), columns=columns))


def test_column_names_ignore_case_spaces_and_order_and_extra_columns_are_ignored():
    header = [" EMAIL ", "Last_Name", "First_Name", "Title", "LEVEL", "department",
              "Manager_Email", "TimeZone", "location", "Employee number"]  # fmt: skip
    text = ",".join(header) + "\nana@example.com,Silva,Ana,Analyst,3,Finance,,UTC,Lisbon,12345\n"
    plan = apply_text(text)
    assert plan.summary["created"] == 1
    ana = User.objects.get(email="ana@example.com")
    assert (ana.first_name, ana.last_name, ana.profile.location) == ("Ana", "Silva", "Lisbon")


def test_excel_semicolons_and_byte_order_mark_are_understood():
    data = ("\ufeff" + make_csv(person("zoe@example.com", first_name="Zoë"), delimiter=";")).encode(
        "utf-8"
    )
    plan = plan_employee_import(text=decode_csv_bytes(data))
    assert plan.summary["created"] == 1
    assert plan.created[0].name == "Zoë Example"


def test_windows_1252_text_is_read_too():
    data = make_csv(person("jose@example.com", first_name="José")).encode("cp1252")
    assert plan_employee_import(text=decode_csv_bytes(data)).created[0].name == "José Example"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest-of-a-zip", "not a CSV or Excel file"),
        (
            b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f",
            "not a CSV or Excel file",
        ),
        (bytes(range(256)) * 4, "not a CSV or Excel file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel file"),
    ],
)
def test_unreadable_files_say_what_is_wrong(data, message):
    with pytest.raises(ImportFileError, match=message):
        plan_employee_import(text=decode_csv_bytes(data))


# Applying: all or nothing, checked again against today's data


def test_a_file_with_one_bad_row_changes_nothing():
    make_employee("boss@example.com", title="CEO")
    text = make_csv(
        person("boss@example.com", title="Chief Executive"),
        person("ana@example.com"),
        person("bad@example.com", level="99"),
    )
    employee_import = employee_import_create(file_name="hr.csv", text=text, uploaded_by=None)
    plan = employee_import_apply(employee_import=employee_import, send_invitations=True)
    assert not plan.is_valid
    assert employee_import.status == EmployeeImport.Status.FAILED
    assert list(User.objects.values_list("email", flat=True)) == ["boss@example.com"]
    assert Profile.objects.get().title == "CEO"


def test_a_failure_while_applying_rolls_everything_back(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(importing, "_write_changes", broken)
    employee_import = employee_import_create(
        file_name="hr.csv", text=make_csv(person("ana@example.com")), uploaded_by=None
    )
    with pytest.raises(RuntimeError):
        employee_import_apply(employee_import=employee_import, send_invitations=False)
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    employee_import.refresh_from_db()
    assert employee_import.status == EmployeeImport.Status.PREVIEWED


def test_apply_checks_the_file_again_against_todays_data():
    ana = make_employee("ana@example.com")
    xavier = make_employee("xavier@example.com")
    text = make_csv(person("ana@example.com", manager_email="xavier@example.com"))
    employee_import = employee_import_create(file_name="hr.csv", text=text, uploaded_by=None)
    assert employee_import.summary["errors"] == 0
    Profile.objects.filter(user=xavier).update(manager=ana)  # meanwhile, in the profile editor
    plan = employee_import_apply(employee_import=employee_import, send_invitations=False)
    assert "manager cycle" in plan.errors[0].reason
    assert Profile.objects.get(user=ana).manager is None


def test_an_import_is_applied_only_once():
    employee_import = employee_import_create(
        file_name="hr.csv", text=make_csv(person("ana@example.com")), uploaded_by=None
    )
    employee_import_apply(employee_import=employee_import, send_invitations=False)
    assert employee_import.status == EmployeeImport.Status.APPLIED
    assert employee_import.applied_at is not None
    with pytest.raises(ImportAlreadyApplied):
        employee_import_apply(employee_import=employee_import, send_invitations=False)


# Invitations


def test_invitations_go_only_to_new_people_and_only_when_asked(
    mailoutbox, django_capture_on_commit_callbacks
):
    make_employee("old@example.com", title="Old title")
    text = make_csv(person("old@example.com", title="New title"), person("new@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        apply_text(text, send_invitations=False)
    assert mailoutbox == []

    text = make_csv(person("old@example.com", title="Newer"), person("newer@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        apply_text(text, send_invitations=True)
    assert [message.to for message in mailoutbox] == [["newer@example.com"]]


def test_the_invitation_link_welcomes_the_person_sets_a_password_and_signs_them_in(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.COMPANY_NAME = "Northwind"
    with django_capture_on_commit_callbacks(execute=True):
        apply_text(make_csv(person("ana@example.com")), send_invitations=True)
    EmailAddress.objects.filter(email="ana@example.com").update(verified=False)
    [message] = mailoutbox
    assert "Hello Ana" in message.body
    html = message.alternatives[0][0]
    path = re.search(r"https?://[^/\s]+(/welcome/\S+)", message.body).group(1)
    assert path in html

    page = client.get(path).content.decode()
    assert "Welcome to Northwind's reverse-mentoring program: choose a password" in page
    password = "my own pass phrase 31"
    response = client.post(path, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    ana = User.objects.get(email="ana@example.com")
    assert client.session["_auth_user_id"] == str(ana.pk)  # signed in, no second step
    assert EmailAddress.objects.get(user=ana).verified  # the link was the confirmation
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ana@example.com", "password": password}
    )
    assert response.status_code == 302 and "confirm" not in response["Location"]
    # The link is spent once the password is set.
    response = client.get(path)
    assert response.status_code == 410 and b"no longer works" in response.content


def test_a_forged_welcome_link_is_refused(client):
    apply_text(make_csv(person("ana@example.com")))
    ana = User.objects.get(email="ana@example.com")
    response = client.get(reverse("accounts:welcome", args=[ana.pk, "1-forged"]))
    assert response.status_code == 410
    assert client.get(reverse("accounts:welcome", args=["zz!", "x"])).status_code == 410


def test_someone_imported_without_an_invitation_can_still_ask_for_a_password(client, mailoutbox):
    apply_text(make_csv(person("ana@example.com")), send_invitations=False)
    client.post(reverse("account_reset_password"), {"email": "ana@example.com"})
    assert [message.to for message in mailoutbox] == [["ana@example.com"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_invitations_are_sent_in_tasks_of_at_most_200_people():
    text = make_csv(*[person(f"p{n}@example.com") for n in range(450)])
    apply_text(text, send_invitations=True)
    tasks = OutboxMessage.objects.filter(task="accounts.tasks.send_invitations").order_by("pk")
    chunks = [task.kwargs["user_ids"] for task in tasks]
    assert [len(chunk) for chunk in chunks] == [200, 200, 50]
    assert set(sum(chunks, [])) == set(User.objects.values_list("pk", flat=True))


def test_the_invitation_task_skips_people_who_already_chose_a_password(mailoutbox):
    apply_text(make_csv(person("ana@example.com"), person("bo@example.com")))
    bo = User.objects.get(email="bo@example.com")
    bo.set_password("chosen already 12")
    bo.save()
    sent = send_invitations.delay(list(User.objects.values_list("pk", flat=True))).get()
    assert sent == 1
    assert [message.to for message in mailoutbox] == [["ana@example.com"]]


# The commands


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "employees.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_command_dry_run_prints_the_summary_and_applies_nothing(tmp_path):
    out = io.StringIO()
    call_command(
        "import_employees",
        write(tmp_path, make_csv(person("a@example.com"))),
        "--dry-run",
        stdout=out,
    )
    assert "1 rows: 1 to create, 0 to update, 0 unchanged, 0 with errors." in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert not User.objects.exists()
    assert not EmployeeImport.objects.exists()


def test_import_command_exits_1_on_a_bad_row_and_applies_nothing(tmp_path):
    path = write(tmp_path, make_csv(person("a@example.com"), person("b@example.com", level="42")))
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_employees", path, stdout=out)
    assert raised.value.returncode == 1
    assert "Line 3 (b@example.com): unknown level '42'" in out.getvalue()
    assert not User.objects.exists()
    assert EmployeeImport.objects.get().status == EmployeeImport.Status.FAILED


def test_import_command_invites_new_people_unless_told_not_to(
    tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_employees",
            write(tmp_path, make_csv(person("a@example.com"))),
            "--no-invite",
            stdout=io.StringIO(),
        )
    assert User.objects.filter(email="a@example.com").exists()
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_employees",
            write(tmp_path, make_csv(person("b@example.com"))),
            stdout=io.StringIO(),
        )
    assert [message.to for message in mailoutbox] == [["b@example.com"]]
    assert EmployeeImport.objects.filter(status="applied", uploaded_by=None).count() == 2


def test_import_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_employees", tmp_path / "missing.csv")


# Export


def test_an_export_imported_again_changes_nothing(tmp_path):
    apply_text(
        make_csv(
            person("boss@example.com", title="CEO", level="C-suite", timezone="Europe/London"),
            person("ana@example.com", title="Analyst, FP&A", level="3", department="Finance",
                   manager_email="boss@example.com", location='Lisbon "HQ"'),
            person("new@example.com"),
        )
    )  # fmt: skip
    User.objects.create_user("hr@example.com", "pw")  # someone with no profile at all
    path = tmp_path / "export.csv"
    call_command("export_employees", path, stderr=io.StringIO())
    plan = plan_employee_import(text=path.read_text(encoding="utf-8"))
    assert plan.summary == {"rows": 4, "created": 0, "updated": 0, "unchanged": 4, "errors": 0}


def test_export_writes_the_import_columns_with_the_level_as_a_number():
    boss = make_employee("boss@example.com", level=10)
    make_employee("ana@example.com", manager=boss, level=3, title="Analyst", timezone="UTC")
    User.objects.create_user("gone@example.com", "pw", is_active=False)
    out = io.StringIO()
    assert export_employees(out=out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0] == {
        "email": "ana@example.com", "first_name": "A", "last_name": "", "title": "Analyst",
        "level": "3", "department": "", "manager_email": "boss@example.com", "timezone": "UTC",
        "location": "",
    }  # fmt: skip


def test_export_command_writes_to_standard_output_without_a_file():
    make_employee("ana@example.com")
    out = io.StringIO()
    call_command("export_employees", stdout=out)
    assert out.getvalue().splitlines() == [",".join(COLUMNS), "ana@example.com,A,,,,,,,"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_the_invitations_after_the_import_commits(celery_worker, mailoutbox):
    apply_text(make_csv(person("ana@example.com"), person("bo@example.com")), send_invitations=True)
    deadline = time.monotonic() + 30
    while len(mailoutbox) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(message.to[0] for message in mailoutbox) == ["ana@example.com", "bo@example.com"]


# Leavers: the optional left_on column

WITH_LEFT_ON = (*COLUMNS, "left_on")


def test_a_leaver_becomes_inactive_keeps_their_data_and_their_pairs_are_asked_to_end():
    leaver = make_employee("leaver@example.com", title="Analyst", level=3)
    plan = apply_text(
        make_csv(
            person("leaver@example.com", title="Analyst", level="3", left_on="2025-03-31"),
            columns=WITH_LEFT_ON,
        )
    )
    assert "left on" in [c.field for c in plan.updated[0].changes]
    leaver.refresh_from_db()
    assert not leaver.is_active and leaver.profile.left_on.isoformat() == "2025-03-31"
    assert leaver.profile.title == "Analyst"  # nothing of theirs is deleted
    message = OutboxMessage.objects.get(task="pairing.tasks.end_pairings_of_leavers")
    assert message.kwargs == {"user_ids": [leaver.pk]}


def test_without_the_left_on_column_nobodys_leaving_date_changes():
    gone = make_employee("gone@example.com", left_on="2024-01-31")
    gone.is_active = False
    gone.save()
    apply_text(make_csv(person("gone@example.com")))
    gone.refresh_from_db()
    assert gone.profile.left_on.isoformat() == "2024-01-31" and not gone.is_active


def test_an_empty_left_on_cell_means_employed_again():
    back = make_employee("back@example.com", left_on="2024-01-31")
    back.is_active = False
    back.save()
    apply_text(make_csv(person("back@example.com", left_on=""), columns=WITH_LEFT_ON))
    back.refresh_from_db()
    assert back.profile.left_on is None and back.is_active
    assert not OutboxMessage.objects.filter(task="pairing.tasks.end_pairings_of_leavers").exists()


def test_a_new_person_who_already_left_is_created_inactive():
    apply_text(make_csv(person("old@example.com", left_on="2020-02-29"), columns=WITH_LEFT_ON))
    old = User.objects.get(email="old@example.com")
    assert not old.is_active and old.profile.left_on.isoformat() == "2020-02-29"


@pytest.mark.parametrize(
    "value, reason",
    [
        ("31/03/2025", "is not a date"),
        ("2025-02-30", "is not a date"),
        ("9999-12-31", "in the future"),
        ("0001-01-01", "too long ago"),
        ("9" * 400, "is not a date"),
    ],
)
def test_a_bad_left_on_date_is_a_bad_row_and_nothing_is_applied(value, reason):
    text = make_csv(
        person("ok@example.com"), person("bad@example.com", left_on=value), columns=WITH_LEFT_ON
    )
    error = only_error(text)
    assert error.line == 3 and reason in error.reason
    with pytest.raises(AssertionError):
        assert apply_text(text).is_valid
    assert not User.objects.filter(email="ok@example.com").exists()


def test_a_nul_character_anywhere_is_an_error_for_the_whole_file():
    text = make_csv(person("ok@example.com", left_on="2025-03-31\x00"), columns=WITH_LEFT_ON)
    with pytest.raises(ImportFileError, match="NUL"):
        plan_employee_import(text=text)


@pytest.mark.parametrize("content", ["\ufeff", "\ufeff\ufeff\ufeff", "\ufeff  \n\ufeff"])
def test_a_file_of_only_byte_order_marks_is_empty_not_an_error(content):
    with pytest.raises(importing.ImportFileError, match="The file is empty."):
        importing.read_employee_csv(content)


def test_cells_a_spreadsheet_would_run_are_neutralised_and_import_back_unchanged(tmp_path):
    apply_text(
        make_csv(
            person("eve@example.com", first_name="=HYPERLINK(\"http://x.example\")",
                   last_name="+1-2", title="@SUM(A1)", department="-Finance",
                   location="-12"),
        )
    )  # fmt: skip
    out = io.StringIO()
    export_employees(out=out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["first_name"] == '\'=HYPERLINK("http://x.example")'
    assert (row["last_name"], row["title"], row["department"]) == (
        "'+1-2",
        "'@SUM(A1)",
        "'-Finance",
    )
    assert row["location"] == "-12"  # a plain number stays a number
    plan = plan_employee_import(text=out.getvalue())
    assert plan.summary == {"rows": 1, "created": 0, "updated": 0, "unchanged": 1, "errors": 0}
    eve = User.objects.get(email="eve@example.com")
    assert eve.first_name == '=HYPERLINK("http://x.example")'
