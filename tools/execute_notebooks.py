"""Re-execute notebooks in place and store them lean:  python tools/execute_notebooks.py notebooks/*.ipynb

Each notebook runs top to bottom in a fresh kernel with one BLAS thread (as the tests run it).  Then:
- the live-widget view is dropped from the stored outputs: without a kernel it can only say "model not
  found", while the PNG of the explorer's default figure beside it shows on GitHub, in nbviewer and in
  JupyterLab before the notebook is run;
- no widget state is stored (it would be a second copy of every PNG);
- every cell gets its slide metadata (tools/slide_metadata.py).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).parent))
from slide_metadata import annotate  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def lean(notebook) -> None:
    """Drop widget views and widget state from an executed notebook (in place)."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)


def execute(path: Path) -> float:
    """Run one notebook in its folder, store it lean; returns the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False, store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    lean(notebook)
    nbformat.write(notebook, path)
    annotate(path)
    return seconds


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    for name in sys.argv[1:]:
        print(f"{name}: {execute(Path(name)):.1f} s", flush=True)
