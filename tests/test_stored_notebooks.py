"""The stored notebooks are executed, lean and presentable (nbval, run separately, checks their outputs)."""

import json
import platform
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from slide_metadata import (  # noqa: E402
    EXERCISE_TAG,
    SOLUTION_WORDS,  # noqa: E402
    exercise_flags,
    slide_types,
    split_at_headings,
)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Every edition: the English notebooks, then the Portuguese and Spanish ones built from them (tools/translations.py)
EDITIONS = NOTEBOOKS + sorted((ROOT / "notebooks").glob("*/[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _in_every_language(message):
    """message in English, Portuguese and Spanish (from course_lib's catalogs)."""
    import course_lib
    from course_lib import i18n

    try:
        return {(course_lib.set_language(language), i18n.tr(message))[1] for language in i18n.LANGUAGES}
    finally:
        course_lib.set_language("en")


def _edition(path):
    return path.parent.name if path.parent.name != "notebooks" else "en"


def test_one_notebook_per_lesson_numbered_in_order():
    from course_lib import lessons

    assert [p.name for p in NOTEBOOKS] == [lessons.notebook(name) for name in lessons.NAMES]


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: f"{_edition(p)}-{p.stem[:2]}")
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
    interactive = {m.split("{title}")[1].strip()[:22] for m in _in_every_language(
        "{title} (interactive: run the notebook to use the sliders)")}
    explorers = [o for o, text in zip(outputs, texts) if any(i in text for i in interactive)]
    assert explorers, "every notebook shows at least one explorer"
    assert all("image/png" in o["data"] for o in explorers), "an explorer's stored output must carry its figure"
    cells = notebook["cells"]
    stale = "slide metadata is stale: python tools/slide_metadata.py " + path.name
    assert split_at_headings(cells) == cells, stale
    for cell, kind, exercise in zip(cells, slide_types(cells), exercise_flags(cells)):
        assert cell["metadata"].get("slideshow") == {"slide_type": kind}, stale
        assert (EXERCISE_TAG in cell["metadata"].get("tags", [])) == exercise, stale
    assert path.stat().st_size < 1_500_000


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: f"{_edition(p)}-{p.stem[:2]}")
def test_stored_as_jupyterlab_writes_it_so_opening_does_not_modify_it(path):
    text = path.read_text()
    notebook = json.loads(text)
    assert text == json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n", \
        "not in JupyterLab's format (sorted keys, indent 1): python tools/execute_notebooks.py " + path.name
    # JupyterLab writes the running kernel's spec and language_info into the notebook when it opens it.
    assert notebook["metadata"]["kernelspec"] == {"display_name": "Python 3 (ipykernel)", "language": "python",
                                                  "name": "python3"}
    cells = notebook["cells"]
    assert not [c for c in cells if "execution" in c["metadata"]], "execution timestamps are stored"
    info = notebook["metadata"]["language_info"]
    assert info["name"] == "python"
    if info["version"] != platform.python_version():
        pytest.skip(f"stored with Python {info['version']}; this Python ({platform.python_version()}) would write "
                    "its own version into language_info when JupyterLab opens the notebook")


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: f"{_edition(p)}-{p.stem[:2]}")
def test_every_figure_has_alt_text_and_exercises_are_tagged(path):
    notebook = json.loads(path.read_text())
    images = [o for c in notebook["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    bare = _in_every_language("Figure")
    missing = [o for o in images if o.get("metadata", {}).get("image/png", {}).get("alt", "Figure") in bare]
    assert not missing, f"{len(missing)} of {len(images)} figures have no alt text made from their titles"
    tagged = [c for c in notebook["cells"] if EXERCISE_TAG in c["metadata"].get("tags", [])]
    sources = ["".join(c["source"]) for c in notebook["cells"]]
    for cell, source in zip(notebook["cells"], sources):
        if "NotImplementedError" in source or any(source.lstrip().startswith(f"<details><summary>{word}")
                                                  for word in SOLUTION_WORDS):
            assert cell in tagged, f"an exercise cell is not tagged {EXERCISE_TAG!r}: {source[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS[:1] + NOTEBOOKS[-1:], ids=lambda p: p.stem)
def test_converts_to_a_reveal_deck(path):
    nbconvert = pytest.importorskip("nbconvert", reason="nbconvert comes with the lecture extra")
    notebook = json.loads(path.read_text())
    # The repository's template puts each figure's stored alt text on its <img> (README, "Lecture mode").
    exporter = nbconvert.SlidesExporter(extra_template_basedirs=[str(ROOT / "jupyter" / "nbconvert_templates")],
                                        template_name="course_reveal", exclude_input_prompt=True,
                                        exclude_output_prompt=True)
    html, _ = exporter.from_filename(str(path))
    starts = [c for c in notebook["cells"] if c["metadata"]["slideshow"]["slide_type"] in ("slide", "subslide")]
    assert len(re.findall(r"<section", html)) >= len(starts) > 0
    assert "Reveal.initialize" in html
    assert "No description has been provided for this image" not in html, "a figure has no alt text"
    assert "In&nbsp;[" not in html, "code-cell prompts are shown in the deck"
