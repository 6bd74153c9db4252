"""Shares and percentages as text: the one formatter every output uses."""

from __future__ import annotations

import pytest

from fatheraudit.figures import (
    change,
    of,
    points_of,
    share,
    whole_number,
    whole_percent,
    with_percent,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [(74.4, "74%"), (74.6, "75%"), (0.0, "0%"), (100, "100%"), (None, "n/a"), ("74", "n/a")],
)
def test_whole_percent(value: object, text: str) -> None:
    assert whole_percent(value) == text


def test_whole_number_is_a_percentage_without_its_sign() -> None:
    assert (whole_number(66.7), whole_number(None)) == ("67", "n/a")


def test_shares_name_their_numerator_and_denominator() -> None:
    assert of(6, 10) == "6 of 10"
    assert of("fewer than 5", 37) == "fewer than 5 of 37"
    assert share(6, 10, 60.0) == "6 of 10 (60%)"
    assert share(0, 0, None) == "0 of 0 (n/a)"
    assert with_percent("yes 3", 37.5) == "yes 3 (38%)"


@pytest.mark.parametrize(
    ("value", "text"),
    [(17.2, "+17 points"), (-4.0, "-4 points"), (0.4, "no change"), (None, "n/a")],
)
def test_change_in_percentage_points(value: object, text: str) -> None:
    assert change(value) == text


def test_change_takes_its_words() -> None:
    assert change(-3.6, unit="pts", same="same") == "-4 pts"
    assert change(-0.2, unit="pts", same="same") == "same"


def test_points_of_keeps_only_the_decimals_needed() -> None:
    assert (points_of(3.0, 4.0), points_of(1.5, 2.0), points_of(0.0, 0.0)) == (
        "3 of 4",
        "1.5 of 2",
        "0 of 0",
    )
