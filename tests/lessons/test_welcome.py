"""Notebook 00: the glossary, the sigmoid-neuron explorer, and the exercises on one neuron."""

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import activations, glossary
from course_lib.lessons.welcome import checks, compute, explorers, figures

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


# ------------------------------------------------------------------------------------------- compute, plot, explorer


def test_neuron_midpoint_and_reading():
    x = np.array([-1.0, 0.5, 2.0])
    np.testing.assert_allclose(compute.neuron(x, 2.0, -1.0), activations.sigmoid(2 * x - 1))
    assert compute.midpoint(2.0, -1.0) == ([0.5], [0.5])                         # −b/w = 1/2, where a = 1/2
    assert compute.midpoint(0.0, 1.0) == ([], [])
    assert compute.midpoint(-2.0, 0.0) == ([0.0], [0.5]) and str(compute.midpoint(-2.0, 0.0)[0][0]) == "0.0"
    assert compute.reading(2.0, -1.0) == {"midpoint": 0.5, "slope": 0.5, "constant": None}   # slope w/4
    assert compute.reading(0.0, 2.0)["constant"] == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_plot_neuron_draws_curve_midpoint_and_note():
    ax = Figure().subplots()
    x = np.linspace(-6, 6, 121)
    handles = figures.plot_neuron(ax, x, activations.sigmoid(2 * x - 1), 2.0, -1.0)
    np.testing.assert_allclose(handles["curve"].get_ydata(), activations.sigmoid(2 * x - 1))
    np.testing.assert_allclose(handles["midpoint"].get_xydata(), [[0.5, 0.5]])   # −b/w = 1/2
    # the numbers only: the formulas −b/w and w/4 are the answer to the notebook's prediction prompt
    assert handles["note"].get_text() == "midpoint x = 0.50\nslope there = 0.50"
    assert ax.get_title() == "a = σ(w·x + b) with w = 2, b = -1"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a = σ(w·x + b)", "midpoint"]


def test_update_neuron_moves_every_artist():
    ax = Figure().subplots()
    x = np.linspace(-6, 6, 121)
    handles = figures.plot_neuron(ax, x, activations.sigmoid(x), 1.0, 0.0)
    figures.update_neuron(handles, activations.sigmoid(-4 * x + 2), -4.0, 2.0)
    np.testing.assert_allclose(handles["curve"].get_ydata(), activations.sigmoid(-4 * x + 2))
    np.testing.assert_allclose(handles["midpoint"].get_xydata(), [[0.5, 0.5]])
    assert handles["note"].get_text() == "midpoint x = 0.50\nslope there = -1.00"
    assert ax.get_title() == "a = σ(w·x + b) with w = -4, b = 2"
    figures.update_neuron(handles, np.full_like(x, 0.5), 0.0, 0.0)           # w = 0: no midpoint
    assert len(handles["midpoint"].get_xdata()) == 0
    assert handles["note"].get_text() == "w = 0: a = σ(b) = 0.50\nfor every x"
    assert len(ax.lines) == 3                                                # moved, not drawn again


def test_report_sigmoid(capsys):
    z = np.array([-2.0, 0.0, 2.0])
    figures.report_sigmoid(z, activations.sigmoid(z), activations.sigmoid_grad(z))
    assert capsys.readouterr().out.splitlines() == ["sigmoid: [0.1192 0.5    0.8808]",
                                                    "its derivative σ'(z) = σ(z)(1 − σ(z)): [0.105 0.25  0.105]"]


def test_sigmoid_neuron_explorer():
    ex = explorers.sigmoid_neuron()
    assert_figure_ok(ex)
    drive_each_control(ex)
    drive_grid(ex, ["w", "b"], n=3)                         # includes w = 0
    assert len(ex.axes.lines) == 3                          # updated in place: the ½ line, curve, midpoint


def test_sigmoid_neuron_updates_the_curve():
    ex = explorers.sigmoid_neuron(w=2.0, b=-1.0, hide=("b",))
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
        explorers.sigmoid_neuron(**preset)


# ---------------------------------------------------------------------------------------------------- exercises


def my_neuron(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def my_boundary(x1, w, b):
    return -(w[0] * x1 + b) / w[1]


def test_neuron_output_exercise():
    assert_exercise_verdicts(checks.neuron_output, my_neuron)
    assert {X.shape[0] for X, _, _ in checks.neuron_output.cases} == {1, 3, 5}      # batches, not 2 × 2
    verdict = checks.neuron_output.evaluate(lambda X, w, b: 1 / (1 + np.exp(-(X.T @ w + b))))
    assert not verdict.passed and "one example per row" in verdict.message and "Traceback" not in verdict.message


def test_decision_boundary_exercise():
    assert_exercise_verdicts(checks.decision_boundary, my_boundary)
    # the points of the line really have output 1/2
    for x1, w, b in checks.decision_boundary.cases:
        X = np.column_stack([x1, my_boundary(x1, w, b)])
        np.testing.assert_allclose(my_neuron(X, w, b), 0.5, atol=1e-12)


# ---------------------------------------------------------------------------------------------------- translation


def test_explorer_text_goes_through_tr(marked_language):
    ex = explorers.sigmoid_neuron(w=0.0)
    assert untranslated(ex) == []
    ex.controls["w"].value = 2.0                            # the texts of an update too
    assert untranslated(ex) == []
    assert f"⟪midpoint x = {0.0:.2f}\nslope there = {0.5:.2f}⟫" in [t.get_text() for t in ex.axes.texts]


def test_report_goes_through_tr(marked_language, capsys):
    z = np.zeros(1)
    figures.report_sigmoid(z, activations.sigmoid(z), activations.sigmoid_grad(z))
    assert [line.split("⟫")[0] + "⟫" for line in capsys.readouterr().out.splitlines()] == [
        "⟪sigmoid:⟫", "⟪its derivative σ'(z) = σ(z)(1 − σ(z)):⟫"]


def test_shape_error_message_goes_through_tr(marked_language):
    verdict = checks.neuron_output.evaluate(lambda X, w, b: 1 / (1 + np.exp(-(X.T @ w + b))))
    assert verdict.message.startswith("✗ neuron_output: ⟪your matrix product raised a shape error.")
    assert verdict.message.endswith("⟫")


@pytest.mark.parametrize("exercise", [checks.neuron_output, checks.decision_boundary])
def test_misconception_messages_go_through_tr(marked_language, exercise):
    for message, wrong in exercise.misconceptions:
        assert exercise.evaluate(wrong).message == f"✗ {exercise.name}: ⟪{message}⟫"
