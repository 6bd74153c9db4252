"""The score tables in a terminal: cases, headline, questions, themes, one case's trace."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from conftest import EXAMPLE_CASES
from fatheraudit.cohort import Cohort
from fatheraudit.core import ScoreResult, score_paths
from fatheraudit.render.score_view import (
    cases_table,
    explain_table,
    print_scores,
    questions_table,
    readiness_table,
)
from fatheraudit.tools import Registry


def shown(*renderables: object) -> str:
    """What a wide console prints, as plain text."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    for renderable in renderables:
        console.print(renderable)
    text = buffer.getvalue()

    return text


@pytest.fixture
def two_cases(tmp_path: Path, registry: Registry) -> ScoreResult:
    """C01 and C02 of the example audit, scored."""
    for name in ("C01.yaml", "C02.yaml"):
        shutil.copy(EXAMPLE_CASES / name, tmp_path / name)
    return score_paths([tmp_path], registry)


def cohort_of(result: ScoreResult) -> Cohort:
    """The cohort, which two valid cases always make."""
    assert result.cohort is not None
    return result.cohort


def test_the_cases_table_has_a_row_per_case_and_all_cases(two_cases: ScoreResult) -> None:
    cohort = cohort_of(two_cases)
    text = shown(cases_table(cohort))
    assert "C01" in text and "C02" in text
    first = cohort.scores[0].percent
    assert first is not None and f" {first:.0f} " in text


def test_the_default_view_gives_the_headline(two_cases: ScoreResult) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    print_scores(console, cohort_of(two_cases))
    text = buffer.getvalue()
    assert "Overall score:" in text


def test_questions_and_readiness_tables(two_cases: ScoreResult) -> None:
    cohort = cohort_of(two_cases)
    assert "A1" in shown(questions_table(cohort))
    readiness = shown(readiness_table(cohort))
    assert "Readiness: answers with no evidence note" in readiness and "C02" in readiness


def test_one_case_explained_shows_each_question(two_cases: ScoreResult) -> None:
    found, tool = two_cases.explain("C01")
    text = shown(explain_table(found, tool))
    assert all(q.id in text for q in list(tool.questions())[:3])
