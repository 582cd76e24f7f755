"""Test-session settings shared by every pytest worker (package tests and nbval notebooks alike).

The course's matrices are small; with two pytest workers on two cores, a multi-threaded BLAS in each worker
(and in each notebook kernel, which inherits this environment) fights over the cores and can run many times
slower.  One BLAS thread per process is the fast setting here.
"""

import os
import sys

import pytest

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

if "numpy" in sys.modules:  # numpy was loaded before this file: limit its BLAS now
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


# COURSE_STRICT=1 (set by .ci/run): a skipped test is a failure.  CI installs everything the tests use (Chromium,
# PyTorch for the reference comparisons), so a skip there can only mean something broke: it must not pass quietly.
STRICT = os.environ.get("COURSE_STRICT", "") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under COURSE_STRICT=1, where every test must run: {reason}"


# nbval starts one kernel per notebook, in two pytest workers at once.  Now and then a kernel dies at start-up
# before it answers (jupyter_client picks its TCP ports by binding and releasing them, so two kernels started at
# the same moment can collide; seen once in CI with 42 notebooks): start it again, up to three times in all.
# A kernel that cannot start three times running still fails the notebook.
try:
    import nbval.kernel as _nbval_kernel
except ImportError:  # pragma: no cover - nbval comes with the test extra
    _nbval_kernel = None

if _nbval_kernel is not None and not getattr(_nbval_kernel.start_new_kernel, "retries", 0):
    _start_new_kernel = _nbval_kernel.start_new_kernel

    def _start_with_retries(*args, **kwargs):
        import time

        for attempt in range(3):
            try:
                return _start_new_kernel(*args, **kwargs)
            except RuntimeError:
                if attempt == 2:
                    raise
                time.sleep(1.0 + attempt)

    _start_with_retries.retries = 3
    _nbval_kernel.start_new_kernel = _start_with_retries
