"""HR's employee import and export: a CSV from the HR system in, the same format out.

Read → validate → plan → apply. Planning reads the database in a bounded number of
queries (e-mail lookups in chunks, one query for the existing org chart), so a preview of
10,000 rows stays fast; applying writes with bulk_create and batched UPDATEs inside one
transaction, so a file is applied whole or not at all. The plan is always made again just
before applying, because the database may have changed since the preview.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

import openpyxl
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Case, QuerySet, Value, When
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from audit.models import Action
from audit.services import entry as audit_entry
from audit.services import record_many
from mentoring import outbox
from mentoring.spreadsheets import SafeWriter, csv_lines, restore

from .models import EmployeeImport, LevelName, Profile, User
from .selectors import departments_changed

COLUMNS = (
    "email", "first_name", "last_name", "title", "level",
    "department", "manager_email", "timezone", "location",
)  # fmt: skip
# Columns the API's rows always carry, beside which left_on is optional. A file needs only
# `email`: any other column it leaves out leaves that field alone for everyone.
OPTIONAL_COLUMNS = ("left_on",)
REQUIRED_COLUMNS = ("email",)
KNOWN_COLUMNS = (*COLUMNS, *OPTIONAL_COLUMNS)
# What HR systems call the columns (compared without case, spaces or punctuation).
HEADER_ALIASES = {
    "email": ("e-mail", "email address", "e-mail address", "work email", "work e-mail",
              "business email", "mail", "primary email"),
    "first_name": ("first name", "firstname", "given name", "forename", "preferred first name"),
    "last_name": ("last name", "lastname", "surname", "family name"),
    "title": ("job title", "position", "position title", "job", "business title"),
    "level": ("grade", "job level", "band", "career level", "job grade"),
    "department": ("dept", "department name", "division", "organisation", "organization",
                   "cost center name"),
    "manager_email": ("manager", "manager e-mail", "manager email address", "line manager",
                      "line manager email", "supervisor email", "supervisor", "reports to",
                      "manager work email"),
    "timezone": ("time zone", "tz", "time zone name"),
    "location": ("office", "office location", "work location", "site", "city"),
    "left_on": ("termination date", "leaving date", "date left", "left", "leaver date"),
}  # fmt: skip
EXAMPLE_ROWS = [
    ["margaret.okafor@example.com", "Margaret", "Okafor", "Chief Financial Officer", "10",
     "Finance", "", "Europe/London", "London"],
    ["leo.park@example.com", "Leo", "Park", "Data Analyst", "Analyst",
     "Finance", "margaret.okafor@example.com", "America/New_York", "New York"],
]  # fmt: skip
LOOKUP_CHUNK = 500  # e-mails per IN (...) lookup: well under SQLite's bound-parameter limit
WRITE_BATCH = 1000  # rows per INSERT (Django lowers it further for SQLite)
UPDATE_BATCH = 300  # rows per UPDATE: its ids appear twice, under SQLite's 999 parameters
INVITATION_CHUNK = 200  # user ids per invitation task
CYCLE_NAMES_SHOWN = 6

FIELD_LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "title": "title",
    "level": "level",
    "department": "department",
    "manager_email": "manager",
    "timezone": "time zone",
    "location": "location",
    "left_on": "left on",
}
USER_FIELDS = ("first_name", "last_name")
PROFILE_FIELDS = ("title", "level", "department", "manager_email", "timezone", "location")
PROFILE_TEXT_FIELDS = ("title", "department", "timezone", "location")


class Writable(Protocol):
    """Where an export goes: a file, a command's output or an HTTP response."""

    def write(self, text: str, /) -> object: ...


class ImportFileError(ValueError):
    """The file as a whole cannot be read: not text, not CSV, or a column is missing."""


class ImportAlreadyApplied(Exception):
    """Someone applied this import already (a second click, or another HR admin)."""


class ImportConflict(Exception):
    """Another import created the same people at the same moment: nothing was applied."""


@dataclass(frozen=True)
class Problem:
    """One reason a row is refused, with the column it is about (the API names the field)."""

    column: str
    message: str


@dataclass
class Employee:
    """One row of the file, cleaned. Empty strings mean "blank" (and clear the field)."""

    line: int
    email: str
    first_name: str = ""
    last_name: str = ""
    title: str = ""
    level: int | None = None
    department: str = ""
    manager_email: str = ""
    timezone: str = ""
    location: str = ""
    left_on: datetime.date | None = None
    has_left_on: bool = False  # the file has the optional left_on column
    present: frozenset[str] = frozenset(KNOWN_COLUMNS)  # the columns the row gives
    valid_email: bool = True
    reasons: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def refuse(self, column: str, message: str) -> None:
        """The row is bad: `message` is why, about `column`."""
        self.reasons.append(message)
        self.problems.append(Problem(column, message))


@dataclass(frozen=True)
class Existing:
    """What the database holds today for one person, in the file's terms."""

    id: int
    has_profile: bool
    values: dict[str, str | int | None]
    hr_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class PlannedRow:
    line: int
    email: str
    name: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class RowError:
    line: int
    email: str
    reason: str
    problems: tuple[Problem, ...] = ()


@dataclass
class ImportPlan:
    created: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # What apply needs: the cleaned rows to write and the ids already known.
    to_create: list[Employee] = field(default_factory=list, repr=False)
    to_update: list[tuple[Employee, Existing]] = field(default_factory=list, repr=False)
    ids: dict[str, int] = field(default_factory=dict, repr=False)
    # People already here whose fields from HR's records grow: user id → the new list.
    owned: dict[int, list[str]] = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> dict[str, int]:
        return {
            "rows": len(self.created) + len(self.updated) + len(self.unchanged) + len(self.errors),
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "errors": len(self.errors),
        }


# Reading the file


NOT_A_TABLE = "This is not a CSV or Excel file: save the export as CSV (UTF-8) or as .xlsx."
XLSX_MAGIC = b"PK\x03\x04"  # a zip archive, which an .xlsx workbook is
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, Excel 97-2003


def decode_csv_bytes(data: bytes) -> str:
    """The text of an uploaded file: CSV in UTF-8 (with or without BOM), UTF-16 or
    Windows-1252, or the first sheet of an Excel workbook (.xlsx) written as CSV."""
    if data.startswith(XLSX_MAGIC):
        return xlsx_to_csv(data)
    if data.startswith(OLD_EXCEL_MAGIC):
        raise ImportFileError("This is an old Excel file (.xls): save it as .xlsx or CSV.")
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise ImportFileError(NOT_A_TABLE)


def _looks_binary(text: str) -> bool:
    """Control characters that no text export writes (a PDF, an image, a zip in disguise)."""
    sample = text[:8192]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    return controls > max(2, len(sample) // 200)


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the CSV export would write it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a level typed as 8 is read as 8.0
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def xlsx_to_csv(data: bytes) -> str:
    """The first sheet of a workbook as CSV text, one line per row, so that errors name the
    spreadsheet's own row numbers."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a zip that is not a workbook: openpyxl raises many kinds
        raise ImportFileError(NOT_A_TABLE) from exc
    try:
        sheet = workbook.worksheets[0]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in sheet.iter_rows(values_only=True):
            writer.writerow([_cell_text(value) for value in row])
    finally:
        workbook.close()
    return out.getvalue()


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


# Any header a file may use → the column it means.
_ALIASES = {
    _squashed(alias): column
    for column in KNOWN_COLUMNS
    for alias in (column, column.replace("_", " "), *HEADER_ALIASES.get(column, ()))
}


def column_for(header: str, mapping: dict[str, str] | None = None) -> str | None:
    """The column a header names: HR's own mapping first, then the known names; None when
    the import does not use it."""
    for name, column in (mapping or {}).items():
        if _squashed(name) == _squashed(header):
            return column or None
    return _ALIASES.get(_squashed(header))


def parse_header_mapping(text: str) -> dict[str, str]:
    """HR's "their header = our column" lines; raises ImportFileError naming a bad line."""
    mapping = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        their, sep, ours = line.partition("=")
        column = _ALIASES.get(_squashed(ours)) if ours.strip() else ""
        if not sep or not their.strip() or column is None:
            raise ImportFileError(
                f"Mapping line {number} ({line.strip()[:60]!r}) should read "
                f"“column in your file = one of {', '.join(KNOWN_COLUMNS)}”."
            )
        mapping[their.strip()] = column
    return mapping


def map_headers(text: str, mapping: dict[str, str]) -> str:
    """The file with its header line renamed by HR's mapping; every other line untouched."""
    if not mapping or not text.strip():
        return text
    body = text.lstrip("\ufeff")
    lines = body.splitlines(keepends=True)
    delimiter = max(",;\t", key=lines[0].count)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    header = next(reader)
    renamed = [(column_for(name, mapping) or name) for name in header]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(renamed)
    return out.getvalue() + "".join(lines[reader.line_num :])


@dataclass(frozen=True)
class Header:
    """What the import makes of a file's first line."""

    used: dict[str, int]  # column → position in the row
    ignored: list[str]  # headers it does not use


def read_header(names: list[str]) -> Header:
    used: dict[str, int] = {}
    ignored = []
    for position, name in enumerate(names):
        column = column_for(name)
        if column is None or column in used:
            if name.strip():
                ignored.append(name.strip())
        else:
            used[column] = position
    return Header(used, ignored)


def file_header(text: str) -> Header:
    """The columns a stored file gives and the headers it ignores (for the preview)."""
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first_line.count)
    names = next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
    return read_header(names)


def read_employee_csv(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: stripped value}) for each non-blank row; the header is line 1."""
    text = text.lstrip("\ufeff")  # byte-order marks, however many an editor wrote
    if not text.replace("\ufeff", "").strip():
        raise ImportFileError("The file is empty.")
    if "\x00" in text:  # no database keeps them in text, and no CSV export writes them
        raise ImportFileError("The file contains NUL characters: save it again as CSV (UTF-8).")
    first_line = text.splitlines()[0]
    # Excel writes ";" in some locales and tabs for "Unicode text"; take whichever the header uses.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        positions = read_header(next(reader)).used
        if "email" not in positions:
            raise ImportFileError(
                "The file has no email column. The first line must name the columns: email, "
                f"and any of {', '.join(KNOWN_COLUMNS[1:])} (or map your file's names to them)."
            )
        rows, previous_end = [], reader.line_num
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                values = {
                    column: restore(cells[position].strip()) if position < len(cells) else ""
                    for column, position in positions.items()
                }
                rows.append((line, values))
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num} is not valid CSV: {exc}") from exc
    return rows


# Cleaning one row


@cache
def _time_zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def _level_numbers(level_names: dict[int, str]) -> dict[str, int]:
    """What the level column may hold: 1..10, or a level's name in any case."""
    numbers = {str(number): number for number in range(1, 11)}
    numbers.update({name.strip().lower(): number for number, name in level_names.items()})
    return numbers


@cache
def _max_lengths() -> dict[str, int]:
    fields: list[tuple[type[User] | type[Profile], str]] = [
        *((User, name) for name in ("email", *USER_FIELDS)),
        *((Profile, name) for name in ("title", "department", "location", "timezone")),
    ]
    return {name: getattr(model._meta.get_field(name), "max_length", 0) for model, name in fields}


def _clean_row(line: int, values: dict[str, str], levels: dict[str, int]) -> Employee:
    employee = Employee(line=line, email="", present=frozenset(values))
    values = {name: values.get(name, "") for name in KNOWN_COLUMNS} | values
    for name, value in values.items():  # a file with NUL is refused whole; rows from the API
        if "\x00" in value:  # a database refuses NUL in text: say so, then read on without it
            label = "e-mail" if name == "email" else FIELD_LABELS.get(name, name)
            employee.refuse(name, f"{label} contains a NUL character")
    values = {name: value.replace("\x00", "") for name, value in values.items()}
    email = employee.email = values["email"].lower()
    try:
        validate_email(email)
    except ValidationError:
        employee.valid_email = False
        employee.refuse("email", f"bad e-mail {values['email']!r}" if email else "no e-mail")
    for name in ("first_name", "last_name", "title", "department", "location"):
        setattr(employee, name, values[name])
    for name, limit in _max_lengths().items():
        if len(values[name]) > limit:
            employee.refuse(name, f"{FIELD_LABELS.get(name, name)} longer than {limit} characters")
    level = values["level"]
    if level:
        # int() refuses numbers of thousands of digits: no level is longer than a few.
        number = level.isdecimal() and len(level) < 10
        employee.level = levels.get(str(int(level)) if number else level.lower())
        if employee.level is None:
            employee.refuse("level", f"unknown level {level!r} (use 1 to 10 or a level name)")
    if values["timezone"]:
        employee.timezone = _time_zones().get(values["timezone"].lower(), "")
        if not employee.timezone:
            employee.refuse("timezone", f"unknown time zone {values['timezone']!r}")
    employee.manager_email = values["manager_email"].lower()
    if "left_on" in employee.present:
        employee.has_left_on = True
        employee.left_on = _left_on(values["left_on"], employee)
    return employee


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_LEAVING = datetime.date(1900, 1, 1)


def _left_on(value: str, employee: Employee) -> datetime.date | None:
    """The day someone left, YYYY-MM-DD; blank means still employed."""
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value) if ISO_DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        employee.refuse("left_on", f"left on {value[:40]!r} is not a date: write it as YYYY-MM-DD")
    elif day > timezone.localdate():
        employee.refuse(
            "left_on", f"left on {value} is in the future: import it once the person has left"
        )
    elif day < EARLIEST_LEAVING:
        employee.refuse("left_on", f"left on {value} is too long ago")
    else:
        return day
    return None


# Planning against the database


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_people(emails: Iterable[str]) -> dict[str, Existing]:
    """Today's values for the people with these e-mails (compared lower-cased)."""
    people = {}
    for chunk in _chunks(sorted(emails), LOOKUP_CHUNK):
        rows = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values(
                "id", "email_lower", "first_name", "last_name", "profile__user_id",
                "profile__title", "profile__level", "profile__department",
                "profile__timezone", "profile__location", "profile__left_on", "profile__hr_fields",
                manager_email=Lower("profile__manager__email"),
            )
        )  # fmt: skip
        for found in rows:
            row: dict[str, Any] = dict(found)
            # No profile yet reads as blank fields, which is how the export writes it.
            values = {name: row[name] for name in USER_FIELDS}
            values.update({name: row[f"profile__{name}"] or "" for name in PROFILE_TEXT_FIELDS})
            values["level"] = row["profile__level"]
            values["left_on"] = row["profile__left_on"]
            values["manager_email"] = row["manager_email"] or ""
            people[row["email_lower"]] = Existing(
                id=row["id"],
                has_profile=row["profile__user_id"] is not None,
                values=values,
                hr_fields=tuple(row["profile__hr_fields"] or ()),
            )
    return people


def _emails_taken_elsewhere(emails: Iterable[str]) -> set[str]:
    """New people's e-mails that another account already holds as a verified address."""
    taken = set()
    for chunk in _chunks(sorted(emails), LOOKUP_CHUNK):
        taken.update(
            EmailAddress.objects.filter(verified=True)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("email_lower", flat=True)
        )
    return taken


def _org_chart() -> dict[str, str]:
    """Everyone's manager today, by e-mail: the cycle check must see people not in the file."""
    return dict(
        Profile.objects.filter(manager__isnull=False).values_list(
            Lower("user__email"), Lower("manager__email")
        )
    )


def _manager_cycles(chart: dict[str, str | None], starts: Iterable[str]) -> dict[str, list[str]]:
    """For each person on a management cycle, the cycle (a functional graph: one manager each)."""
    done: set[str] = set()
    cycles: dict[str, list[str]] = {}
    for start in starts:
        path: list[str] = []
        position: dict[str, int] = {}
        person: str | None = start
        while person is not None and person not in done and person not in position:
            position[person] = len(path)
            path.append(person)
            person = chart.get(person)
        if person is not None and person in position:
            cycle = path[position[person] :]
            for member in cycle:
                cycles[member] = cycle
        done.update(path)
    return cycles


def _cycle_reason(email: str, cycle: list[str]) -> str:
    if len(cycle) == 1:
        return "manager cycle: manages themselves"
    start = cycle.index(email)
    names = cycle[start:] + cycle[:start]
    shown = names[:CYCLE_NAMES_SHOWN] + (["…"] if len(names) > CYCLE_NAMES_SHOWN else [])
    return "manager cycle: " + " → ".join([*shown, email])


def _display(name: str, value, level_names: dict[int, str]) -> str:
    if value is None or value == "":
        return ""
    if name == "level":
        return f"{value} · {level_names[value]}" if value in level_names else str(value)
    if name == "left_on":
        return value.isoformat()
    return str(value)


def _changed_fields(employee: Employee, existing: Existing) -> list[str]:
    """The columns whose value in the file differs from today's."""
    names = (*USER_FIELDS, *PROFILE_FIELDS, "left_on")
    return [
        name
        for name in names
        if name in employee.present and getattr(employee, name) != existing.values[name]
    ]


def _owned(employee: Employee, already: Iterable[str] = ()) -> list[str]:
    """The profile fields HR's records hold for someone once this row is applied."""
    return sorted(set(already) | (employee.present & set(PROFILE_FIELDS)))


def _changes(employee: Employee, existing: Existing, level_names: dict[int, str]) -> list[Change]:
    return [
        Change(
            FIELD_LABELS[name],
            _display(name, existing.values[name], level_names),
            _display(name, getattr(employee, name), level_names),
        )
        for name in _changed_fields(employee, existing)
    ]


def plan_employee_import(*, text: str) -> ImportPlan:
    """What importing `text` would do to today's database; every bad row with its reasons.

    Raises ImportFileError when the file as a whole cannot be read.
    """
    return plan_employee_rows(rows=read_employee_csv(text))


def plan_employee_rows(*, rows: list[tuple[int, dict[str, str]]]) -> ImportPlan:
    """What importing `rows` would do: the planning of a file, for rows from anywhere (the API).

    Each row is (position, {column: stripped text}) with every column of COLUMNS, as
    read_employee_csv gives them; the position is what the errors name as the row's line.
    """
    level_names = dict(LevelName.objects.values_list("number", "name"))
    levels = _level_numbers(level_names)
    employees: dict[str, Employee] = {}  # the first row for each good e-mail
    all_rows = []
    for line, values in rows:
        employee = _clean_row(line, values, levels)
        all_rows.append(employee)
        if employee.valid_email and employee.email in employees:
            first = employees[employee.email].line
            employee.refuse("email", f"duplicate e-mail: also on line {first}")
        elif employee.valid_email:
            employees[employee.email] = employee

    managers = {e.manager_email for e in employees.values() if e.manager_email}
    existing = _existing_people(employees.keys() | managers)
    known = employees.keys() | existing.keys()
    for employee in employees.values():
        if employee.manager_email and employee.manager_email not in known:
            employee.refuse(
                "manager_email",
                f"unknown manager {employee.manager_email}: not in the file and not an employee",
            )
    new_emails = employees.keys() - existing.keys()
    for email in _emails_taken_elsewhere(new_emails):
        employees[email].refuse("email", "e-mail already belongs to another account")

    chart: dict[str, str | None] = dict(_org_chart())
    for email, employee in employees.items():
        if "manager_email" in employee.present:  # without the column, the manager stays
            chart[email] = employee.manager_email if employee.manager_email in known else None
    for email, cycle in _manager_cycles(chart, employees.keys()).items():
        if email in employees:
            employees[email].refuse("manager_email", _cycle_reason(email, cycle))

    return _plan(all_rows, existing, level_names)


def _plan(
    all_rows: list[Employee], existing: dict[str, Existing], level_names: dict[int, str]
) -> ImportPlan:
    plan = ImportPlan(ids={email: person.id for email, person in existing.items()})
    for employee in all_rows:
        person = existing.get(employee.email)
        if employee.reasons:
            reason = "; ".join(employee.reasons)
            problems = tuple(employee.problems)
            problems += tuple(Problem("", r) for r in employee.reasons[len(problems) :])
            plan.errors.append(RowError(employee.line, employee.email, reason, problems))
        elif person is None:
            plan.created.append(PlannedRow(employee.line, employee.email, employee.name))
            plan.to_create.append(employee)
        else:
            _plan_existing(plan, employee, person, level_names)
    return plan


def _plan_existing(
    plan: ImportPlan, employee: Employee, person: Existing, level_names: dict[int, str]
) -> None:
    if person.has_profile and set(owned := _owned(employee, person.hr_fields)) - set(
        person.hr_fields
    ):
        plan.owned[person.id] = owned
    if changes := _changes(employee, person, level_names):
        plan.updated.append(
            PlannedRow(employee.line, employee.email, employee.name, tuple(changes))
        )
        plan.to_update.append((employee, person))
    else:
        plan.unchanged.append(PlannedRow(employee.line, employee.email, employee.name))


# Applying


def _profile(employee: Employee, user_id: int, ids: dict[str, int], now) -> Profile:
    return Profile(
        user_id=user_id,
        title=employee.title,
        level=employee.level,
        department=employee.department,
        manager_id=ids.get(employee.manager_email),
        timezone=employee.timezone,
        location=employee.location,
        left_on=employee.left_on,
        hr_fields=_owned(employee),
        updated_at=now,
    )


def _write(plan: ImportPlan) -> list[int]:
    """Write a valid plan; the ids of the people created. Call inside a transaction."""
    now = timezone.now()
    unusable = make_password(None)  # no password until they follow their invitation
    new_users = [
        User(
            email=e.email,
            first_name=e.first_name,
            last_name=e.last_name,
            password=unusable,
            is_active=e.left_on is None,  # a leaver is kept for the figures, never logs in
        )
        for e in plan.to_create
    ]
    User.objects.bulk_create(new_users, batch_size=WRITE_BATCH)
    ids = dict(plan.ids)
    if any(user.pk is None for user in new_users):  # databases that return no ids on insert
        created = _existing_people(employee.email for employee in plan.to_create)
        ids.update({email: person.id for email, person in created.items()})
    else:
        ids.update({user.email: user.pk for user in new_users})
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=ids[e.email], email=e.email, verified=True, primary=True)
            for e in plan.to_create
        ],
        batch_size=WRITE_BATCH,
    )
    new_profiles = [_profile(e, ids[e.email], ids, now) for e in plan.to_create]
    new_profiles += [_profile(e, x.id, ids, now) for e, x in plan.to_update if not x.has_profile]
    Profile.objects.bulk_create(new_profiles, batch_size=WRITE_BATCH)
    _write_changes(plan, ids, now)
    _write_owned(plan.owned)
    return [ids[e.email] for e in plan.to_create]


def _write_changes(plan: ImportPlan, ids: dict[str, int], now) -> None:
    """Write just the columns that changed for people already here."""
    changed: dict[str, dict[int, object]] = defaultdict(dict)  # column → {user id: new value}
    for employee, existing in plan.to_update:
        for name in _changed_fields(employee, existing):
            if name == "manager_email":
                changed["manager_id"][existing.id] = ids.get(employee.manager_email)
            else:
                changed[name][existing.id] = getattr(employee, name)
    with_profile = {existing.id for _, existing in plan.to_update if existing.has_profile}
    _apply_leaving(changed.get("left_on", {}))
    for column, values in changed.items():
        if column in USER_FIELDS:
            _update_column(User, column, values)
        else:  # people who had no profile got a whole new one above
            values = {pk: value for pk, value in values.items() if pk in with_profile}
            _update_column(Profile, column, values, updated_at=now)


def _write_owned(owned: dict[int, list[str]]) -> None:
    """Mark the fields that now come from HR's records: one UPDATE per distinct list."""
    by_fields: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for pk, names in owned.items():
        by_fields[tuple(names)].append(pk)
    for fields, pks in by_fields.items():
        for chunk in _chunks(pks, LOOKUP_CHUNK):
            Profile.objects.filter(pk__in=chunk).update(hr_fields=list(fields))


def _apply_leaving(left_on: dict[int, object]) -> None:
    """Leavers become inactive and their pairs end (by the pairing app, in the same
    transaction through the outbox); a cleared date means employed again. Nothing is deleted."""
    leavers = [pk for pk, day in left_on.items() if day is not None]
    back = [pk for pk, day in left_on.items() if day is None]
    if leavers:
        User.objects.filter(pk__in=leavers).update(is_active=False)
        outbox.enqueue("pairing.tasks.end_pairings_of_leavers", user_ids=sorted(leavers))
    if back:
        User.objects.filter(pk__in=back).update(is_active=True)


def _update_column(model, column: str, values: dict[int, object], **also) -> None:
    """UPDATE one column of many rows, a batch at a time, with a CASE branch per distinct value.

    bulk_update() builds a branch per row, and building them in Python takes seconds for
    10,000 rows; the values of a column (departments, levels, managers) repeat a lot.
    """
    field = model._meta.get_field(column)
    output_field = field.target_field if field.is_relation else field
    # Equal values side by side: fewer distinct values, so fewer branches, per batch.
    for chunk in _chunks(sorted(values, key=lambda pk: repr(values[pk])), UPDATE_BATCH):
        pks_by_value: dict[object, list[int]] = defaultdict(list)
        for pk in chunk:
            pks_by_value[values[pk]].append(pk)
        branches = [
            When(pk__in=pks, then=Value(value, output_field=output_field))
            for value, pks in pks_by_value.items()
        ]
        # PostgreSQL types a CASE of NULLs as text: say what the column is.
        new_value = Cast(Case(*branches, output_field=output_field), output_field=output_field)
        model.objects.filter(pk__in=chunk).update(**{column: new_value}, **also)


def employee_import_create(
    *, file_name: str, text: str, uploaded_by: User | None
) -> EmployeeImport:
    """Store an upload with its preview counts; raises ImportFileError for an unreadable file."""
    plan = plan_employee_import(text=text)
    return EmployeeImport.objects.create(
        file_name=file_name[:255], text=text, uploaded_by=uploaded_by, summary=plan.summary
    )


def employee_import_apply(
    *, employee_import: EmployeeImport, send_invitations: bool, by: User | None = None
) -> ImportPlan:
    """Re-check the stored file against today's data and apply it whole, or nothing.

    With errors, the import is marked failed and nothing else changes. Invitations to the new
    people are enqueued once the transaction has committed.
    """
    with transaction.atomic():
        locked = EmployeeImport.objects.select_for_update().get(pk=employee_import.pk)
        if locked.status == EmployeeImport.Status.APPLIED:
            raise ImportAlreadyApplied(f"Import {locked.pk} was already applied.")
        plan = plan_employee_import(text=locked.text)
        locked.summary = plan.summary
        if not plan.is_valid:
            locked.status = EmployeeImport.Status.FAILED
            locked.save(update_fields=["summary", "status"])
        else:
            locked.invitations_sent = _apply(
                plan, send_invitations=send_invitations, by=by, source=locked
            )
            locked.status = EmployeeImport.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.save(update_fields=["summary", "status", "applied_at", "invitations_sent"])
    employee_import.refresh_from_db()
    return plan


def employee_rows_apply(
    *, rows: list[tuple[int, dict[str, str]]], send_invitations: bool, by: User | None = None
) -> ImportPlan:
    """Plan `rows` against today's data and apply them whole, or nothing (the API's upsert).

    With errors nothing changes and the plan says why. Raises ImportConflict when another
    import created one of the same people at the same moment.
    """
    try:
        with transaction.atomic():
            plan = plan_employee_rows(rows=rows)
            if plan.is_valid:
                _apply(plan, send_invitations=send_invitations, by=by)
    except IntegrityError as exc:
        raise ImportConflict(
            "Another import created some of these people at the same moment: nothing was "
            "applied. Send the rows again."
        ) from exc
    return plan


def employee_leaving_apply(*, user: User, left_on: str, by: User | None = None) -> ImportPlan:
    """Set or clear one person's leaving date with the import's checks and effects: their row
    as the export writes it, with `left_on` (YYYY-MM-DD; blank means employed again)."""
    [values] = export_rows(User.objects.filter(pk=user.pk))
    row = {**dict(zip(COLUMNS, values, strict=True)), "left_on": left_on}
    return employee_rows_apply(rows=[(1, row)], send_invitations=False, by=by)


def _apply(
    plan: ImportPlan,
    *,
    send_invitations: bool,
    by: User | None,
    source: EmployeeImport | None = None,
) -> bool:
    """Write a valid plan, and enqueue the new people's invitations; whether there are any."""
    new_ids = _write(plan)
    _audit(plan, by=by, source=source)
    departments_changed()  # a new department is in HR's filters at once
    if not (send_invitations and new_ids):
        return False
    outbox.enqueue_many(
        "accounts.tasks.send_invitations",
        [{"user_ids": ids} for ids in _chunks(new_ids, INVITATION_CHUNK)],
    )
    return True


def _audit(plan: ImportPlan, *, by: User | None, source: EmployeeImport | None) -> None:
    """One entry for the import, and one per person changed, with each field before → after."""
    label = f"file {source.file_name}" if source else "rows sent through the API"
    entries = [
        audit_entry(
            actor=by,
            action=Action.IMPORT_APPLIED,
            object_type=EmployeeImport._meta.label if source else "",
            object_id=source.pk if source else "",
            object_label=label,
            details=plan.summary,
        )
    ]
    entries += [
        audit_entry(
            actor=by,
            action=Action.EMPLOYEE_CHANGED,
            object_type=User._meta.label,
            object_id=plan.ids.get(row.email, ""),
            object_label=f"{row.name} <{row.email}>",
            changes={change.field: [change.old, change.new] for change in row.changes},
        )
        for row in plan.updated
    ]
    record_many(entries)


def summary_lines(plan: ImportPlan) -> list[str]:
    """The summary the command prints: counts, then every bad row."""
    counts = plan.summary
    lines = [
        f"{counts['rows']} rows: {counts['created']} to create, {counts['updated']} to update, "
        f"{counts['unchanged']} unchanged, {counts['errors']} with errors."
    ]
    lines += [
        f"Line {error.line} ({error.email or 'no e-mail'}): {error.reason}" for error in plan.errors
    ]
    return lines


# Export


# The import's columns, in order, as the database holds them.
EXPORT_VALUES = (
    Lower("email"), "first_name", "last_name", "profile__title", "profile__level",
    "profile__department", Lower("profile__manager__email"), "profile__timezone",
    "profile__location",
)  # fmt: skip


def export_rows(people: QuerySet[User]) -> Iterator[list[str]]:
    """Each of `people` as a row of the import (level as its number, blank for nothing)."""
    for row in people.values_list(*EXPORT_VALUES).iterator(chunk_size=2000):
        yield ["" if value is None else str(value) for value in row]


def export_employees(*, out: Writable) -> int:
    """Write every active employee in the import's format (level as its number); the row count."""
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in export_rows(User.objects.filter(is_active=True).order_by("email")):
        writer.writerow(row)
        count += 1
    return count


def export_lines() -> Iterator[str]:
    """The export as CSV lines, made while they are sent: one query, flat memory."""
    return csv_lines(COLUMNS, export_rows(User.objects.filter(is_active=True).order_by("email")))


def write_example(*, out: Writable) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(EXAMPLE_ROWS)
