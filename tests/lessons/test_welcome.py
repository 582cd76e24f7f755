"""Notebook 00: the glossary, the sigmoid-neuron explorer, and the exercises on one neuron."""

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid
from matplotlib.figure import Figure

from course_lib import activations, check, glossary, widgets
from course_lib.lessons.welcome.figures import plot_neuron

# ---------------------------------------------------------------------------------------------------- glossary


def test_glossary_entries_are_complete():
    assert len(glossary.GLOSSARY) >= 60
    for term in glossary.GLOSSARY:
        assert len(term) == 4, term
        for field in term:
            assert isinstance(field, str) and field.strip() == field and field, term
        assert len(term.definition) > 15, term          # a real definition, not a stub


def test_glossary_has_no_duplicates():
    english = [term.en.lower() for term in glossary.GLOSSARY]
    assert len(english) == len(set(english))
    assert len(set(glossary.GLOSSARY)) == len(glossary.GLOSSARY)


@pytest.mark.parametrize("en", [
    "backpropagation", "gradient", "vanishing gradients", "exploding gradients", "learning rate", "epoch",
    "mini-batch", "momentum", "Nesterov momentum", "AdaGrad", "RMSProp", "Adam", "bias correction",
    "overfitting", "early stopping", "patience", "dropout", "ensemble", "batch normalization",
    "internal covariate shift", "standardization", "data augmentation", "autoencoder", "pre-training",
    "transfer learning", "fine-tuning", "cross-entropy", "He initialization", "Glorot initialization",
    "LeCun initialization", "L1 regularization", "learning-rate schedule", "moving average",
    # terms the course uses and defines where they first appear (issue 15, item 13)
    "Hessian", "eigenvalue, eigenvector", "spectral norm ‖W‖₂", "subgradient", "pseudo-inverse", "proximal step",
    "symmetric log scale", "RBM", "BLAS", "logits", "one-hot encoding", "RMS", "decade",
])
def test_glossary_covers_the_course_terms(en):
    assert any(term.en == en or term.en.startswith(en + " (") for term in glossary.GLOSSARY), en


def test_glossary_uses_the_classroom_translations():
    by_en = {term.en: term for term in glossary.GLOSSARY}
    assert by_en["backpropagation"].pt.startswith("retropropagação")
    assert by_en["backpropagation"].es.startswith("retropropagación")
    assert by_en["learning rate"].pt == "taxa de aprendizado"
    assert by_en["learning rate"].es == "tasa de aprendizaje"


def test_glossary_find_and_table():
    assert [term.en for term in glossary.find("TAXA de aprendizado")] == ["learning rate", "learning-rate schedule"]
    table = glossary.markdown_table()
    lines = table.splitlines()
    assert lines[0] == "| English | Português (Brasil) | Español | Meaning |"
    assert len(lines) == 2 + len(glossary.GLOSSARY)
    assert all(line.count(" | ") == 3 for line in lines[2:])     # four cells: no stray "|" inside
    body = [line.split(" | ")[0][2:].lower() for line in lines[2:]]
    assert body == sorted(body)


# ---------------------------------------------------------------------------------------------------- plot, explorer


def test_plot_neuron_draws_curve_midpoint_and_note():
    ax = Figure().subplots()
    x = np.linspace(-6, 6, 121)
    assert plot_neuron(ax, x, activations.sigmoid(2 * x - 1), 2.0, -1.0) is ax
    gids = {line.get_gid(): line for line in ax.lines}
    assert set(gids) >= {"curve", "midpoint"}
    np.testing.assert_allclose(gids["midpoint"].get_xydata(), [[0.5, 0.5]])   # −b/w = 1/2
    # the numbers only: the formulas −b/w and w/4 are the answer to the notebook's prediction prompt
    assert ax.texts[0].get_text() == "midpoint x = 0.50\nslope there = 0.50"
    assert ax.get_title() == "a = σ(w·x + b) with w = 2, b = -1"


def test_plot_neuron_with_zero_weight_has_no_midpoint():
    ax = Figure().subplots()
    x = np.linspace(-6, 6, 121)
    plot_neuron(ax, x, np.full_like(x, 0.5), 0.0, 0.0)
    midpoint = [line for line in ax.lines if line.get_gid() == "midpoint"][0]
    assert len(midpoint.get_xdata()) == 0
    assert "w = 0" in ax.texts[0].get_text()


def test_sigmoid_neuron_explorer():
    ex = widgets.sigmoid_neuron()
    assert_figure_ok(ex)
    drive_each_control(ex)
    drive_grid(ex, ["w", "b"], n=3)                         # includes w = 0
    assert len(ex.axes.lines) == 3                          # updated in place: the ½ line, curve, midpoint


def test_sigmoid_neuron_updates_the_curve():
    ex = widgets.sigmoid_neuron(w=2.0, b=-1.0, hide=("b",))
    curve = ex.artists["curve"]
    x = curve.get_xdata()
    np.testing.assert_allclose(curve.get_ydata(), activations.sigmoid(2 * x - 1))
    np.testing.assert_allclose(ex.artists["midpoint"].get_xydata(), [[0.5, 0.5]])
    ex.controls["w"].value = -4.0
    np.testing.assert_allclose(ex.artists["curve"].get_ydata(), activations.sigmoid(-4 * x - 1))
    assert ex.axes.get_title() == "a = σ(w·x + b) with w = -4, b = -1"          # the settings, in the title


@pytest.mark.parametrize("preset", [{"w": 9.0}, {"b": "x"}, {"slope": 1.0}])
def test_sigmoid_neuron_bad_presets(preset):
    with pytest.raises(ValueError):
        widgets.sigmoid_neuron(**preset)


# ---------------------------------------------------------------------------------------------------- exercises


def my_neuron(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def my_boundary(x1, w, b):
    return -(w[0] * x1 + b) / w[1]


def test_neuron_output_exercise():
    assert_exercise_verdicts(check.neuron_output, my_neuron)
    assert {X.shape[0] for X, _, _ in check.neuron_output.cases} == {1, 3, 5}      # batches, not 2 × 2
    verdict = check.neuron_output.evaluate(lambda X, w, b: 1 / (1 + np.exp(-(X.T @ w + b))))
    assert not verdict.passed and "one example per row" in verdict.message and "Traceback" not in verdict.message


def test_decision_boundary_exercise():
    assert_exercise_verdicts(check.decision_boundary, my_boundary)
    # the points of the line really have output 1/2
    for x1, w, b in check.decision_boundary.cases:
        X = np.column_stack([x1, my_boundary(x1, w, b)])
        np.testing.assert_allclose(my_neuron(X, w, b), 0.5, atol=1e-12)


def test_public_names_are_this_notebooks():
    # check/ and widgets/ star-import every notebook's module: a name defined twice would silently shadow ours
    from course_lib.lessons.welcome import checks, explorers

    assert check.neuron_output is checks.neuron_output and check.decision_boundary is checks.decision_boundary
    assert widgets.sigmoid_neuron is explorers.sigmoid_neuron
