"""Import of real HR exports: only `email` required, the HR system's own headers, Excel."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.forms import ProfileForm
from accounts.importing import (
    ImportFileError,
    decode_csv_bytes,
    employee_import_apply,
    employee_import_create,
    file_header,
    map_headers,
    parse_header_mapping,
    plan_employee_import,
)
from accounts.models import Profile, User

pytestmark = pytest.mark.django_db


def apply_text(text: str):
    employee_import = employee_import_create(file_name="hr.csv", text=text, uploaded_by=None)
    return employee_import_apply(employee_import=employee_import, send_invitations=False)


@pytest.fixture
def ana():
    user = User.objects.create_user("ana@example.com", "pw", first_name="Ana", last_name="Silva")
    Profile.objects.create(
        user=user, title="Analyst", level=3, department="Finance", timezone="UTC", location="Lisbon"
    )
    return user


def test_a_file_of_e_mails_and_one_column_changes_only_that_column(ana):
    plan = apply_text("email,department\nana@example.com,Marketing\nnew@example.com,Sales\n")
    assert plan.summary["created"] == 1 and plan.summary["updated"] == 1
    profile = Profile.objects.get(user=ana)
    assert (profile.department, profile.title, profile.level) == ("Marketing", "Analyst", 3)
    assert (profile.timezone, profile.location) == ("UTC", "Lisbon")
    assert User.objects.get(email="ana@example.com").first_name == "Ana"
    assert Profile.objects.get(user__email="new@example.com").department == "Sales"


def test_an_empty_cell_still_clears_its_field(ana):
    apply_text("email,title,location\nana@example.com,,Lisbon\n")
    profile = Profile.objects.get(user=ana)
    assert profile.title == "" and profile.department == "Finance"


def test_without_a_manager_column_the_managers_stay(ana):
    boss = User.objects.create_user("boss@example.com", "pw")
    Profile.objects.create(user=boss)
    Profile.objects.filter(user=ana).update(manager=boss)
    plan = apply_text("email,title\nana@example.com,Senior analyst\n")
    assert plan.is_valid
    assert Profile.objects.get(user=ana).manager == boss


def test_the_hr_systems_own_header_names_are_understood(ana):
    text = (
        "Work Email,Given Name,Surname,Job Title,Grade,Dept,Line Manager Email,Time Zone,Office\n"
        "ana@example.com,Ana,Silva,Lead analyst,4,Finance,,UTC,Porto\n"
    )
    assert file_header(text).ignored == []
    apply_text(text)
    profile = Profile.objects.get(user=ana)
    assert (profile.title, profile.level, profile.location) == ("Lead analyst", 4, "Porto")


def test_hr_maps_headers_the_import_does_not_know(ana):
    mapping = parse_header_mapping("Mail ID = email\nOrg Unit = department\n")
    text = map_headers("Mail ID;Org Unit;Badge\nana@example.com;Treasury;77\n", mapping)
    assert file_header(text).ignored == ["Badge"]
    apply_text(text)
    assert Profile.objects.get(user=ana).department == "Treasury"


def test_a_mapping_to_an_unknown_column_is_refused_with_its_line():
    with pytest.raises(ImportFileError, match="Mapping line 2"):
        parse_header_mapping("Mail ID = email\nOrg Unit = shoe size\n")


def workbook_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_excel_workbook_is_read_with_numbers_and_dates_as_the_csv_writes_them(ana):
    data = workbook_bytes(
        [
            ["E-mail", "Level", "Department", "Termination date"],
            ["ana@example.com", 5, "Finance", None],
            ["bo@example.com", 8.0, "Sales", datetime.datetime(2024, 3, 1)],
        ]
    )
    text = decode_csv_bytes(data)
    plan = plan_employee_import(text=text)
    assert plan.is_valid, plan.errors
    apply_text(text)
    assert Profile.objects.get(user=ana).level == 5
    leaver = Profile.objects.get(user__email="bo@example.com")
    assert (leaver.level, leaver.left_on) == (8, datetime.date(2024, 3, 1))


def test_an_excel_row_with_an_error_is_named_by_its_row_number():
    data = workbook_bytes([["email", "level"], ["ana@example.com", 3], ["bad-address", 4]])
    plan = plan_employee_import(text=decode_csv_bytes(data))
    assert [error.line for error in plan.errors] == [3]


def test_imported_fields_are_the_employees_to_see_not_to_change(ana):
    apply_text("email,level,department\nana@example.com,3,Finance\n")
    profile = Profile.objects.get(user=ana)
    assert set(profile.hr_fields) == {"level", "department"}
    form = ProfileForm(instance=profile, user=ana)
    assert form.fields["department"].disabled and form.fields["level"].disabled
    assert not form.fields["location"].disabled
    assert "From HR's records" in str(form.fields["department"].help_text)


def test_a_junior_cannot_raise_their_own_level_to_enrol_as_a_mentee(client):
    junior = User.objects.create_user("leo@example.com", "pw")
    Profile.objects.create(user=junior, level=2, timezone="UTC")
    client.force_login(junior)
    client.post(reverse("accounts:profile"), {"level": "9", "timezone": "UTC"})
    assert Profile.objects.get(user=junior).level == 2


def test_the_upload_page_takes_an_excel_file_and_refuses_a_picture(client):
    hr = User.objects.create_user("hr@example.com", "pw")
    hr.user_permissions.add(*Permission.objects.filter(codename="manage_programs"))
    client.force_login(hr)
    data = workbook_bytes([["Work Email", "Dept"], ["zoe@example.com", "Sales"]])
    upload = io.BytesIO(data)
    upload.name = "export.xlsx"
    response = client.post(reverse("accounts:import_upload"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[-2000:]
    picture = io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01")
    picture.name = "photo.png"
    response = client.post(reverse("accounts:import_upload"), {"file": picture})
    assert "This is not a CSV or Excel file" in response.content.decode()
