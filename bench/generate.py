"""Generate N realistic fictional case forms for the bundled tool, a few of them invalid."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from fatheraudit.core import open_registry

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "audit-2023"
TOOL, TOOL_VERSION = "myth-of-invisible-men", "1.0"  # the tool the example forms are filled in
VARIED = ("yes", "partly", "no")  # the answers varied, each only where its scale has it
INVALID_EVERY = 50  # one form in fifty is broken, as real returns are


def choices() -> dict[str, list[str]]:
    """Per question of the bundled tool the examples use, which of yes, partly and no its
    scale offers."""
    tool = open_registry().find(TOOL, TOOL_VERSION)
    if tool is None:
        raise SystemExit(f"the bundled tool {TOOL} {TOOL_VERSION} is not installed")
    return {
        question.id: [o.value for o in tool.scale_of(question).options if o.value in VARIED]
        for question in tool.questions()
    }


def vary(text: str, rng: random.Random, offered: dict[str, list[str]]) -> str:
    """Change some yes/partly/no answers, each to another its question offers ('partly'
    only where the scale has it), so cohorts are not ten cases repeated."""

    def swap(match: re.Match[str]) -> str:
        options = offered.get(match.group(2), [])
        if options and rng.random() < 0.3:
            return match.group(1) + rng.choice(options)
        return match.group(0)

    # Answers that other questions depend on (A2) are left alone, so forms stay valid.
    head, cut, tail = text.partition("\n  A3:\n")
    answer = r"(\n  (\w+):\n    answer: )(?:yes|partly|no)\b"
    return head + cut + re.sub(answer, swap, tail)


def spoil(text: str, rng: random.Random) -> str:
    """One of the mistakes people make: a wrong answer, a tab, a duplicate key, a bad date."""
    kind = rng.randrange(4)
    if kind == 0:
        return text.replace("\n    answer: yes", "\n    answer: yess", 1)
    if kind == 1:
        return text.replace("\n  role:", "\n\trole:", 1)
    if kind == 2:
        return text.replace("\ntool: ", "\ntool: myth-of-invisible-men\ntool: ", 1)
    return re.sub(r"\naudit_date: [^\n]+", "\naudit_date: 2023-02-30", text, count=1)


def generate(folder: Path, cases: int, seed: int = 2023) -> Path:
    """An audit folder (audit.yaml and cases/) with `cases` forms; returns the folder."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    target = folder / "cases"
    target.mkdir(parents=True)
    shutil.copy(EXAMPLE / "audit.yaml", folder / "audit.yaml")
    templates = sorted((EXAMPLE / "cases").glob("C*.yaml"))
    texts = [t.read_text(encoding="utf-8") for t in templates]
    offered = choices()
    for number in range(1, cases + 1):
        case_id = f"B{number:05d}"
        text = texts[number % len(texts)]
        text = re.sub(r"(?m)^case_id: \S+", f"case_id: {case_id}", text, count=1)
        text = vary(text, rng, offered)
        if number % INVALID_EVERY == 0:
            text = spoil(text, rng)
        (target / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    return folder
