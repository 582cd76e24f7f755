"""Notebook 01: one wide layer vs a deep narrow net (compute, draw, explorers, exercises)."""

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import activations
from course_lib.lessons.explorer import control_values, option_labels
from course_lib.lessons.why_deep_networks import checks, compute, explorers, figures
from course_lib.lessons.why_deep_networks.compute import MAX_K, MAX_UNITS, X_FIT, X_PLOT

X = np.linspace(0.0, 1.0, 2**10 + 1)     # dyadic: the kinks j/2^k of T^k (k ≤ 10) fall on grid points

# ---------------------------------------------------------------------------------------------------- compute


def test_targets_known_values():
    x = np.array([0.0, 0.25, 0.5, 0.75])
    np.testing.assert_allclose(compute.target("sine", x), [0, 1, 0, -1], atol=1e-12)
    np.testing.assert_allclose(compute.target("bump", np.array([0.5, 0.6])), [1.0, np.exp(-1)])
    np.testing.assert_array_equal(compute.target("jump", x), [0, 0, 1, 1])
    chirp = compute.target("chirp", np.array([0.5, 0.25]))
    np.testing.assert_allclose(chirp, [np.sin(2 * np.pi), np.sin(np.pi / 2)], atol=1e-12)   # sin(8π·x²)
    with pytest.raises(ValueError, match="target must be one of"):
        compute.target("cosine", x)


@pytest.mark.parametrize("activation", compute.HIDDEN_ACTIVATIONS)
def test_random_hidden_units_switch_inside_the_interval(activation):
    w, b = compute.random_hidden_layer(500, np.random.default_rng(0), activation)
    t = -b / w                                       # where each unit's kink / steepest point lies
    assert w.shape == b.shape == (500,)
    assert np.all((t >= 0) & (t <= 1))
    if activation == "relu":
        assert set(np.abs(w)) == {1.0}
    else:                                            # |w| ~ U(10, 30) for steepness 20
        assert 10 <= np.abs(w).min() and np.abs(w).max() <= 30
    assert 0.4 < np.mean(w > 0) < 0.6                # both orientations


def test_random_hidden_layer_is_reproducible_and_validated():
    a = compute.random_hidden_layer(5, np.random.default_rng(3))
    b = compute.random_hidden_layer(5, np.random.default_rng(3))
    np.testing.assert_array_equal(a[0], b[0])
    with pytest.raises(ValueError, match="n_units must be an integer > 0"):
        compute.random_hidden_layer(0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="activation must be one of"):
        compute.random_hidden_layer(3, np.random.default_rng(0), "elu")


def test_hidden_layer_by_hand():
    x = np.array([0.0, 0.5, 1.0])
    w, b = np.array([1.0, -1.0]), np.array([-0.25, 0.75])
    # unit 0: relu(x − 1/4) = 0, 1/4, 3/4;  unit 1: relu(3/4 − x) = 3/4, 1/4, 0
    np.testing.assert_allclose(compute.hidden_layer(x, w, b), [[0, 0.75], [0.25, 0.25], [0.75, 0]])


def test_least_squares_output_layer_recovers_exact_weights():
    rng = np.random.default_rng(1)
    w, b = compute.random_hidden_layer(6, rng)
    H = compute.hidden_layer(X_FIT, w, b)
    v_true = rng.normal(size=6)
    v, c = compute.fit_output_layer(H, H @ v_true + 0.3, ridge=0.0)
    np.testing.assert_allclose(H @ v + c, H @ v_true + 0.3, atol=1e-9)
    v, c = compute.fit_output_layer(H, H @ v_true + 0.3)          # the default tiny ridge: nearly the same
    np.testing.assert_allclose(H @ v + c, H @ v_true + 0.3, atol=1e-4)


@pytest.mark.parametrize("target", list(compute.TARGETS))
@pytest.mark.parametrize("activation", compute.HIDDEN_ACTIVATIONS)
def test_penalised_training_error_never_grows_with_width(target, activation):
    # nested units: a wider layer can give its extra units weight 0, so Σ(ŷ − y)² + λ‖v‖² can only go down
    w, b = compute.random_hidden_layer(MAX_UNITS, np.random.default_rng(0), activation)
    y = compute.target(target, X_FIT)
    H = compute.hidden_layer(X_FIT, w, b, activation)
    objective = []
    for n in range(1, MAX_UNITS + 1):
        v, c = compute.fit_output_layer(H[:, :n], y)
        objective.append(np.sum((H[:, :n] @ v + c - y) ** 2) + 1e-8 * len(y) * np.sum(v**2))
    assert np.all(np.diff(objective) <= 1e-9 * objective[0])
    fits = compute.one_hidden_layer_fits(X_FIT, y, w, b, [1, MAX_UNITS], activation)
    errors = compute.rms_error(fits, y)
    assert errors[-1] < 0.3 * errors[0]


def test_sweep_matches_one_fit_at_a_time():
    w, b = compute.random_hidden_layer(20, np.random.default_rng(7), "tanh")
    y = compute.target("chirp", X_FIT)
    H, H_plot = (compute.hidden_layer(x, w, b, "tanh") for x in (X_FIT, X_PLOT))
    fits = compute.one_hidden_layer_fits(X_FIT, y, w, b, [3, 20], "tanh", X_PLOT)
    for row, n in enumerate([3, 20]):
        v, c = compute.fit_output_layer(H[:, :n], y)
        np.testing.assert_allclose(fits[row], H_plot[:, :n] @ v + c, atol=1e-8)


@pytest.mark.parametrize("target", ["sine", "bump", "chirp"])
def test_continuous_targets_are_approximated_on_the_dense_grid(target):
    # the universal approximation theorem at work: with 60 ReLU units the error between fit points is small too
    w, b = compute.random_hidden_layer(MAX_UNITS, np.random.default_rng(0), "relu")
    fits = compute.one_hidden_layer_fits(X_FIT, compute.target(target, X_FIT), w, b, [5, 60],
                                               "relu", X_PLOT)
    errors = compute.rms_error(fits, compute.target(target, X_PLOT))
    assert errors[1] < 0.07 and errors[1] < errors[0] / 5


def test_width_out_of_range():
    w, b = compute.random_hidden_layer(4, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"width must be in \[1, 4\]"):
        compute.one_hidden_layer_fits(X_FIT, X_FIT, w, b, [5])


def test_tent_by_hand():
    x = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(compute.tent(x), [0.0, 0.5, 1.0, 0.5, 0.0])   # 2x, then 2 − 2x


@pytest.mark.parametrize("k", range(0, 9))
def test_sawtooth_pieces_and_values(k):
    y = compute.sawtooth(X, k)
    assert compute.count_linear_pieces(X, y) == 2**k
    # T^k is 0 at even multiples of 1/2^k and 1 at odd ones
    j = np.arange(2**k + 1)
    np.testing.assert_allclose(compute.sawtooth(j / 2**k, k), j % 2 if k else j / 1.0, atol=1e-12)


@pytest.mark.parametrize("k", range(1, MAX_K + 1))
def test_deep_and_shallow_nets_make_the_sawtooth_exactly(k):
    deep = compute.deep_sawtooth_net(k)
    shallow = compute.shallow_sawtooth_net(k)
    hidden_deep = sum(W.shape[0] for W, _ in deep[:-1])
    hidden_shallow = shallow[0][0].shape[0]
    assert hidden_deep == 2 * k and hidden_shallow == 2**k
    assert compute.units_needed(k) == {"deep": 2 * k, "shallow": 2**k, "shallow_bound": 2**k - 1}
    target = compute.sawtooth(X, k)
    np.testing.assert_allclose(compute.relu_net(deep, X), target, atol=1e-12)
    np.testing.assert_allclose(compute.relu_net(shallow, X), target, atol=1e-9)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 64])
def test_one_hidden_layer_has_at_most_n_plus_1_pieces(n):
    net = compute.shallow_relu_interpolant(lambda x: compute.sawtooth(x, 6), n)
    y = compute.relu_net(net, X)
    assert compute.count_linear_pieces(X, y) <= n + 1
    # and it interpolates the sawtooth at the knots j/n
    knots = np.arange(n + 1) / n
    np.testing.assert_allclose(compute.relu_net(net, knots), compute.sawtooth(knots, 6), atol=1e-9)


def test_random_relu_layer_pieces_bound():
    rng = np.random.default_rng(5)
    for n in (3, 10, 40):
        w, b = compute.random_hidden_layer(n, rng)
        v = rng.normal(size=n)
        y = compute.hidden_layer(X, w, b) @ v
        assert compute.count_linear_pieces(X, y) <= n + 1


@pytest.mark.parametrize("k", range(1, 9))
def test_sawtooth_slopes_first_2_to_the_k_then_changes_of_2_to_the_k_plus_1(k):
    # notebook 01's argument: every slope change of T^k is ±2^(k+1), the first slope is 2^k
    first, changes = compute.slopes_and_changes(X, compute.sawtooth(X, k))
    assert first == 2.0**k
    assert len(changes) == 2**k - 1
    np.testing.assert_array_equal(np.abs(changes), 2.0 ** (k + 1))
    np.testing.assert_array_equal(np.sign(changes), -(-1.0) ** np.arange(2**k - 1))    # −, +, −, …
    # the shallow construction: output weight 2^k at 0, then the slope changes
    (_, b1), (W2, _) = compute.shallow_sawtooth_net(k)
    assert b1[0] == 0.0 and W2[0, 0] == 2.0**k
    np.testing.assert_array_equal(W2[0, 1:], changes)


@pytest.mark.parametrize("k", [2, 3])
def test_no_2_to_the_k_minus_1_units_make_the_sawtooth(k):
    # with 2^k − 1 units, each sits at one kink of T^k; whatever way each one faces, least squares cannot fit T^k
    kinks = np.arange(1, 2**k) / 2**k
    y = compute.sawtooth(X, k)
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
        compute.slopes_and_changes(X, X[:-1])


def _sweep_errors(target, activation):
    w, b = compute.random_hidden_layer(MAX_UNITS, np.random.default_rng(0), activation)
    widths = np.arange(1, MAX_UNITS + 1)
    fits = compute.one_hidden_layer_fits(X_FIT, compute.target(target, X_FIT), w, b, widths,
                                               activation, X_PLOT)
    return compute.rms_error(fits, compute.target(target, X_PLOT))


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
    y_deep = compute.sawtooth(X, k)
    net = compute.shallow_relu_interpolant(lambda x: compute.sawtooth(x, k), n)
    shallow = compute.relu_net(net, X)
    assert compute.count_linear_pieces(X, shallow) == pieces
    assert round(float(np.max(np.abs(shallow - y_deep))), 2) == error


def test_half_as_many_knots_gives_a_flat_line():
    # with n = 2^(k−1) the knots j/n are the zeros of T^k, so the interpolant is 0: error 1
    y = compute.relu_net(compute.shallow_relu_interpolant(lambda x: compute.sawtooth(x, 4), 8), X)
    np.testing.assert_allclose(y, 0.0, atol=1e-12)


def test_count_linear_pieces_kinks_between_samples_and_bad_input():
    x = np.linspace(0.0, 1.0, 101)
    y = activations.relu(x - 0.3333) - 2 * activations.relu(x - 0.6667)   # kinks between grid points
    assert compute.count_linear_pieces(x, y) == 3
    with pytest.raises(ValueError, match="same length"):
        compute.count_linear_pieces(x, y[:-1])


# ---------------------------------------------------------------------------------------------------- draw


def test_plot_fit_and_units_then_update():
    ax = Figure().subplots()
    x = np.linspace(0, 1, 11)
    fit = figures.plot_fit(ax, x, x**2, x, n_units=3)
    units = figures.plot_unit_contributions(ax, x, np.ones((11, 4)))
    assert ax.get_legend().get_texts()[1].get_text() == "one hidden layer, 3 units"
    assert len(ax.collections[0].get_segments()) == 4
    figures.update_fit(fit, 2 * x, x - 1, 7)
    figures.update_unit_contributions(units, np.zeros((11, 2)))
    np.testing.assert_allclose(fit["target"].get_ydata(), 2 * x)
    np.testing.assert_allclose(fit["fit"].get_ydata(), x - 1)
    assert ax.get_legend().get_texts()[1].get_text() == "one hidden layer, 7 units"
    np.testing.assert_allclose(ax.get_ylim(), [-1 - 0.35, 2 + 0.35])          # both curves, 10 % + 0.05 margin
    segments = ax.collections[0].get_segments()
    assert len(segments) == 2 and np.all(segments[1] == np.column_stack([x, np.zeros(11)]))
    assert len(ax.lines) == 2 and len(ax.collections) == 1


def test_fit_titles():
    ax = Figure().subplots()
    figures.title_relu_fit(ax, 5, 0.06012)
    assert ax.get_title() == "5 ReLU units: RMS error 0.060"
    figures.title_universal_approximation(ax, "bump", 12, "tanh", 4, 0.01234, shares=True)
    assert ax.get_title() == "bump, 12 tanh units, seed 4, each unit's share: RMS error 0.0123"
    figures.title_universal_approximation(ax, "sine", 1, "relu", 0, 0.5, shares=False)
    assert ax.get_title() == "sine, 1 relu units, seed 0: RMS error 0.5000"


def test_plot_error_vs_width_then_update():
    ax = Figure().subplots()
    widths = np.arange(1, 11)
    handles = figures.plot_error_vs_width(ax, widths, 1 / widths, current=4)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    np.testing.assert_allclose(handles["current"].get_xydata(), [[4, 0.25]])
    np.testing.assert_allclose(handles["errors"].get_ydata(), 1 / widths)
    figures.update_error_vs_width(handles, widths, 2 / widths, 5)
    np.testing.assert_allclose(handles["errors"].get_xydata(), np.column_stack([widths[:5], 2 / widths[:5]]))
    np.testing.assert_allclose(handles["current"].get_xydata(), [[5, 0.4]])
    np.testing.assert_allclose(ax.get_ylim(), [0.1, 4.0])                     # half the least, twice the most


def test_plot_sawtooth_then_update():
    ax = Figure().subplots()
    handles = figures.plot_sawtooth(ax, X, compute.sawtooth(X, 2), X, 2, 3)
    assert [t.get_text() for t in handles["labels"]] == ["deep: 2 layers × 2 units", "shallow: 1 layer × 3 units"]
    figures.update_sawtooth(handles, compute.sawtooth(X, 4), 0 * X, 4, 9, 16, 1, 1.0)
    np.testing.assert_allclose(handles["deep"].get_ydata(), compute.sawtooth(X, 4))
    np.testing.assert_allclose(handles["shallow"].get_ydata(), 0 * X)
    assert [t.get_text() for t in handles["labels"]] == ["deep: 4 layers × 2 units", "shallow: 1 layer × 9 units"]
    assert ax.get_title() == "k = 4, shallow n = 9\npieces: deep 16, shallow 1;  max |difference| 1.000"
    assert len(ax.lines) == 2
    ax = Figure().subplots()
    assert figures.plot_sawtooth(ax, X, X, X, 2, 3, legend=False)["labels"] == () and ax.get_legend() is None
    figures.title_shallow_attempt(ax, 7, 7, 0.5678)
    figures.legend_deep_and_shallow(ax, 3)
    assert ax.get_title() == "n = 7: pieces 7, max error 0.57"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["deep: 3 layers × 2 units", "one hidden layer"]


def test_plot_units_needed_then_update():
    ax = Figure().subplots()
    ks = np.arange(1, 5)
    lines = figures.plot_units_needed(ax, ks, 2 * ks, 2**ks, current_k=3, chosen_units=8, exact=True)
    np.testing.assert_allclose(lines["shallow_units"].get_ydata(), ks)            # drawn as log2(2ᵏ) = k
    np.testing.assert_allclose(lines["chosen"].get_xydata(), [[3, 3]])            # log2(8) = 3
    assert lines["chosen"].get_color() == "C2"
    assert [label.get_text() for label in ax.get_yticklabels()] == ["2", "8"]
    figures.update_units_needed(lines, 2, 32, exact=False)
    np.testing.assert_allclose(lines["chosen"].get_xydata(), [[2, 5]])
    np.testing.assert_allclose(lines["current_k"].get_xdata(), [2, 2])
    assert lines["chosen"].get_color() == "C3"


def test_fewer_ticks_keep_the_ticks_of_max_n_locator():
    # lessons.axes.fewer_ticks(n=5, steps=None) is what MaxNLocator(5) (and integer=True) placed before
    from matplotlib.ticker import MaxNLocator

    ax = Figure().subplots()
    figures.plot_sawtooth(ax, X, X, X, 2, 3)
    reference = MaxNLocator(5)
    for axis in (ax.xaxis, ax.yaxis):
        np.testing.assert_allclose(axis.get_major_locator()(), reference.tick_values(*axis.get_view_interval()))
    ax = Figure().subplots()
    ks = np.arange(1, MAX_K + 1)
    figures.plot_units_needed(ax, ks, 2 * ks, 2**ks)
    np.testing.assert_allclose(ax.xaxis.get_major_locator()(),
                               MaxNLocator(5, integer=True).tick_values(*ax.xaxis.get_view_interval()))


def test_reports(capsys):
    figures.report_layers(compute.deep_sawtooth_net(1))
    figures.report_units([(3, 8, 6, 8, True)])
    figures.report_slopes([(3, 8.0, 7, True)])
    assert capsys.readouterr().out.splitlines() == [
        "layer 1: W = [[1.0], [1.0]], b = [0.0, -0.5]",
        "layer 2: W = [[2.0, -4.0]], b = [0.0]",
        " k   pieces of T^k   deep units   shallow units   both exact",
        " 3              8            6               8   True",
        " k   first slope   kinks   every slope change is ±2^(k+1)",
        " 3             8       7   True"]


# ---------------------------------------------------------------------------------------------------- explorers


def test_width_sweep_is_the_fits_of_every_width_computed_once():
    sweep = compute.width_sweep("sine", "relu", 0)
    assert compute.width_sweep("sine", "relu", 0) is sweep                     # cached
    np.testing.assert_array_equal(sweep.errors, _sweep_errors("sine", "relu"))
    assert sweep.fits.shape == (MAX_UNITS, len(X_PLOT)) and not sweep.fits.flags.writeable
    np.testing.assert_array_equal(sweep.widths, np.arange(1, MAX_UNITS + 1))
    shares = compute.unit_shares("sine", "relu", 0, 7)
    assert shares.shape == (len(X_PLOT), 7)
    assert np.ptp(sweep.fits[6] - shares.sum(axis=1)) < 1e-8                   # the fit minus its bias c


def test_depth_against_width():
    nets = compute.depth_against_width(3, 8)
    assert nets["exact"] and nets["error"] < 1e-9 and nets["pieces_deep"] == nets["pieces_shallow"] == 8
    nets = compute.depth_against_width(3, 7)
    assert not nets["exact"] and (nets["pieces_shallow"], round(nets["error"], 2)) == (7, 0.57)
    ks, deep, shallow = compute.units_needed_curves(4)
    assert ks.tolist() == [1, 2, 3, 4] and deep.tolist() == [2, 4, 6, 8] and shallow.tolist() == [2, 4, 8, 16]


def test_universal_approximation_explorer():
    ex = explorers.universal_approximation()
    assert_figure_ok(ex)
    drive_each_control(ex)
    drive_grid(ex, ["target", "activation"])            # every hidden-unit sweep
    assert len(ex.axes[0].lines) == 2 and len(ex.axes[0].collections) == 1    # updated in place


def test_universal_approximation_draws_the_fit_it_says():
    ex = explorers.universal_approximation(target="bump", activation="tanh", units=12, seed=4, show_units=True)
    w, b = compute.random_hidden_layer(MAX_UNITS, np.random.default_rng(4), "tanh")
    fit = compute.one_hidden_layer_fits(X_FIT, compute.target("bump", X_FIT), w, b, [12], "tanh", X_PLOT)[0]
    np.testing.assert_allclose(ex.artists["fit"]["fit"].get_ydata(), fit)
    segments = ex.artists["units"]["units"].get_segments()
    assert len(segments) == 12
    # the units' shares add up to the fit minus the output bias (a constant)
    shares = np.sum([s[:, 1] for s in segments], axis=0)
    assert np.ptp(fit - shares) < 1e-8
    assert ex.axes[0].get_title().startswith("bump, 12 tanh units, seed 4, each unit's share: RMS error ")
    # the error curve is drawn up to the current width only
    np.testing.assert_array_equal(ex.artists["errors"]["errors"].get_xdata(), np.arange(1, 13))
    ex.controls["show_units"].value = False
    assert len(ex.artists["units"]["units"].get_segments()) == 0


def test_depth_vs_width_explorer():
    ex = explorers.depth_vs_width()
    assert_figure_ok(ex)
    drive_each_control(ex)
    drive_grid(ex, ["k", "shallow_units"], n=3)


@pytest.mark.parametrize("k, n, exact", [(3, 8, True), (3, 7, False), (3, 4, False), (5, 32, True), (2, 8, True)])
def test_depth_vs_width_marks_exact_widths(k, n, exact):
    ex = explorers.depth_vs_width(k=k, shallow_units=n, hide=("k",))
    assert (ex.artists["units"]["chosen"].get_color() == "C2") is exact
    title = ex.axes[0].get_title()
    assert title.startswith(f"k = {k}, shallow n = {n}\npieces: deep {2**k}, shallow ")
    assert title.endswith("max |difference| 0.000") is exact
    np.testing.assert_allclose(ex.artists["sawtooth"]["deep"].get_ydata(), compute.sawtooth(compute.X_SAW, k),
                               atol=1e-12)


@pytest.mark.parametrize("preset", [{"k": 0}, {"shallow_units": 1000}, {"target": "cos"}, {"units": 61}])
def test_bad_presets(preset):
    explorer = explorers.depth_vs_width if set(preset) <= {"k", "shallow_units"} else explorers.universal_approximation
    with pytest.raises(ValueError):
        explorer(**preset)


# ---------------------------------------------------------------------------------------------------- exercises


def test_skewed_tent_exercise():
    def my_skewed_tent(x, p):
        return activations.relu(x) / p - (1 / p + 1 / (1 - p)) * activations.relu(x - p)

    assert_exercise_verdicts(checks.skewed_tent, my_skewed_tent)
    # at p = 1/2 it is the tent map, and composed k times it has 2^k pieces for any p (the solution's remark)
    x = np.linspace(0.0, 1.0, 2**14 + 1)
    np.testing.assert_allclose(my_skewed_tent(x, 0.5), compute.tent(x), atol=1e-12)
    for p in (0.25, 0.3, 0.8):
        y = x
        for k in range(1, 5):
            y = my_skewed_tent(y, p)
            assert compute.count_linear_pieces(x, y) == 2**k, (p, k)


def my_fit(x, y, kinks):
    H = activations.relu(x[:, None] - kinks[None, :])
    design = np.hstack([H, np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coef[:-1], coef[-1]


def test_least_squares_fit_exercise():
    assert_exercise_verdicts(checks.least_squares_fit, my_fit)
    verdict = checks.least_squares_fit.evaluate(my_fit)
    assert "from n = 11 units on (0.0089; 0.0108 with 10)" in verdict.message


def test_least_squares_fit_accepts_other_solvers_and_names_bad_returns():
    def normal_equations(x, y, kinks):
        design = np.hstack([compute.relu_units(x, kinks), np.ones((len(x), 1))])
        coef = np.linalg.solve(design.T @ design, design.T @ y)
        return list(coef[:-1]), np.array([coef[-1]])

    assert checks.least_squares_fit.evaluate(normal_equations).passed
    for bad in (lambda x, y, kinks: np.zeros(len(kinks)), lambda x, y, kinks: (np.zeros(len(kinks)), np.zeros(2))):
        verdict = checks.least_squares_fit.evaluate(bad)
        assert not verdict.passed and "return v, c" in verdict.message

    def rows_for_units(x, y, kinks):
        coef, *_ = np.linalg.lstsq(activations.relu(x[None, :] - kinks[:, None]), y, rcond=None)
        return coef, 0.0

    verdict = checks.least_squares_fit.evaluate(rows_for_units)
    assert not verdict.passed and "one row per point" in verdict.message


def test_fit_relu_kinks_recovers_a_net_exactly():
    x, kinks = np.linspace(0, 1, 51), np.array([0.0, 0.3, 0.7])
    y = 0.5 + compute.relu_units(x, kinks) @ np.array([1.0, -2.0, 3.0])
    v, c = compute.fit_relu_kinks(x, y, kinks)
    np.testing.assert_allclose(v, [1.0, -2.0, 3.0], atol=1e-10)
    assert c == pytest.approx(0.5, abs=1e-10)
    assert compute.relu_units(np.array([0.0, 0.5]), np.array([0.25])).tolist() == [[0.0], [0.25]]


def test_evenly_spaced_sine_fit_needs_11_units():
    # the numbers the least-squares exercise reports and notebook 01's answer quotes
    errors = compute.evenly_spaced_fit_errors(compute.fit_relu_kinks, "sine", 12)
    assert errors[9] > 0.0105 and 0.0085 < errors[10] < 0.0095          # n = 10: 0.0108, n = 11: 0.0089
    assert np.all(errors[:10] > 0.01)
    assert np.all(np.diff(errors[2:]) < 0)                               # from n = 2 on, more units, smaller error
    with pytest.raises(ValueError, match="n_max"):
        compute.evenly_spaced_fit_errors(compute.fit_relu_kinks, "sine", 0)


def test_count_pieces_exercise():
    def my_count_pieces(x, y):
        slopes = np.diff(y) / np.diff(x)
        kinks = ~np.isclose(slopes[1:], slopes[:-1], rtol=1e-9, atol=1e-9)
        return 1 + int(np.sum(kinks))

    assert_exercise_verdicts(checks.count_pieces, my_count_pieces)


# ---------------------------------------------------------------------------------------------------- translation


NAMES = compute.HIDDEN_ACTIVATIONS       # activation functions' names stay as they are in every language


@pytest.mark.parametrize("name, preset", [("universal_approximation", {"show_units": True}),
                                          ("depth_vs_width", {"k": 2})])
def test_explorer_text_goes_through_tr(marked_language, name, preset):
    ex = getattr(explorers, name)(**preset)
    assert untranslated(ex, ignore=NAMES) == []
    targets = option_labels(ex.controls["target"]) if "target" in ex.controls else []
    assert "⟪sine⟫" in targets or name != "universal_approximation"    # the targets' names in the dropdown
    first = next(iter(ex.controls.values()))
    first.value = control_values(first)[-1]                               # the texts of an update too
    assert untranslated(ex, ignore=NAMES) == []


def test_static_titles_and_reports_go_through_tr(marked_language, capsys):
    ax = Figure().subplots()
    figures.plot_fit(ax, X, X, X, n_units=3)
    figures.title_relu_fit(ax, 3, 0.1)
    figures.plot_sawtooth(Figure().subplots(), X, X, X, 2, 3, legend=False)
    assert untranslated(ax, ignore=NAMES) == []
    ax = Figure().subplots()
    figures.title_shallow_attempt(ax, 7, 7, 0.5)
    figures.legend_deep_and_shallow(ax, 3)
    assert untranslated(ax, ignore=NAMES) == []
    figures.report_layers(compute.deep_sawtooth_net(1))
    figures.report_units([(3, 8, 6, 8, True)])
    figures.report_slopes([(3, 8.0, 7, True)])
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "⟪" in line] == [lines[0], lines[1], lines[2], lines[4]]   # not the numbers


def test_check_messages_built_here_go_through_tr(marked_language):
    verdict = checks.least_squares_fit.evaluate(lambda x, y, kinks: np.zeros(len(kinks)))
    assert verdict.message == "✗ least_squares_fit: ⟪" + checks._RETURN_V_C + "⟫"
    verdict = checks.least_squares_fit.evaluate(my_fit)
    assert verdict.passed and verdict.message.endswith("; 0.0108 with 10).⟫")


@pytest.mark.parametrize("exercise", [checks.skewed_tent, checks.count_pieces, checks.least_squares_fit])
def test_misconception_messages_go_through_tr(marked_language, exercise):
    for message, wrong in exercise.misconceptions:
        assert exercise.evaluate(wrong).message == f"✗ {exercise.name}: ⟪{message}⟫"
