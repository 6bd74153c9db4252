"""Untrusted work in a child process: its answer, its errors, and its limits."""

from __future__ import annotations

import time

import pytest

from fatheraudit.problems import FatherauditError
from fatheraudit.render import limits
from fatheraudit.render.limits import TimeLimit, run_limited


def shout(text: str) -> str:
    return text.upper()


def refuse(text: str) -> str:
    raise FatherauditError(f"refused {text}")


def sleep_forever() -> str:
    while True:
        time.sleep(0.05)


def ignore_the_alarm() -> str:
    while True:
        try:
            time.sleep(10)
        except TimeLimit:
            continue


def hoard() -> str:
    return "x" * (2 * limits.MEMORY_BYTES)


def test_the_answer_comes_back() -> None:
    assert run_limited(shout, ("report",)) == "REPORT"


def test_an_error_comes_back_as_its_message() -> None:
    with pytest.raises(FatherauditError, match=r"^refused this$"):
        run_limited(refuse, ("this",))


def test_work_past_its_time_is_stopped_by_the_alarm() -> None:
    started = time.monotonic()
    with pytest.raises(FatherauditError, match=r"took longer than 0\.5 s"):
        run_limited(sleep_forever, (), seconds=0.5)
    assert time.monotonic() - started < 0.5 + limits.GRACE_SECONDS


def test_work_that_ignores_the_alarm_is_killed() -> None:
    started = time.monotonic()
    with pytest.raises(FatherauditError, match=r"stopped after 0\.3 s"):
        run_limited(ignore_the_alarm, (), seconds=0.3)
    assert time.monotonic() - started < 0.3 + limits.GRACE_SECONDS + 1


@pytest.mark.skipif(
    not __import__("importlib").util.find_spec("resource"), reason="no address-space limit"
)
def test_work_past_its_memory_is_stopped() -> None:
    with pytest.raises(FatherauditError, match="needed more than 64 MB"):
        run_limited(hoard, (), memory=64 * 2**20)
