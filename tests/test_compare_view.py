"""A comparison in a terminal: rounds, sections, questions and themes side by side."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from rich.console import Console

from conftest import EXAMPLE_CASES
from fatheraudit.compare import compare_rounds, read_round
from fatheraudit.render.compare_view import points, print_comparison, sections_table
from fatheraudit.tools import Registry


def test_points_are_signed_or_same() -> None:
    assert points(17.2) == "+17 pts" and points(-4.0) == "-4 pts"
    assert points(0.3) == "same" and points(None) == "n/a"


def test_two_small_rounds_side_by_side(tmp_path: Path, registry: Registry) -> None:
    for folder, names in (("one", ("C01", "C02")), ("two", ("C02", "C03"))):
        (tmp_path / folder).mkdir()
        for name in names:
            shutil.copy(EXAMPLE_CASES / f"{name}.yaml", tmp_path / folder / f"{name}.yaml")
    comparison = compare_rounds(
        read_round(tmp_path / "one", registry), read_round(tmp_path / "two", registry)
    )
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    print_comparison(console, comparison)
    text = buffer.getvalue()

    assert "2 cases; follow-up" in text and "in both rounds: C02." in text
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    console.print(sections_table(comparison))
    sections = buffer.getvalue()

    assert all(row.section_id in sections for row in comparison.sections)
