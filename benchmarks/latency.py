"""Slider latency: for every explorer in course_lib.widgets, move each control across its range and time
the change → drawn figure (compute, draw and PNG encoding; measured in Python, without a browser).

    python -m benchmarks.latency            # prints a markdown table
Budget: median ≤ 100 ms per explorer (goal 50 ms).
"""

from __future__ import annotations

import inspect
import statistics

import numpy as np

BUDGET_MS, GOAL_MS = 100.0, 50.0


def explorer_names():
    from course_lib import widgets

    return sorted(name for name in dir(widgets) if not name.startswith("_")
                  and inspect.isfunction(getattr(widgets, name)))


def measure_explorer(name, values_per_control=5, rounds=2):
    """Latencies (seconds) of every control move of one explorer, the first draw excluded."""
    from course_lib import widgets
    from course_lib.widgets._core import _control_values

    explorer = getattr(widgets, name)()
    defaults = explorer.values
    start = len(explorer.timings)
    with np.errstate(all="ignore"):
        for _ in range(rounds):
            for control_name, control in explorer.controls.items():
                for value in _control_values(control, values_per_control):
                    if value != control.value:
                        control.value = value
                control.value = defaults[control_name]
    return explorer.timings[start:]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def table():
    """Markdown rows: explorer, moves, median and p95 in ms, verdict against the budget."""
    lines = ["| explorer | moves | median (ms) | p95 (ms) | budget 100 ms |", "|---|---|---|---|---|"]
    worst = 0.0
    for name in explorer_names():
        times = [t * 1e3 for t in measure_explorer(name)]
        median = statistics.median(times)
        worst = max(worst, median)
        verdict = "met (goal 50 ms met)" if median <= GOAL_MS else "met" if median <= BUDGET_MS else "**MISSED**"
        lines.append(f"| {name} | {len(times)} | {median:.0f} | {percentile(times, 0.95):.0f} | {verdict} |")
    return lines, worst


if __name__ == "__main__":
    rows, _ = table()
    print("\n".join(rows))
