"""Running untrusted work (a user's template) in a child process with time and memory
limits, so a loop that never ends or a string of ten gigabytes cannot hang or exhaust
the machine.

The child ignores Ctrl-C (the parent handles it), gets an address-space limit where the
system has one (`resource`), and an alarm that raises `TimeLimit` inside the work so the
work itself can say where it was stopped. The parent waits a little longer than the
alarm, then kills the child: on systems without alarms the wall-clock limit still holds.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatheraudit.problems import FatherauditError

if TYPE_CHECKING:  # multiprocessing is imported when a child is started: bundled templates
    import multiprocessing.process  # render in the process itself and need none of it
    from multiprocessing.connection import Connection

SECONDS = 20.0
MEMORY_BYTES = 512 * 1024 * 1024
GRACE_SECONDS = 2.0


class TimeLimit(Exception):
    """Raised inside the child when its time is up."""


def run_limited(
    work: Callable[..., str],
    args: tuple[Any, ...],
    seconds: float | None = None,
    memory: int | None = None,
) -> str:
    """`work(*args)` in a child process; its text, or a FatherauditError with its message.

    `work` must be a module-level function and its arguments plain data. It should turn
    `TimeLimit` and `MemoryError` into FatherauditError with a located message.
    """
    import multiprocessing

    seconds = SECONDS if seconds is None else seconds
    memory = MEMORY_BYTES if memory is None else memory
    context: Any = multiprocessing.get_context(start_method())
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=child_main, args=(send, work, args, seconds, memory))
    child.daemon = True
    child.start()
    send.close()
    try:
        outcome = wait_for(receive, seconds + GRACE_SECONDS)
    finally:
        stop(child)
        receive.close()
    if outcome is None:
        raise FatherauditError(f"stopped after {seconds:g} s (the time limit for a template)")
    kind, text = outcome
    if kind == "error":
        raise FatherauditError(text)
    return text


def start_method() -> str:
    """`fork` where the system has it (fast, nothing re-imported), else `spawn`."""
    import multiprocessing

    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def wait_for(receive: Connection, seconds: float) -> tuple[str, str] | None:
    """The child's answer, or None if it gave none in time (or died)."""
    try:
        if not receive.poll(seconds):
            return None
        outcome: tuple[str, str] = receive.recv()
    except (EOFError, OSError):
        return None
    return outcome


def stop(child: multiprocessing.process.BaseProcess) -> None:
    """End the child whatever state it is in, and reap it."""
    if child.is_alive():
        child.kill()
    child.join()


def child_main(
    send: Connection, work: Callable[..., str], args: tuple[Any, ...], seconds: float, memory: int
) -> None:
    """In the child: set the limits, do the work, send back ("text" | "error", str)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(memory)
    start_alarm(seconds)
    try:
        outcome = ("text", work(*args))
    except FatherauditError as error:
        outcome = ("error", str(error))
    except MemoryError:
        outcome = ("error", f"needed more than {memory // 2**20} MB and was stopped")
    except TimeLimit:
        outcome = ("error", f"took longer than {seconds:g} s and was stopped")
    stop_alarm()
    try:
        send.send(outcome)
    except MemoryError:
        send.send(("error", f"its output needed more than {memory // 2**20} MB"))
    send.close()


def limit_memory(memory: int) -> None:
    """Cap the child's address space at what it holds now plus `memory`, where possible."""
    try:
        import resource
    except ImportError:  # Windows: the wall-clock limit still holds
        return
    try:
        pages = Path("/proc/self/statm").read_text().split()[0]
        held = int(pages) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        held = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = held + memory
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
        except (ValueError, OSError):
            return


def start_alarm(seconds: float) -> None:
    """Raise TimeLimit in the child after `seconds`, where the system has alarms."""
    if not hasattr(signal, "setitimer"):
        return
    signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def stop_alarm() -> None:
    """Cancel the alarm."""
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


def ring(_signum: int, _frame: object) -> None:
    """The alarm's handler."""
    raise TimeLimit
