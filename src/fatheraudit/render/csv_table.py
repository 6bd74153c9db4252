"""The cohort as CSV: one row per case, one header row, ready for a spreadsheet."""

from __future__ import annotations

import csv
import io

from fatheraudit.cohort import Cohort
from fatheraudit.forms import CaseAudit, case_basics
from fatheraudit.render.spreadsheet import runs_as_formula


def cell(value: object) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula gets a `'`."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    text = str(value)
    return "'" + text if runs_as_formula(text) else text


def cohort_csv(cohort: Cohort, cases: list[CaseAudit]) -> str:
    """One row per case: characteristics, section scores, overall, band and themes."""
    by_id = {case.form.case_id: case for case in cases}
    sections = [s.section_id for s in cohort.sections]
    header = ["case_id", "tool", "children", "intervention_level", "discussed_at_meeting"]
    header += [f"section_{s}_percent" for s in sections]
    header += ["overall_percent", "band", "themes_count", "themes"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for score in cohort.scores:
        row: list[object] = [score.case_id, cohort.tool]
        row += case_basics(by_id[score.case_id].form)
        row += [score.section(s).percent for s in sections]
        row += [score.percent, score.band, len(score.themes), ";".join(score.themes)]
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()
