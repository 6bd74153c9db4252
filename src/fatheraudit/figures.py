"""Shares and percentages as text, the one way every output prints them.

`74%` (whole percentages, `n/a` when there is no figure), `6 of 10`, `6 of 10 (60%)`,
and changes in percentage points (`+17 points`). A numerator may be words (`fewer than
5`), as a count hidden for publishing is.
"""

from __future__ import annotations

NO_FIGURE = "n/a"


def whole_percent(value: object) -> str:
    """`74%`, or `n/a` when `value` is not a number."""
    return f"{value:.0f}%" if isinstance(value, int | float) else NO_FIGURE


def whole_number(value: float | None) -> str:
    """A percentage as a bare whole number (`74`), or `n/a`."""
    return NO_FIGURE if value is None else f"{value:.0f}"


def of(numerator: object, denominator: object) -> str:
    """`6 of 10`."""
    return f"{numerator} of {denominator}"


def points_of(earned: float, available: float) -> str:
    """`1.5 of 2`: points earned of those available, with only the decimals they need."""
    return of(f"{earned:g}", f"{available:g}")


def with_percent(text: str, percent: object) -> str:
    """`text (60%)`: a figure followed by its percentage."""
    return f"{text} ({whole_percent(percent)})"


def share(numerator: object, denominator: object, percent: object) -> str:
    """`6 of 10 (60%)`."""
    return with_percent(of(numerator, denominator), percent)


def change(value: object, unit: str = "points", same: str = "no change") -> str:
    """A change in percentage points: `+17 points`, `-4 points`, `same` when it rounds to
    nothing, or `n/a` when `value` is not a number."""
    if not isinstance(value, int | float):
        return NO_FIGURE
    return same if round(value) == 0 else f"{value:+.0f} {unit}"
