"""Writing files safely: whole or not at all, and never over a file without leave."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from fatheraudit.problems import FatherauditError


def write_text(path: Path, text: str, *, force: bool = False, private: bool = False) -> None:
    """Write `text` to `path` atomically (temporary file, then rename).

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
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o600 if private else 0o644)
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise FatherauditError(f"cannot write {path}: {error.strerror or error}") from None
