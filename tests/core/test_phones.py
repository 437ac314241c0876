"""Phone numbers in E.164, so that every notation of one number finds one contact."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.core.phones import display, looks_like_phone, to_e164


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("0470123456", "+32470123456"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+32470123456", "+32470123456"),
        ("0032470123456", "+32470123456"),
        ("0032 470 12 34 56", "+32470123456"),
        ("+32 (0)470 12 34 56", "+32470123456"),
        ("0470/12.34.56", "+32470123456"),
        ("  0470-12-34-56  ", "+32470123456"),
        ("02 555 12 12", "+3225551212"),
        ("+33 1 42 68 53 00", "+33142685300"),
        ("0033 1 42 68 53 00", "+33142685300"),
        ("+31 20 794 0000", "+31207940000"),
    ],
)
def test_common_notations_become_e164(raw, e164):
    assert to_e164(raw) == e164


@pytest.mark.parametrize(
    "raw", ["", "   ", None, "12", "0470", "hello", "+32 999", "1" * 41, "+999 123 456 789"]
)
def test_invalid_numbers_give_none(raw):
    assert to_e164(raw) is None


def test_national_notation_follows_the_default_region(settings):
    settings.PHONENUMBER_DEFAULT_REGION = "NL"

    assert to_e164("020 794 0000") == "+31207940000"


def test_an_explicit_region_wins_over_the_default():
    assert to_e164("01 42 68 53 00", "FR") == "+33142685300"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0470 12 34 56", True),
        ("+32 (0)470/12.34.56", True),
        ("123456", True),
        ("12345", False),
        ("chris@acme.example", False),
        ("Claes 0470", False),
        ("", False),
    ],
)
def test_looks_like_phone(text, expected):
    assert looks_like_phone(text) is expected


def test_display_uses_international_notation():
    assert display("+32470123456") == "+32 470 12 34 56"


def test_display_leaves_what_it_cannot_parse():
    assert display("not a number") == "not a number"


@given(st.text(max_size=60))
def test_any_text_gives_none_or_a_valid_e164_number(text):
    result = to_e164(text)

    assert result is None or (result.startswith("+") and result[1:].isdigit())


@given(st.from_regex(r"\+?[0-9 ()./-]{0,30}", fullmatch=True))
def test_e164_is_stable_under_normalising_again(text):
    result = to_e164(text)

    if result is not None:
        assert to_e164(result) == result
