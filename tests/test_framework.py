"""The explorer and exercise-check machinery every notebook relies on."""

import base64
import importlib
import inspect
import pkgutil

import ipywidgets
import numpy as np
import pytest
from explorer_tools import assert_figure_ok, control_values, drive_each_control

from course_lib import check, plots, widgets
from course_lib.lessons.exercise import Exercise
from course_lib.lessons.explorer import Explorer, dropdown, float_slider, int_slider, log_slider


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


@pytest.mark.parametrize("package", [plots, check, widgets])
def test_no_public_name_comes_from_two_modules(package):
    owners = {}
    for module in pkgutil.iter_modules(package.__path__):
        for name in getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "__all__", ()):
            owners.setdefault(name, []).append(module.name)
    clashes = {name: modules for name, modules in owners.items() if len(modules) > 1}
    assert not clashes, f"a star import would silently keep only the last of {clashes}"


def test_public_widgets_are_exactly_the_explorers():
    public = [name for name in dir(widgets) if not name.startswith("_")]
    functions = [name for name in public if inspect.isfunction(getattr(widgets, name))]
    assert public == functions, "only explorer functions may be public in course_lib.widgets"
    for name in functions:
        signature = inspect.signature(getattr(widgets, name))
        assert "hide" in signature.parameters, f"{name} must accept hide=(...)"
        assert any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()), f"{name} must take **preset"


def test_every_explorer_builds_with_defaults():
    names = [name for name in dir(widgets) if not name.startswith("_")]
    for name in names:
        ex = getattr(widgets, name)()
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
    for name in (n for n in dir(check) if not n.startswith("_")):
        assert isinstance(getattr(check, name), Exercise), name
