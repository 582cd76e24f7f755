"""Explorers in a classroom: projector mode (larger text), long slider tracks in any layout, titles that fit,
alt text for screen readers."""

import sys
from pathlib import Path

import ipywidgets
import pytest
from explorer_tools import smallest_text_px, texts_off_the_figure

from course_lib import lessons
from course_lib.lessons import explorer as _core

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
EXPLORERS = lessons.explorers()
NAMES = sorted(EXPLORERS)


@pytest.fixture
def projector_mode():
    _core.projector(True)
    yield
    _core.projector(False)


@pytest.mark.parametrize("name", NAMES)
def test_projector_mode_text_is_at_least_12_px_and_no_title_is_clipped(name, projector_mode):
    explorer = EXPLORERS[name]()
    assert explorer.projector and explorer.fig.dpi == _core.PROJECTOR_DPI
    assert smallest_text_px(explorer) >= 12.0          # shown at natural size: 12 CSS px
    assert not texts_off_the_figure(explorer)
    assert explorer.image.layout.width == f"{round(explorer.fig.get_figwidth() * _core.PROJECTOR_DPI)}px"


def test_normal_mode_is_unchanged_and_the_switch_checks_its_argument():
    explorer = EXPLORERS["moving_averages"]()
    assert not explorer.projector and explorer.fig.dpi == _core.DPI
    with pytest.raises(ValueError, match="on must be True or False"):
        _core.projector("yes")


def test_a_title_too_long_for_its_panel_is_wrapped_not_clipped():
    explorer = EXPLORERS["moving_averages"](beta=0.9)        # "…1/(1 − β) = 10.0" ran off the right panel
    assert not texts_off_the_figure(explorer)
    explorer.controls["beta"].value = 0.95               # redrawn with a new title: still inside
    assert not texts_off_the_figure(explorer)
    assert "\n" in explorer.axes[1].get_title()


def test_wrap_once_breaks_at_the_most_central_separator():
    assert _core._wrap_once("a b;  c d") == "a b;\nc d"
    assert _core._wrap_once("one, two, three, four") == "one, two,\nthree, four"
    assert _core._wrap_once("unbreakable") == "unbreakable"
    assert _core._wrap_once("short\na long line, to break") == "short\na long line,\nto break"


@pytest.mark.parametrize("name", ["optimizer_paths", "vanishing_gradients", "moving_averages"])
def test_every_control_fills_a_grid_cell_wide_enough_for_a_200_px_track(name):
    explorer = EXPLORERS[name]()
    grid = next(c for c in explorer.children if isinstance(c, ipywidgets.GridBox))
    sliders = [c for c in grid.children if isinstance(c, ipywidgets.FloatSlider | ipywidgets.IntSlider
                                                      | ipywidgets.FloatLogSlider)]
    assert sliders and all(slider.layout.width == "auto" for slider in sliders)
    need = max(_core._control_width_px(c) for c in grid.children)
    assert f"max({need}px" in grid.layout.grid_template_columns and "auto-fill" in grid.layout.grid_template_columns
    # label (8 px a character) + a 220 px track + readout: the browser test measures the real tracks.
    assert all(need >= 8 * len(s.description) + _core.SLIDER_TRACK_PX for s in sliders)


def test_the_stored_figure_carries_alt_text_from_its_titles():
    import kernel_alt_text  # what execute_notebooks.py loads into the kernel

    explorer = EXPLORERS["moving_averages"]()
    assert explorer.alt_text().startswith("Figure: Moving averages of a noisy series; window = 10 days")
    kernel_alt_text.install()
    try:
        data, metadata = explorer._repr_mimebundle_()
    finally:
        kernel_alt_text.uninstall()
    assert metadata == {"image/png": {"alt": explorer.alt_text()}}
    assert "run the notebook to use the sliders" in data["text/plain"] and "image/png" in data
    assert isinstance(explorer._repr_mimebundle_(), dict)


def test_the_text_walk_finds_every_text_of_a_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    fig = Figure()
    FigureCanvasAgg(fig)
    ax, polar = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2, projection="polar")
    image = ax.imshow([[0, 1], [2, 3]])
    fig.colorbar(image, ax=ax, label="value")
    ax.plot([0, 1], label="line")
    ax.legend(title="legend")
    ax.annotate("note", (0.5, 0.5), xytext=(0.2, 0.2), arrowprops={})
    ax.set(title="title", xlabel="x", ylabel="y")
    fig.suptitle("suptitle")
    polar.set_title("polar")
    fig.canvas.draw()
    found = set(_core._texts(fig))
    shown = [text for text in fig.findobj(Text) if text.get_text()]
    assert len(shown) > 20 and all(text in found for text in shown)
    _core._raise_small_text(fig, 13.0)
    assert min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text()) == 13.0
