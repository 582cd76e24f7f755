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
    """Inside `with marked_translation():` tr(text) returns ⟪text⟫, so untranslated text stands out.
    (tests/conftest.py offers it as the fixture `marked_language`.)"""
    from course_lib import i18n

    saved = i18n._state["translation"]
    i18n._state["translation"] = MarkingTranslation()
    try:
        yield
    finally:
        i18n._state["translation"] = saved


_MARKED = re.compile(r"⟪[^⟪⟫]*⟫")                  # an innermost ⟪…⟫; nested ones go from the inside out
_VERDICT = re.compile(r"^[✓✗] \w+: ")              # the exercise's name before a check's verdict is not a word
# $mathtext$, subscripted symbols and identifiers (θ_t, f_min, leaky_relu), numbers like 1e-03
_MATH = re.compile(r"\$[^$]*\$|[A-Za-z]+_\w+|[-−+]?\d+(?:\.\d+)?(?:[eE][-−+]?\d+)?")


def words_outside_marks(text, ignore=()):
    """The words (two letters a–z or more) of text outside every ⟪…⟫, nested ones included: what no tr() went
    through.  Numbers, $mathtext$, single-letter math (x, w, σ′(z)), subscripted symbols and identifiers (θ_t,
    leaky_relu), the exercise's name in front of a check's verdict (✗ name: ⟪…⟫) and the words or formulas of
    `ignore` (names that stay the same in every language: "relu", "ReLU(z)") are not words."""
    text = _VERDICT.sub("", text)
    for formula in sorted(ignore, key=len, reverse=True):          # leaky_relu before relu
        text = re.sub(rf"(?<![A-Za-z_]){re.escape(formula)}(?![A-Za-z_])", " ", text)
    while _MARKED.search(text):
        text = _MARKED.sub(" ", text)
    return re.findall("[A-Za-z]{2,}", _MATH.sub(" ", text))


def untranslated(*shown, ignore=()):
    """The texts with a word outside every ⟪…⟫ (see words_outside_marks): shown without going through tr().
    Each of `shown` is a text (a check's message, a printed report), a list of texts, an explorer (its
    visible_texts), or a Figure, an Axes or a list of Axes (their figure_texts)."""
    texts = []
    for item in shown:
        if isinstance(item, str):
            texts.append(item)
        elif hasattr(item, "controls"):
            texts += visible_texts(item)
        elif hasattr(item, "findobj") or (isinstance(item, (list, tuple, np.ndarray)) and len(item) > 0
                                          and all(hasattr(part, "findobj") for part in np.ravel(item))):
            texts += figure_texts(item)
        else:
            texts += list(item)
    return [t for t in texts if words_outside_marks(t, ignore)]


def figure_texts(where):
    """Every visible text of a Figure, an Axes or a list of Axes: (sup)titles, axis and tick labels, legends, notes."""
    from matplotlib.text import Text

    parts = [where] if hasattr(where, "findobj") else list(np.ravel(where))
    texts = []
    for part in parts:
        for ax in part.axes if hasattr(part, "subfigs") else [part]:
            ax.get_xticklabels(), ax.get_yticklabels()      # brings the tick labels up to date
        texts += [t.get_text() for t in part.findobj(Text) if t.get_visible()]
    return [t for t in texts if t]


def visible_texts(explorer):
    """The words an explorer shows: title, descriptions of its controls (and of its other widgets, a Play button),
    dropdown labels, on-figure messages and every text of its figure."""
    from course_lib.lessons.explorer import option_labels

    texts = [explorer.title] + [control.description for control in explorer.controls.values()]
    texts += [label for control in explorer.controls.values() if hasattr(control, "options")
              for label in option_labels(control)]
    widgets, seen = list(getattr(explorer, "children", ())), set(map(id, explorer.controls.values()))
    while widgets:
        widget = widgets.pop()
        widgets += getattr(widget, "children", ())
        if id(widget) not in seen and isinstance(getattr(widget, "description", None), str):
            texts.append(widget.description)
    texts += list(explorer.messages) + figure_texts(explorer.fig)
    return [t for t in texts if t]
