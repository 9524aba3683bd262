"""A program's outcomes through the API: the outcomes page's figures, with its rule that a
figure from answers shows only for at least five people; never one person's answers."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes.models import Answer
from outcomes.tests.conftest import fill_outcomes, make_pairs, running_program

pytestmark = pytest.mark.django_db


def outcomes(api, program) -> dict:
    response = api.get(f"/api/v1/programs/{program.pk}/outcomes/")
    assert response.status_code == 200, response.content
    return response.json()


def test_five_pairs_show_every_figure_of_the_page(hr_api):
    program = running_program()
    fill_outcomes(program, make_pairs(program, 5))
    body = outcomes(hr_api, program)
    assert body["min_answers"] == 5
    assert body["program"] == {"id": program.pk, "name": program.name}
    assert body["cadence"]["pairs"] == 5
    assert sum(f["held"] for f in body["meetings_by_fortnight"]) == 8  # 2 each, 2 missed
    growth = {(g["role"], g["skill"]): g for g in body["skill_growth"]}
    executives = growth[("mentee", "Generative AI assistants")]
    assert executives["shown"] and executives["answered"] == 5
    assert (executives["start"], executives["now"], executives["improved"]) == (1.0, 3.0, 1.0)
    scale = [q for q in body["survey"] if q["kind"] == "scale"]
    assert scale and all(q["shown"] and q["counts"] == [0, 0, 0, 5, 0] for q in scale)
    assert all(q["average"] == 4.0 and q["favourable"] == 1.0 for q in scale)
    fit = body["fit"][0]
    assert fit["shown"] and fit["answered"] == 5


def test_below_five_answers_every_figure_from_answers_is_null(hr_api):
    program = running_program()
    fill_outcomes(program, make_pairs(program, 4))
    body = outcomes(hr_api, program)
    assert body["cadence"]["pairs"] == 4  # meetings are not answers: counted as on the page
    for row in body["skill_growth"]:
        assert row["shown"] is False
        assert [row[k] for k in ("answered", "start", "now", "change", "improved")] == [None] * 5
    for question in body["survey"] + body["fit"]:
        assert question["shown"] is False
        assert [question[k] for k in ("answered", "counts", "average", "favourable")] == [None] * 4


def test_written_answers_are_not_in_the_api(hr_api):
    program = running_program()
    fill_outcomes(program, make_pairs(program, 5))
    Answer.objects.filter(question__kind="text").update(text="MY MANAGER IS AWFUL")
    response = hr_api.get(f"/api/v1/programs/{program.pk}/outcomes/")
    assert b"AWFUL" not in response.content
    text = [q for q in response.json()["survey"] if q["kind"] == "text"]
    assert text and all(q["counts"] is None and q["answered"] == 5 for q in text)


def test_the_outcomes_run_the_same_queries_for_few_and_many_pairs(hr_api):
    def count_queries(program) -> int:
        cache.clear()  # the report is kept a few minutes: count the reads themselves
        with CaptureQueriesContext(connection) as queries:
            outcomes(hr_api, program)
        return len(queries)

    small, large = running_program(), running_program()
    fill_outcomes(small, make_pairs(small, 5))
    fill_outcomes(large, make_pairs(large, 15))
    count_queries(small)  # the token's first use records the time
    assert count_queries(small) == count_queries(large)


def test_outcomes_of_a_missing_program_are_a_404(hr_api):
    assert hr_api.get("/api/v1/programs/999999/outcomes/").status_code == 404
