"""Writing files safely: whole or not at all, never over a file without leave, never
over an input, and never where the next run would read the output as a case form.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from fatheraudit.loader import YAML_SUFFIXES
from fatheraudit.problems import FatherauditError


def check_target(target: Path, inputs: Iterable[Path] = (), folders: Iterable[Path] = ()) -> None:
    """Refuse an output that is YAML, an input file, or inside an input folder."""
    if target.suffix.lower() in YAML_SUFFIXES:
        raise FatherauditError(f"{target}: reports are not written as YAML files")
    resolved = target.resolve()
    for source in inputs:
        if source.resolve() == resolved:
            raise FatherauditError(f"{target} is an input file; choose another output")
    for folder in folders:
        if resolved.is_relative_to(folder.resolve()):
            raise FatherauditError(
                f"{target} is inside the cases folder {folder}; write it elsewhere"
            )


FORM_SUFFIXES = (*YAML_SUFFIXES, ".xlsx")


def form_target(case_id: str, output: Path | None, suffix: str) -> Path | None:
    """Where a new form is written: a file, a folder's CASE_ID.yaml (or .xlsx), the
    current folder's by default, or None for stdout (`-`)."""
    if output is None:
        return Path(f"{case_id}{suffix}")
    if str(output) == "-":
        return None
    if output.is_dir() or output.suffix.lower() not in FORM_SUFFIXES:
        return output / f"{case_id}{suffix}"
    return output


def form_targets(case_ids: list[str], output: Path | None, suffix: str) -> list[Path] | None:
    """Where each new form is written, or None for stdout; a usage error when forms
    would share one file or several would go to stdout."""
    found = [form_target(case_id, output, suffix) for case_id in case_ids]
    targets = [target for target in found if target is not None]
    if len(targets) < len(found):
        if len(found) > 1:
            raise FatherauditError("several forms cannot go to stdout; give a folder with -o")
        return None
    if len(set(targets)) < len(targets):
        raise FatherauditError("several case ids need a folder with -o, not a file")
    return targets


def blocked(target: Path, force: bool) -> str:
    """Why `target` cannot be written, or '' when it can."""
    if target.is_symlink():
        return f"{target} is a symlink; fatheraudit does not write through links"
    if target.exists() and not force:
        return f"{target} already exists; use --force to replace it"
    if target.exists() and not target.is_file():
        return f"{target} exists and is not a file"
    return ""


def refuse_blocked(targets: list[Path], force: bool) -> None:
    """A usage error naming every target that cannot be written, before any is written."""
    reasons = [reason for target in targets if (reason := blocked(target, force))]
    if reasons:
        raise FatherauditError("nothing written: " + "; ".join(reasons))


def write_text(path: Path, text: str, *, force: bool = False, private: bool = False) -> None:
    """Write `text` to `path` atomically (see `write_bytes`)."""
    write_bytes(path, text.encode("utf-8"), force=force, private=private)


def write_bytes(path: Path, data: bytes, *, force: bool = False, private: bool = False) -> None:
    """Write `data` to `path` atomically (temporary file, then rename).

    Refuses an existing file unless `force`, and a symlink always. A failure leaves
    any earlier file as it was. `private` files are readable by their owner only.
    """
    if path.is_symlink():
        raise FatherauditError(f"{path} is a symlink; fatheraudit does not write through links")
    if path.exists() and not force:
        raise FatherauditError(f"{path} already exists; use --force to replace it")
    if path.exists() and not path.is_file():
        raise FatherauditError(f"{path} exists and is not a file")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FatherauditError(f"cannot write in {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o600 if private else 0o644)
        Path(temporary).replace(path)
    except BaseException as error:  # Ctrl-C too: never leave a partial temporary file
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(error, OSError):
            raise FatherauditError(f"cannot write {path}: {error.strerror or error}") from None
        raise
