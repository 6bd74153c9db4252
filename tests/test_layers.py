"""The import graph of src/fatheraudit follows the layering table in README.md.

The table under "## How the code is laid out" lists the stages bottom layer first; a module
may import its own row or a row above it, never a row below. The table is read at test time,
so the README and the code have to agree.
"""

from __future__ import annotations

import ast
import re

from conftest import REPO

PACKAGE = REPO / "src" / "fatheraudit"
SECTION = "## How the code is laid out"
# The package's __init__.py is the public face and may import anything, and __main__.py only
# starts the CLI: neither is in the table, so neither is checked, as importer or as imported.
EXEMPT = {"__init__.py", "__main__.py"}


def modules() -> dict[str, str]:
    """Every module under src/fatheraudit as dotted name -> path relative to the package."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        parts = ["fatheraudit", *rel.removesuffix(".py").split("/")]
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = rel
    return found


def table_rows() -> list[list[str]]:
    """The names in each row's first cell (`x.py` or `x/`), bottom layer first."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, f"README.md has no {SECTION!r} section"
    section = re.split(r"^## ", text.split(SECTION, 1)[1], flags=re.MULTILINE)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    rows = [re.findall(r"`([^`]+)`", line.split("|")[1]) for line in lines[2:]]  # no header
    assert rows, f"no layering table under {SECTION!r} in README.md"
    return rows


def layers() -> tuple[dict[str, int], list[str]]:
    """Each module's row number (1 = top of the table), and what is wrong with the table."""
    known = set(modules().values())
    row_of: dict[str, int] = {}
    problems: list[str] = []
    for number, names in enumerate(table_rows(), start=1):
        for name in names:
            if name.endswith("/"):
                members = {rel for rel in known if rel.startswith(name)}
                if f"{name}__init__.py" not in members:
                    members = set()
            else:
                members = {name} & known
            if not members:
                problems.append(f"row {number} names {name}, which is not a module or package")
            for rel in sorted(members):
                if rel in row_of:
                    problems.append(f"{rel} is in row {row_of[rel]} and again in row {number}")
                row_of.setdefault(rel, number)
    return row_of, problems


def imports(rel: str, dotted: dict[str, str]) -> set[str]:
    """The package modules that `rel` imports anywhere (in functions, under TYPE_CHECKING)."""
    tree = ast.parse((PACKAGE / rel).read_text(encoding="utf-8"), filename=rel)
    here = next(name for name, path in dotted.items() if path == rel)
    package = here if rel.endswith("__init__.py") else here.rpartition(".")[0]
    wanted: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            wanted += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            # `from a import b`: b may be a submodule, else it is a name in a.
            wanted += [f"{base}.{alias.name}" for alias in node.names]
    found: set[str] = set()
    for name in wanted:
        parts = name.split(".")
        for end in range(len(parts), 0, -1):  # longest prefix that is a package module
            if (target := dotted.get(".".join(parts[:end]))) is not None:
                found.add(target)
                break
    return found - {rel}


def test_imports_run_down_the_table() -> None:
    """Every module is in a row and imports only its own row or rows above it."""
    dotted = modules()
    row_of, _ = layers()
    failures = [
        f"module {rel} is not in the README's layering table"
        for rel in dotted.values()
        if rel not in EXEMPT and rel not in row_of
    ]
    for rel in dotted.values():
        if rel in EXEMPT or rel not in row_of:
            continue
        for target in sorted(imports(rel, dotted) - EXEMPT):
            if row_of.get(target, 0) > row_of[rel]:
                failures.append(
                    f"{rel} imports {target} (row {row_of[rel]} imports row {row_of[target]})"
                )
    assert not failures, "\n".join(["imports against README.md's layering table:", *failures])


def test_table_names_each_real_module_once() -> None:
    """Every name in the table is a module or package that exists, and in one row only."""
    _, problems = layers()
    assert not problems, "\n".join(["README.md's layering table:", *problems])
