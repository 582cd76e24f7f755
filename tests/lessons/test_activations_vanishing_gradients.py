"""Notebook 03: activations, saturation, and gradients in a deep MLP (compute, draw, wire, checks)."""

import warnings

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import activations, losses
from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.layers import Activation, Dense
from course_lib.lessons.activations_vanishing_gradients import checks, explorers
from course_lib.lessons.activations_vanishing_gradients import compute as vanishing
from course_lib.lessons.activations_vanishing_gradients import figures as plots
from course_lib.model import Sequential


def _net(depth=3, width=5, d_in=4, n=6, scale=1.0, seed=0):
    rng = np.random.default_rng(seed)
    X, y = vanishing.random_batch(n, d_in, rng)
    return X, y, vanishing.gaussian_weights(depth, width, d_in, scale, rng)


# ---------------------------------------------------------------------------------------------- compute


@pytest.mark.parametrize("name", vanishing.NAMES)
def test_curves_are_the_package_activations(name):
    z = np.linspace(-4, 4, 9)
    f, df = vanishing.activation_curves(name, z)
    np.testing.assert_array_equal(f, activations.ACTIVATIONS[name][0](z))
    np.testing.assert_array_equal(df, activations.ACTIVATIONS[name][1](z))
    np.testing.assert_array_equal(vanishing.saturated(name, z, 0.1), np.abs(df) < 0.1)


def test_saturation_intervals_match_hand_solutions():
    # sigmoid: σ(1 − σ) = 0.1 → σ = (1 − √0.6)/2 → z = ln(σ/(1 − σ)) = ln((1 − √0.6)/(1 + √0.6)) ≈ −2.0634
    z_sig = np.log((1 - np.sqrt(0.6)) / (1 + np.sqrt(0.6)))
    (a, b), (c, d) = vanishing.saturation_intervals("sigmoid", 0.1)
    assert (a, d) == (-6.0, 6.0)
    assert b == pytest.approx(z_sig, abs=1e-3) and c == pytest.approx(-z_sig, abs=1e-3)
    # tanh: 1 − tanh² = 0.1 → z = artanh(√0.9) ≈ 1.8184
    (_, b), (c, _) = vanishing.saturation_intervals("tanh", 0.1)
    assert -b == pytest.approx(np.arctanh(np.sqrt(0.9)), abs=1e-3) and c == pytest.approx(-b, abs=1e-9)
    # ELU: eᶻ = 0.1 → z = ln 0.1 ≈ −2.3026, one interval on the negative side only
    [(a, b)] = vanishing.saturation_intervals("elu", 0.1)
    assert a == -6.0 and b == pytest.approx(np.log(0.1), abs=1e-3)
    # ReLU: f' = 0 for z ≤ 0, 1 after: saturated up to 0
    [(a, b)] = vanishing.saturation_intervals("relu", 0.5)
    assert a == -6.0 and abs(b) < 1e-3
    assert vanishing.saturation_intervals("relu", 0.0) == []            # |f'| < 0 nowhere


def _dense_with(W):
    """A course_lib Dense layer whose weights are W (and biases 0)."""
    return Dense(*W.shape, init=lambda shape, rng: W.copy(), rng=np.random.default_rng(0))


def test_forward_backward_agrees_with_sequential():
    X, y, weights = _net(depth=3, width=5, d_in=4, n=6)
    for name in ("tanh", "relu", "sigmoid"):
        out = vanishing.forward_backward(X, y, weights, name)
        layers = []
        for W in weights[:-1]:
            layers += [_dense_with(W), Activation(name)]
        model = Sequential(layers + [_dense_with(weights[-1])])
        loss, dlogits = losses.softmax_cross_entropy(model.forward(X), y)
        model.backward(dlogits)
        assert out["loss"] == pytest.approx(loss, rel=1e-12)
        dense = [layer for layer in model.layers if isinstance(layer, Dense)]
        for mine, layer in zip(out["grad_W"], dense[:-1]):
            np.testing.assert_allclose(mine, layer.grads["W"], rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "elu", "swish", "softplus"])
def test_weight_gradients_match_finite_differences(name):
    X, y, weights = _net(depth=3, width=4, d_in=3, n=5, seed=1)
    grads = vanishing.forward_backward(X, y, weights, name)["grad_W"]
    for l in range(3):
        def loss(_):
            return vanishing.forward_backward(X, y, weights, name, weight_grads=False)["loss"]
        assert rel_error(grads[l], numerical_gradient(loss, weights[l])) < 1e-6


def test_delta_recursion_and_the_quarter_bound():
    """δˡ = σ'(zˡ) ⊙ (δˡ⁺¹ Wˡ⁺¹ᵀ) with σ' ≤ 1/4, so ‖δˡ‖ ≤ ¼·‖Wˡ⁺¹‖₂·‖δˡ⁺¹‖ for every layer (an inequality)."""
    X, y, weights = _net(depth=12, width=16, d_in=16, n=32)
    out = vanishing.forward_backward(X, y, weights, "sigmoid")
    deltas = out["delta"]
    for l in range(len(deltas) - 1):
        bound = 0.25 * np.linalg.norm(weights[l + 1], 2) * np.linalg.norm(deltas[l + 1])
        assert np.linalg.norm(deltas[l]) <= bound * (1 + 1e-12)


def test_sigmoid_gradient_shrinks_about_fourfold_per_layer():
    # LeCun-scaled sigmoid net: fan_in·Var(W) = 1 and σ'(z) ≈ 0.23 for small z, so each layer back multiplies
    # ‖δ‖ by roughly √(E[σ'(z)²]) ≈ 0.23 (measured here: a geometric mean between 0.18 and 0.3).
    stats = vanishing.gradient_profile(30, "sigmoid", 1.0, np.random.default_rng(0))
    per_layer = (stats["delta_norm"][0] / stats["delta_norm"][-1]) ** (1 / 29)
    assert 0.18 < per_layer < 0.3
    assert vanishing.max_sigmoid_slope_product(3) == 0.25 * 0.25 * 0.25


def _slow_per_layer_factor(X, y, weights, s, which):
    """The per-layer factor recomputed independently: a plain loop with np.linalg.norm, no course_lib code."""
    a, zs, acts = X, [], [X]
    for W in weights[:-1]:
        zs.append(a @ (s * W))
        a = 1 / (1 + np.exp(-zs[-1]))
        acts.append(a)
    p = np.exp(a @ (s * weights[-1]) - (a @ (s * weights[-1])).max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    g = p / len(y) @ (s * weights[-1]).T
    norms = []
    for l in range(len(zs) - 1, -1, -1):
        sig = 1 / (1 + np.exp(-zs[l]))
        delta = sig * (1 - sig) * g
        norms.append(np.linalg.norm(delta if which == "delta" else acts[l].T @ delta))
        g = delta @ (s * weights[l]).T
    return (norms[-1] / norms[0]) ** (1 / (len(zs) - 1))


def test_scale_sweep_recomputed_larger_weights_rescue_the_sigmoid_gradient_by_saturating():
    """Issue 15.1: with 20 layers of width 64, the per-layer factor of the weight gradients rises with the scale
    s (0.23, 0.39, 0.58, 0.82, 1.00 on average over 5 nets for s = 1, 2, 4, 8, 12) while the saturated fraction
    rises too; every factor stays below the spectral bound ¼·‖W‖₂ ≈ s/2, which (1/4)^(L−1) alone is not."""
    scales = (1.0, 2.0, 4.0, 8.0, 12.0)
    sweep = vanishing.scale_sweep(scales, [np.random.default_rng(k) for k in range(5)])
    for k in range(5):                                   # recompute each net's factors independently
        rng = np.random.default_rng(k)
        X, y = vanishing.random_batch(128, 64, rng)
        weights = vanishing.gaussian_weights(20, 64, 64, 1.0, rng)
        for i, s in enumerate(scales):
            for which, key in (("delta", "delta_factor"), ("grad", "grad_factor")):
                assert sweep[key][i, k] == pytest.approx(_slow_per_layer_factor(X, y, weights, s, which), rel=1e-9)
            norms = [np.linalg.norm(s * W, 2) for W in weights[1:20]]
            assert sweep["bound"][i, k] == pytest.approx(0.25 * np.prod(norms) ** (1 / 19), rel=1e-9)
    grad = sweep["grad_factor"].mean(axis=1)
    np.testing.assert_allclose(grad, [0.23, 0.39, 0.58, 0.82, 1.00], atol=0.005)     # the notebook's table
    assert np.all(np.diff(grad) > 0.1)                              # larger weights: much less vanishing
    assert np.all(np.diff(sweep["saturated"].mean(axis=1)) > 0.05)   # … bought with saturation
    assert sweep["saturated"][0].max() < 0.01 and sweep["saturated"][-1].min() > 0.75
    assert np.all(sweep["delta_factor"] <= sweep["bound"])          # the spectral bound holds for every net
    assert np.all(sweep["delta_factor"][0] < 0.25)                  # at s = 1 the typical factor is just under ¼,
    assert np.all(sweep["bound"][0] > 0.48)                         # while the bound allows about ½ (‖W‖₂ ≈ 2)
    assert np.all(sweep["delta_factor"][-1] > 1)                    # at s = 12 the gradient already grows


def test_scale_sweep_rejects_bad_arguments():
    rng = [np.random.default_rng(0)]
    with pytest.raises(ValueError, match="scales"):
        vanishing.scale_sweep([1.0, -2.0], rng, depth=3, width=4, n_samples=5)
    with pytest.raises(ValueError, match="activation"):
        vanishing.scale_sweep([1.0], rng, activation="relu")
    with pytest.raises(ValueError, match="depth"):
        vanishing.scale_sweep([1.0], rng, depth=1)


def test_explorer_net_is_the_notebook_net():
    """Issue 15.6: the explorer's default figure and section 3 of notebook 03 show the same sigmoid ratio."""
    vanishing.explorer_statistics.cache_clear()
    for depth, name, s in ((20, "sigmoid", 1.0), (7, "relu", 3.0)):
        mine = vanishing.explorer_statistics(depth, name, s)
        theirs = vanishing.gradient_profile(depth, name, s, np.random.default_rng(vanishing.EXPLORER_SEED))
        np.testing.assert_array_equal(mine["grad_norm"], theirs["grad_norm"])
    g = vanishing.explorer_statistics(20, "sigmoid", 1.0)["grad_norm"]
    assert f"{g[0] / g[-1]:.1e}" == "1.9e-12"
    net_rng = np.random.default_rng(0)                     # exercise 2's solution, on the same net
    X, y = vanishing.random_batch(128, 64, net_rng)
    grads = vanishing.forward_backward(X, y, vanishing.gaussian_weights(20, 64, 64, 1.0, net_rng), "sigmoid")["grad_W"]
    assert f"{_solution_gradient_norm_ratio(grads):.1e}" == "1.9e-12"


def test_relu_he_keeps_gradients_level_and_scale_moves_them_together():
    rng_stats = {s: vanishing.gradient_profile(30, "relu", s, np.random.default_rng(0)) for s in (1.0, np.sqrt(2), 3.0)}
    he = rng_stats[np.sqrt(2)]["grad_norm"]
    assert 0.05 < he.min() and he.max() < 20                           # no vanishing, no exploding
    # ReLU is positively homogeneous: scaling every W by c scales a^{l−1} by c^{l−1} and δ^l by c^{L−l+1}
    # (and the softmax gradient changes), so the layer profile keeps its shape only roughly; the level moves
    # by orders of magnitude: c = 3/√2 per layer over 30 layers.
    assert rng_stats[3.0]["grad_norm"].min() > 1e6 * he.max()
    assert rng_stats[1.0]["grad_norm"].max() < 1e-3 * he.min()


def test_frobenius_norms_survive_huge_and_special_values():
    A = np.full((2, 2), 1e200)                               # Σ A² overflows, the norm 2e200 does not
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        norms = vanishing.frobenius_norms([A, np.zeros((2, 2)), np.array([[3.0, 4.0]]),
                                           np.array([[np.inf, 1.0]]), np.array([[np.nan, 1.0]])])
    np.testing.assert_allclose(norms[:3], [2e200, 0.0, 5.0])
    assert norms[3] == np.inf and np.isnan(norms[4])


def test_dead_fraction_and_histograms_by_hand():
    a = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])       # unit 0 dead, units 1 and 2 alive → 1/3
    assert vanishing.dead_fraction(a) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="a must have shape"):
        vanishing.dead_fraction(np.zeros(3))
    # range (0, 1) in 4 bins: 0.1 → bin 0, 0.3 → bin 1, 0.99 → bin 3, −5 → clipped into bin 0, 7 → bin 3
    H = vanishing.layer_histograms([np.array([[0.1, 0.3], [0.99, -5.0]]), np.array([[7.0, np.inf]])], (0, 1), bins=4)
    np.testing.assert_allclose(H, [[0.5, 0.25, 0, 0.25], [0, 0, 0, 0.5]])
    with pytest.raises(ValueError, match="value_range"):
        vanishing.layer_histograms([a], (1, 0))


def test_dead_units_grow_with_depth_in_a_relu_net():
    stats = vanishing.gradient_profile(50, "relu", np.sqrt(2), np.random.default_rng(0))
    assert stats["dead"][0] == 0 and stats["dead"][-10:].mean() > 0.2
    # about half of the z are < 0, where relu' = 0 (per layer it wanders: the samples' z become correlated)
    assert 0.4 < stats["saturated"].mean() < 0.6 and np.all(stats["saturated"] > 0.2)
    tanh = vanishing.gradient_profile(50, "tanh", 1.0, np.random.default_rng(0))
    assert np.all(tanh["dead"] == 0)                         # tanh outputs 0 only at z = 0 exactly


@pytest.mark.parametrize("name", vanishing.NAMES)
def test_whole_slider_grid_is_warning_free(name):
    X, y, weights = vanishing.explorer_net()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for depth in (2, 50):
            for scale in (0.1, 1.0, 10.0):
                scaled = [scale * W for W in weights[:depth]] + [scale * weights[-1]]
                stats = vanishing.deep_net_statistics(X, y, scaled, name)
                assert stats["grad_norm"].shape == (depth,) and stats["hist"].shape == (depth, 41)
                assert np.all(np.isfinite(stats["grad_norm"])) and np.all(stats["grad_norm"] >= 0)
                np.testing.assert_allclose(stats["hist"].sum(axis=1), 1.0)
                assert np.all((0 <= stats["dead"]) & (stats["dead"] <= 1))


def test_overflow_beyond_the_slider_is_quiet_and_visible():
    X, y, weights = vanishing.explorer_net()
    huge = [1e8 * W for W in weights[:40]] + [1e8 * weights[-1]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stats = vanishing.deep_net_statistics(X, y, huge, "relu")
    assert not np.all(np.isfinite(stats["grad_norm"]))
    assert np.isnan(vanishing.log_safe(stats["grad_norm"])).any()


def test_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="activation must be one of"):
        vanishing.activation_curves("sigmoidal", np.zeros(2))
    with pytest.raises(ValueError, match="threshold must be a number >= 0"):
        vanishing.saturated("relu", np.zeros(2), -1)
    with pytest.raises(ValueError, match="scale must be a number > 0"):
        vanishing.gaussian_weights(3, 4, 4, 0.0, rng)
    with pytest.raises(ValueError, match="depth must be an integer > 0"):
        vanishing.gaussian_weights(0, 4, 4, 1.0, rng)
    with pytest.raises(ValueError, match="n_samples must be an integer > 0"):
        vanishing.random_batch(0, 3, rng)
    with pytest.raises(ValueError, match="weights must hold"):
        vanishing.forward_backward(np.zeros((2, 3)), np.zeros(2, int), [np.zeros((3, 2))], "relu")


# ---------------------------------------------------------------------------------------------- draw


def test_plot_activations_and_derivatives():
    z = np.linspace(-5, 5, 101)
    lines = plots.plot_activations(Figure().subplots(), z, ["sigmoid", "relu"])
    np.testing.assert_array_equal(lines[1].get_ydata(), np.maximum(z, 0))
    ax = Figure().subplots()
    handles = plots.plot_derivatives(ax, z, ["tanh", "elu"], threshold=0.1)
    np.testing.assert_allclose(handles["lines"][0].get_ydata(), 1 - np.tanh(z) ** 2)
    assert len(handles["shades"]) == 2 and [line.get_ydata()[0] for line in handles["threshold"]] == [0.1, -0.1]
    assert "0.1" in ax.get_title()


def test_plot_activation_gallery_uses_one_panel_each():
    axes = Figure().subplots(2, 5)
    plots.plot_activation_gallery(axes, np.linspace(-5, 5, 51), vanishing.NAMES)
    flat = axes.ravel()
    assert [ax.get_title() for ax in flat[:8]] == list(vanishing.NAMES)
    assert all(len(ax.collections) == 1 for ax in flat[:8]) and not flat[9].axison
    with pytest.raises(ValueError, match="axes: need at least 8"):
        plots.plot_activation_gallery(Figure().subplots(1, 2), np.zeros(3), vanishing.NAMES)


def test_plot_gradient_norms_hides_what_a_log_axis_cannot_show():
    ax = Figure().subplots()
    lines = plots.plot_gradient_norms(ax, np.array([1e-3, 0.0, np.inf, 2.0]), delta_norm=np.array([1.0, 2.0, 3.0, 4.0]))
    y = lines["grad_norm"].get_ydata()
    assert y[0] == 1e-3 and np.isnan(y[1]) and np.isnan(y[2]) and ax.get_yscale() == "log"
    np.testing.assert_array_equal(lines["delta_norm"].get_ydata(), [1, 2, 3, 4])
    assert ax.get_legend() is not None
    ax = Figure().subplots()
    lines = plots.plot_gradient_comparison(ax, {"sigmoid": np.ones(4), "relu": np.ones(4)},
                                           title={"depth": 4, "width": 8, "scale": 1.0, "seed": 0})
    assert list(lines) == ["sigmoid", "relu"] and [t.get_text() for t in ax.get_legend().get_texts()] == list(lines)
    assert ax.get_title() == "4 layers of 8 units, s = 1.0, seed 0"


def test_plot_histograms_and_dead_fraction():
    hist = np.array([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]])
    image = plots.plot_layer_histograms(Figure().subplots(), hist, np.array([0.0, 1.0, 2.0, 3.0]))
    assert image.get_array().shape == (3, 2)
    assert image.get_extent() == [0.5, 2.5, 0.0, 3.0] and image.get_array().mask[2, 0]
    ax = Figure().subplots()
    lines = plots.plot_dead_fraction(ax, np.array([0.0, 0.5]), np.array([0.5, 0.25]), threshold=0.1)
    np.testing.assert_array_equal(lines["saturated"].get_ydata(), [0.5, 0.25])
    assert "|f'(z)| < 0.1" in [t.get_text() for t in ax.get_legend().get_texts()][1]


def test_activation_explorer_figure_updates_in_place():
    """Layer 2: plot_activation_explorer, then update_activation_explorer moves the same lines to new data."""
    fig = Figure()
    axes = fig.subplots(1, 2)
    handles = plots.plot_activation_explorer(fig, axes, ["sigmoid"], 0.1)
    (f_line, df_line), (second, _) = handles.slots
    assert not second.get_visible() and handles.title.get_text() == "sigmoid, saturation threshold 0.10"
    plots.update_activation_explorer(handles, ["tanh", "relu"], 0.25)
    assert handles.slots[0] == (f_line, df_line)                          # the same artists, moved
    np.testing.assert_allclose(f_line.get_ydata(), np.tanh(vanishing.EXPLORER_Z))
    np.testing.assert_allclose(handles.slots[1][1].get_ydata(), vanishing.EXPLORER_Z > 0)
    assert second.get_visible() and [line.get_ydata()[0] for line in handles.threshold_lines] == [0.25, -0.25]
    assert [t.get_text() for t in handles.legend.get_texts()] == ["tanh: z < −1.32, z > 1.32", "relu: z < 0.00"]
    assert len(handles.shades) == 2 and "0.25" in axes[1].get_title()
    assert handles.title.get_text() == "tanh vs relu, saturation threshold 0.25"


def test_deep_net_figure_updates_in_place():
    """Layer 2: plot_deep_net, then update_deep_net shows another net's numbers on the same artists."""
    fig = Figure()
    axes = fig.subplots(1, 3)
    first = vanishing.explorer_statistics(5, "tanh", 1.0)
    handles = plots.plot_deep_net(fig, axes, first, 0.1)
    stats = vanishing.explorer_statistics(8, "relu", 2.0)
    settings = {"activation": "relu", "depth": 8, "width": 64, "scale": 2.0, "samples": 128, "seed": 0}
    plots.update_deep_net(handles, stats, settings)
    np.testing.assert_array_equal(handles.lines["grad_norm"].get_ydata(), stats["grad_norm"])
    np.testing.assert_array_equal(handles.lines["dead"].get_xdata(), np.arange(1, 9))
    np.testing.assert_array_equal(handles.lines["saturated"].get_ydata(), stats["saturated"])
    np.testing.assert_array_equal(handles.image.get_array(), np.ma.masked_less_equal(stats["hist"].T, 0))
    assert handles.image.get_extent()[:2] == [0.5, 8.5] and axes[2].get_xlim() == (0.5, 8.5)
    ratio = stats["grad_norm"][0] / stats["grad_norm"][-1]
    assert axes[0].get_title() == f"‖∂L/∂W¹‖ / ‖∂L/∂W⁸‖ = {ratio:.1e}"
    assert handles.legend.get_title().get_text().startswith("relu, 8 layers of 64 units, weight scale s = 2")
    low, high = axes[0].get_ylim()
    assert low < stats["grad_norm"].min() and stats["grad_norm"].max() < high


# ---------------------------------------------------------------------------------------------- wire


def test_activation_explorer_moves_every_control():
    ex = explorers.activation_functions()
    drive_each_control(ex, n=3)
    handles = ex.artists["handles"]
    np.testing.assert_allclose(handles.slots[0][1].get_ydata(), activations.sigmoid_grad(vanishing.EXPLORER_Z))
    assert "saturated where" in handles.legend.get_title().get_text()


def test_activation_explorer_presets_and_hide():
    ex = explorers.activation_functions(activation="elu", compare_with="none", threshold=0.2, hide=("threshold",))
    assert ex.values == {"activation": "elu", "compare_with": "none", "threshold": 0.2}
    assert [f.get_visible() for f, _ in ex.artists["handles"].slots] == [True, False]
    assert "elu: z < −1.61" in [t.get_text() for t in ex.axes[1].get_legend().get_texts()]   # ln 0.2 = −1.609
    with pytest.raises(ValueError, match="activation must be one of"):
        explorers.activation_functions(activation="gelu")
    with pytest.raises(ValueError, match=r"threshold must be in \[0.01, 0.5\]"):
        explorers.activation_functions(threshold=0.9)


def test_vanishing_explorer_over_its_controls_and_the_important_pairs():
    ex = explorers.vanishing_gradients()
    drive_each_control(ex, n=3)
    drive_grid(ex, ["activation", "scale"], n=2)          # every activation at both ends of the scale


def test_vanishing_explorer_messages():
    ex = explorers.vanishing_gradients(activation="sigmoid", depth=30, scale=1.0)
    assert ex.messages and ex.messages[0].startswith("vanishing gradients")
    ex = explorers.vanishing_gradients(activation="relu", depth=50, scale=10.0, hide=("activation",))
    assert ex.messages and ex.messages[0].startswith("exploding gradients")
    assert len([t for t in ex.axes[0].texts if t.get_visible()]) == 1      # old messages are removed
    ex.controls["scale"].value = float(np.sqrt(2))
    assert not ex.messages and not ex.axes[0].texts
    def message(grad_norm):
        return plots.gradient_message(vanishing.gradient_problem(np.array(grad_norm)))

    assert message([np.inf, 1.0]).startswith("overflow: numbers beyond the float64 range in 1 of 2 layers")
    assert message([0.0, 0.0, 1.0]).startswith("underflow: the gradient is exactly 0 in layers 1–2")
    assert message([0.1, 1.0]) is None
    assert message([1e-6, 1.0]) == "vanishing gradients: ‖∂L/∂Wˡ‖ down to 1e-06"
    assert message([1e5, 1.0]) == "exploding gradients: ‖∂L/∂Wˡ‖ up to 1e+05"
    assert_figure_ok(ex)


def test_vanishing_explorer_draws_only_finite_numbers_with_a_message(monkeypatch):
    real = vanishing.explorer_statistics

    def overflowing(depth, activation, scale):
        stats = dict(real(depth, activation, scale))
        stats["grad_norm"] = stats["grad_norm"].copy()
        stats["grad_norm"][: depth // 2] = np.inf
        return stats

    monkeypatch.setattr(vanishing, "explorer_statistics", overflowing)
    ex = explorers.vanishing_gradients(depth=10)
    assert ex.messages[0].startswith("overflow: numbers beyond the float64 range in 5 of 10 layers")
    assert np.isnan(ex.axes[0].lines[0].get_ydata()[:5]).all()
    assert_figure_ok(ex)


def test_vanishing_explorer_bad_presets():
    with pytest.raises(ValueError, match=r"depth must be in \[2, 50\]"):
        explorers.vanishing_gradients(depth=60)
    with pytest.raises(ValueError, match=r"scale must be in \[0.1, 10\]"):
        explorers.vanishing_gradients(scale=20.0)
    with pytest.raises(ValueError, match="unknown setting 'width'"):
        explorers.vanishing_gradients(width=3)


# ---------------------------------------------------------------------------------------------- checks


def _solution_dead_fraction(a):
    dead = np.all(a == 0, axis=0)          # True for a unit (column) that is 0 on every sample (row)
    return float(dead.mean())


def _solution_gradient_norm_ratio(grads):
    return float(np.linalg.norm(grads[0]) / np.linalg.norm(grads[-1]))


@pytest.mark.parametrize("exercise, solution", [
    (checks.dead_fraction, _solution_dead_fraction),
    (checks.gradient_norm_ratio, _solution_gradient_norm_ratio),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)


def test_unlisted_slips_get_a_sentence_not_an_array_dump():
    """Issue 15.15: when no listed misconception matches, the message names what differs, in words."""
    def per_unit_count(a):
        return np.all(np.asarray(a) == 0, axis=0).astype(int) * 2

    def right_on_one_layer_only(a):
        return 0.4

    message = checks.dead_fraction.evaluate(per_unit_count).message
    assert "return one number" in message and "shape (5,)" in message and "[" not in message
    message = checks.dead_fraction.evaluate(right_on_one_layer_only).message    # generic, not contradictory
    assert "expected" in message and "gives 0.4" not in message


def test_explorer_figures_state_their_settings():
    """Issue 15.14: the stored image of each explorer says what it shows."""
    explorer = explorers.activation_functions(activation="relu", compare_with="none")
    assert explorer.artists["handles"].title.get_text() == "relu, saturation threshold 0.10"
    explorer.controls["compare_with"].value = "tanh"
    assert explorer.artists["handles"].title.get_text() == "relu vs tanh, saturation threshold 0.10"
    explorer = explorers.vanishing_gradients(activation="relu", scale=3.0, depth=40)
    assert explorer.artists["handles"].legend.get_title().get_text() == \
        "relu, 40 layers of 64 units, weight scale s = 3, 128 random samples (seed 0)"


# ------------------------------------------------------- wave 2: gradient norms exercise, zero-centred outputs


def _notebook_norms_solution(X, y, weights):     # notebook 03's collapsed solution, verbatim
    from course_lib import losses
    hidden, W_out = weights[:-1], weights[-1]
    acts = [X]
    for W in hidden:
        acts.append(1 / (1 + np.exp(-(acts[-1] @ W))))
    _, dlogits = losses.softmax_cross_entropy(acts[-1] @ W_out, y)
    g = dlogits @ W_out.T
    norms = np.zeros(len(hidden))
    for l in range(len(hidden) - 1, -1, -1):
        a = acts[l + 1]
        delta = a * (1 - a) * g
        norms[l] = np.linalg.norm(acts[l].T @ delta)
        g = delta @ hidden[l].T
    return norms


def test_weight_gradient_norms_check():
    assert_exercise_verdicts(checks.weight_gradient_norms, _notebook_norms_solution)
    ex = checks.weight_gradient_norms
    first_off = ex.evaluate(lambda X, y, w: _notebook_norms_solution(X, y, w) * np.r_[1.01, np.ones(len(w) - 2)])
    assert "the norms of layer(s) 1 differ" in first_off.message
    assert "shape (3,)" in ex.evaluate(lambda X, y, w: _notebook_norms_solution(X, y, w)[:1]).message


def test_weight_gradient_norms_finite_differences():
    rng = np.random.default_rng(4)
    X, y = vanishing.random_batch(5, 3, rng, n_classes=3)
    weights = vanishing.gaussian_weights(2, 3, 3, 1.5, rng, n_classes=3)
    grads = vanishing.forward_backward(X, y, weights, "sigmoid")["grad_W"]
    eps = 1e-6
    for l in range(2):
        numeric = np.zeros_like(weights[l])
        for idx in np.ndindex(weights[l].shape):
            old = weights[l][idx]
            weights[l][idx] = old + eps
            up = vanishing.forward_backward(X, y, weights, "sigmoid")["loss"]
            weights[l][idx] = old - eps
            down = vanishing.forward_backward(X, y, weights, "sigmoid")["loss"]
            weights[l][idx] = old
            numeric[idx] = (up - down) / (2 * eps)
        np.testing.assert_allclose(grads[l], numeric, rtol=1e-5, atol=1e-10)
    assert np.allclose(_notebook_norms_solution(X, y, weights), vanishing.frobenius_norms(grads))


def test_same_sign_fraction():
    rng = np.random.default_rng(0)               # section 3's net: 20 layers of 64, seed 0
    X, y = vanishing.random_batch(128, 64, rng)
    weights = vanishing.gaussian_weights(20, 64, 64, 1.0, rng)
    sig = vanishing.same_sign_fraction(X, y, weights, "sigmoid")
    tanh = vanishing.same_sign_fraction(X, y, weights, "tanh")
    relu = vanishing.same_sign_fraction(X, y, weights, "relu")
    # layer 1 sees x ~ N(0, 1): mixed signs;  above it, sigmoid and ReLU inputs are ≥ 0, tanh's are not
    assert sig["per_sample"][0] == 0 and np.all(sig["per_sample"][1:] == 1)
    assert np.all(relu["per_sample"][1:] == 1) and np.all(tanh["per_sample"] == 0)
    assert np.all(sig["nonneg_inputs"][1:] == 1) and np.all(np.abs(tanh["nonneg_inputs"] - 0.5) < 0.02)
    # summed over the batch the sigmoid's columns still mostly share a sign, tanh's never
    assert sig["batch"][0] == 0 and sig["batch"][1:].min() == pytest.approx(0.672, abs=1e-3)
    assert np.all(sig["batch"][4:] == 1) and np.all(tanh["batch"] == 0)
    assert relu["batch"][1:].max() == 0.5
    # by hand: inputs (1, 2) and δ = (−1, 3) give gradients of one sign per unit
    a = np.array([[1.0, 2.0]])
    W = [np.eye(2), np.ones((2, 2))]
    out = vanishing.same_sign_fraction(a, np.array([0]), W, "sigmoid")
    assert out["per_sample"][0] == 1 and out["nonneg_inputs"][0] == 1


# ---------------------------------------------------------------------------------------------- translation


_IDENTIFIERS = set(vanishing.NAMES) | {"mathdefault", "times"}    # activation names (option values), mathtext


def test_every_shown_string_goes_through_tr(marked_language):
    ex = explorers.activation_functions(compare_with="tanh")
    ex.controls["compare_with"].value = "none"
    assert not untranslated(ex, ignore=_IDENTIFIERS)
    ex = explorers.vanishing_gradients(activation="relu", depth=50, scale=10.0)       # with a message
    assert ex.messages and not untranslated(ex, ignore=_IDENTIFIERS)
    fig = Figure()
    plots.plot_activation_gallery(fig.subplots(2, 4), np.linspace(-5, 5, 11), vanishing.NAMES)
    stats = vanishing.explorer_statistics(3, "relu", 1.0)
    plots.plot_gradient_comparison(fig.add_subplot(), {"relu": stats["grad_norm"]},
                                   title={"depth": 3, "width": 64, "scale": 1, "seed": 0})
    assert not untranslated(fig, ignore=_IDENTIFIERS)
    sweep = vanishing.scale_sweep([1.0], [np.random.default_rng(0)], depth=3, width=4, n_samples=5)
    fractions = {"relu": vanishing.same_sign_fraction(*_net(), "relu")}
    reports = [plots.report_saturation(["relu"]), plots.report_slope_products([5]),
               plots.report_gradient_ratios({"relu": stats}), plots.report_scale_sweep(sweep),
               plots.report_same_sign(fractions), plots.report_dead_units(stats["dead"], [1], last=2)]
    assert not untranslated(*reports, ignore=_IDENTIFIERS)


def test_check_sentences_go_through_tr(marked_language):
    messages = [checks.dead_fraction.evaluate(lambda a: np.all(np.asarray(a) == 0, axis=0) * 2).message,
                checks.dead_fraction.evaluate(lambda a: 0.3).message,
                checks.weight_gradient_norms.evaluate(lambda X, y, w: np.ones(1)).message,
                checks.weight_gradient_norms.evaluate(lambda X, y, w: _notebook_norms_solution(X, y, w) * 1.5).message]
    for message in messages:                    # the whole verdict is one translated sentence: ⟪✗ name: …⟫
        assert message.startswith("⟪✗ ") and message.endswith("⟫"), message
    assert not untranslated(messages, ignore=_IDENTIFIERS), messages


def test_notebook_tables():
    """The tables the notebook prints (its code cells print no English of their own)."""
    assert plots.report_saturation(["sigmoid", "relu"]).split("\n") == [
        "   sigmoid: |f'(z)| < 0.1 on [-6.00, -2.06], [+2.06, +6.00]", "      relu: |f'(z)| < 0.1 on [-6.00, +0.00]"]
    assert plots.report_slope_products([5]) == \
        "L =  5:  typical (1/4)^(L-1) = 3.9e-03,   bound with ‖W‖₂ = 2: (1/2)^(L-1) = 6.2e-02"
    profile = vanishing.gradient_profile(20, "sigmoid", 1.0, np.random.default_rng(0))
    assert plots.report_gradient_ratios({"sigmoid": profile}) == \
        " sigmoid:  ‖∂L/∂W¹‖ = 2.2e-13,  ‖∂L/∂W²⁰‖ = 1.2e-01,  ratio = 1.9e-12,  per layer 0.24"
    dead = np.linspace(0, 0.45, 10)
    assert plots.report_dead_units(dead, [1, 10], last=3).split("\n") == [
        "layer  1: dead units 0%", "layer 10: dead units 45%", "layers 8-10: between 35% and 45%"]
