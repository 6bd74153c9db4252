"""Generate N realistic fictional case forms for the bundled tool, a few of them invalid."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "audit-2023"
ANSWERS = {
    "yes": ["yes", "partly", "no"],
    "partly": ["yes", "partly", "no"],
    "no": ["yes", "partly", "no"],
}
INVALID_EVERY = 50  # one form in fifty is broken, as real returns are


def vary(text: str, rng: random.Random) -> str:
    """Change some yes/partly/no answers, so cohorts are not ten cases repeated."""

    def swap(match: re.Match[str]) -> str:
        if rng.random() < 0.3:
            return match.group(1) + rng.choice(ANSWERS[match.group(2)])
        return match.group(0)

    # Answers that other questions depend on (A2) are left alone, so forms stay valid.
    head, cut, tail = text.partition("\n  A3:\n")
    return head + cut + re.sub(r"(\n    answer: )(yes|partly|no)\b", swap, tail)


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
    for number in range(1, cases + 1):
        case_id = f"B{number:05d}"
        text = texts[number % len(texts)]
        text = re.sub(r"(?m)^case_id: \S+", f"case_id: {case_id}", text, count=1)
        text = vary(text, rng)
        if number % INVALID_EVERY == 0:
            text = spoil(text, rng)
        (target / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    return folder
