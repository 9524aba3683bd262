"""Property test: every form and every GET parameter of the site, driven with hostile values.

The demo company is loaded; its four demo people (HR, the CFO, a junior mentor, the CFO's
assistant) walk the site from the home page, following links and reading forms, so that each
page is reached by someone who may open it (its rightful user) with real ids. While they walk,
every query parameter a view reads is recorded. Then, for each page, each parameter and each
field of each form is given hostile values (NUL bytes, numbers too long for any column,
superscript digits, dates in year 9999, ids of 40 digits, text longer than any column, forged
formset counts, files of byte-order marks...), one field at a time, the rest as the page
rendered them. Every answer must be below 500, and an answer that is an error (4xx, or a form
shown again with 200) must leave the database as it was.

The API has its own property test from its schema (api/tests/test_schema_fuzz.py); Django's
admin is not ours. Each request runs in a transaction rolled back afterwards, so every example
starts from the same data.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import User

from .html_forms import FormsAndLinks

pytestmark = pytest.mark.django_db

WALKERS = [
    "helen.ramirez@northwind.example",  # HR admin
    "margaret.okafor@northwind.example",  # executive, mentee
    "leo.park@northwind.example",  # junior, mentor
    "priya.shah@northwind.example",  # the CFO's delegate
]
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/")
# Ending one's own session or account is not a form to fill with hostile values.
SKIPPED_VIEWS = {"account_logout", "account_reauthenticate"}
PAGES_PER_VIEW = 1  # how many different URLs of one view each walker opens
# Successful POSTs that answer 200 on purpose (the page shows what was made).
WRITES_WITH_200 = {
    "api:tokens",  # a new token is shown once, on the page that made it
    "accounts:import_upload",  # the preview is stored for the confirmation step
}

HOSTILE_CONSTANTS = [
    "\x00",
    "a\x00b",
    "",
    " ",
    "9" * 5000,
    "-" + "9" * 40,
    "1" * 40,
    "²",
    "١٢",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "9999-12-31",
    "9999-12-31T23:59",
    "0001-01-01",
    "31/12/9999",
    "2026-02-30",
    "x" * 10_000,
    '=HYPERLINK("http://evil.example")',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "home",
    "accounts:profile",
    "//evil.example/",
    "\ufeff",
    "\ud7ff\ue000",
    "../../etc/passwd",
    "[]",
    "{}",
]
HOSTILE_FILES = [
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf\xef\xbb\xbf\xef\xbb\xbf",
    b"email\nx\x00y@example.com\n",
    b"\xff\xfe\x00\x00garbage",
    b"email,level\nleo.park@northwind.example," + b"9" * 5000 + b"\n",
    b"email,first_name\n=cmd@example.com,=1+1\n",
]


def hostile_values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE_CONSTANTS),
        st.text(max_size=40),
        st.integers(min_value=-(10**45), max_value=10**45).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
        st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
    )


# The walk ------------------------------------------------------------------------------------


class RecordingQueryDict(QueryDict):
    """request.GET that remembers which keys the view asked for."""

    asked: set[str] = set()

    def __getitem__(self, key: str) -> str:
        RecordingQueryDict.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        RecordingQueryDict.asked.add(key)
        return super().get(key, default)

    def getlist(self, key: str, default: object = None) -> list:  # type: ignore[override]
        RecordingQueryDict.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        RecordingQueryDict.asked.add(str(key))
        return super().__contains__(key)


@dataclass
class Target:
    """One thing to fill with hostile values: a GET parameter or a field of a POST form."""

    user: str
    view: str
    method: str
    url: str
    name: str
    base: list[tuple[str, str]]  # the other fields, as rendered
    is_file: bool = False

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.url} [{self.name}] as {self.user} ({self.view})"


def shape(name: str) -> str:
    """Fields that differ only by a number (skill_12, form-3-name) are driven once each form:
    they are the same field of the same form class."""
    return re.sub(r"\d+", "N", name)


def view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def walk(client, monkeypatch) -> tuple[list[Target], set[str]]:
    """Open every page reachable from the home page, as each walker; returns the targets and
    the views seen."""
    monkeypatch.setattr(
        "django.core.handlers.wsgi.WSGIRequest.GET",
        property(lambda request: RecordingQueryDict(request.META.get("QUERY_STRING", ""))),
    )
    targets: list[Target] = []
    opened: dict[tuple[str, str], int] = {}  # (walker, view name) → pages opened
    forms_seen: set[tuple[str, str, tuple[str, ...]]] = set()
    params_seen: set[tuple[str, str]] = set()
    for email in WALKERS:
        client.force_login(User.objects.get(email=email))
        queue = ["/"]
        visited: set[str] = set()
        while queue:
            url = queue.pop(0)
            path = urlsplit(url).path
            view = view_name(path)
            if url in visited or view is None or view in SKIPPED_VIEWS:
                continue
            visited.add(url)
            if opened.get((email, view), 0) >= PAGES_PER_VIEW:
                continue
            RecordingQueryDict.asked = set()
            response = client.get(url)
            if response.status_code != 200:
                continue
            opened[email, view] = opened.get((email, view), 0) + 1
            query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
            for name in sorted(RecordingQueryDict.asked | {key for key, _ in query}):
                if (view, name) not in params_seen:
                    params_seen.add((view, name))
                    targets.append(Target(email, view, "get", path, name, query))
            if "html" not in response.get("Content-Type", ""):
                continue
            parser = FormsAndLinks()
            parser.feed(response.content.decode())
            for href in parser.links:
                absolute = urljoin(url, href)
                if absolute.startswith("/") and not absolute.startswith(SKIPPED_PREFIXES):
                    queue.append(absolute.split("#")[0])
            for form in parser.forms:
                action = urljoin(url, form.action) if form.action else url
                action_view = view_name(urlsplit(action).path)
                if action_view is None or action_view in SKIPPED_VIEWS:
                    continue
                names = tuple(sorted({shape(n) for n, _ in form.fields} | set(form.files)))
                if (action_view, form.method, names) in forms_seen:
                    continue
                forms_seen.add((action_view, form.method, names))
                if form.method == "get":
                    queue.append(action)
                shapes_done: set[str] = set()
                for name in dict.fromkeys([n for n, _ in form.fields] + form.files):
                    if name == "csrfmiddlewaretoken" or shape(name) in shapes_done:
                        continue
                    shapes_done.add(shape(name))
                    key = (action_view, name) if form.method == "get" else None
                    if key is not None and key in params_seen:
                        continue
                    if key is not None:
                        params_seen.add(key)
                    targets.append(
                        Target(
                            email,
                            action_view,
                            form.method,
                            urlsplit(action).path,
                            name,
                            form.fields,
                            is_file=name in form.files,
                        )
                    )
    return targets, {view for _, view in opened}


# The drive -----------------------------------------------------------------------------------

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def writes(queries: list[dict]) -> list[str]:
    return [
        q["sql"][:160]
        for q in queries
        if WRITE.match(q["sql"]) and "django_session" not in q["sql"]
    ]


def send(client, target: Target, value: str | bytes) -> tuple[int, list[str]]:
    """Send the target with its field set to value; returns the status and the writes made,
    all rolled back."""
    client.force_login(User.objects.get(email=target.user))
    data: dict[str, list] = {}
    for name, rendered in target.base:
        if name != target.name:
            data.setdefault(name, []).append(rendered)
    if target.is_file:
        content = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        data[target.name] = [SimpleUploadedFile("hostile.csv", content, "text/csv")]
    else:
        data[target.name] = [value]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        if target.method == "post":
            response = client.post(target.url, data)
        else:
            response = client.get(target.url, data)
        transaction.set_rollback(True)
    return response.status_code, writes(queries.captured_queries)


def problems_with(target: Target, value: str | bytes, status: int, written: list[str]) -> str:
    if status >= 500:
        return f"{status} for {value!r:.60}: {target}"
    is_error = status >= 400 or (
        target.method == "post" and status == 200 and target.view not in WRITES_WITH_200
    )
    if is_error and written:
        return f"{status} but wrote {written[0]!r} for {value!r:.60}: {target}"
    return ""


@pytest.fixture
def demo_company(django_db_blocker):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def walked(client, demo_company, monkeypatch) -> tuple[list[Target], set[str]]:
    client.raise_request_exception = False
    with monkeypatch.context() as recording:
        return walk(client, recording)


SETTINGS = settings(
    max_examples=1,  # one made-up value per field on top of the classic ones: CI stays quick
    deadline=None,
    derandomize=True,  # the same values on every run: CI is not flaky, a failure reproduces
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CLASSIC = ["a\x00b", "9" * 5000, "²", "1e308", "9999-12-31", "1" * 40, "x" * 10_000, ""]


def test_hostile_values_on_every_form_and_parameter_make_no_500_and_no_partial_write(
    client, walked
):
    targets, views = walked
    namespaces = {view.split(":")[0] for view in views if ":" in view}
    assert {
        "accounts",
        "programs",
        "pairing",
        "sessions_log",
        "delegates",
        "concerns",
        "outcomes",
        "notifications",
    } <= namespaces, "the walk no longer reaches every part of the site"
    print(
        f"\nHostile-input coverage: {len(views)} views opened, "
        f"{len({t.view for t in targets})} views driven, "
        f"{sum(t.method == 'get' for t in targets)} GET parameters, "
        f"{sum(t.method == 'post' for t in targets)} form fields "
        f"in {len({(t.view, t.url) for t in targets if t.method == 'post'})} forms"
    )
    found: list[str] = []

    def check(target: Target, value: str | bytes) -> None:
        status, written = send(client, target, value)
        if problem := problems_with(target, value, status, written):
            print(problem, flush=True)
            found.append(problem)

    # The values the issue found harmful, in turn on every field and parameter.
    for index, target in enumerate(targets):
        if target.is_file:
            for content in HOSTILE_FILES:
                check(target, content)
        else:
            check(target, CLASSIC[index % len(CLASSIC)])

    # Then values hypothesis makes up.
    @SETTINGS
    @given(data=st.data())
    def drive(data: st.DataObject) -> None:
        for target in targets:
            if target.is_file:
                check(target, data.draw(st.sampled_from(HOSTILE_FILES), label=str(target)))
            else:
                check(target, data.draw(hostile_values(), label=str(target)))

    drive()
    assert not found, f"{len(found)} problems:\n" + "\n".join(sorted(set(found)))
