"""Test-session settings shared by every pytest worker (package tests and nbval notebooks alike).

The course's matrices are small; with two pytest workers on two cores, a multi-threaded BLAS in each worker
(and in each notebook kernel, which inherits this environment) fights over the cores and can run many times
slower.  One BLAS thread per process is the fast setting here.
"""

import os
import sys

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

if "numpy" in sys.modules:  # numpy was loaded before this file: limit its BLAS now
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
