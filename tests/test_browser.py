"""Sliders work in a real browser: Voila serves three notebooks, headless Chromium moves a slider in each."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import browser  # noqa: E402

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pytest.importorskip("voila", reason="voila is not installed (pip install -e '.[test]')")
CHROMIUM = browser.find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium); "
                                                          "the browser test cannot run here")


@pytest.fixture(scope="module")
def served():
    with browser.voila_server() as url, browser.chromium_page(CHROMIUM) as page:
        yield url, page


@pytest.mark.parametrize("notebook", browser.BROWSER_NOTEBOOKS)
def test_moving_a_slider_redraws_the_figure_without_errors(served, notebook):
    url, page = served
    result = browser.move_first_slider(page, f"{url}/voila/render/{notebook}", presses=3)
    assert result["changes"] >= 3, "the figure did not change after the slider moved"
    assert not result["errors"], result["errors"]
    # Loose bound, to catch a broken pipeline; the budget (250 ms) is reported by benchmarks/browser.py.
    assert max(result["latencies_ms"]) < 5000
