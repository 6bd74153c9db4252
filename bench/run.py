"""Benchmark fatheraudit as whole processes against the parse floor and two peers.

    python bench/run.py --cases 1000            # after the README's set-up
    pip install '.[bench]'                      # adds the peers: check-jsonschema, yamale

Each command runs --repeat times; the table gives the median wall time, its ratio to
the floor (PyYAML's C loader parsing the same files on one core and nothing else),
and the peak memory of the process. Targets are those of issue 16: on the bundled
ten-case audit, `score` and `validate` within 0.2 s and `report` within 0.3 s; on the
generated set, `validate` and `score` within 1.0x the floor and at least 2x as fast as
yamale on the clean set, `report --format xlsx` within 3x, `score` under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from peers import write_yamale_schema

BENCH = Path(__file__).resolve().parent
EXAMPLE = BENCH.parent / "examples" / "audit-2023"


@dataclass
class Timing:
    """One command's measurements."""

    name: str
    seconds: float
    peak_mb: float
    target: str = ""
    limit: float | None = None


# GNU time, when the machine has it, reports the peak memory of the command alone. The
# peak that os.wait4 gives counts this runner's own memory too (a child made by fork
# starts as a copy of it, and Linux keeps that copy's peak across exec).
GNU_TIME = Path("/usr/bin/time")


def gnu_time() -> bool:
    """Whether /usr/bin/time is GNU time (macOS's BSD time has no -f or -o)."""
    try:
        found = subprocess.run(
            [str(GNU_TIME), "--version"], capture_output=True, text=True, check=False
        )
    except OSError:
        return False
    return "gnu time" in (found.stdout + found.stderr).lower()


def measure(command: list[str], repeat: int) -> tuple[float, float]:
    """Median wall seconds and largest peak resident memory (MB) over `repeat` runs."""
    times, peaks = [], []
    use_time = gnu_time()
    with tempfile.TemporaryDirectory(prefix="fatheraudit-peak-") as scratch:
        report = Path(scratch) / "peak"
        timed = [str(GNU_TIME), "-f", "%M", "-o", str(report), *command]
        for _ in range(repeat):
            start = time.perf_counter()
            process = subprocess.Popen(
                timed if use_time else command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, _, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - start)
            # ru_maxrss is in bytes on macOS, in KB elsewhere
            peak_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
            if use_time:
                peak_kb = int(report.read_text().split()[-1])
            peaks.append(peak_kb / 1024)
    return statistics.median(times), max(peaks)


def tool(name: str) -> str | None:
    """A console script next to this Python, or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def commands(
    folder: Path, out: Path, peers: str = "all"
) -> list[tuple[str, list[str], str, float | None]]:
    """(name, command, target text, ratio limit) for every measurement."""
    cases = folder / "cases"
    fatheraudit = tool("fatheraudit") or "fatheraudit"
    schema = out / "schema.json"
    subprocess.run([fatheraudit, "schema", "-o", str(schema), "--force"], check=True)
    yamale_schema = write_yamale_schema(out / "yamale.yaml")
    found = [
        (
            "floor: CSafeLoader parse, 1 core",
            [sys.executable, str(BENCH / "floor.py"), str(cases)],
            "",
            None,
        ),
        ("fatheraudit --help", [fatheraudit, "--help"], "< 0.3 s", None),
        ("fatheraudit validate", [fatheraudit, "validate", str(cases)], "<= 1.0x floor", 1.0),
        (
            "fatheraudit score --format json",
            [fatheraudit, "score", "--format", "json", str(cases)],
            "<= 1.0x floor",
            1.0,
        ),
        (
            "fatheraudit report (md)",
            [
                fatheraudit,
                "report",
                str(folder),
                "--skip-invalid",
                "--allow-identifiers",
                "--force",
                "-o",
                str(out / "r.md"),
            ],
            "",
            None,
        ),
        (
            "fatheraudit report --format xlsx",
            [
                fatheraudit,
                "report",
                str(folder),
                "--skip-invalid",
                "--allow-identifiers",
                "--force",
                "--format",
                "xlsx",
                "-o",
                str(out / "r.xlsx"),
            ],
            "<= 3.0x floor",
            3.0,
        ),
    ]
    # The peers stop at the first file they cannot parse, so they are compared on the
    # same forms without the broken ones, against fatheraudit validate on that set.
    clean = folder / "clean"
    clean.mkdir(exist_ok=True)
    for path in cases.glob("*.yaml"):
        if not path.stem.endswith(("00", "50")):
            shutil.copy(path, clean / path.name)
    clean_files = sorted(str(p) for p in clean.glob("*.yaml"))
    found.append(
        ("fatheraudit validate (clean set)", [fatheraudit, "validate", str(clean)], "", None)
    )
    checker = tool("check-jsonschema") if peers == "all" else None
    if checker:
        found.append(
            (
                "peer: check-jsonschema (clean set)",
                [checker, "--schemafile", str(schema), *clean_files],
                "",
                None,
            )
        )
    yamale = tool("yamale") if peers != "none" else None
    if yamale:
        found.append(
            ("peer: yamale (clean set)", [yamale, "-s", str(yamale_schema), str(clean)], "", None)
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--peers",
        choices=("all", "yamale", "none"),
        default="all",
        help="Which peers to time (check-jsonschema takes minutes at 10,000 forms).",
    )
    parser.add_argument("--no-peers", action="store_true", help="The same as --peers none.")
    args = parser.parse_args()
    example_table(args.repeat)
    with tempfile.TemporaryDirectory(prefix="fatheraudit-bench-") as scratch:
        folder = generate(Path(scratch) / "audit", args.cases)
        results = []
        peers = "none" if args.no_peers else args.peers
        for name, command, target, limit in commands(folder, Path(scratch), peers):
            seconds, peak = measure(command, args.repeat)
            results.append(Timing(name, seconds, peak, target, limit))
        report(results, args)


def example_table(repeat: int) -> None:
    """The bundled ten-case audit, each command a whole process against its limit."""
    fatheraudit = tool("fatheraudit") or "fatheraudit"
    cases = str(EXAMPLE / "cases")
    with tempfile.TemporaryDirectory(prefix="fatheraudit-bench-") as scratch:
        report_md = [fatheraudit, "report", str(EXAMPLE), "-o", f"{scratch}/r.md", "--force"]
        rows = [
            ("validate", [fatheraudit, "validate", cases], 0.2),
            ("score", [fatheraudit, "score", cases], 0.2),
            ("report (md)", report_md, 0.3),
        ]
        stack = [sys.executable, str(BENCH / "stack.py")]
        floors = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("stack: Typer, Pydantic, PyYAML, rich", [*stack, "run", cases]),
            ("stack and Jinja (a report's)", [*stack, "--jinja", "run", cases]),
        ]
        print(f"the bundled ten-case audit, median of {max(repeat, 5)} runs")
        for name, command in floors:  # what any command of this stack costs before its work
            seconds, peak = measure(command, max(repeat, 5))
            print(f"  {name:40} {seconds:6.2f} s {peak:6.0f} MB")
        for name, command, limit in rows:
            seconds, peak = measure(command, max(repeat, 5))
            verdict = "met" if seconds <= limit else f"missed by {seconds / limit:.1f}x"
            line = f"  fatheraudit {name:28} {seconds:6.2f} s {peak:6.0f} MB"
            print(f"{line}  <= {limit} s {verdict}")
        print()


def report(results: list[Timing], args: argparse.Namespace) -> None:
    """The table, with each time as a ratio to the floor and each target checked."""
    floor = results[0].seconds
    by_name = {r.name: r for r in results}
    print(
        f"{args.cases} cases, median of {args.repeat} runs; {platform.python_version()} on "
        f"{platform.machine()}, {os.cpu_count()} cores"
    )
    print(f"{'command':36} {'seconds':>8} {'x floor':>8} {'peak MB':>8}  target")
    for r in results:
        verdict = ""
        if r.limit is not None:
            ratio = r.seconds / floor
            verdict = "met" if ratio <= r.limit else f"missed by {ratio / r.limit:.1f}x"
        elif r.name.endswith("--help"):
            verdict = "met" if r.seconds < 0.3 else f"missed by {r.seconds / 0.3:.1f}x"
        print(
            f"{r.name:36} {r.seconds:8.2f} {r.seconds / floor:8.2f} {r.peak_mb:8.0f}  "
            f"{r.target} {verdict}"
        )
    score = by_name.get("fatheraudit score --format json")
    if score:
        print(
            f"peak memory of score: {score.peak_mb:.0f} MB (target < 300 MB: "
            f"{'met' if score.peak_mb < 300 else 'missed'})"
        )
    validate = by_name.get("fatheraudit validate (clean set)")
    for peer, factor in (
        ("peer: check-jsonschema (clean set)", 15),
        ("peer: yamale (clean set)", 2),
    ):
        if validate and peer in by_name:
            speedup = by_name[peer].seconds / validate.seconds
            print(
                f"validate vs {peer[6:]}: {speedup:.1f}x as fast (target {factor}x: "
                f"{'met' if speedup >= factor else 'missed'})"
            )


if __name__ == "__main__":
    main()
