"""The face of the core: paths in; valid case audits and every problem out.

Nothing here prints, exits or reads the environment, so a script can call
`check_paths` (or a `Checker`) and read the result as data. Workbook code (openpyxl)
is imported only when a workbook is read; the audit files, the cohort, scoring,
redaction and the process pool only when a command needs them, so `validate` starts
quickly.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from fatheraudit.forms import (
    AgencyAssessment,
    Answer,
    AnswerValue,
    CaseAudit,
    CaseForm,
    FormProgress,
    State,
    check_form,
    form_progress,
    unreadable_form,
)
from fatheraudit.loader import (
    IMPORTED_FROM,
    YAML_SUFFIXES,
    Document,
    Loaded,
    is_workbook_form,
    load_yaml,
    load_yaml_text,
)
from fatheraudit.privacy import Detector, free_texts, is_privacy_code, scan
from fatheraudit.problems import (
    FatherauditError,
    Problem,
    Severity,
    did_you_mean,
    has_errors,
    problem,
    sort_problems,
)
from fatheraudit.tools import Registry, Tool, load_registry, tool_dirs

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from fatheraudit.actions import Action
    from fatheraudit.audit import AuditFiles, AuditMeta
    from fatheraudit.cohort import Cohort, Unreadable
    from fatheraudit.redact import Redaction
    from fatheraudit.scoring import CaseScore
    from fatheraudit.workbook import WorkbookLoaded


class ValidCase(NamedTuple):
    """A valid case as far as validating needs it: its id, its file and its id's line."""

    case_id: str
    path: str
    case_id_line: int


def valid_case(case: CaseAudit) -> ValidCase:
    """What validating keeps of a valid case."""
    return ValidCase(case.form.case_id, case.path, case.case_id_line)


@dataclass
class CheckResult:
    """What checking some paths found: the valid cases (each whole in `cases`, unless
    the check was asked to keep none) and every problem."""

    cases: list[CaseAudit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    valid: list[ValidCase] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no error was found (warnings allowed)."""
        return not has_errors(self.problems)

    @property
    def invalid_files(self) -> list[str]:
        """Files with at least one error."""
        return sorted({p.path for p in self.problems if p.is_error})


def open_registry(extra_dirs: Iterable[Path] = ()) -> Registry:
    """The installed tools: the bundled ones and those in `extra_dirs`."""
    return load_registry(tool_dirs(extra_dirs))


def choose_tool(registry: Registry, tool_id: str | None, version: str | None) -> Tool:
    """The tool asked for (by default the only case tool, at its newest version); a
    usage error naming what is installed when there is no such tool."""
    if tool_id is None:
        case_tools = sorted({t.id for t in registry.tools.values() if t.scope == "case"})
        if len(case_tools) != 1:
            installed = ", ".join(registry.ids()) or "none"
            raise FatherauditError(f"name a tool with --tool; installed: {installed}")
        tool_id = case_tools[0]
    tool = registry.latest(tool_id) if version is None else registry.find(tool_id, version)
    if tool is None:
        versions = ", ".join(registry.versions(tool_id)) or "none"
        raise FatherauditError(
            f"no tool '{tool_id}' version '{version or 'any'}'; installed versions: {versions}"
        )
    return tool


Progress = Callable[[int, int], None]
REPORTS_FOLDER = "reports"  # inside an audit folder, where its reports are written
IMPORT_HEAD = 400  # the bytes of a YAML form that hold its header
AUDIT_FILE = "audit.yaml"  # audit.AUDIT_FILE, named here so walking needs no audit models
ACTIONS_FILE = "actions.yaml"  # actions.ACTIONS_FILE, likewise
AUDIT_FILES = (AUDIT_FILE, ACTIONS_FILE)


@dataclass
class ScoreResult:
    """A checked set of forms and, when any case was valid, their cohort."""

    check: CheckResult
    cohort: Cohort | None

    def refusal(self, strict: bool) -> str | None:
        """Why the cohort may not be shown (`strict`: not with any file invalid), or None."""
        if strict and not self.check.ok:
            return "refusing to score: some files are invalid (--strict)"
        if self.cohort is None:
            return "no valid case to score"
        return None

    def explain(self, case_id: str) -> tuple[CaseScore, Tool]:
        """One valid case scored with its trace, and its tool; a usage error naming the
        nearest case id when there is no such valid case."""
        case = next((c for c in self.check.cases if c.form.case_id == case_id), None)
        if case is None:
            known = self.cohort.case_ids if self.cohort is not None else []
            raise FatherauditError(f"no valid case '{case_id}'{did_you_mean(case_id, known)}")
        from fatheraudit.scoring import score_case

        return score_case(case), case.tool


PARALLEL_FROM = 200
CHUNK = 32


@dataclass
class Checker:
    """How forms are checked: the installed tools, how possible identifiers are
    reported, the detector that finds them, and how many processes to use (None:
    every core for a run of `PARALLEL_FROM` files or more, else one)."""

    registry: Registry
    privacy: Severity = Severity.WARNING
    workers: int | None = None
    detector: Detector = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.detector = Detector(self.registry.words())

    @classmethod
    def of(cls, source: Registry | Checker) -> Checker:
        """`source` itself when it is a checker, else a checker with its defaults."""
        return source if isinstance(source, Checker) else cls(source)

    def worker_count(self, files: int) -> int:
        """How many processes to check `files` files with."""
        if self.workers is not None:
            return max(1, self.workers)
        return (os.cpu_count() or 1) if files >= PARALLEL_FROM else 1

    def check(
        self,
        paths: Iterable[Path],
        progress: Progress | None = None,
        keep_evidence: bool = True,
        read: dict[Path, AuditFiles] | None = None,
        keep_cases: bool = True,
    ) -> CheckResult:
        """Load and check every case form under `paths` (see `check_paths`); the audit
        files of a folder in `read` are not read again."""
        result = CheckResult(problems=list(self.registry.problems))
        entries = list(walk(paths))
        files, imported = without_imported(
            [(path, root) for path, root, skipped in entries if skipped is None]
        )
        result.files = len(files)
        result.problems += [skipped for _, _, skipped in entries if skipped is not None]
        result.problems += imported
        given = {path for path, _ in files if path.name in AUDIT_FILES}
        if given:
            from fatheraudit.audit import read_audit_files
        for folder in sorted({path.parent for path in given}):
            audit_files = (read or {}).get(folder) or read_audit_files(folder, self.registry)
            result.problems += audit_files.problems
            for document in audit_files.documents:
                result.problems += self.scan(document) if document.path in given else []
        forms = [(path, root) for path, root in files if path not in given]
        checked_files = self.check_files(forms, keep_evidence, keep_cases)
        for done, checked in enumerate(checked_files, start=1):
            if progress is not None:
                progress(done, len(forms))
            result.problems += checked.problems
            if checked.case is not None:
                result.valid.append(valid_case(checked.case))
                if keep_cases:
                    result.cases.append(checked.case)
            elif checked.valid is not None:
                result.valid.append(checked.valid)
        result.problems += cross_file_problems(result.valid)
        duplicated = {p.path for p in result.problems if p.code == "X501"}
        result.cases = [c for c in result.cases if c.path not in duplicated]
        result.valid = [c for c in result.valid if c.path not in duplicated]
        result.problems = sort_problems(result.problems)
        return result

    def check_files(
        self, files: list[tuple[Path, Path]], keep_evidence: bool = True, keep_cases: bool = True
    ) -> Iterator[FileCheck]:
        """Each file checked, in order; in worker processes when there are many. Without
        `keep_evidence`, each case's evidence is left in the worker (see without_evidence);
        without `keep_cases`, a worker sends back only what `ValidCase` holds."""
        workers = self.worker_count(len(files))
        if workers <= 1:
            for path, root in files:
                checked = self.check_file(path, root)
                if checked.case is not None and not keep_evidence:
                    checked.case = without_evidence(checked.case)
                yield checked
            return
        from concurrent.futures import ProcessPoolExecutor

        started = (self, keep_evidence, keep_cases)
        pool = ProcessPoolExecutor(workers, initializer=start_worker, initargs=started)
        shared: SharedAnswers = {}
        try:
            for shipped in pool.map(check_in_worker, files, chunksize=CHUNK):
                yield unpack(shipped, self.registry, shared)
        except BaseException:  # Ctrl-C, or the caller stopped reading: no work left running
            stop_pool(pool)
            raise
        pool.shutdown()

    def check_file(self, path: Path, root: Path) -> FileCheck:
        """Load, check and scan one case form (audit files are checked per folder, in
        `check`)."""
        if is_workbook_form(path):
            return self.check_workbook(path, root)
        loaded = load_yaml(path, root)
        document = loaded.document
        if document is None:
            return FileCheck(loaded.problems)
        problems = loaded.problems + self.scan(document)
        case, found = check_form(document, self.registry)
        valid = case is not None and not has_errors(loaded.problems)
        return FileCheck(problems + found, case if valid else None)

    def check_workbook(self, path: Path, root: Path) -> FileCheck:
        """A workbook form checked exactly like a YAML one, its problems naming cells."""
        from fatheraudit.workbook import printed_problems

        loaded = read_workbook_form(path, root, self.registry)
        document = loaded.document
        if document is None:
            return FileCheck(loaded.problems)
        problems = loaded.problems + self.scan(document)
        case, found = check_form(document, self.registry)
        data = document.data if isinstance(document.data, dict) else {}
        tool = self.registry.find(str(data.get("tool")), str(data.get("tool_version")))
        if tool is not None:
            found += printed_problems(path, loaded.printed, tool)
        valid = case is not None and not has_errors(found)
        return FileCheck(problems + found, case if valid else None)

    def scan(self, document: Document) -> list[Problem]:
        """Possible identifiers in a document's free text, at this checker's severity."""
        return scan([free_texts(document)], self.detector, self.privacy)

    def score(
        self,
        paths: Iterable[Path],
        progress: Progress | None = None,
        keep_evidence: bool = True,
        graded: bool | None = None,
        read: dict[Path, AuditFiles] | None = None,
    ) -> ScoreResult:
        """Check the forms under `paths` and build the cohort of the valid cases (see
        `score_paths`); the audit files of a folder in `read` are not read again."""
        check = self.check(paths, progress, keep_evidence, read)
        if not check.cases:
            return ScoreResult(check, None)
        tool_keys = Counter((c.tool.id, c.tool.version) for c in check.cases)
        main_key = tool_keys.most_common(1)[0][0]
        tool = self.registry.tools[main_key]
        left_out = [c for c in check.cases if (c.tool.id, c.tool.version) != main_key]
        check.problems = sort_problems(check.problems + [other_tool(c, tool.key) for c in left_out])
        check.cases = [c for c in check.cases if (c.tool.id, c.tool.version) == main_key]
        check.valid = [valid_case(c) for c in check.cases]
        if graded is None:
            graded = grading_used(check.cases, self.registry)
        from fatheraudit.cohort import build_cohort

        cohort = build_cohort(tool, check.cases, unreadable(check), grading_used=graded)
        return ScoreResult(check, cohort)

    def audit(self, folder: Path, progress: Progress | None = None) -> AuditResult:
        """Read an audit folder whole (see `load_audit`)."""
        from fatheraudit.audit import read_audit_files

        read = read_audit_files(folder, self.registry)  # each audit file parsed once
        meta, actions = read.meta, read.actions
        cases = folder / (meta.cases_folder if meta else "cases")
        files = [folder / name for name in AUDIT_FILES if (folder / name).exists()]
        if not (folder / AUDIT_FILE).exists():
            files.append(folder / AUDIT_FILE)
        graded = meta.grading_used if meta else None
        if cases.is_dir():
            score = self.score([cases, *files], progress, graded=graded, read={folder: read})
        else:
            score = self.score(files, progress, graded=graded, read={folder: read})
            score.check.problems.append(problem(cases, "A704", cases_not_found(folder)))
        score.check.problems = sort_problems(score.check.problems)
        return AuditResult(folder, meta, actions, score)


def cases_not_found(folder: Path) -> str:
    """Why an audit folder has no cases, with the likelier folder when the cases folder
    itself was given."""
    if not (folder / AUDIT_FILE).exists() and (folder.parent / AUDIT_FILE).exists():
        return f"cases folder not found: give the audit folder, {folder.parent}, not its cases"
    return "cases folder not found"


def check_paths(
    paths: Iterable[Path],
    registry: Registry | Checker,
    progress: Progress | None = None,
    privacy: Severity | None = None,
    keep_evidence: bool = True,
    keep_cases: bool = True,
) -> CheckResult:
    """Load and check every case form under `paths` (files and folders), with the
    tools in `registry`, or as a `Checker` says.

    `progress(done, total)` is called after each file, for a caller's progress bar.
    Possible identifiers in free text are reported with the `privacy` severity (by
    default the checker's: warnings). Long runs spread the files over the machine's cores.
    Without `keep_cases` the result's `cases` is empty and `valid` says which they were
    (quicker and smaller, when only the problems are wanted).
    """
    checker = Checker.of(registry)
    if privacy is not None and privacy is not checker.privacy:
        checker = Checker(checker.registry, privacy, checker.workers)
    return checker.check(paths, progress, keep_evidence, keep_cases=keep_cases)


def read_workbook_form(path: Path, root: Path | None, registry: Registry | None) -> WorkbookLoaded:
    """A workbook form read (openpyxl is imported here, on the first workbook)."""
    from fatheraudit.workbook import read_workbook

    return read_workbook(path, root, registry)


EVIDENCE_NOT_KEPT = "(evidence given; not kept for scoring)"


def without_evidence(case: CaseAudit) -> CaseAudit:
    """The case with each evidence note replaced by one shared marker of its presence
    (see noted)."""
    answers = {}
    for key, answer in case.answers.items():
        evidence = noted(answer, keep_evidence=False)
        answers[key] = answer if evidence is answer.evidence else replace(answer, evidence=evidence)
    return replace(case, answers=answers)


@dataclass
class FileCheck:
    """What checking one file found: its problems, and its case when the form is valid."""

    problems: list[Problem]
    case: CaseAudit | None = None
    valid: ValidCase | None = None  # the case, as a worker told of it without sending it


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel the work not started and wait for the chunks in hand (a fraction of a
    second), with Ctrl-C held off meanwhile so no worker is left behind."""
    held = hold_interrupts()
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if held is not None:
            signal.signal(signal.SIGINT, held)


# An answer as it travels from a worker: question id, state, value, evidence, portfolio
# and the value of the option chosen, which the parent turns back into its tool's shared
# choice (a choice pickled with each answer was most of the cost of the journey).
PackedAnswer = tuple[str, State, AnswerValue, str | None, str | None, str | None]
Shipped = tuple[
    list[Problem],
    tuple[str, CaseForm | AgencyAssessment, list[PackedAnswer], int, tuple[str, str]]
    | ValidCase
    | None,
]


def pack(answers: dict[str, Answer], keep_evidence: bool = True) -> list[PackedAnswer]:
    """A case's answers as plain tuples, for the journey from a worker; without
    `keep_evidence`, each note is one shared marker of its presence (see without_evidence)."""
    return [
        (a.question_id, a.state, a.value, noted(a, keep_evidence), a.portfolio, chosen(a))
        for a in answers.values()
    ]


def noted(answer: Answer, keep_evidence: bool) -> str | None:
    """An answer's evidence, or the marker of it when it is not kept."""
    if keep_evidence or not (answer.evidence or "").strip():
        return answer.evidence
    return EVIDENCE_NOT_KEPT


def chosen(answer: Answer) -> str | None:
    """The value of the option an answer chose, if any."""
    return None if answer.choice is None else answer.choice.option.value


# Per tool, the answers made from packed ones that hold no note of their own (see
# unpack_answers).
SharedAnswers = dict[str, dict[PackedAnswer, Answer]]


def unpack_answers(
    packed: list[PackedAnswer], tool: Tool, shared: SharedAnswers | None = None
) -> dict[str, Answer]:
    """Answers packed by `pack`, each choice the tool's own. With `shared`, an answer
    that holds no note of its own (no portfolio reference, and no evidence or only the
    marker of it) is made once and then shared, being frozen, by every case of the tool
    that answered alike: ten thousand cases then hold a few hundred such answers."""
    choices = tool.choices
    alike = {} if shared is None else shared.setdefault(tool.key, {})
    answers = {}
    for item in packed:
        question_id, state, value, evidence, portfolio, option = item
        plain = (
            portfolio is None
            and evidence in (None, EVIDENCE_NOT_KEPT)
            and not isinstance(value, list)
        )
        answer = alike.get(item) if plain else None
        if answer is None:
            choice = None if option is None else choices[question_id][option]
            answer = Answer(question_id, state, value, evidence, portfolio, choice)
            if plain:
                alike[item] = answer
        answers[question_id] = answer
    return answers


def hold_interrupts() -> Any:
    """Ignore Ctrl-C from here on, returning the handler to restore (None off the main
    thread, where signals cannot be handled)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


class InWorker:
    """The checker of a worker process, handed over once by the pool's initialiser (a
    process pool gives its workers state no other way); unset in the parent."""

    checker: ClassVar[Checker | None] = None
    keep_evidence: ClassVar[bool] = True
    keep_cases: ClassVar[bool] = True


def start_worker(checker: Checker, keep_evidence: bool = True, keep_cases: bool = True) -> None:
    """Give a worker process the checker it checks with, whether cases keep their
    evidence and whether they are sent back at all; Ctrl-C, which the terminal sends to
    every process of the command, is left to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    InWorker.checker = checker
    InWorker.keep_evidence = keep_evidence
    InWorker.keep_cases = keep_cases


def check_in_worker(file: tuple[Path, Path]) -> Shipped:
    """Check one file in a worker; the case travels back without its (large) tool."""
    checker = InWorker.checker
    if checker is None:
        raise RuntimeError("check_in_worker runs only in a process started by start_worker")
    checked = checker.check_file(*file)
    case = checked.case
    if case is None:
        return checked.problems, None
    if not InWorker.keep_cases:  # a tenth of the journey, and nothing to unpack
        return checked.problems, valid_case(case)
    key = (case.tool.id, case.tool.version)
    answers = pack(case.answers, InWorker.keep_evidence)
    return checked.problems, (case.path, case.form, answers, case.case_id_line, key)


def unpack(shipped: Shipped, registry: Registry, shared: SharedAnswers | None = None) -> FileCheck:
    """A worker's result with its case joined again to the tool it was checked against
    (answers alike `shared` between cases: see unpack_answers)."""
    problems, parts = shipped
    if parts is None:
        return FileCheck(problems)
    if isinstance(parts, ValidCase):
        return FileCheck(problems, valid=parts)
    path, form, packed, line, key = parts
    tool = registry.tools[key]
    answers = unpack_answers(packed, tool, shared)
    return FileCheck(problems, CaseAudit(path, form, tool, answers, line))


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, Path, Problem | None]]:
    """Each YAML file to read with the folder it must stay inside, or why it is skipped;
    a file given twice (again, through its folder, by another spelling) comes once."""
    seen: set[str] = set()
    folders: dict[str, str] = {}  # each folder resolved once
    for path, root, skipped in walk_given(paths):
        key = folded(real_name_in(path, folders))  # 'C01.yaml' is 'c01.yaml' on Windows
        if key not in seen:
            seen.add(key)
            yield path, root, skipped


def walk_given(paths: Iterable[Path]) -> Iterator[tuple[Path, Path, Problem | None]]:
    """What `walk` finds, before files given twice are dropped."""
    for given in paths:
        if given.is_symlink() or not given.is_dir():
            if not given.exists() and not given.is_symlink():
                yield given, given.parent, problem(given, "F100", "no such file or folder")
            else:
                yield given, given.parent, None
            continue
        yield from walk_folder(given)


def walk_folder(root: Path) -> Iterator[tuple[Path, Path, Problem | None]]:
    """YAML files under `root`, sorted; hidden entries ignored, other files listed as
    skipped, and an audit's `reports/` folder skipped whole (it holds what was written)."""
    reports: list[Path] = []
    depth = len(root.parts)
    for entry in sorted(root.rglob("*"), key=path_order):
        if any(part.startswith((".", "~$")) for part in entry.parts[depth:]):
            continue
        if any(entry.is_relative_to(folder) for folder in reports):
            continue
        if is_reports_folder(entry):
            reports.append(entry)
            message = "the audit's written reports, not forms; skipped"
            yield entry, root, problem(entry, "F109", message, severity=Severity.INFO)
        elif entry.suffix.lower() in YAML_SUFFIXES or is_workbook_form(entry):
            yield entry, root, None
        elif is_plain_dir(entry):
            continue
        else:
            yield (
                entry,
                root,
                problem(
                    entry,
                    "F108",
                    "not a form (.yaml, .yml or .xlsx); skipped",
                    severity=Severity.INFO,
                ),
            )


def path_order(path: Path) -> tuple[str, ...]:
    """What paths are sorted by, as `sorted()` of the paths themselves orders them (part
    by part, in lower case on Windows) in a fifth of the time."""
    return tuple(map(folded, path.parts))


IGNORES_CASE = os.name == "nt"  # as pathlib's comparisons have it


def folded(text: str) -> str:
    """A path or part as paths compare it: in lower case where names ignore case
    (Windows), as written elsewhere."""
    return text.lower() if IGNORES_CASE else text


def is_reports_folder(path: Path) -> bool:
    """The folder an audit's reports are written to: `reports/` beside its audit.yaml."""
    return (
        path.name == REPORTS_FOLDER and is_plain_dir(path) and (path.parent / AUDIT_FILE).is_file()
    )


Found = list[tuple[Path, Path]]  # files to check, each with the folder it must stay inside


def without_imported(files: Found) -> tuple[Found, list[Problem]]:
    """The files to check, less Excel forms already imported to a YAML form of the same
    audit (the YAML is the form now), with a note for each one left out."""
    if not any(is_workbook_form(path) for path, _ in files):
        return files, []
    imported: dict[tuple[Path, str], Path] = {}
    audits = AuditsOf()
    for path, _ in files:
        source = imported_from(path) if path.suffix.lower() in YAML_SUFFIXES else None
        if source is not None:
            imported[(audits.of(path), source)] = path
    kept, notes = [], []
    for path, root in files:
        form = imported.get((audits.of(path), path.name)) if is_workbook_form(path) else None
        if form is None:
            kept.append((path, root))
        else:
            message = f"already imported as {form}, which is checked instead; skipped"
            notes.append(problem(path, "F110", message, severity=Severity.INFO))
    return kept, notes


def imported_from(path: Path) -> str | None:
    """The Excel form a YAML form says (in its first lines) it was imported from."""
    try:
        with path.open("rb") as stream:
            head = stream.read(IMPORT_HEAD).decode("utf-8", "replace")
    except OSError:
        return None
    found = IMPORTED_FROM.search(head)
    return found.group(1) if found else None


def is_plain_dir(path: Path) -> bool:
    """A real folder (not a symlink to one)."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def audit_of(path: Path) -> Path:
    """The audit a form belongs to: the nearest folder above it with an audit.yaml,
    else the folder it is in."""
    for folder in list(path.parents)[:3]:
        if (folder / AUDIT_FILE).is_file():
            return folder
    return path.parent


class AuditsOf(dict[Path, Path]):
    """The audit of each folder's forms (see audit_of), looked for once a folder."""

    def of(self, path: Path) -> Path:
        """The audit the form at `path` belongs to."""
        audit = self.get(path.parent)
        if audit is None:
            audit = self[path.parent] = audit_of(path)
        return audit


def cross_file_problems(cases: list[ValidCase]) -> list[Problem]:
    """The same case id in two files of one audit; a case id unlike its file name.

    Different audits (a baseline and its re-audit) may use the same ids.
    """
    problems = []
    first: dict[tuple[Path, str], ValidCase] = {}
    audits = AuditsOf()
    for case in cases:
        case_id = case.case_id
        path = Path(case.path)
        key = (audits.of(path), case_id)
        if key in first:
            other = first[key]
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
            first[key] = case
        if path.stem.casefold() != case_id.casefold():
            problems.append(
                problem(
                    case.path,
                    "X502",
                    f"case id '{case_id}' differs from the file name '{path.name}'",
                    case.case_id_line,
                    1,
                    Severity.WARNING,
                )
            )
    return problems


def score_paths(
    paths: Iterable[Path],
    registry: Registry | Checker,
    progress: Progress | None = None,
    keep_evidence: bool = True,
    graded: bool | None = None,
) -> ScoreResult:
    """Check the forms under `paths` and build the cohort of the valid cases.

    One cohort holds one tool version: cases filled against another are left out,
    with a problem saying so. Without `keep_evidence` the cases keep only whether each
    answer had an evidence note (figures need no more, and large runs stay small).
    `graded` is the audit's `grading_used` when the caller has read it; otherwise the
    cases' own `audit.yaml` is read for it.
    """
    return Checker.of(registry).score(paths, progress, keep_evidence, graded)


def grading_used(cases: list[CaseAudit], registry: Registry) -> bool:
    """False when the cases belong to one audit whose `audit.yaml` says its grading was
    not used; True otherwise (an unreadable `audit.yaml` is reported where it is read)."""
    of = AuditsOf().of
    audits = {of(Path(case.path)) for case in cases}
    if len(audits) != 1:
        return True
    folder = audits.pop()
    if not (folder / AUDIT_FILE).is_file():
        return True
    from fatheraudit.audit import load_meta

    meta, _ = load_meta(folder, registry)
    return meta is None or bool(meta.grading_used)


def other_tool(case: CaseAudit, main: str) -> Problem:
    """The problem for a case filled against a tool other than the cohort's."""
    return problem(
        case.path,
        "X504",
        f"filled against {case.tool.key}, but most cases use {main}; score it separately",
        1,
        1,
    )


def unreadable(check: CheckResult) -> list[Unreadable]:
    """Files left out of the figures, each with its errors."""
    from fatheraudit.cohort import Unreadable

    by_file: dict[str, list[Problem]] = {}
    for found in check.problems:
        if found.is_error:
            by_file.setdefault(found.path, []).append(found)
    return [Unreadable(path=path, problems=found) for path, found in sorted(by_file.items())]


@dataclass
class AuditResult:
    """An audit folder read whole: its metadata, actions, cases and cohort."""

    folder: Path
    meta: AuditMeta | None
    actions: list[Action]
    score: ScoreResult

    @property
    def problems(self) -> list[Problem]:
        """Every problem found, in reading order."""
        return self.score.check.problems

    @property
    def ok(self) -> bool:
        """True when nothing in the audit has an error."""
        return not has_errors(self.problems)

    @property
    def privacy_findings(self) -> list[Problem]:
        """Possible identifiers not yet removed or reviewed."""
        return [p for p in self.problems if is_privacy_code(p.code)]

    @property
    def cases_folder(self) -> Path:
        """The folder the audit's cases are in."""
        return self.folder / (self.meta.cases_folder if self.meta else "cases")

    @property
    def inputs(self) -> list[Path]:
        """Every file the audit was read from."""
        files = [self.folder / name for name in AUDIT_FILES]
        return files + [Path(case.path) for case in self.score.check.cases]


REPORT_FILES = {"report": "audit-report", "summary": "meeting-summary"}
SHOWN_FORMATS = ("md", "html")  # the formats that may be shown on stdout


@dataclass(frozen=True)
class Readiness:
    """Whether an audit's report may be written: the reasons it is refused (none when
    it may be), what it shows that a clean audit's would not (the invalid files it
    leaves out, the possible identifiers its first page warns of), and where it goes by
    default."""

    refusals: tuple[str, ...]
    reports_folder: Path
    left_out: tuple[str, ...] = ()
    identifiers: int = 0

    @property
    def ready(self) -> bool:
        """True when nothing refuses the report."""
        return not self.refusals

    def default_output(self, kind: str, output_format: str) -> Path:
        """Where a report (or summary) in `output_format` is written unless told."""
        return self.reports_folder / f"{REPORT_FILES[kind]}.{output_format}"

    @staticmethod
    def may_show(output_format: str) -> bool:
        """True when a document in `output_format` may be shown on stdout (text only)."""
        return output_format in SHOWN_FORMATS


NO_REPORT = "not written: the audit has no readable audit.yaml or no valid case"
FIX_ERRORS = "not written: fix the errors above, or pass --skip-invalid to leave those forms out"
IDENTIFIERS = (
    "not written: {count} possible identifier(s) above. Remove them, list public names "
    "under privacy_reviewed with a reason, or pass --allow-identifiers (the report will "
    "then say so on its first page)"
)


def report_readiness(
    audit: AuditResult, skip_invalid: bool = False, allow_identifiers: bool = False
) -> Readiness:
    """Whether the audit's report may be written. It is refused with no readable
    `audit.yaml` or no valid case; with errors unless `skip_invalid` (the report then
    says forms were left out); with possible identifiers unless `allow_identifiers`
    (the report then says so on its first page)."""
    refusals = []
    if audit.meta is None or audit.score.cohort is None:
        refusals.append(NO_REPORT)
    if not audit.ok and not skip_invalid:
        refusals.append(FIX_ERRORS)
    if audit.privacy_findings and not allow_identifiers:
        refusals.append(IDENTIFIERS.format(count=len(audit.privacy_findings)))
    left_out = tuple(audit.score.check.invalid_files)
    identifiers = len(audit.privacy_findings)
    return Readiness(tuple(refusals), audit.folder / REPORTS_FOLDER, left_out, identifiers)


def load_audit(
    folder: Path, registry: Registry | Checker, progress: Progress | None = None
) -> AuditResult:
    """Read an audit folder: `audit.yaml`, `actions.yaml` and the cases folder it names.

    Every file is checked in one run (so possible identifiers anywhere are reported).
    """
    return Checker.of(registry).audit(folder, progress)


def read_action_plan(path: Path, registry: Registry) -> tuple[list[Action], list[Problem]]:
    """The actions of an audit folder (or of one `actions.yaml`), with their problems."""
    from fatheraudit.actions import load_actions
    from fatheraudit.audit import load_meta

    folder = path.parent if path.is_file() else path
    if path.is_file() and path.name != ACTIONS_FILE:
        return [], [problem(path, "A705", f"an action plan is a file named {ACTIONS_FILE}")]
    if not (folder / ACTIONS_FILE).exists():
        return [], [problem(folder / ACTIONS_FILE, "A705", "no action plan here")]
    meta, _ = load_meta(folder, registry) if (folder / AUDIT_FILE).exists() else (None, [])
    actions, problems = load_actions(folder, len(meta.recommendations) if meta else None)
    return actions, sort_problems(problems)


def redact_paths(paths: list[Path], registry: Registry | Checker) -> list[tuple[Path, Redaction]]:
    """Each YAML file under `paths`, redacted, with its path relative to what was given."""
    from fatheraudit.redact import redact_file

    detector = Checker.of(registry).detector
    found = []
    for given in paths:
        base = given if given.is_dir() else given.parent
        for path, _, skipped in walk([given]):
            if skipped is None:
                found.append((path.relative_to(base), redact_file(path, detector)))
    return found


@dataclass
class Imported:
    """A workbook turned into YAML: the text, file name and tool, or the problems that stop it."""

    text: str | None
    name: str | None
    problems: list[Problem]
    tool: Tool | None = None


def import_workbook(path: Path, registry: Registry | Checker) -> Imported:
    """The YAML form of a filled workbook, checked as YAML before it is handed back.

    Nothing is returned to write unless both the workbook and its YAML are valid.
    """
    from fatheraudit.workbook import form_yaml

    checker = Checker.of(registry)
    checked = checker.check_workbook(path, path.parent)
    problems = sort_problems(checked.problems)
    case = checked.case
    if case is None or has_errors(problems):
        return Imported(None, None, problems)
    loaded = read_workbook_form(path, path.parent, checker.registry)
    assert loaded.document is not None and isinstance(loaded.document.data, dict)
    name = f"{case.form.case_id}.yaml"
    text = form_yaml(loaded.document.data, case.tool.scope, path.name)
    again = load_yaml_text(text, Path(name))
    if again.document is None:
        return Imported(None, None, problems + again.problems)
    same, found = check_form(again.document, checker.registry)
    if same is None or same.answers != case.answers:
        message = "the form could not be written as YAML without a change; nothing written"
        return Imported(None, None, [*problems, *found, problem(path, "W107", message)])
    return Imported(text, name, problems, case.tool)


def progress_of(paths: Iterable[Path], registry: Registry) -> list[FormProgress]:
    """How far each form (YAML or workbook) under `paths` is filled; a file given twice
    (again, through its folder, or by another spelling of its path) counts once."""
    found = []
    for path, root, skipped in walk(paths):
        if skipped is not None or path.name in AUDIT_FILES:
            continue
        loaded: Loaded = (
            read_workbook_form(path, root, None)
            if is_workbook_form(path)
            else load_yaml(path, root)
        )
        if loaded.document is None:
            found.append(unreadable_form(path, loaded.problems))
        else:
            found.append(form_progress(loaded.document, registry))
    return found


def real_name_in(path: Path, folders: dict[str, str]) -> str:
    """`real_path` as text, resolving the folder of a file that is no link once for all
    the files in it (kept in `folders`): the same path, without a system call for each
    part, and without making a path object for each file."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return str(real_path(path))
    written = str(path)  # taken apart as text: a third of the time of path objects
    parent = os.path.dirname(written)  # noqa: PTH120
    folder = folders.get(parent)
    if folder is None:
        folder = folders[parent] = str(real_path(path.parent))
    return os.path.join(folder, os.path.basename(written))  # noqa: PTH118, PTH119


def real_path(path: Path) -> Path:
    """The file `path` names, links and `..` resolved (as given when that fails)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return path.absolute()
