"""Time the API's bulk upsert of employees: 10,000 rows in one request, four times over.

    .venv/bin/python benchmarks/api_bulk_benchmark.py [--rows 10000]
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/api_bulk_benchmark.py

The same org chart and runs as benchmarks/import_benchmark.py (the CSV import), sent as JSON
to POST /api/v1/employees/bulk/ with an HR admin's token: the whole request, from the token
check and the JSON parsing to the answer listing every created and updated row. Django's
test client calls the WSGI application in-process, so no network is timed. Without
DATABASE_URL a throwaway SQLite file is migrated.
"""

from __future__ import annotations

import argparse
import json
import time

from django_setup import set_up_django  # beside this script
from import_benchmark import changed, org_chart


def as_json(people: list[list[str]]) -> bytes:
    from accounts.importing import COLUMNS

    rows = [dict(zip(COLUMNS, person, strict=True)) for person in people]
    return json.dumps({"employees": rows}).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    set_up_django("api-bulk")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from api.services import token_create

    hr = User.objects.create_user(f"bench.hr.{time.time_ns()}@bench.example")
    hr.is_superuser = True  # an HR admin
    hr.save()
    _, secret = token_create(user=hr, name="benchmark", scope="write", days=7)
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")

    def run(name: str, body: bytes) -> None:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post("/api/v1/employees/bulk/", body, content_type="application/json")
            seconds = time.perf_counter() - start
        answer = response.json()
        assert response.status_code == 200, answer.get("detail")
        print(f"{name}")
        print(
            f"  {seconds:6.2f} s {len(queries):5d} queries  {len(body) / 1e6:5.1f} MB in, "
            f"{len(response.content) / 1e6:5.1f} MB out  {answer['summary']}"
        )

    print(f"{args.rows} rows on {connection.vendor} ({connection.settings_dict['NAME']})")
    people = org_chart(args.rows)
    run("1. first sync: everyone new", as_json(people))
    run("2. the same rows again", as_json(people))
    run("3. 10% of the rows changed", as_json(changed(people, 0.10)))
    run("4. worst case: every row, three fields", as_json(changed(people, 1.0, every_field=True)))


if __name__ == "__main__":
    main()
