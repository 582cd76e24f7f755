"""Give every notebook cell reveal.js slide metadata, so `jupyter nbconvert --to slides` presents it.

Rules: a markdown cell opening with "# " or "## " starts a slide, "### " a sub-slide; exercise skeletons,
checks and collapsed solutions are skipped in the deck (students do them at their desks); other cells
continue the current slide.  Run after editing a notebook:  python tools/slide_metadata.py notebooks/*.ipynb
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def slide_type(cell) -> str:
    source = "".join(cell.get("source", "")).lstrip()
    if cell["cell_type"] == "markdown":
        if source.startswith(("# ", "## ")):
            return "slide"
        if source.startswith("### "):
            return "subslide"
        if source.startswith("<details>"):
            return "skip"
        return "-"
    if "NotImplementedError" in source or source.startswith("check.") or "\ncheck." in source:
        return "skip"
    return "-"


def annotate(path: Path) -> bool:
    """Set slideshow metadata on every cell of one notebook; returns True if the file changed."""
    text = path.read_text()
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": slide_type(cell)}
    new = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    if new != text:
        path.write_text(new)
        return True
    return False


if __name__ == "__main__":
    for name in sys.argv[1:]:
        if annotate(Path(name)):
            print(f"updated {name}")
