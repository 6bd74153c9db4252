"""The HTML report in a real headless browser: it opens, draws its charts, logs no
error, sends no request, and the summary prints on one A4 page.

Needs Playwright (`pip install 'fatheraudit[browser]'`) and a Chromium; skipped when
either is missing. `.ci/run` installs both and runs this file.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fatheraudit.cli import app

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("FATHERAUDIT_CHROMIUM") or shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Any:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield launched
        launched.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """The page opened from its file, with the console errors and the requests seen."""
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors, [url for url in requests if url != path.as_uri()]


def html_of(runner: CliRunner, audit: Path, kind: str) -> Path:
    target = audit / f"{kind}.html"
    args = [kind, str(audit), "--format", "html", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return target


def test_the_report_opens_cleanly_in_a_browser(
    browser: Any, runner: CliRunner, audit_copy: Path
) -> None:
    page, errors, requests = open_page(browser, html_of(runner, audit_copy, "report"))
    assert errors == [] and requests == []
    assert page.locator("h1").inner_text().startswith("Engaging fathers")
    charts = page.locator("figure.chart svg")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
    assert page.locator("h2").count() == 10


def test_hostile_text_stays_text_in_a_browser(
    browser: Any, runner: CliRunner, audit_copy: Path
) -> None:
    from test_reports import spoil

    spoil(audit_copy, "long")
    page, errors, requests = open_page(browser, html_of(runner, audit_copy, "report"))
    assert errors == [] and requests == [], "the hostile image is not fetched"
    assert page.locator("main img").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.locator("main").inner_text()


def test_the_summary_prints_on_one_a4_page_in_a_browser(
    browser: Any, runner: CliRunner, audit_copy: Path
) -> None:
    page, errors, _ = open_page(browser, html_of(runner, audit_copy, "summary"))
    data = page.pdf(prefer_css_page_size=True)
    assert errors == []
    pages = re.findall(rb"/Type\s*/Page\b", data)
    assert len(pages) == 1, f"{len(pages)} pages"
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == (595, 842), "A4"
