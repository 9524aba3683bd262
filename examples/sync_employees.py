"""Sync employees from an HR system's CSV export into Reverse Mentoring through its API.

    export MENTORING_API_TOKEN=rmt_...       # an HR admin's read-and-write token
    python examples/sync_employees.py people.csv --url https://mentoring.example.com
    python examples/sync_employees.py people.csv --url ... --dry-run   # only say what changes

The CSV has the columns of HR's import page (email, first_name, last_name, title, level,
department, manager_email, timezone, location); other columns are ignored. Everyone in the
file is created or updated by e-mail, all at once or not at all: with one bad row nothing
changes and every bad row is listed. Sending the same file again changes nothing.

Only Python's standard library is used, so the script runs wherever the HR system's export
lands. Exit status: 0 when applied (or a clean dry run), 1 when rows were refused, 2 for any
other problem. A retried request carries the run's Idempotency-Key, so a sync whose answer
the network lost is never applied twice.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

COLUMNS = (
    "email", "first_name", "last_name", "title", "level",
    "department", "manager_email", "timezone", "location",
)  # fmt: skip
ENDPOINT = "/api/v1/employees/bulk/"
TRIES = 5


def read_rows(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.DictReader(file)
        header = {"_".join(name.strip().lower().split()): name for name in reader.fieldnames or []}
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise SystemExit(f"{path}: no {', '.join(missing)} column (need: {', '.join(COLUMNS)})")
        return [
            {column: (row.get(header[column]) or "").strip() for column in COLUMNS}
            for row in reader
            if any((value or "").strip() for value in row.values())
        ]


def post(url: str, token: str, body: bytes, key: str) -> tuple[int, dict, dict[str, str]]:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.load(response), dict(response.headers)
    except urllib.error.HTTPError as error:
        try:
            answer = json.load(error)
        except ValueError:
            answer = {"detail": f"HTTP {error.code} without a JSON body"}
        return error.code, answer, dict(error.headers)


def sync(url: str, token: str, rows: list[dict[str, str]], *, dry_run: bool, invite: bool) -> int:
    body = json.dumps({"employees": rows, "dry_run": dry_run, "send_invitations": invite})
    # One key per run, the same for its retries: a retry after a lost answer is not applied
    # twice, and tomorrow's run of the same file is a new request that applies again.
    key = f"sync-{uuid.uuid4()}"
    for attempt in range(1, TRIES + 1):
        try:
            status, answer, headers = post(url.rstrip("/") + ENDPOINT, token, body.encode(), key)
        except (urllib.error.URLError, TimeoutError) as error:
            status, answer, headers = 0, {"detail": str(error)}, {}
        if status == 200:
            return report(answer)
        if status == 400 and answer.get("code") == "invalid_rows":
            print(answer["detail"], file=sys.stderr)
            for problem in answer["errors"]:
                field = f", {problem['field']}" if problem["field"] else ""
                print(f"  row {problem['row']}{field}: {problem['message']}", file=sys.stderr)
            return 1
        if status in (0, 409, 429, 502, 503, 504) and attempt < TRIES:
            wait = int(headers.get("Retry-After", 2**attempt))
            print(f"{answer.get('detail', status)}; trying again in {wait} s", file=sys.stderr)
            time.sleep(wait)
            continue
        print(f"The API refused the sync ({status}): {answer.get('detail')}", file=sys.stderr)
        for problem in answer.get("errors", []):
            print(f"  {problem.get('field')}: {problem.get('message')}", file=sys.stderr)
        return 2
    return 2


def report(answer: dict) -> int:
    counts = answer["summary"]
    verb = "Applied" if answer["applied"] else "Dry run, nothing changed"
    print(
        f"{verb}: {counts['rows']} rows, {counts['created']} created, "
        f"{counts['updated']} updated, {counts['unchanged']} unchanged."
    )
    for row in answer["updated"][:20]:
        changes = ", ".join(f"{c['field']} {c['old']!r} → {c['new']!r}" for c in row["changes"])
        print(f"  {row['email']}: {changes}")
    if len(answer["updated"]) > 20:
        print(f"  … and {len(answer['updated']) - 20} more updated")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", help="the HR system's export, with the import's columns")
    parser.add_argument("--url", default=os.environ.get("MENTORING_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--dry-run", action="store_true", help="only say what would change")
    parser.add_argument("--invite", action="store_true", help="invite new people by e-mail")
    args = parser.parse_args()
    token = os.environ.get("MENTORING_API_TOKEN", "")
    if not token:
        print("Set MENTORING_API_TOKEN to an HR admin's read-and-write API token.", file=sys.stderr)
        return 2
    rows = read_rows(args.csv)
    return sync(args.url, token, rows, dry_run=args.dry_run, invite=args.invite)


if __name__ == "__main__":
    sys.exit(main())
