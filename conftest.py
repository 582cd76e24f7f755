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
