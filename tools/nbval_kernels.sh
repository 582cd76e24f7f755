#!/usr/bin/env bash
# Same numbers on every computer: run nbval over every notebook under other OpenBLAS kernels and thread counts.
#
#   bash tools/nbval_kernels.sh [PYTHON]        (PYTHON defaults to .venv/bin/python)
#
# A student's laptop runs another BLAS kernel than the machine that stored the notebooks, so sums are added in
# another order and the last bits of a result differ.  The notebooks are written so that no printed digit depends
# on those bits; this script checks it by forcing OpenBLAS's older kernels (Prescott runs OpenBLAS's generic
# Katmai code, Sandybridge its AVX code) with one and two BLAS threads.  The README's test command covers the
# machine's own kernel.  The translated editions (notebooks/pt-BR, notebooks/es) run the same code, so the README's
# test command checks them once, on this machine's kernel.  Nothing is hidden: nbval compares every printed output except live widgets and timings.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}

run() {
  echo "nbval with $*"
  env "$@" "$python" -m pytest -n 2 --dist loadscope notebooks/[0-9][0-9]_*.ipynb -q
}
run OPENBLAS_CORETYPE=Prescott OPENBLAS_NUM_THREADS=1
run OPENBLAS_CORETYPE=Sandybridge OPENBLAS_NUM_THREADS=2
run OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=2
