"""Shared test helpers: drive explorers across their controls and check what is drawn; check exercises' verdicts."""

from __future__ import annotations

import contextlib
import itertools
import re

import numpy as np
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from course_lib import lessons
from course_lib.i18n import tr
from course_lib.lessons.explorer import control_values


def drawn_data(fig):
    """All numbers drawn as data: line vertices, collection offsets and paths, image pixels, bar heights."""
    chunks = []
    for ax in fig.axes:
        for artist in ax.get_children():
            if not artist.get_visible():
                continue
            if isinstance(artist, Line2D):
                chunks.append(np.asarray(artist.get_xydata(), dtype=float).ravel())
            elif isinstance(artist, AxesImage):
                chunks.append(np.asarray(artist.get_array(), dtype=float).ravel())
            elif isinstance(artist, Collection):
                chunks.append(np.asarray(artist.get_offsets(), dtype=float).ravel())
                for path in artist.get_paths()[:50]:
                    chunks.append(np.asarray(path.vertices, dtype=float).ravel())
            elif isinstance(artist, Rectangle) and artist is not ax.patch:
                chunks.append(np.array([artist.get_height(), artist.get_width()], dtype=float))
    return np.concatenate(chunks) if chunks else np.array([])


def assert_figure_ok(explorer, context=""):
    """Something finite is drawn, and non-finite numbers only appear with an on-figure message."""
    data = drawn_data(explorer.fig)
    finite = np.isfinite(data)
    assert finite.any() or explorer.messages, f"nothing finite drawn and no message {context}"
    if not finite.all():
        assert explorer.messages, f"non-finite numbers drawn without an on-figure message {context}"
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n", f"the image is not a PNG {context}"


def drive_each_control(explorer, n=5):
    """Move each control alone across its range (others at their defaults), checking every figure."""
    defaults = explorer.values
    for name, control in explorer.controls.items():
        for value in control_values(control, n):
            control.value = value
            assert_figure_ok(explorer, f"at {name}={value!r}")
        control.value = defaults[name]
    return explorer


def drive_grid(explorer, names, n=3):
    """Every combination of the named controls' values (n per slider), checking every figure."""
    defaults = explorer.values
    grids = [control_values(explorer.controls[name], n) for name in names]
    for combo in itertools.product(*grids):
        for name, value in zip(names, combo):
            explorer.controls[name].value = value
        assert_figure_ok(explorer, f"at {dict(zip(names, combo))}")
    for name in names:
        explorer.controls[name].value = defaults[name]
    return explorer


def assert_exercise_verdicts(exercise, solution):
    """Solution and reference pass, each misconception is named, unfinished and crashing code are reported."""
    assert lessons.exercises()[exercise.name] is exercise, f"checks.{exercise.name} is not this exercise"
    for name, fn in (("the notebook's solution", solution), ("the reference", exercise.reference)):
        result = exercise.evaluate(fn)
        assert result.passed, f"{name}: {result.message}"
    for message, wrong in exercise.misconceptions:
        result = exercise.evaluate(wrong)
        assert not result.passed and result.message == f"✗ {exercise.name}: {tr(message)}", (message, result.message)

    def not_done(*args, **kwargs):
        raise NotImplementedError  # your code here

    result = exercise.evaluate(not_done)
    assert not result.passed and "not done yet" in result.message, result.message

    def broken(*args, **kwargs):
        raise KeyError("oops")

    result = exercise.evaluate(broken)
    assert not result.passed, result.message
    assert result.message.startswith(f"✗ {exercise.name}: your function raised KeyError"), result.message
    assert "Traceback" not in result.message, result.message


def texts_off_the_figure(explorer):
    """The titles and texts of an explorer's figure that run past its left or right edge (clipped in the PNG)."""
    fig = explorer.fig
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title)] + list(fig.texts)
    return [t.get_text() for t in texts if t.get_text() and t.get_visible()
            and (t.get_window_extent(renderer).x0 < -1 or t.get_window_extent(renderer).x1 > fig.bbox.width + 1)]


def smallest_text_px(explorer):
    """The font size of the smallest visible text of the figure, in pixels of its PNG."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in explorer.fig.findobj(Text) if t.get_text() and t.get_visible()]
    return min(sizes) * explorer.fig.dpi / 72


# ----------------------------------------------------------------------------------------------------
# Translations: is every visible string routed through course_lib.i18n.tr?
# ----------------------------------------------------------------------------------------------------


class MarkingTranslation:
    """A stand-in gettext catalog that 'translates' every message into ⟪message⟫."""

    def gettext(self, message):
        return "⟪" + message + "⟫"


    def pgettext(self, context, message):

        return self.gettext(message)


@contextlib.contextmanager
def marked_translation():
    """Inside `with marked_translation():` tr(text) returns ⟪text⟫, so untranslated text stands out."""
    from course_lib import i18n

    saved = i18n._state["translation"]
    i18n._state["translation"] = MarkingTranslation()
    try:
        yield
    finally:
        i18n._state["translation"] = saved


_MATH = re.compile(r"\$[^$]*\$|[-−+]?\d+(?:\.\d+)?(?:[eE][-−+]?\d+)?")    # $mathtext$, numbers like 1e-03


def untranslated(texts):
    """The texts with a word (two letters a–z or more) that no tr() went through (no ⟪…⟫).  Numbers, $mathtext$
    and single-letter math (x, w, σ′(z)) pass."""
    return [t for t in texts if "⟪" not in t and re.search("[a-zA-Z]{2,}", _MATH.sub(" ", t))]


def visible_texts(explorer):
    """The words an explorer shows: title, control descriptions, dropdown labels, and every text of its figure."""
    from matplotlib.text import Text

    from course_lib.lessons.explorer import option_labels

    texts = [explorer.title] + [control.description for control in explorer.controls.values()]
    texts += [label for control in explorer.controls.values() if hasattr(control, "options")
              for label in option_labels(control)]
    texts += [t.get_text() for t in explorer.fig.findobj(Text) if t.get_visible()]
    return [t for t in texts if t]
