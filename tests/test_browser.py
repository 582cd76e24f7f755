"""The course in a real browser (headless Chromium): Voila pages, JupyterLab and live slides.

- Voila serves three notebooks; moving a slider in each redraws its figure without errors; every slider track
  is at least 200 CSS px at 1280 px; the page of 07 shows no exercise (voila.json removes tagged cells).
- Projector mode (COURSE_PROJECTOR=1) at 1280 x 720: figures at natural size, so their smallest text is at
  least 12 CSS px, and long slider tracks.
- JupyterLab: opening a stored notebook leaves it unmodified; after running and saving it, it reopens (new
  kernel) with its figures and no "Error displaying widget".
- RISE slides (RISE for JupyterLab) advance with the keyboard with the network blocked (their explorers show
  stored figures; tests/test_live_slides.py covers the live slides served by Voila).
"""

import json
import os
import platform
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks import browser  # noqa: E402

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pytest.importorskip("voila", reason="voila is not installed (pip install -e '.[test]')")
CHROMIUM = browser.find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium); "
                                                          "the browser test cannot run here")
MIN_TRACK_PX = 200
MIN_TEXT_PX = 12.0
# Text a lecture page must not show: the exercise sections, their skeletons, checks and solutions.  (Prose
# such as "press ▶ to check." is fine; a check's call or verdict is not.)
EXERCISE_TEXT = ("NotImplementedError", "your code here", "Solution", "not done yet", "**Exercise")
EXERCISE_PATTERN = re.compile(r"check\.[a-z_]+\(|\bExercise \d")


@pytest.fixture(scope="module")
def chromium():
    with browser.chromium(CHROMIUM) as instance:
        yield instance


@pytest.fixture(scope="module")
def served(chromium):
    with browser.voila_server() as url:
        yield url, browser.new_page(chromium, width=1280, height=900)


@pytest.mark.parametrize("notebook", browser.BROWSER_NOTEBOOKS)
def test_moving_a_slider_redraws_the_figure_without_errors(served, notebook):
    url, page = served
    result = browser.move_first_slider(page, f"{url}/voila/render/{notebook}", presses=3)
    assert result["changes"] >= 3, "the figure did not change after the slider moved"
    assert not result["errors"], result["errors"]
    # Loose bound, to catch a broken pipeline; the budget (250 ms) is reported by benchmarks/browser.py.
    assert max(result["latencies_ms"]) < 5000
    assert result["tracks"], "no slider found"
    assert min(result["tracks"]) >= MIN_TRACK_PX, f"slider tracks at 1280 px: {sorted(result['tracks'])[:5]}"
    if notebook.startswith("07"):
        shown = [text for text in EXERCISE_TEXT if text in result["text"]]
        shown += EXERCISE_PATTERN.findall(result["text"])
        assert not shown, f"the Voila page shows exercise text: {shown}"
        assert "Exercises" not in result["text"]


def test_projector_mode_figures_are_readable_at_1280x720(chromium):
    from course_lib.lessons import explorer as _core

    notebook = "06_moving_averages_bias_correction.ipynb"
    with browser.voila_server(env={**os.environ, "COURSE_PROJECTOR": "1"}) as url:
        page = browser.new_page(chromium, width=1280, height=720)
        result = browser.move_first_slider(page, f"{url}/voila/render/{notebook}", presses=3)
        scales = browser.figure_scales(page)
    assert result["changes"] >= 3 and not result["errors"], result["errors"]
    assert scales, "no explorer figure on the page"
    smallest_text = _core.PROJECTOR_MIN_FONT * _core.PROJECTOR_DPI / 72 * min(scales)
    assert smallest_text >= MIN_TEXT_PX, f"figures at {min(scales):.2f} of their size: text {smallest_text:.1f} px"
    assert min(result["tracks"]) >= MIN_TRACK_PX


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium):
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "notebooks" / "00_welcome.ipynb", root)
    with browser.jupyterlab_server(root) as url:
        yield root, url, browser.new_page(chromium, width=1280, height=900)


def test_jupyterlab_leaves_an_opened_notebook_unmodified_and_reopens_a_saved_one_with_figures(lab):
    root, url, page = lab
    path = root / "00_welcome.ipynb"
    stored = path.read_bytes()
    same_python = json.loads(stored)["metadata"]["language_info"]["version"] == platform.python_version()
    browser.lab_open(page, url, path.name)
    if same_python:                 # another Python writes its version into language_info: that is a change
        assert not browser.lab_dirty(page), "JupyterLab marks the stored notebook modified as soon as it opens " \
                                            "(kernelspec or language_info differ from the kernel's)"
    browser.lab_run_all_and_save(page)
    tracks = browser.slider_tracks(page)
    assert tracks and min(tracks) >= MIN_TRACK_PX, f"slider tracks in JupyterLab: {sorted(tracks)[:5]}"
    assert path.read_bytes() != stored, "the notebook was not saved"
    browser.lab_shutdown_kernels(page)
    browser.lab_open(page, url, path.name)
    page.wait_for_timeout(1000)
    assert page.locator("text=Error displaying widget").count() == 0
    assert page.locator(".jp-OutputArea-output img").count() >= 1, "the reopened notebook shows no figure"


def test_live_slides_advance_with_the_keyboard_offline(lab, chromium):
    pytest.importorskip("jupyterlab_rise", reason="jupyterlab-rise comes with the lecture extra")
    root, url, _ = lab
    page = browser.new_page(chromium, width=1280, height=800, offline_except=url)
    page.goto(f"{url}/rise/00_welcome.ipynb", timeout=120_000)
    page.wait_for_selector(".reveal .slides section.present", timeout=120_000)
    first = browser.rise_slide_index(page)
    for _ in range(3):
        page.keyboard.press("Space")
        page.wait_for_timeout(400)
    assert browser.rise_slide_index(page) > first, "the slides did not advance"
    assert all("127.0.0.1" not in blocked for blocked in page.blocked)
