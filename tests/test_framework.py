"""The explorer and exercise-check machinery every notebook relies on."""

import base64
import importlib
import inspect
import io

import ipywidgets
import numpy as np
import PIL.Image
import pytest
from explorer_tools import (
    assert_figure_ok,
    control_values,
    drive_each_control,
    marked_translation,
    untranslated,
    visible_texts,
)

from course_lib import lessons
from course_lib.lessons.axes import alt_text
from course_lib.lessons.exercise import ArrayExercise, Exercise, first_difference
from course_lib.lessons.explorer import (
    Explorer,
    dropdown,
    encode_png,
    float_slider,
    int_slider,
    log_slider,
    option_labels,
)


def _demo(hide=(), **preset):
    def draw(ex, a, n, lr, kind):
        x = np.linspace(-3, 3, 50 * n)
        y = np.exp(a * x * lr * 1e3) if kind == "exp" else np.sin(a * x)
        if "line" not in ex.artists:
            ex.artists["line"], = ex.axes.plot(x, y)
        ex.artists["line"].set_data(x, np.where(np.isfinite(y), y, np.nan))
        if not np.all(np.isfinite(y)):
            ex.message(ex.axes, "overflow: the curve leaves the float range")

    controls = {"a": float_slider("a", 1.0, 0.0, 2.0, 0.1), "n": int_slider("n", 2, 1, 4),
                "lr": log_slider("lr", 0.01, 1e-3, 1.0), "kind": dropdown("kind", ["sin", "exp"])}
    with np.errstate(over="ignore"):
        return Explorer(controls, draw, preset=preset, hide=hide, title="demo")


def test_explorer_redraws_in_place_and_records_timings():
    ex = _demo()
    first = bytes(ex.image.value)
    assert first.startswith(b"\x89PNG")
    ex.controls["a"].value = 1.5
    assert bytes(ex.image.value) != first and len(ex.timings) == 2
    assert len(ex.axes.lines) == 1                      # updated in place, not drawn again


def test_presets_and_hidden_controls():
    ex = _demo(a=0.5, kind="exp", hide=("kind",))
    assert ex.values["a"] == 0.5 and ex.values["kind"] == "exp"
    grid = [c for c in ex.children if isinstance(c, ipywidgets.GridBox)][0]
    assert ex.controls["kind"] not in grid.children and ex.controls["a"] in grid.children


@pytest.mark.parametrize("preset, message", [
    ({"a": 5.0}, r"a must be in \[0.0, 2.0\], got 5.0"),
    ({"n": 2.5}, r"n must be in \[1, 4\], got 2.5"),
    ({"lr": 10.0}, r"lr must be in \[0.001, 1\], got 10.0"),
    ({"kind": "cos"}, r"kind must be one of 'sin', 'exp', got 'cos'"),
    ({"b": 1}, r"unknown setting 'b'; this explorer's controls are a, n, lr, kind"),
    ({"hide": ("zz",)}, r"hide: unknown control 'zz'"),
])
def test_bad_presets_name_the_control_and_range(preset, message):
    with pytest.raises(ValueError, match=message):
        _demo(**preset)


def test_overflow_shows_a_message_and_the_drive_helpers_accept_it():
    with np.errstate(over="ignore"):
        ex = _demo(kind="exp", lr=1.0, a=2.0)
    assert ex.messages and "overflow" in ex.messages[0]
    assert_figure_ok(ex)
    with np.errstate(over="ignore"):
        drive_each_control(ex)


def test_messages_last_one_draw():
    with np.errstate(over="ignore"):
        ex = _demo(kind="exp", lr=1.0, a=2.0)
        ex.controls["a"].value = 1.9
    assert len(ex.axes.texts) == 1                      # the first draw's box was removed
    ex.controls["kind"].value = "sin"
    assert ex.messages == [] and len(ex.axes.texts) == 0


def test_hold_redraws_once():
    ex = _demo()
    with ex.hold():
        ex.controls["a"].value = 0.3
        ex.controls["n"].value = 3
        assert len(ex.timings) == 1
    assert len(ex.timings) == 2 and ex.values["a"] == 0.3
    with ex.hold(redraw=False):
        ex.controls["a"].value = 0.4
    assert len(ex.timings) == 2
    ex.controls["a"].value = 0.5
    assert len(ex.timings) == 3


def test_static_fallback_carries_the_figure():
    ex = _demo()
    bundle = ex._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == bytes(ex.image.value)
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == "demo (interactive: run the notebook to use the sliders)"


def test_control_values_cover_ranges():
    assert control_values(float_slider("a", 1, 0, 2, 0.5), 3) == [0.0, 1.0, 2.0]
    assert control_values(int_slider("n", 2, 1, 4), 9) == [1, 2, 3, 4]
    np.testing.assert_allclose(control_values(log_slider("lr", 0.1, 1e-3, 1.0), 4), [1e-3, 1e-2, 1e-1, 1])


def test_every_lesson_part_names_its_public_names_once():
    """lessons.explorers() and lessons.exercises() refuse a name defined by two lessons; every lesson lists its
    explorers and checks in __all__."""
    explorers, exercises = lessons.explorers(), lessons.exercises()
    assert len(explorers) >= len(lessons.NAMES) and len(exercises) >= len(lessons.NAMES)
    for name in lessons.NAMES:
        module = importlib.import_module(f"course_lib.lessons.{name}.explorers")
        assert module.__all__ and all(inspect.isfunction(getattr(module, e)) for e in module.__all__), name


def test_explorers_are_functions_with_hide_and_presets():
    for name, function in lessons.explorers().items():
        signature = inspect.signature(function)
        assert "hide" in signature.parameters, f"{name} must accept hide=(...)"
        assert any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()), f"{name} must take **preset"


def test_every_explorer_builds_with_defaults():
    for name, make in lessons.explorers().items():
        ex = make()
        assert isinstance(ex, Explorer), name
        assert_figure_ok(ex, name)


def _square(x):
    return x**2


def test_exercise_verdicts():
    exercise = Exercise("square", _square, [(np.array([1.0, -2.0]),), (3.0,)],
                        [("you doubled instead of squaring", lambda x: 2 * x)])
    assert exercise.evaluate(_square).passed
    assert "doubled" in exercise.evaluate(lambda x: 2 * x).message
    generic = exercise.evaluate(lambda x: x + 1)
    assert not generic.passed and "expected [1, 4]; got [2, -1]" in generic.message

    def unfinished(x):
        raise NotImplementedError

    assert "not done yet" in exercise.evaluate(unfinished).message

    def buggy(x):
        return x.nonexistent

    verdict = exercise.evaluate(buggy)
    assert not verdict.passed and "raised AttributeError" in verdict.message and "Traceback" not in verdict.message
    assert "pass your function itself" in exercise.evaluate(3.0).message


def test_exercise_prints_its_verdict(capsys):
    Exercise("square", _square, [(2.0,)])(_square)
    assert capsys.readouterr().out.startswith("✓ square: correct on all 1 cases")


def test_public_checks_are_exercises():
    for name, exercise in lessons.exercises().items():
        assert isinstance(exercise, Exercise) and exercise.name == name, name


# ----------------------------------------------------------------------------------------------------
# Dropdowns with (label, value) pairs: the label is shown (and translated), the value reaches draw and presets
# ----------------------------------------------------------------------------------------------------


def _placed(hide=(), **preset):
    seen = []

    def draw(ex, place, a):
        seen.append(place)
        if "line" not in ex.artists:
            ex.artists["line"], = ex.axes.plot([0, 1], [0, 1])
        ex.artists["line"].set_ydata([0, a if place == "hidden" else -a])
        ex.axes.set_title(ex.controls["place"].label)

    controls = {"place": dropdown("dropout", [("before the softmax layer", "output"),
                                              ("before a hidden ReLU layer", "hidden")]),
                "a": float_slider("a", 1.0, 0.0, 2.0, 0.5)}
    return Explorer(controls, draw, preset=preset, hide=hide), seen


def test_dropdown_pairs_show_labels_and_give_values():
    ex, seen = _placed()
    control = ex.controls["place"]
    assert control.value == "output" and control.label == "before the softmax layer"
    assert option_labels(control) == ["before the softmax layer", "before a hidden ReLU layer"]
    assert control_values(control) == ["output", "hidden"]
    control.value = "hidden"
    assert seen == ["output", "hidden"] and ex.values["place"] == "hidden"
    assert ex.axes.get_title() == "before a hidden ReLU layer"
    drive_each_control(ex)
    assert set(seen) == {"output", "hidden"}


def test_dropdown_pairs_in_presets_and_hide():
    ex, seen = _placed(place="hidden", hide=("place",))
    assert seen == ["hidden"] and ex.controls["place"].label == "before a hidden ReLU layer"
    grid = next(c for c in ex.children if isinstance(c, ipywidgets.GridBox))
    assert ex.controls["place"] not in grid.children
    with pytest.raises(ValueError, match=r"place must be one of 'output', 'hidden', got 'before a hidden ReLU layer'"):
        _placed(place="before a hidden ReLU layer")       # a preset names the value, never the (translated) label


def test_dropdown_checks_its_options_and_value():
    assert dropdown("kind", ["sin", "exp"]).value == "sin"                  # strings: label and value at once
    assert dropdown("p", [("one", 1), ("two", 2)], value=2).label == "two"
    assert dropdown("p", [["one", 1], ["two", 2]]).value == 1                # lists work as pairs too
    with pytest.raises(ValueError, match=r"value must be one of 1, 2, got 3"):
        dropdown("p", [("one", 1), ("two", 2)], value=3)
    with pytest.raises(ValueError, match="options must not be empty"):
        dropdown("p", [])


# ----------------------------------------------------------------------------------------------------
# The framework's own text goes through course_lib.i18n.tr
# ----------------------------------------------------------------------------------------------------


def test_the_framework_text_is_translated():
    ex = _demo()
    ex.axes.set_xlabel("⟪time⟫")
    ex.axes.set_ylabel("⟪value⟫")
    with marked_translation():
        bundle = ex._repr_mimebundle_()
        alt = alt_text(ex.fig, "⟪demo⟫")
        assert alt_text(Explorer({}, lambda ex: None).fig) == "⟪Figure⟫"
    assert bundle["text/plain"] == "⟪demo (interactive: run the notebook to use the sliders)⟫"
    assert alt == "⟪Figure: ⟪demo⟫; ⟪⟪value⟫ against ⟪time⟫⟫⟫"
    # what _demo itself leaves in English (a and n are single-letter math):
    assert untranslated(visible_texts(ex)) == ["demo", "lr", "kind", "sin", "exp"]


def _wrong_answers():
    def unfinished(x):
        raise NotImplementedError

    def crashes(x):
        raise KeyError("oops")

    return [_square, lambda x: 2 * x, lambda x: x + 1, lambda x: (x, x), lambda x: "a", unfinished, crashes, 3.0]


def test_every_verdict_is_translated():
    exercise = Exercise("square", _square, [(np.array([1.0, -2.0]),), (3.0,)],
                        [("you doubled instead of squaring", lambda x: 2 * x)], success="Well done.")
    pair = ArrayExercise("pair", lambda x: (x**2, 2 * x), [(np.array([1.0, 2.0]),), (np.array([3.0]),)],
                         outputs=("y", "dy"), hints={"dy": "d(x²)/dx = 2x."}, case_notes=["two entries", ""])
    single = ArrayExercise("single", _square, [(np.array([1.0, 2.0]),)], hints={"": "Square each entry."})
    with marked_translation():
        messages = [repr(exercise)] + [exercise.evaluate(fn).message for fn in _wrong_answers()]
        messages += [pair.evaluate(fn).message for fn in (lambda x: (x**2, x), lambda x: (x, x), lambda x: x,
                                                           lambda x: (x, x, x))]
        messages += [single.evaluate(lambda x: x).message, single.evaluate(lambda x: x[:1]).message]
        problems = [first_difference(got, np.zeros(2), 1e-6, 1e-9) for got in ("ab", np.ones(3), np.ones(2))]
        problems.append(first_difference(np.float64(2.0), np.asarray(1.0), 1e-6, 1e-9))
    assert not untranslated(messages + problems), untranslated(messages + problems)
    assert "⟪Well done.⟫" in messages[1] and "⟪you doubled instead of squaring⟫" in messages[2]
    assert "⟪d(x²)/dx = 2x.⟫" in messages[9] and "⟪two entries⟫" in messages[9]
    assert "⟪Square each entry.⟫" in messages[-2]


def test_verdicts_in_english_read_as_before():
    pair = ArrayExercise("pair", lambda x: (x**2, 2 * x, x), [(np.array([1.0, 2.0]),)], outputs=("y", "dy", "x"),
                         case_notes=["two entries"], hints={"y": "Square it."})
    assert pair.evaluate(lambda x: (x, 2 * x, 2 * x)).message == (
        "✗ pair: on case 1 of 1 (two entries), y and x are wrong (dy right): y differs in 1 of 2 entries; first at "
        "entry 1: expected 4, got 2. Square it.")
    assert pair.evaluate(lambda x: (x, x, 2 * x)).message.startswith("✗ pair: on case 1 of 1 (two entries), "
                                                                     "y and dy and x are wrong: y differs")
    assert pair.evaluate(lambda x: [x]).message == "✗ pair: return the tuple (y, dy, x); you returned list of length 1."
    assert first_difference(np.ones((2, 2)), np.zeros((2, 2)), 1e-6, 1e-9) == (
        "differs in 4 of 4 entries; first at entry (0, 0): expected 0, got 1")


# ----------------------------------------------------------------------------------------------------
# Speed: the PNG encoder
# ----------------------------------------------------------------------------------------------------


def test_encode_png_keeps_every_pixel():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    assert np.array_equal(np.asarray(PIL.Image.open(io.BytesIO(encode_png(rgba)))), rgba)
    ex = _demo()
    drawn = np.asarray(ex.fig.canvas.buffer_rgba())
    assert np.array_equal(np.asarray(PIL.Image.open(io.BytesIO(bytes(ex.image.value)))), drawn)


def test_the_latency_benchmark_measures_the_named_explorers():
    from benchmarks import latency

    rows, worst = latency.table(["sigmoid_neuron"])
    assert len(rows) == 3 and rows[2].startswith("| sigmoid_neuron | ") and worst > 0
    with pytest.raises(ValueError, match="unknown explorer 'nope'; explorers are activation_functions"):
        latency.table(["sigmoid_neuron", "nope"])
