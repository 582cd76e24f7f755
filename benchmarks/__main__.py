"""Print every benchmark table:  python -m benchmarks  [--quick]

Training throughput against scikit-learn (and PyTorch when installed), scaling, slider latency in Python,
notebook run times under nbval, and slider latency in headless Chromium (when Chromium and Playwright are
there). --quick skips the notebook and browser timings (they take a few minutes).
"""

from __future__ import annotations

import os
import platform
import sys


def machine() -> str:
    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, numpy {np.__version__}, "
            f"{platform.system()} {platform.release()}")


def main(quick=False):
    from threadpoolctl import threadpool_limits

    from . import latency, notebook_times, throughput

    print(f"Machine: {machine()}\n")
    print("Training throughput (CPU seconds per epoch, one BLAS thread)\n")
    if throughput._torch_available():
        import torch

        torch.set_num_threads(1)
    with threadpool_limits(limits=1):
        print("\n".join(throughput.throughput_table()))
        print("\nScaling (course_lib, float64)\n")
        print("\n".join(throughput.scaling_table()))
    print("\nSlider latency in Python (change → drawn figure)\n")
    rows, _ = latency.table()
    print("\n".join(rows))
    if quick:
        return
    print("\nNotebook run time under nbval\n")
    print("\n".join(notebook_times.table()))
    try:
        from . import browser

        print("\nSlider latency in headless Chromium (key press → new figure; goal < 250 ms)\n")
        browser.main()
    except Exception as error:  # no Chromium or Playwright here: say so rather than fail the whole report
        print(f"\n(browser latency not measured: {error})")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
