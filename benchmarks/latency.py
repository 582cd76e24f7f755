"""Slider latency: for every explorer of the course (course_lib.lessons.explorers()), move each control across
its range and time the change → drawn figure (compute, draw and PNG encoding; measured in Python, without a
browser), at the normal size and in projector mode (larger figures and text, see course_lib.lessons.explorer.projector).

    python -m benchmarks.latency                       # prints a markdown table of every explorer
    python -m benchmarks.latency NAME [NAME ...]       # only the rows of these explorers
Budget: median ≤ 100 ms per explorer (goal 50 ms).  Wall-clock and CPU time are both reported: on a
loaded machine the CPU time is the steadier of the two.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

BUDGET_MS, GOAL_MS = 100.0, 50.0


def explorer_names():
    from course_lib import lessons

    return sorted(lessons.explorers())


def measure_explorer(name, values_per_control=5, rounds=2, projector=False):
    """(wall, cpu): latencies in seconds of every control move of one explorer, the first draw excluded."""
    from course_lib import lessons
    from course_lib.lessons import explorer as _core

    before = _core.projector_on()
    _core.projector(projector)
    try:
        explorer = lessons.explorers()[name]()
    finally:
        _core.projector(before)
    defaults = explorer.values
    start = len(explorer.timings)
    cpu = []

    def move(control, value):
        t0 = time.process_time()
        control.value = value
        cpu.append(time.process_time() - t0)

    with np.errstate(all="ignore"):
        for _ in range(rounds):
            for control_name, control in explorer.controls.items():
                for value in _core.control_values(control, values_per_control):
                    if value != control.value:
                        move(control, value)
                if control.value != defaults[control_name]:
                    move(control, defaults[control_name])
    return explorer.timings[start:], cpu


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _verdict(median):
    return "met (goal 50 ms met)" if median <= GOAL_MS else "met" if median <= BUDGET_MS else "**MISSED**"


def table(names=None):
    """Markdown rows: explorer, moves, median and p95 in ms (wall) and median CPU ms, normal and projector.

    names: the explorers to measure (default: all); an unknown name raises ValueError listing the known ones."""
    known = explorer_names()
    names = known if names is None else list(names)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"unknown explorer {', '.join(map(repr, unknown))}; explorers are {', '.join(known)}")
    lines = ["| explorer | moves | median (ms) | p95 (ms) | CPU median (ms) | projector median (ms) | "
             "projector CPU median (ms) | budget 100 ms (projector) |",
             "|---|---|---|---|---|---|---|---|"]
    worst = 0.0
    for name in names:
        wall, cpu = ([t * 1e3 for t in times] for times in measure_explorer(name))
        p_wall, p_cpu = ([t * 1e3 for t in times] for times in measure_explorer(name, projector=True))
        median, p_median = statistics.median(wall), statistics.median(p_wall)
        worst = max(worst, median, p_median)
        lines.append(f"| {name} | {len(wall)} | {median:.0f} | {percentile(wall, 0.95):.0f} | "
                     f"{statistics.median(cpu):.0f} | {p_median:.0f} | {statistics.median(p_cpu):.0f} | "
                     f"{_verdict(median)} ({_verdict(p_median)}) |")
    return lines, worst


def main(argv=()):
    """Print the table for the explorers named in argv (all of them when argv is empty)."""
    try:
        rows, _ = table(argv or None)
    except ValueError as error:
        sys.exit(str(error))
    print("\n".join(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
