import pytest

from mentoring.ids import LARGEST_ID, parse_id


@pytest.mark.parametrize("text", ["1", "42", "007", str(LARGEST_ID)])
def test_digits_that_fit_a_bigint_are_an_id(text):
    assert parse_id(text) == int(text)


@pytest.mark.parametrize(
    "text",
    [None, "", " 1", "1 ", "-1", "+1", "1.0", "1e3", "²", "١٢", "x", "\x00", str(LARGEST_ID + 1),
     "9" * 5000],
)  # fmt: skip
def test_anything_else_names_nothing(text):
    assert parse_id(text) is None
