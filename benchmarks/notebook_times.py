"""Notebook run time under nbval: each notebook alone, then the whole set with two workers.

    python -m benchmarks.notebook_times
Budgets: 20 s per notebook, 120 s for the whole set with two workers (pytest -n 2 --dist loadscope).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_NOTEBOOK_S, TOTAL_S = 20.0, 120.0


def run_nbval(paths, workers=0):
    """Seconds taken by pytest --nbval on `paths` (and whether it passed)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *map(str, paths)]
    if workers:
        command += ["-n", str(workers), "--dist", "loadscope"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, result.returncode == 0


def table():
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    lines = ["| notebook | nbval time (s) | passed | budget 20 s |", "|---|---|---|---|"]
    for path in notebooks:
        seconds, passed = run_nbval([path])
        verdict = "met" if seconds <= PER_NOTEBOOK_S else "**MISSED**"
        lines.append(f"| {path.stem} | {seconds:.1f} | {'yes' if passed else '**no**'} | {verdict} |")
    seconds, passed = run_nbval(notebooks, workers=2)
    verdict = "met" if seconds <= TOTAL_S else "**MISSED**"
    lines.append(f"| all {len(notebooks)}, two workers | {seconds:.1f} | {'yes' if passed else '**no**'} | "
                 f"budget 120 s: {verdict} |")
    return lines


if __name__ == "__main__":
    print("\n".join(table()))
