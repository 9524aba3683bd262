"""The API's OpenAPI schema is checked into the repository (api/openapi.yaml), so that an
unintended change of the API fails here. After an intended one, write it again with

    .venv/bin/python manage.py spectacular --file api/openapi.yaml

(`make schema` does the same) and commit the file with the change."""

from pathlib import Path

from django.core.management import call_command

CHECKED_IN = Path(__file__).resolve().parents[1] / "openapi.yaml"
UPDATE = ".venv/bin/python manage.py spectacular --file api/openapi.yaml  (or: make schema)"


def test_the_schema_is_the_checked_in_one(tmp_path):
    generated = tmp_path / "openapi.yaml"
    # --fail-on-warn: a view the generator cannot describe is a failure, not a guess.
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == CHECKED_IN.read_text(), (
        f"The API's schema is not the checked-in api/openapi.yaml. If the change is meant, "
        f"update the file: {UPDATE}"
    )


def test_the_served_schema_is_the_checked_in_one(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response.content.decode() == CHECKED_IN.read_text()
