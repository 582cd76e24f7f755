"""Notebook 01: one wide layer vs a deep narrow net (compute, draw, explorers, exercises)."""

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid
from matplotlib.figure import Figure

from course_lib import activations, check, widgets
from course_lib.lessons.why_deep_networks import compute as approximation
from course_lib.lessons.why_deep_networks.explorers import _X_FIT, _X_PLOT, MAX_K, MAX_UNITS
from course_lib.lessons.why_deep_networks.figures import (
    plot_error_vs_width,
    plot_fit,
    plot_sawtooth,
    plot_unit_contributions,
    plot_units_needed,
)

X = np.linspace(0.0, 1.0, 2**10 + 1)     # dyadic: the kinks j/2^k of T^k (k ≤ 10) fall on grid points

# ---------------------------------------------------------------------------------------------------- compute


def test_targets_known_values():
    x = np.array([0.0, 0.25, 0.5, 0.75])
    np.testing.assert_allclose(approximation.target("sine", x), [0, 1, 0, -1], atol=1e-12)
    np.testing.assert_allclose(approximation.target("bump", np.array([0.5, 0.6])), [1.0, np.exp(-1)])
    np.testing.assert_array_equal(approximation.target("jump", x), [0, 0, 1, 1])
    chirp = approximation.target("chirp", np.array([0.5, 0.25]))
    np.testing.assert_allclose(chirp, [np.sin(2 * np.pi), np.sin(np.pi / 2)], atol=1e-12)   # sin(8π·x²)
    with pytest.raises(ValueError, match="target must be one of"):
        approximation.target("cosine", x)


@pytest.mark.parametrize("activation", approximation.HIDDEN_ACTIVATIONS)
def test_random_hidden_units_switch_inside_the_interval(activation):
    w, b = approximation.random_hidden_layer(500, np.random.default_rng(0), activation)
    t = -b / w                                       # where each unit's kink / steepest point lies
    assert w.shape == b.shape == (500,)
    assert np.all((t >= 0) & (t <= 1))
    if activation == "relu":
        assert set(np.abs(w)) == {1.0}
    else:                                            # |w| ~ U(10, 30) for steepness 20
        assert 10 <= np.abs(w).min() and np.abs(w).max() <= 30
    assert 0.4 < np.mean(w > 0) < 0.6                # both orientations


def test_random_hidden_layer_is_reproducible_and_validated():
    a = approximation.random_hidden_layer(5, np.random.default_rng(3))
    b = approximation.random_hidden_layer(5, np.random.default_rng(3))
    np.testing.assert_array_equal(a[0], b[0])
    with pytest.raises(ValueError, match="n_units must be an integer > 0"):
        approximation.random_hidden_layer(0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="activation must be one of"):
        approximation.random_hidden_layer(3, np.random.default_rng(0), "elu")


def test_hidden_layer_by_hand():
    x = np.array([0.0, 0.5, 1.0])
    w, b = np.array([1.0, -1.0]), np.array([-0.25, 0.75])
    # unit 0: relu(x − 1/4) = 0, 1/4, 3/4;  unit 1: relu(3/4 − x) = 3/4, 1/4, 0
    np.testing.assert_allclose(approximation.hidden_layer(x, w, b), [[0, 0.75], [0.25, 0.25], [0.75, 0]])


def test_least_squares_output_layer_recovers_exact_weights():
    rng = np.random.default_rng(1)
    w, b = approximation.random_hidden_layer(6, rng)
    H = approximation.hidden_layer(_X_FIT, w, b)
    v_true = rng.normal(size=6)
    v, c = approximation.fit_output_layer(H, H @ v_true + 0.3, ridge=0.0)
    np.testing.assert_allclose(H @ v + c, H @ v_true + 0.3, atol=1e-9)
    v, c = approximation.fit_output_layer(H, H @ v_true + 0.3)          # the default tiny ridge: nearly the same
    np.testing.assert_allclose(H @ v + c, H @ v_true + 0.3, atol=1e-4)


@pytest.mark.parametrize("target", list(approximation.TARGETS))
@pytest.mark.parametrize("activation", approximation.HIDDEN_ACTIVATIONS)
def test_penalised_training_error_never_grows_with_width(target, activation):
    # nested units: a wider layer can give its extra units weight 0, so Σ(ŷ − y)² + λ‖v‖² can only go down
    w, b = approximation.random_hidden_layer(MAX_UNITS, np.random.default_rng(0), activation)
    y = approximation.target(target, _X_FIT)
    H = approximation.hidden_layer(_X_FIT, w, b, activation)
    objective = []
    for n in range(1, MAX_UNITS + 1):
        v, c = approximation.fit_output_layer(H[:, :n], y)
        objective.append(np.sum((H[:, :n] @ v + c - y) ** 2) + 1e-8 * len(y) * np.sum(v**2))
    assert np.all(np.diff(objective) <= 1e-9 * objective[0])
    fits = approximation.one_hidden_layer_fits(_X_FIT, y, w, b, [1, MAX_UNITS], activation)
    errors = approximation.rms_error(fits, y)
    assert errors[-1] < 0.3 * errors[0]


def test_sweep_matches_one_fit_at_a_time():
    w, b = approximation.random_hidden_layer(20, np.random.default_rng(7), "tanh")
    y = approximation.target("chirp", _X_FIT)
    H, H_plot = (approximation.hidden_layer(x, w, b, "tanh") for x in (_X_FIT, _X_PLOT))
    fits = approximation.one_hidden_layer_fits(_X_FIT, y, w, b, [3, 20], "tanh", _X_PLOT)
    for row, n in enumerate([3, 20]):
        v, c = approximation.fit_output_layer(H[:, :n], y)
        np.testing.assert_allclose(fits[row], H_plot[:, :n] @ v + c, atol=1e-8)


@pytest.mark.parametrize("target", ["sine", "bump", "chirp"])
def test_continuous_targets_are_approximated_on_the_dense_grid(target):
    # the universal approximation theorem at work: with 60 ReLU units the error between fit points is small too
    w, b = approximation.random_hidden_layer(MAX_UNITS, np.random.default_rng(0), "relu")
    fits = approximation.one_hidden_layer_fits(_X_FIT, approximation.target(target, _X_FIT), w, b, [5, 60],
                                               "relu", _X_PLOT)
    errors = approximation.rms_error(fits, approximation.target(target, _X_PLOT))
    assert errors[1] < 0.07 and errors[1] < errors[0] / 5


def test_width_out_of_range():
    w, b = approximation.random_hidden_layer(4, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"width must be in \[1, 4\]"):
        approximation.one_hidden_layer_fits(_X_FIT, _X_FIT, w, b, [5])


def test_tent_by_hand():
    x = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(approximation.tent(x), [0.0, 0.5, 1.0, 0.5, 0.0])   # 2x, then 2 − 2x


@pytest.mark.parametrize("k", range(0, 9))
def test_sawtooth_pieces_and_values(k):
    y = approximation.sawtooth(X, k)
    assert approximation.count_linear_pieces(X, y) == 2**k
    # T^k is 0 at even multiples of 1/2^k and 1 at odd ones
    j = np.arange(2**k + 1)
    np.testing.assert_allclose(approximation.sawtooth(j / 2**k, k), j % 2 if k else j / 1.0, atol=1e-12)


@pytest.mark.parametrize("k", range(1, MAX_K + 1))
def test_deep_and_shallow_nets_make_the_sawtooth_exactly(k):
    deep = approximation.deep_sawtooth_net(k)
    shallow = approximation.shallow_sawtooth_net(k)
    hidden_deep = sum(W.shape[0] for W, _ in deep[:-1])
    hidden_shallow = shallow[0][0].shape[0]
    assert hidden_deep == 2 * k and hidden_shallow == 2**k
    assert approximation.units_needed(k) == {"deep": 2 * k, "shallow": 2**k, "shallow_bound": 2**k - 1}
    target = approximation.sawtooth(X, k)
    np.testing.assert_allclose(approximation.relu_net(deep, X), target, atol=1e-12)
    np.testing.assert_allclose(approximation.relu_net(shallow, X), target, atol=1e-9)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 64])
def test_one_hidden_layer_has_at_most_n_plus_1_pieces(n):
    net = approximation.shallow_relu_interpolant(lambda x: approximation.sawtooth(x, 6), n)
    y = approximation.relu_net(net, X)
    assert approximation.count_linear_pieces(X, y) <= n + 1
    # and it interpolates the sawtooth at the knots j/n
    knots = np.arange(n + 1) / n
    np.testing.assert_allclose(approximation.relu_net(net, knots), approximation.sawtooth(knots, 6), atol=1e-9)


def test_random_relu_layer_pieces_bound():
    rng = np.random.default_rng(5)
    for n in (3, 10, 40):
        w, b = approximation.random_hidden_layer(n, rng)
        v = rng.normal(size=n)
        y = approximation.hidden_layer(X, w, b) @ v
        assert approximation.count_linear_pieces(X, y) <= n + 1


@pytest.mark.parametrize("k", range(1, 9))
def test_sawtooth_slopes_first_2_to_the_k_then_changes_of_2_to_the_k_plus_1(k):
    # notebook 01's argument: every slope change of T^k is ±2^(k+1), the first slope is 2^k
    first, changes = approximation.slopes_and_changes(X, approximation.sawtooth(X, k))
    assert first == 2.0**k
    assert len(changes) == 2**k - 1
    np.testing.assert_array_equal(np.abs(changes), 2.0 ** (k + 1))
    np.testing.assert_array_equal(np.sign(changes), -(-1.0) ** np.arange(2**k - 1))    # −, +, −, …
    # the shallow construction: output weight 2^k at 0, then the slope changes
    (_, b1), (W2, _) = approximation.shallow_sawtooth_net(k)
    assert b1[0] == 0.0 and W2[0, 0] == 2.0**k
    np.testing.assert_array_equal(W2[0, 1:], changes)


@pytest.mark.parametrize("k", [2, 3])
def test_no_2_to_the_k_minus_1_units_make_the_sawtooth(k):
    # with 2^k − 1 units, each sits at one kink of T^k; whatever way each one faces, least squares cannot fit T^k
    kinks = np.arange(1, 2**k) / 2**k
    y = approximation.sawtooth(X, k)
    for faces_left in np.ndindex(*(2,) * len(kinks)):
        units = [activations.relu(p - X) if left else activations.relu(X - p) for p, left in zip(kinks, faces_left)]
        H = np.column_stack([np.ones_like(X)] + units)
        coef = np.linalg.lstsq(H, y, rcond=None)[0]
        assert np.max(np.abs(H @ coef - y)) > 0.05, faces_left           # exact would be below 1e-9
    # one more unit, at 0, makes it exact
    H = np.column_stack([np.ones_like(X), activations.relu(X)] + [activations.relu(X - p) for p in kinks])
    coef = np.linalg.lstsq(H, y, rcond=None)[0]
    assert np.max(np.abs(H @ coef - y)) < 1e-9


def test_slopes_and_changes_bad_input():
    with pytest.raises(ValueError, match="x and y"):
        approximation.slopes_and_changes(X, X[:-1])


def _sweep_errors(target, activation):
    w, b = approximation.random_hidden_layer(MAX_UNITS, np.random.default_rng(0), activation)
    widths = np.arange(1, MAX_UNITS + 1)
    fits = approximation.one_hidden_layer_fits(_X_FIT, approximation.target(target, _X_FIT), w, b, widths,
                                               activation, _X_PLOT)
    return approximation.rms_error(fits, approximation.target(target, _X_PLOT))


def test_notebook_01_numbers_of_the_width_explorer():
    # the numbers notebook 01 quotes for the explorer's default seed, with their margins
    relu = _sweep_errors("sine", "relu")
    assert 1 + np.argmax(relu < 0.01) == 26 and relu[24] > 0.0103 and relu[25] < 0.0097
    assert [round(float(e), 3) for e in relu[[1, 4, 19]]] == [0.593, 0.060, 0.012]   # the figure's titles
    sigmoid = _sweep_errors("sine", "sigmoid")
    assert 1 + np.argmax(sigmoid < 0.01) == 16 and sigmoid[14] > 0.0103 and sigmoid[15] < 0.0097
    jump = _sweep_errors("jump", "relu")
    assert 0.056 < jump[39:].min() and jump[39:].max() < 0.059
    assert abs(_sweep_errors("chirp", "relu")[-1] - 0.062) < 0.002


@pytest.mark.parametrize("k, n, pieces, error", [(3, 7, 7, 0.57), (3, 12, 12, 0.33), (3, 16, 8, 0.0),
                                                 (6, 40, 24, 0.80), (6, 63, 63, 0.51), (5, 31, 31, 0.52)])
def test_notebook_01_numbers_of_the_depth_explorer(k, n, pieces, error):
    y_deep = approximation.sawtooth(X, k)
    net = approximation.shallow_relu_interpolant(lambda x: approximation.sawtooth(x, k), n)
    shallow = approximation.relu_net(net, X)
    assert approximation.count_linear_pieces(X, shallow) == pieces
    assert round(float(np.max(np.abs(shallow - y_deep))), 2) == error


def test_half_as_many_knots_gives_a_flat_line():
    # with n = 2^(k−1) the knots j/n are the zeros of T^k, so the interpolant is 0: error 1
    y = approximation.relu_net(approximation.shallow_relu_interpolant(lambda x: approximation.sawtooth(x, 4), 8), X)
    np.testing.assert_allclose(y, 0.0, atol=1e-12)


def test_count_linear_pieces_kinks_between_samples_and_bad_input():
    x = np.linspace(0.0, 1.0, 101)
    y = activations.relu(x - 0.3333) - 2 * activations.relu(x - 0.6667)   # kinks between grid points
    assert approximation.count_linear_pieces(x, y) == 3
    with pytest.raises(ValueError, match="same length"):
        approximation.count_linear_pieces(x, y[:-1])


# ---------------------------------------------------------------------------------------------------- draw


def test_plot_fit_and_units():
    ax = Figure().subplots()
    x = np.linspace(0, 1, 11)
    assert plot_fit(ax, x, x**2, x, n_units=3) is ax
    assert plot_unit_contributions(ax, x, np.ones((11, 4))) is ax
    assert [line.get_gid() for line in ax.lines] == ["target", "fit"]
    assert ax.get_legend().get_texts()[1].get_text() == "one hidden layer, 3 units"
    assert len(ax.collections[0].get_segments()) == 4


def test_plot_error_vs_width():
    ax = Figure().subplots()
    widths = np.arange(1, 11)
    assert plot_error_vs_width(ax, widths, 1 / widths, current=4) is ax
    assert ax.get_xscale() == ax.get_yscale() == "log"
    current = [line for line in ax.lines if line.get_gid() == "current"][0]
    np.testing.assert_allclose(current.get_xydata(), [[4, 0.25]])


def test_plot_sawtooth_and_units_needed():
    ax = Figure().subplots()
    assert plot_sawtooth(ax, X, approximation.sawtooth(X, 2), X, 2, 3) is ax
    assert [line.get_gid() for line in ax.lines] == ["deep", "shallow"]
    ax = Figure().subplots()
    ks = np.arange(1, 5)
    assert plot_units_needed(ax, ks, 2 * ks, 2**ks, current_k=3, chosen_units=8, exact=True) is ax
    lines = {line.get_gid(): line for line in ax.lines}
    assert {"deep_units", "shallow_units", "current_k", "chosen"} <= set(lines)
    np.testing.assert_allclose(lines["shallow_units"].get_ydata(), ks)            # drawn as log2(2ᵏ) = k
    np.testing.assert_allclose(lines["chosen"].get_xydata(), [[3, 3]])            # log2(8) = 3
    assert lines["chosen"].get_color() == "C2"
    assert [label.get_text() for label in ax.get_yticklabels()] == ["2", "8"]


# ---------------------------------------------------------------------------------------------------- explorers


def test_universal_approximation_explorer():
    ex = widgets.universal_approximation()
    assert_figure_ok(ex)
    drive_each_control(ex)
    drive_grid(ex, ["target", "activation"])            # every hidden-unit sweep
    assert len(ex.axes[0].lines) == 2 and len(ex.axes[0].collections) == 1    # updated in place


def test_universal_approximation_draws_the_fit_it_says():
    ex = widgets.universal_approximation(target="bump", activation="tanh", units=12, seed=4, show_units=True)
    w, b = approximation.random_hidden_layer(MAX_UNITS, np.random.default_rng(4), "tanh")
    fit = approximation.one_hidden_layer_fits(_X_FIT, approximation.target("bump", _X_FIT), w, b, [12], "tanh",
                                              _X_PLOT)[0]
    np.testing.assert_allclose(ex.artists["fit"].get_ydata(), fit)
    segments = ex.artists["units"].get_segments()
    assert len(segments) == 12
    # the units' shares add up to the fit minus the output bias (a constant)
    shares = np.sum([s[:, 1] for s in segments], axis=0)
    assert np.ptp(fit - shares) < 1e-8
    assert ex.axes[0].get_title().startswith("bump, 12 tanh units, seed 4, each unit's share: RMS error ")
    # the error curve is drawn up to the current width only
    np.testing.assert_array_equal(ex.artists["err_errors"].get_xdata(), np.arange(1, 13))


def test_depth_vs_width_explorer():
    ex = widgets.depth_vs_width()
    assert_figure_ok(ex)
    drive_each_control(ex)
    drive_grid(ex, ["k", "shallow_units"], n=3)


@pytest.mark.parametrize("k, n, exact", [(3, 8, True), (3, 7, False), (3, 4, False), (5, 32, True), (2, 8, True)])
def test_depth_vs_width_marks_exact_widths(k, n, exact):
    ex = widgets.depth_vs_width(k=k, shallow_units=n, hide=("k",))
    assert (ex.artists["chosen"].get_color() == "C2") is exact
    title = ex.axes[0].get_title()
    assert title.startswith(f"k = {k}, shallow n = {n}\npieces: deep {2**k}, shallow ")
    assert title.endswith("max |difference| 0.000") is exact


@pytest.mark.parametrize("preset", [{"k": 0}, {"shallow_units": 1000}, {"target": "cos"}, {"units": 61}])
def test_bad_presets(preset):
    explorer = widgets.depth_vs_width if set(preset) <= {"k", "shallow_units"} else widgets.universal_approximation
    with pytest.raises(ValueError):
        explorer(**preset)


# ---------------------------------------------------------------------------------------------------- exercises


def test_skewed_tent_exercise():
    def my_skewed_tent(x, p):
        return activations.relu(x) / p - (1 / p + 1 / (1 - p)) * activations.relu(x - p)

    assert_exercise_verdicts(check.skewed_tent, my_skewed_tent)
    # at p = 1/2 it is the tent map, and composed k times it has 2^k pieces for any p (the solution's remark)
    x = np.linspace(0.0, 1.0, 2**14 + 1)
    np.testing.assert_allclose(my_skewed_tent(x, 0.5), approximation.tent(x), atol=1e-12)
    for p in (0.25, 0.3, 0.8):
        y = x
        for k in range(1, 5):
            y = my_skewed_tent(y, p)
            assert approximation.count_linear_pieces(x, y) == 2**k, (p, k)


def my_fit(x, y, kinks):
    H = activations.relu(x[:, None] - kinks[None, :])
    design = np.hstack([H, np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coef[:-1], coef[-1]


def test_least_squares_fit_exercise():
    assert_exercise_verdicts(check.least_squares_fit, my_fit)
    verdict = check.least_squares_fit.evaluate(my_fit)
    assert "from n = 11 units on (0.0089; 0.0108 with 10)" in verdict.message


def test_least_squares_fit_accepts_other_solvers_and_names_bad_returns():
    def normal_equations(x, y, kinks):
        design = np.hstack([approximation.relu_units(x, kinks), np.ones((len(x), 1))])
        coef = np.linalg.solve(design.T @ design, design.T @ y)
        return list(coef[:-1]), np.array([coef[-1]])

    assert check.least_squares_fit.evaluate(normal_equations).passed
    for bad in (lambda x, y, kinks: np.zeros(len(kinks)), lambda x, y, kinks: (np.zeros(len(kinks)), np.zeros(2))):
        verdict = check.least_squares_fit.evaluate(bad)
        assert not verdict.passed and "return v, c" in verdict.message

    def rows_for_units(x, y, kinks):
        coef, *_ = np.linalg.lstsq(activations.relu(x[None, :] - kinks[:, None]), y, rcond=None)
        return coef, 0.0

    verdict = check.least_squares_fit.evaluate(rows_for_units)
    assert not verdict.passed and "one row per point" in verdict.message


def test_fit_relu_kinks_recovers_a_net_exactly():
    x, kinks = np.linspace(0, 1, 51), np.array([0.0, 0.3, 0.7])
    y = 0.5 + approximation.relu_units(x, kinks) @ np.array([1.0, -2.0, 3.0])
    v, c = approximation.fit_relu_kinks(x, y, kinks)
    np.testing.assert_allclose(v, [1.0, -2.0, 3.0], atol=1e-10)
    assert c == pytest.approx(0.5, abs=1e-10)
    assert approximation.relu_units(np.array([0.0, 0.5]), np.array([0.25])).tolist() == [[0.0], [0.25]]


def test_evenly_spaced_sine_fit_needs_11_units():
    # the numbers the least-squares exercise reports and notebook 01's answer quotes
    errors = approximation.evenly_spaced_fit_errors(approximation.fit_relu_kinks, "sine", 12)
    assert errors[9] > 0.0105 and 0.0085 < errors[10] < 0.0095          # n = 10: 0.0108, n = 11: 0.0089
    assert np.all(errors[:10] > 0.01)
    assert np.all(np.diff(errors[2:]) < 0)                               # from n = 2 on, more units, smaller error
    with pytest.raises(ValueError, match="n_max"):
        approximation.evenly_spaced_fit_errors(approximation.fit_relu_kinks, "sine", 0)


def test_count_pieces_exercise():
    def my_count_pieces(x, y):
        slopes = np.diff(y) / np.diff(x)
        kinks = ~np.isclose(slopes[1:], slopes[:-1], rtol=1e-9, atol=1e-9)
        return 1 + int(np.sum(kinks))

    assert_exercise_verdicts(check.count_pieces, my_count_pieces)


def test_public_names_are_this_notebooks():
    # check/ and widgets/ star-import every notebook's module: a name defined twice would silently shadow ours
    from course_lib.lessons.why_deep_networks import checks, explorers

    for name in checks.__all__:
        assert getattr(check, name) is getattr(checks, name), name
    for name in explorers.__all__:
        assert getattr(widgets, name) is getattr(explorers, name), name
