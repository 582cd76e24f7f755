"""Notebook 09: the two dropout conventions, the exact ensemble of 2ⁿ sub-networks, Monte Carlo dropout,
with and without dropout (compute, draw, explorers, exercise checks)."""

import itertools

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from ipywidgets import GridBox
from matplotlib.figure import Figure

from course_lib import layers
from course_lib.activations import relu
from course_lib.lessons.dropout import checks, explorers, figures
from course_lib.lessons.dropout import compute as de
from course_lib.lessons.explorer import control_values

P_GRID = np.round(np.arange(0.0, 0.91, 0.05), 2)          # the drop_prob slider of dropout_conventions

# ----------------------------------------------------------------------------------------------------
# Masks
# ----------------------------------------------------------------------------------------------------


def test_keep_masks_probabilities_and_index():
    masks = de.keep_masks(2)
    assert np.array_equal(masks, [[0, 0], [1, 0], [0, 1], [1, 1]])
    # p = 0.3: P(none kept) = 0.3² = 0.09, one kept 0.7·0.3 = 0.21, both 0.7² = 0.49
    assert np.allclose(de.mask_probabilities(masks, 0.3), [0.09, 0.21, 0.21, 0.49])
    for n in (1, 5, 10):
        masks = de.keep_masks(n)
        assert masks.shape == (2**n, n) and len(np.unique(masks, axis=0)) == 2**n
        assert np.array_equal(de.mask_index(masks), np.arange(2**n))
        for p in (0.0, 0.1, 0.5, 0.9):
            assert de.mask_probabilities(masks, p).sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="n must be at most 16"):
        de.keep_masks(17)
    with pytest.raises(ValueError, match="drop_prob must be in"):
        de.mask_probabilities(masks, 1.0)


def test_sampled_masks_are_the_dropout_layers_masks():
    x = np.ones((400, 10))
    layer = layers.Dropout(0.3, rng=np.random.default_rng(5))
    dropped = layer.forward(x, train=True)
    masks = de.sample_masks((400, 10), 0.3, np.random.default_rng(5))
    assert np.array_equal(dropped != 0, masks == 1)
    assert np.allclose(dropped, masks / 0.7)
    assert masks.mean() == pytest.approx(0.7, abs=0.03)


# ----------------------------------------------------------------------------------------------------
# One unit: the conventions agree in expectation
# ----------------------------------------------------------------------------------------------------


def test_conventions_by_hand():
    a, w, b = np.array([1.0, 2.0]), np.array([3.0, 4.0]), 1.0
    masks, pi = de.keep_masks(2), np.full(4, 0.25)             # p = 0.5: every mask 1/4
    # inverted: {} → 1; {1} → 3/0.5 + 1 = 7; {2} → 8/0.5 + 1 = 17; {1, 2} → 11/0.5 + 1 = 23; mean 12 = 3 + 8 + 1
    z = de.training_outputs(a, w, b, masks, 0.5, "inverted")
    assert np.allclose(z, [1, 7, 17, 23]) and de.expectation(z, pi) == pytest.approx(12.0)
    assert de.inference_output(a, w, b, 0.5, "inverted") == pytest.approx(12.0)
    # weight scaling: {} → 1; {1} → 4; {2} → 9; {1, 2} → 12; mean 6.5 = 0.5·11 + 1
    z = de.training_outputs(a, w, b, masks, 0.5, "weight_scaling")
    assert np.allclose(z, [1, 4, 9, 12]) and de.expectation(z, pi) == pytest.approx(6.5)
    assert de.inference_output(a, w, b, 0.5, "weight_scaling") == pytest.approx(6.5)


@pytest.mark.parametrize("convention", de.CONVENTIONS)
def test_expected_training_output_is_the_inference_output_over_the_slider(convention):
    a, w, b = de.unit_example()
    masks = de.keep_masks(len(a))
    for p in P_GRID:
        pi = de.mask_probabilities(masks, p)
        z = de.training_outputs(a, w, b, masks, p, convention)
        inference = de.inference_output(a, w, b, p, convention)
        assert de.expectation(z, pi) == pytest.approx(inference, abs=1e-12)
        # a ReLU after the unit breaks the equality, in the direction Jensen's inequality says
        assert de.expectation(relu(z), pi) >= relu(inference) - 1e-12
    pi = de.mask_probabilities(masks, 0.5)
    assert de.expectation(relu(de.training_outputs(a, w, b, masks, 0.5, convention)), pi) > relu(
        de.inference_output(a, w, b, 0.5, convention)) + 0.1


def test_monte_carlo_mean_converges_to_the_expectation():
    a, w, b = de.unit_example()
    sampled = de.sample_masks((200_000, len(a)), 0.4, np.random.default_rng(9))
    z = de.training_outputs(a, w, b, sampled, 0.4, "inverted")
    assert abs(z.mean() - de.inference_output(a, w, b, 0.4)) < 4 * z.std() / np.sqrt(len(z))


# ----------------------------------------------------------------------------------------------------
# The ensemble
# ----------------------------------------------------------------------------------------------------


def _brute_force_logits(model, X, drop_prob):
    """Every sub-network's logits with explicit loops over masks (independent of subnetwork_logits)."""
    dense = [layer for layer in model.layers if isinstance(layer, layers.Dense)]
    W1, b1 = dense[0].params["W"], dense[0].params["b"]
    h = np.maximum(X @ W1 + b1, 0)
    out = []
    for bits in itertools.product([0, 1], repeat=h.shape[1]):
        m = np.array(bits[::-1], dtype=float)                  # unit j is bit j of the mask's index
        a = h * m / (1 - drop_prob)
        for layer in dense[1:-1]:
            a = np.maximum(a @ layer.params["W"] + layer.params["b"], 0)
        out.append(a @ dense[-1].params["W"] + dense[-1].params["b"])
    return np.array(out)


@pytest.mark.parametrize("place", de.PLACES)
def test_subnetworks_and_the_three_averages(place):
    net = de.dropout_net(5, 0.3, seed=3, place=place)
    X = np.random.default_rng(4).normal(size=(7, 2))
    logits, pi = de.subnetwork_logits(net, X)
    assert logits.shape == (32, 7, 2) and np.allclose(logits, _brute_force_logits(net, X, 0.3))
    r = de.ensemble_predictions(net, X)
    probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    assert np.allclose(r["arithmetic"], np.einsum("m,mnk->nk", pi, probs))
    geometric = np.prod(probs ** pi[:, None, None], axis=0)
    assert np.allclose(r["geometric"], geometric / geometric.sum(axis=1, keepdims=True))
    for key in ("arithmetic", "geometric", "weight_scaling"):
        assert np.allclose(r[key].sum(axis=1), 1.0)
    gap = np.abs(r["geometric"] - r["weight_scaling"]).max()
    if place == "output":       # one softmax layer after the dropout: the geometric mean IS weight scaling
        assert gap < 1e-12
    else:                       # a ReLU layer in between: only approximately
        assert gap > 1e-3
    with pytest.raises(ValueError, match="exactly one Dropout layer"):
        de.split_at_dropout(de.moons_net(4, 0.0, seed=0))


def test_mean_abs_difference_and_monte_carlo():
    P, Q = np.array([[0.2, 0.8], [0.5, 0.5]]), np.array([[0.4, 0.6], [0.5, 0.5]])
    assert de.mean_abs_difference(P, Q) == pytest.approx(0.1)        # (½(0.2 + 0.2) + 0)/2
    net = de.dropout_net(6, 0.4, seed=1)
    r = de.ensemble_predictions(net, np.random.default_rng(2).normal(size=(20, 2)))
    mc = de.monte_carlo(r["subnet"], 6, 0.4, 20_000, np.random.default_rng(3))
    assert de.mean_abs_difference(mc, r["arithmetic"]) < 0.01
    one = de.monte_carlo(r["subnet"], 6, 0.4, 1, np.random.default_rng(3))
    assert any(np.allclose(one, r["subnet"][m]) for m in range(64))   # k = 1 is one sub-network


def test_ensemble_study_claims():
    study = de.ensemble_study()
    ks = np.array(de.K_GRID, dtype=float)
    for place in de.PLACES:
        for p in de.DROP_PROBS:
            r = study[place][p]
            slope = np.polyfit(np.log(ks), np.log(r["mc_error"]), 1)[0]
            assert -0.6 < slope < -0.4                                  # Monte Carlo error ~ 1/√k
            assert r["mc_error"][-1] < r["ws_error"] < r["mc_error"][0]
            assert r["accuracy"] > 0.8
            if place == "output":
                assert r["geo_ws_max"] < 1e-12
            else:
                assert r["geo_ws_max"] > 0.05



def test_silent_subnetworks_by_brute_force():
    net = de.dropout_net(5, 0.6, seed=2, place="hidden")
    X = np.random.default_rng(5).normal(size=(9, 2))
    before, after, _ = de.split_at_dropout(net)
    h = de._forward(before, X)
    mass, output = de.silent_subnetworks(net, X)
    logits, pi = de.subnetwork_logits(net, X)
    for i in range(len(X)):
        silent = [m for m, bits in enumerate(de.keep_masks(5)) if not np.any(bits * h[i])]
        assert mass[i] == pytest.approx(pi[silent].sum())
        for m in silent:                                # every empty sub-network gives the same output
            np.testing.assert_allclose(np.exp(de.log_softmax(logits[m, i])), output, atol=1e-12)
    assert np.all(mass >= 0.6**5 - 1e-12)                  # the all-dropped mask is always empty


def test_relu_layer_mean_ratio_is_jensen():
    net = de.dropout_net(5, 0.5, seed=2, place="hidden")
    X = np.random.default_rng(5).normal(size=(9, 2))
    ratio = de.relu_layer_mean_ratio(net, X)
    before, after, _ = de.split_at_dropout(net)
    h = de._forward(before, X)
    dense = after[0]
    sub = [np.maximum((h * bits / 0.5) @ dense.params["W"] + dense.params["b"], 0) for bits in de.keep_masks(5)]
    mean = np.einsum("m,mnk->nk", de.mask_probabilities(de.keep_masks(5), 0.5), np.array(sub))
    full = np.maximum(h @ dense.params["W"] + dense.params["b"], 0)
    assert ratio == pytest.approx(mean.sum() / full.sum()) and ratio >= 1
    with pytest.raises(ValueError, match="activation right after"):
        de.relu_layer_mean_ratio(de.dropout_net(5, 0.5, seed=2, place="output"), X)
    assert de.mean_abs_logit(np.array([[0.5, 0.5], [np.exp(-1) / (1 + np.exp(-1)), 1 / (1 + np.exp(-1))]])) == \
        pytest.approx(0.5)


def test_notebook_09_explanation_of_the_hidden_case():
    """The band at 0.5 and the geometric mean losing to weight scaling at p = 0.7 (notebook 09, section 3)."""
    study = de.ensemble_study()
    r5, r7 = study["hidden"][0.5], study["hidden"][0.7]
    assert r7["geo_error"] > r7["ws_error"] and r5["geo_error"] < r5["ws_error"]
    assert 0.2 < r7["silent_mass"].mean() < 0.3 and r7["silent_mass"].max() == pytest.approx(0.7)
    assert abs(r7["silent_output"][1] - 0.5) < 0.01                 # the band: empty sub-networks say "either class"
    assert r7["relu_mean_ratio"] > r5["relu_mean_ratio"] > 1.3      # Jensen's gap grows with p
    confidence = {key: [de.mean_abs_logit(r[key]) for r in (r5, r7)] for key in ("arithmetic", "geometric",
                                                                                 "weight_scaling")}
    for j in (0, 1):                                                 # geometric most confident, WS least
        assert confidence["geometric"][j] > confidence["arithmetic"][j] > confidence["weight_scaling"][j]
    assert confidence["arithmetic"][1] - confidence["weight_scaling"][1] < 0.05     # p = 0.7: as confident as WS
    assert r7["relu_mean_ratio"] is not None and study["output"][0.7]["relu_mean_ratio"] is None

def test_with_and_without_dropout_claims():
    study = de.with_without_study()
    plain, drop = study["plain"], study["dropout"]
    assert len(plain["val_loss"]) == len(drop["val_loss"]) == 150
    assert plain["train_loss"][-1] < drop["train_loss"][-1]            # dropout fits the training set less …
    assert drop["val_loss"][-1] < 0.6 * plain["val_loss"][-1]           # … and overfits far less on this run
    assert np.mean(drop["activations"] == 0) > np.mean(plain["activations"] == 0)
    assert drop["activations"].mean() < plain["activations"].mean()
    assert drop["loss"][-20:].mean() > drop["train_loss"][-20:].mean()  # fit's loss is measured with dropout on


# ----------------------------------------------------------------------------------------------------
# Drawing
# ----------------------------------------------------------------------------------------------------


def test_mask_distributions_over_the_slider():
    a, w, b = de.unit_example()
    for p in (0.0, 0.5, 0.9):
        for output in de.OUTPUTS:
            views = de.mask_distributions(p, output, 200, np.random.default_rng(0))
            assert [v.convention for v in views] == list(de.CONVENTIONS)
            for view in views:
                assert view.mass.sum() == pytest.approx(1.0) and len(view.bins) == len(view.mass) + 1
                assert view.bins[0] <= view.mean <= view.bins[-1] and view.samples == 200
                inference = de.inference_output(a, w, b, p, view.convention)
                assert view.inference == pytest.approx(inference if output == "linear" else relu(inference))
    linear = de.mask_distributions(0.5, "linear", 10_000, np.random.default_rng(1))
    assert all(abs(v.mc_mean - v.mean) < 0.05 for v in linear)          # the samples' mean nears E
    with pytest.raises(ValueError, match="output must be one of"):
        de.mask_distributions(0.5, "tanh", 10, np.random.default_rng(0))


def test_ensemble_view_picks_the_worst_input_and_the_nearest_p():
    view = de.ensemble_view(0.44, 16, "hidden", np.random.default_rng(16))
    r = de.ensemble_study()["hidden"][0.4]
    assert view.drop_prob == 0.4 and view.k == 16 and view.n_subnets == 1024
    gaps = np.abs(r["weight_scaling"][:, 1] - r["arithmetic"][:, 1])
    assert abs(view.marks["weight_scaling"] - view.marks["arithmetic"]) == pytest.approx(gaps.max())
    assert view.mass.sum() == pytest.approx(1.0)                         # one input's π over all sub-networks
    again = de.ensemble_view(0.4, 16, "hidden", np.random.default_rng(16))
    np.testing.assert_array_equal(again.approximations["mc"], view.approximations["mc"])   # the same draw
    assert view.mc_error == pytest.approx(float(de.mean_abs_difference(
        de.monte_carlo(r["subnet"], 10, 0.4, 16, np.random.default_rng(16)), r["arithmetic"])))


def test_plots_draw_and_updates_move_the_artists():
    views = de.mask_distributions(0.5, "linear", 50, np.random.default_rng(0))
    ax = Figure().subplots()
    handles = figures.plot_mask_distribution(ax, views[0])
    assert "inverted dropout (deck 000), p = 0.50" in ax.get_title() and ax.get_legend() is not None
    other = de.mask_distributions(0.2, "relu", 50, np.random.default_rng(0))[0]
    figures.update_mask_distribution(handles, other)
    assert handles["mean"].get_xdata()[0] == other.mean and handles["mc"].get_xdata()[0] == other.mc_mean
    assert "p = 0.20, ReLU(z)" in ax.get_title() and ax.get_xlim() == (other.bins[0], other.bins[-1])
    assert figures.plot_mask_distribution(Figure().subplots(), views[1], legend=False)["ax"].get_legend() is None

    view = de.ensemble_view(0.5, 10, "output", np.random.default_rng(0))
    later = de.ensemble_view(0.7, 100, "hidden", np.random.default_rng(1))
    axes = Figure().subplots(1, 3)
    handles = figures.plot_ensemble_view(axes, view)
    figures.update_ensemble_view(handles, later)
    np.testing.assert_array_equal(handles["agree"]["mc"].get_ydata(), later.approximations["mc"])
    np.testing.assert_array_equal(handles["one"]["hist"].get_data().values, later.mass)
    assert handles["one"]["weight_scaling"].get_xdata()[0] == later.marks["weight_scaling"]
    np.testing.assert_array_equal(handles["errors"]["mc"].get_ydata(), later.mc_errors)
    assert handles["errors"]["mark"].get_xdata()[0] == 100 and handles["current"].get_xdata()[0] == 100
    assert axes[0].get_title() == "p = 0.7, dropout before a hidden ReLU layer"
    assert axes[2].get_title().startswith("k = 100;")

    runs = {"plain": {"val_loss": [1.0, 0.8], "train_loss": [0.9, 0.5]},
            "dropout": {"val_loss": [1.0, 0.7], "train_loss": [0.95, 0.6]}}
    handles = figures.plot_dropout_curves(Figure().subplots(), runs)
    assert set(handles) == {"plain", "plain_train", "dropout", "dropout_train"}
    np.testing.assert_array_equal(handles["dropout"].get_ydata(), [1.0, 0.7])
    ax = Figure().subplots()
    figures.plot_activation_histograms(ax, {"plain": np.array([0.0, 1.0, 2.0]), "dropout": np.array([0.0, 0.0, 1.0])})
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["plain: 33% exactly 0, mean 1.00", "dropout: 67% exactly 0, mean 0.33"]


def test_reports_print_the_notebook_tables():
    study = de.ensemble_study()
    lines = figures.report_ensemble_errors(study).splitlines()
    assert lines[0].startswith("p = 0.5 ") and lines[1].startswith("before softmax") and "< 1e-12" in lines[1]
    lines = figures.report_hidden_place(study).splitlines()
    assert lines[0] == "before a hidden ReLU layer, 150 points           p = 0.5   p = 0.7" and len(lines) == 10
    assert lines[1].split()[-2:] == [f"{study['hidden'][p]['silent_mass'].mean():.2f}" for p in (0.5, 0.7)]
    line = figures.report_convention("inverted", 1.12, 1.12, 1.3166, 1.12)
    assert line.startswith("inverted        E[z] = 1.1200   inference z = 1.1200")


# ----------------------------------------------------------------------------------------------------
# Explorers
# ----------------------------------------------------------------------------------------------------


def test_dropout_conventions_explorer():
    ex = explorers.dropout_conventions(drop_prob=0.0, output="relu", hide=("samples",))
    assert ex.values["drop_prob"] == 0.0 and ex.values["output"] == "relu"
    grid = [child for child in ex.children if isinstance(child, GridBox)][0]
    assert ex.controls["samples"] not in grid.children
    assert "=" in ex.axes[0].get_title()                      # p = 0: nothing is dropped, so E = inference
    ex.controls["drop_prob"].value = 0.5
    assert "≠" in ex.axes[0].get_title()
    drive_each_control(ex, n=3)
    drive_grid(ex, ["drop_prob", "output"], n=2)
    with pytest.raises(ValueError, match="drop_prob must be in"):
        explorers.dropout_conventions(drop_prob=0.95)


def test_dropout_ensemble_explorer():
    ex = explorers.dropout_ensemble(drop_prob=0.7, k=1000, place="hidden", hide=("place",))
    assert ex.values["k"] == pytest.approx(1000) and "p = 0.7" in ex.axes[0].get_title()
    assert_figure_ok(ex)
    drive_each_control(ex, n=3)
    drive_grid(ex, ["drop_prob", "place"], n=2)
    with pytest.raises(ValueError, match="place must be one of"):
        explorers.dropout_ensemble(place="nowhere")


# ----------------------------------------------------------------------------------------------------
# Exercise checks (and the solutions shown in the notebook)
# ----------------------------------------------------------------------------------------------------


def solution_dropout_forward(x, drop_prob, rng, train=True):
    if not train:
        return x, None
    mask = rng.random(x.shape) < 1 - drop_prob          # True where the unit is kept
    return x * mask / (1 - drop_prob), mask


def solution_dropout_backward(dy, mask, drop_prob):
    return dy * mask / (1 - drop_prob)


def _forward(scale="1/(1-p)", keep="1-p", inference="x", mask_out="kept", source="rng"):
    """A forward pass with one slip switched on."""
    def forward(x, drop_prob, rng, train=True):
        p = drop_prob
        if not train:
            return {"x": x, "x(1-p)": x * (1 - p), "x/(1-p)": x / (1 - p)}[inference], None
        draw = np.random.random(x.shape) if source == "np.random" else rng.random(x.shape)  # noqa: NPY002
        mask = draw < {"1-p": 1 - p, "p": p}[keep]
        factor = {"1/(1-p)": 1 / (1 - p), "1-p": 1 - p, "1": 1.0, "1/p": 1 / p}[scale]
        returned = {"kept": mask, "scaled": mask * factor}[mask_out]
        return x * mask * factor, returned
    return forward


def _backward(kind):
    def backward(dy, mask, drop_prob):
        p = drop_prob
        if kind == "new mask":
            return dy * (np.random.random(dy.shape) < 1 - p) / (1 - p)  # noqa: NPY002
        return {"1-p": dy * mask * (1 - p), "no scale": dy * mask, "no mask": dy / (1 - p), "identity": dy,
                "1/p": dy * mask / p}[kind]
    return backward


@pytest.mark.parametrize("forward, backward, words", [
    (_forward(keep="p", scale="1/p"), solution_dropout_backward, "KEEP probability (deck 001's P)"),
    (_forward(scale="1-p"), solution_dropout_backward, "DIVIDES by 1 − p"),
    (_forward(scale="1"), solution_dropout_backward, "must be divided by 1 − p while training"),
    (_forward(inference="x(1-p)"), solution_dropout_backward, "weight scaling, deck 001"),
    (_forward(inference="x/(1-p)"), solution_dropout_backward, "scales only during training"),
    (_forward(mask_out="scaled"), solution_dropout_backward, "keep the 1/(1 − p) scale out of it"),
    (_forward(source="np.random"), solution_dropout_backward, "draw the mask from the rng"),
    (solution_dropout_forward, _backward("new mask"), "drew a new mask"),
    (solution_dropout_forward, _backward("1-p"), "backward multiplies by 1 − p"),
    (solution_dropout_forward, _backward("no scale"), "is in the derivative too"),
    (solution_dropout_forward, _backward("no mask"), "the dropped units got a gradient"),
    (solution_dropout_forward, _backward("identity"), "passed dy through unchanged"),
    (solution_dropout_forward, _backward("1/p"), "not by p"),
])
def test_dropout_forward_backward_names_each_slip(forward, backward, words):
    result = checks.dropout_forward_backward.evaluate(forward, backward)
    assert not result.passed and words in result.message, result.message
    assert "Traceback" not in result.message


def test_dropout_forward_backward_passes_the_solution_and_reports_stubs():
    result = checks.dropout_forward_backward.evaluate(solution_dropout_forward, solution_dropout_backward)
    assert result.passed and "finite differences" in result.message
    float_mask = checks.dropout_forward_backward.evaluate(
        lambda x, p, rng, train=True: (lambda y, m: (y, m.astype(float)))(*solution_dropout_forward(x, p, rng, train))
        if train else (x, None), solution_dropout_backward)
    assert float_mask.passed, float_mask.message

    def stub(*args, **kwargs):
        raise NotImplementedError  # your code here

    for pair in [(stub, stub), (solution_dropout_forward, stub)]:
        result = checks.dropout_forward_backward.evaluate(*pair)
        assert not result.passed and "not done yet" in result.message

    def broken(*args, **kwargs):
        raise KeyError("oops")

    result = checks.dropout_forward_backward.evaluate(solution_dropout_forward, broken)
    assert not result.passed and "your function raised KeyError" in result.message


def solution_exact_expectation(a, w, drop_prob):
    total = 0.0
    for bits in itertools.product([0, 1], repeat=len(a)):
        m = np.array(bits)
        probability = (1 - drop_prob) ** m.sum() * drop_prob ** (len(m) - m.sum())
        total += probability * max(0.0, np.sum(w * a * m) / (1 - drop_prob))
    return total


def solution_weight_scaling(x, W, b, keep_prob):
    return x @ (keep_prob * W) + b


@pytest.mark.parametrize("exercise, solution", [
    (checks.exact_dropout_expectation, solution_exact_expectation),
    (checks.weight_scaling_inference, solution_weight_scaling),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)


def test_dropout_explorer_figures_state_their_settings():
    ex = explorers.dropout_conventions(drop_prob=0.7, output="relu")
    assert all("p = 0.70, ReLU(z)" in ax.get_title() for ax in ex.axes)
    ex = explorers.dropout_ensemble(drop_prob=0.2, k=5)
    assert "p = 0.2" in ex.axes[0].get_title() and ex.axes[2].get_title().startswith("k = 5;")


# ----------------------------------------------------------------------------------------------------
# Other noise, max-norm, fixed n vs fixed (1 − p)·n (section 5 of notebook 09)
# ----------------------------------------------------------------------------------------------------


def test_smoothed_cross_entropy_gradient_and_eps_zero():
    from course_lib.losses import softmax_cross_entropy
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    assert np.allclose(de.smoothed_cross_entropy(z, y, 0.0)[0], softmax_cross_entropy(z, y)[0])
    loss, grad = de.smoothed_cross_entropy(z, y, 0.2)
    h, numeric = 1e-6, np.zeros_like(z)
    for i in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[i] += h
        zm[i] -= h
        numeric[i] = (de.smoothed_cross_entropy(zp, y, 0.2)[0] - de.smoothed_cross_entropy(zm, y, 0.2)[0]) / (2 * h)
    assert np.allclose(grad, numeric, atol=1e-8)
    # by hand: K = 2, z = 0: p = (½, ½) whatever the targets, so the loss is ln 2
    assert np.isclose(de.smoothed_cross_entropy(np.zeros((1, 2)), np.array([0]), 0.2)[0], np.log(2))


def test_clip_column_norms_caps_only_long_columns():
    W = np.array([[3.0, 0.3], [4.0, 0.4]])            # column norms 5 and 0.5
    de.clip_column_norms(W, 1.0)
    assert np.allclose(W, [[0.6, 0.3], [0.8, 0.4]])


def test_train_regularized_is_reproducible_and_validates():
    data = de._noisy_moons(0)
    a = de.train_regularized(data, epochs=3, weight_noise=0.2, seed=0)
    b = de.train_regularized(data, epochs=3, weight_noise=0.2, seed=0)
    assert np.array_equal(a, b) and a.shape == (3,)
    with pytest.raises(ValueError, match="label_smoothing"):
        de.train_regularized(data, epochs=1, label_smoothing=1.5)


def test_regularizer_study_matches_the_notebook_claims():
    study = de.regularizer_study(seeds=(0, 1, 2))
    none = study["none"]
    assert f"{none['last'].mean():.2f}" == "0.76" and f"{none['lowest'].mean():.2f}" == "0.35"
    for name, row in study.items():
        if name != "none":
            assert row["last"].mean() < none["last"].mean(), name              # every one ends lower
        assert 0.275 <= row["lowest"].mean() < 0.355, name                      # lowest: 0.28–0.35
    spread = {name: np.ptp(row["last"]) for name, row in study.items()}
    means = {name: row["last"].mean() for name, row in study.items()}
    low_two = {"input noise σ = 0.2", "label smoothing ε = 0.2"}
    assert set(sorted(means, key=means.get)[:2]) == low_two                     # end lowest
    assert set(sorted(spread, key=spread.get)[:2]) == low_two                   # vary least


def test_fixed_n_study_matches_the_notebook_claims():
    study = de.fixed_n_study(drop_probs=(0.5, 0.8), n=8)
    assert study["units"] == {0.5: 16, 0.8: 40}
    assert np.all(study["fixed n"][0.8] > study["fixed (1-p)n"][0.8])          # every seed
    narrow, wide = study["fixed n"][0.5], study["fixed (1-p)n"][0.5]
    assert abs(narrow.mean() - wide.mean()) < max(np.ptp(narrow), np.ptp(wide))   # within the spread


def test_regularizer_study_does_not_move_when_the_data_are_nudged(monkeypatch):
    original = de._noisy_moons

    def nudged(seed, **kwargs):
        X, y, X_val, y_val = original(seed, **kwargs)
        return X * (1 + 1e-12), y, X_val, y_val

    before = de.regularizer_study(seeds=(0, 1, 2))
    monkeypatch.setattr(de, "_noisy_moons", nudged)
    after = de.regularizer_study.__wrapped__(seeds=(0, 1, 2))
    for name in before:
        for key in ("last", "lowest"):
            assert np.array_equal(np.round(before[name][key], 2), np.round(after[name][key], 2))


# ----------------------------------------------------------------------------------------------------
# Every visible text goes through course_lib.i18n.tr
# ----------------------------------------------------------------------------------------------------

MATH = ("ReLU(z)", "1/√k")          # function names and formulas: the same in every language


def test_untranslated_finds_words_outside_the_marks():
    assert untranslated("⟪p = {p}⟫ done") == ["⟪p = {p}⟫ done"] and untranslated("⟪a ⟪b⟫ c⟫, k = 1") == []
    assert untranslated("ReLU(z) ≥ 0") == ["ReLU(z) ≥ 0"] and untranslated("⟪mean of⟫ ReLU(z)", ignore=MATH) == []


def test_every_text_shown_is_translated(marked_language):
    shown = []
    for ex in (explorers.dropout_conventions(output="relu"), explorers.dropout_ensemble(place="hidden")):
        for control in ex.controls.values():           # a second draw updates the texts in place
            control.value = control_values(control, 2)[-1]
        shown.append(ex)
    ax = Figure().subplots(1, 2)
    runs = de.with_without_study()
    figures.plot_dropout_curves(ax[0], runs)
    figures.plot_activation_histograms(ax[1], {name: run["activations"] for name, run in runs.items()})
    shown.append(ax)
    study = de.ensemble_study()
    rng = np.random.default_rng(0)
    shown += [figures.report_dropout_layer(np.ones((1, 3)), np.ones((1, 3)), rng.random((4, 3))),
              figures.report_convention("inverted", 1.0, 1.0, 1.0, 1.0), figures.report_ensemble_errors(study),
              figures.report_hidden_place(study), figures.report_with_without(runs), figures.report_seed(1, runs),
              figures.report_regularizers(de.regularizer_study()), figures.report_fixed_n(de.fixed_n_study())]
    for forward, backward in ((_forward(keep="p"), solution_dropout_backward), (_forward(scale="1"), None),
                              (solution_dropout_forward, lambda dy, mask, p: dy),
                              (solution_dropout_forward, solution_dropout_backward)):
        shown.append(checks.dropout_forward_backward.evaluate(forward, backward or solution_dropout_backward).message)
    missed = untranslated(*shown, ignore=MATH)
    assert shown and not missed, "\n".join(map(repr, missed))
