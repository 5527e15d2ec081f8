"""Run every benchmarks/bench_*.py, print their figures and record them in benchmarks/RESULTS.md.

Usage::

    python benchmarks/run_all.py [--quick] [--no-write]

Each benchmark script runs in its own process, one after another (``--quick``
passed on when given), bench_prepare.py first; every line it prints is echoed
and kept.  RESULTS.md gets
the machine's description (platform, CPU model, cores, memory), the date, and
each benchmark's lines; the text of benchmarks/NOTES.md (where the time goes,
from profiling) is appended when present.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class _Tee(io.TextIOBase):
    """Writes to the real stdout and keeps a copy."""

    def __init__(self, stream):
        self.stream, self.buffer_ = stream, []

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.stream.flush()
        self.buffer_.append(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def lines(self) -> list[str]:
        return [line for line in "".join(self.buffer_).splitlines() if line.strip()]


def machine() -> dict:
    """Platform, CPU model, cores and memory of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        import psutil

        memory = psutil.virtual_memory().total
    except ImportError:  # pragma: no cover - psutil is in the lock
        with contextlib.suppress(ValueError, OSError, AttributeError):
            memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": f"{memory / 2**30:.1f} GiB" if memory else "unknown",
    }


#: Run first, in this order: the figures most sensitive to a busy machine.
FIRST = ("bench_prepare.py",)


def _scripts() -> list[Path]:
    scripts = sorted(HERE.glob("bench_*.py"))
    rank = {name: i for i, name in enumerate(FIRST)}
    return sorted(scripts, key=lambda p: (rank.get(p.name, len(rank)), p.name))


def _run_script(path: Path, args: list[str], tee: _Tee) -> int:
    """Run one benchmark in a fresh interpreter, echoing and keeping what it prints."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(path), *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
    )
    for line in proc.stdout:
        tee.write(line)
    return proc.wait()


def run_all(argv_for_each: list[str]) -> list[tuple[str, list[str], float]]:
    """Run each bench_*.py, one after another, each in its own process.

    A separate process per benchmark means no threads, worker pools or kernels
    left by one benchmark can take CPU from the next.  Returns (name, printed
    lines, seconds) per benchmark.
    """
    results = []
    for path in _scripts():
        print(f"== {path.name}", flush=True)
        tee = _Tee(sys.stdout)
        start = time.perf_counter()
        code = _run_script(path, list(argv_for_each), tee)
        if code == 2 and "--quick" in argv_for_each:
            # A benchmark without --quick: run it on a small sample instead.
            tee.write(f"note: {path.name} has no --quick; ran with --limit 200\n")
            code = _run_script(path, ["--limit", "200"], tee)
        if code:
            tee.write(f"error: {path.name} exited with {code}\n")
        results.append((path.name, tee.lines(), time.perf_counter() - start))
    return results


def render(results, info: dict, *, quick: bool) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Recorded by `make bench` (benchmarks/run_all.py{' --quick' if quick else ''}) on {now}.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        "## Figures",
        "",
        "Each line is `name: value (target ...)`, a ratio against a baseline measured in the same run.",
        "",
    ]
    for name, printed, seconds in results:
        lines += [f"### {name} ({seconds:.0f} s)", "", "```", *printed, "```", ""]
    notes = HERE / "NOTES.md"
    if notes.is_file():
        lines += ["## Notes", "", notes.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark and record RESULTS.md.")
    parser.add_argument("--quick", action="store_true", help="pass --quick to every benchmark")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite RESULTS.md")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    results = run_all(["--quick"] if args.quick else [])
    if not args.no_write:
        from researchlib._io import write_text_atomic

        write_text_atomic(HERE / "RESULTS.md", render(results, machine(), quick=args.quick))
        print(f"wrote {HERE / 'RESULTS.md'}")
    failed = [name for name, printed, _ in results if any(p.startswith("error:") for p in printed)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
