"""The face of the core: paths in; valid case audits and every problem out.

Nothing here prints or exits, so a script can call `check_paths` and read the
result as data.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fatheraudit.forms import CaseAudit, check_form
from fatheraudit.loader import YAML_SUFFIXES, load_yaml
from fatheraudit.problems import Problem, Severity, has_errors, problem, sort_problems
from fatheraudit.tools import Registry, load_registry, tool_dirs


@dataclass
class CheckResult:
    """What checking some paths found."""

    cases: list[CaseAudit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        """True when no error was found (warnings allowed)."""
        return not has_errors(self.problems)

    @property
    def invalid_files(self) -> list[str]:
        """Files with at least one error."""
        return sorted({p.path for p in self.problems if p.is_error})


def open_registry(extra_dirs: Iterable[Path] = ()) -> Registry:
    """The installed tools: bundled, from the environment, and from `extra_dirs`."""
    return load_registry(tool_dirs(extra_dirs))


def check_paths(paths: Iterable[Path], registry: Registry) -> CheckResult:
    """Load and check every case form under `paths` (files and folders)."""
    result = CheckResult(problems=list(registry.problems))
    for path, root, skipped in walk(paths):
        if skipped is not None:
            result.problems.append(skipped)
            continue
        result.files += 1
        loaded = load_yaml(path, root)
        result.problems += loaded.problems
        if loaded.document is None:
            continue
        case, found = check_form(loaded.document, registry)
        result.problems += found
        if case is not None and not has_errors(loaded.problems):
            result.cases.append(case)
    result.problems += cross_file_problems(result.cases)
    duplicated = {p.path for p in result.problems if p.code == "X501"}
    result.cases = [c for c in result.cases if c.path not in duplicated]
    result.problems = sort_problems(result.problems)
    return result


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, Path, Problem | None]]:
    """Each YAML file to read with the folder it must stay inside, or why it is skipped."""
    for given in paths:
        if given.is_symlink() or not given.is_dir():
            if not given.exists() and not given.is_symlink():
                yield given, given.parent, problem(given, "F100", "no such file or folder")
            else:
                yield given, given.parent, None
            continue
        yield from walk_folder(given)


def walk_folder(root: Path) -> Iterator[tuple[Path, Path, Problem | None]]:
    """YAML files under `root`, sorted; hidden entries ignored, other files listed as skipped."""
    for entry in sorted(root.rglob("*")):
        relative = entry.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if entry.suffix.lower() in YAML_SUFFIXES:
            yield entry, root, None
        elif is_plain_dir(entry):
            continue
        else:
            yield (
                entry,
                root,
                problem(entry, "F108", "not a .yaml or .yml file; skipped", severity=Severity.INFO),
            )


def is_plain_dir(path: Path) -> bool:
    """A real folder (not a symlink to one)."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def cross_file_problems(cases: list[CaseAudit]) -> list[Problem]:
    """The same case id in two files; a case id that disagrees with its file name."""
    problems = []
    first: dict[str, CaseAudit] = {}
    for case in cases:
        case_id = case.form.case_id
        if case_id in first:
            other = first[case_id]
            for this, that in ((case, other), (other, case)):
                problems.append(
                    problem(
                        this.path,
                        "X501",
                        f"case id '{case_id}' is also used by {that.path}; "
                        "each case needs its own id",
                        this.case_id_line,
                        1,
                    )
                )
        else:
            first[case_id] = case
        if Path(case.path).stem.casefold() != case_id.casefold():
            problems.append(
                problem(
                    case.path,
                    "X502",
                    f"case id '{case_id}' differs from the file name '{Path(case.path).name}'",
                    case.case_id_line,
                    1,
                    Severity.WARNING,
                )
            )
    return problems
