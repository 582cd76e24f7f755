"""The stored notebooks are executed, lean and presentable (nbval, run separately, checks their outputs)."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from slide_metadata import slide_type  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_all_fourteen_notebooks_are_there():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{k:02d}" for k in range(14)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_executed_lean_and_with_slide_metadata(path):
    notebook = json.loads(path.read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1)), \
        "run top to bottom once: python tools/execute_notebooks.py " + path.name
    outputs = [output for cell in code for output in cell["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert "widgets" not in notebook["metadata"], "widget state is stored: re-run tools/execute_notebooks.py"
    assert not [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in outputs]
    explorers = [o for o, text in zip(outputs, texts) if "(interactive: run the notebook" in text]
    assert explorers, "every notebook shows at least one explorer"
    assert all("image/png" in o["data"] for o in explorers), "an explorer's stored output must carry its figure"
    for cell in notebook["cells"]:
        assert cell["metadata"].get("slideshow") == {"slide_type": slide_type(cell)}, \
            "slide metadata is stale: python tools/slide_metadata.py notebooks/*.ipynb"
    assert path.stat().st_size < 1_500_000


@pytest.mark.parametrize("path", NOTEBOOKS[:1] + NOTEBOOKS[-1:], ids=lambda p: p.stem)
def test_converts_to_a_reveal_deck(path):
    nbconvert = pytest.importorskip("nbconvert", reason="nbconvert comes with the lecture extra")
    notebook = json.loads(path.read_text())
    html, _ = nbconvert.SlidesExporter().from_filename(str(path))
    starts = [c for c in notebook["cells"] if c["metadata"]["slideshow"]["slide_type"] in ("slide", "subslide")]
    assert len(re.findall(r"<section", html)) >= len(starts) > 0
    assert "Reveal.initialize" in html
