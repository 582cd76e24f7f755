"""Re-execute notebooks in place and store them lean:  python tools/execute_notebooks.py notebooks/*.ipynb

Each notebook runs top to bottom in a fresh kernel with one BLAS thread (as the tests run it).  Then:
- the live-widget view is dropped from the stored outputs: without a kernel it can only say "model not
  found", while the PNG of the explorer's default figure beside it shows on GitHub, in nbviewer and in
  JupyterLab before the notebook is run;
- no widget state and no execution timestamps are stored, and the kernelspec is written as JupyterLab
  writes it ("Python 3 (ipykernel)"), so opening a notebook in JupyterLab does not modify it;
- every figure carries alt text made from its titles (tools/kernel_alt_text.py);
- every cell gets its slide metadata and exercise tag (tools/slide_metadata.py).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))
from slide_metadata import annotate  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# Run in the kernel before the first cell (no execution count): figures get alt text.
SETUP = f"import sys; sys.path.insert(0, {str(TOOLS)!r}); import kernel_alt_text; kernel_alt_text.install()"


def lean(notebook) -> None:
    """Drop widget views, widget state and timings from an executed notebook; give images alt text (in place)."""
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
            if "image/png" in data:
                image = output.setdefault("metadata", {}).setdefault("image/png", {})
                image.setdefault("alt", "Figure")


def execute(path: Path) -> float:
    """Run one notebook in its folder, store it lean; returns the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False, store_widget_state=False,
                   extra_arguments=[f"--IPKernelApp.exec_lines={[SETUP]!r}"],
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
