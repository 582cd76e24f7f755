"""Notebook 02: BP1–BP4 in column notation, checked against finite differences and Sequential; the explorer."""


import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import activations
from course_lib.gradcheck import rel_error
from course_lib.lessons.forward_backprop import checks, explorers, figures
from course_lib.lessons.forward_backprop import compute as backprop

# ---------------------------------------------------------------------------------------------------- compute


def _random_net(rng, sizes=(3, 4, 5, 2)):
    weights, biases = backprop.init_network(list(sizes), rng)
    biases = [rng.normal(0.0, 0.5, b.shape) for b in biases]
    return weights, biases


def test_step_and_its_zero_derivative():
    z = np.array([-2.0, -1e-9, 0.0, 3.0])
    np.testing.assert_array_equal(backprop.step(z), [0, 0, 1, 1])
    np.testing.assert_array_equal(backprop.step_grad(z), [0, 0, 0, 0])
    assert backprop.step(np.array([1], dtype=np.int64)).dtype == np.float64
    assert backprop.step_grad(np.zeros(2, dtype=np.float32)).dtype == np.float32


def test_init_network_shapes_follow_the_column_convention():
    weights, biases = backprop.init_network([3, 4, 2], np.random.default_rng(0))
    assert [W.shape for W in weights] == [(4, 3), (2, 4)]            # W^l: (n_l, n_{l−1})
    assert [b.shape for b in biases] == [(4, 1), (2, 1)]
    assert all(W.flags.c_contiguous for W in weights)               # numerical_gradient perturbs them in place
    with pytest.raises(ValueError, match="sizes"):
        backprop.init_network([3], np.random.default_rng(0))


def test_forward_by_hand():
    # one unit: z = 2·1 + (−1)·3 + 0.5 = −0.5;  a = σ(−0.5)
    weights, biases = [np.array([[2.0, -1.0]])], [np.array([[0.5]])]
    z, a = backprop.forward(weights, biases, np.array([[1.0], [3.0]]))
    assert z[0] is None
    np.testing.assert_allclose(z[1], [[-0.5]])
    np.testing.assert_allclose(a[1], [[1 / (1 + np.exp(0.5))]])


def test_costs_by_hand():
    a = np.array([[0.2, 0.9]])
    y = np.array([[0.0, 1.0]])
    # quadratic: ((0.2)² + (0.1)²)/2 = 0.025;  cross-entropy: −(ln 0.8 + ln 0.9)/2
    assert backprop.cost(a, y, "quadratic") == pytest.approx(0.025)
    assert backprop.cost(a, y, "cross_entropy") == pytest.approx(-(np.log(0.8) + np.log(0.9)) / 2)
    np.testing.assert_allclose(backprop.cost_gradient(a, y, "quadratic"), [[0.2, -0.1]])       # 2(a − y)/N
    np.testing.assert_allclose(backprop.cost_gradient(a, y, "cross_entropy"),
                               [[0.2 / (0.2 * 0.8) / 2, -0.1 / (0.9 * 0.1) / 2]])
    with pytest.raises(ValueError, match="cost must be one of"):
        backprop.cost(a, y, "hinge")


def test_output_delta_cross_entropy_sigmoid_cancels_sigma_prime():
    z = np.array([[-1.0, 2.0, 40.0]])
    a = activations.sigmoid(z)
    y = np.array([[0.0, 1.0, 0.0]])
    generic = backprop.cost_gradient(a[:, :2], y[:, :2], "cross_entropy") * activations.sigmoid_grad(z[:, :2])
    delta = backprop.output_delta(a, z, y, "cross_entropy", "sigmoid")
    np.testing.assert_allclose(delta[:, :2], generic * 2 / 3)         # the same, N = 3 instead of 2
    np.testing.assert_allclose(delta[0, 2], (a[0, 2] - 0) / 3)        # exact even where σ(z) rounds to 1


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("kind", backprop.COSTS)
def test_backprop_matches_finite_differences(activation, kind):
    rng = np.random.default_rng(11)
    weights, biases = _random_net(rng)
    x, y = rng.normal(size=(3, 7)), rng.uniform(size=(2, 7))
    grads_W, grads_b = backprop.backprop(weights, biases, x, y, activation, "sigmoid", kind)
    num_W, num_b = backprop.numerical_gradients(weights, biases, x, y, activation, "sigmoid", kind)
    for analytic, numeric in zip(grads_W + grads_b, num_W + num_b):
        assert analytic.shape == numeric.shape
        # central differences with h = 1e-5 are good to about 1e-10 absolute (round-off ε·C/h); entries of
        # size 1e-7 therefore carry relative errors near 1e-4, so compare with an absolute floor too
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)
        assert rel_error(analytic, numeric) < 1e-3


@pytest.mark.parametrize("output_activation", ["sigmoid", "tanh", "linear"])
def test_backprop_other_output_activations(output_activation):
    rng = np.random.default_rng(12)
    weights, biases = _random_net(rng, (2, 3, 3))
    x, y = rng.normal(size=(2, 4)), rng.normal(size=(3, 4))
    grads_W, grads_b = backprop.backprop(weights, biases, x, y, "tanh", output_activation, "quadratic")
    num_W, num_b = backprop.numerical_gradients(weights, biases, x, y, "tanh", output_activation, "quadratic")
    assert max(rel_error(a, n) for a, n in zip(grads_W + grads_b, num_W + num_b)) < 1e-6


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("kind", backprop.COSTS)
def test_backprop_matches_sequential(activation, kind):
    rng = np.random.default_rng(13)
    weights, biases = _random_net(rng, (4, 6, 3, 2))
    x, y = rng.normal(size=(4, 9)), rng.uniform(size=(2, 9))
    model = backprop.to_sequential(weights, biases, activation)
    np.testing.assert_allclose(model.layers[0].params["W"], weights[0].T)           # W_seq = Wᵀ
    _, a = backprop.forward(weights, biases, x, activation)
    np.testing.assert_allclose(model.forward(x.T), a[-1].T, atol=1e-14)             # rows vs columns
    seq_W, seq_b = backprop.sequential_gradients(model, x, y, kind)
    grads_W, grads_b = backprop.backprop(weights, biases, x, y, activation, "sigmoid", kind)
    for ours, theirs in zip(grads_W + grads_b, seq_W + seq_b):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-14)


def test_bp4_index_is_a_previous_layer():
    # BP4: ∂C/∂w^l_jk = a^{l−1}_k δ^l_j.  The deck's a^l δ^{l−1} would not even have the shape of W^l here.
    rng = np.random.default_rng(14)
    weights, biases = _random_net(rng, (2, 5, 3))
    x, y = rng.normal(size=(2, 1)), rng.uniform(size=(3, 1))
    z, a = backprop.forward(weights, biases, x)
    delta2 = backprop.output_delta(a[2], z[2], y)
    delta1 = backprop.hidden_delta(weights[1], delta2, z[1])
    grads_W, grads_b = backprop.backprop(weights, biases, x, y)
    np.testing.assert_allclose(grads_W[1], delta2 @ a[1].T)
    np.testing.assert_allclose(grads_W[0], delta1 @ a[0].T)
    np.testing.assert_allclose(grads_b[0], delta1)
    assert (delta1 @ a[2].T).shape != weights[1].shape


def test_step_network_gets_no_gradient_before_the_step():
    rng = np.random.default_rng(15)
    weights, biases = _random_net(rng, (2, 3, 1))
    x, y = rng.normal(size=(2, 5)), rng.uniform(size=(1, 5))
    grads_W, grads_b = backprop.backprop(weights, biases, x, y, "step")
    assert np.all(grads_W[0] == 0) and np.all(grads_b[0] == 0)      # the hidden layer learns nothing
    assert np.any(grads_W[1] != 0)                                   # the output layer still does
    with pytest.raises(ValueError, match="step"):
        backprop.to_sequential(weights, biases, "step")


@pytest.mark.parametrize("weight", list(backprop.FREE_WEIGHTS))
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "step"])
@pytest.mark.parametrize("kind", backprop.COSTS)
def test_one_weight_slope_agrees_with_finite_differences_on_the_slider_grid(weight, activation, kind):
    C, dC_dw = backprop.one_weight_problem(weight, activation, kind)
    for w in np.round(np.arange(-6.0, 6.0001, 0.05), 10):            # every position of the w slider
        slope, fd = dC_dw(w), backprop.finite_difference_slope(C, w)
        assert abs(slope - fd) < 1e-6 * (1 + abs(slope)), (w, slope, fd)
        if activation == "step" and weight.startswith("W1"):
            assert slope == 0.0                                      # a staircase: flat almost everywhere


def test_gradient_descent_1d_by_hand():
    # C(w) = (w − 3)², dC/dw = 2(w − 3); lr 0.25 halves the distance to 3 at each step: 1, 2, 2.5, 2.75
    path = backprop.gradient_descent_1d(lambda w: 2 * (w - 3), 1.0, 0.25, 3)
    np.testing.assert_allclose(path, [1.0, 2.0, 2.5, 2.75])
    assert len(backprop.gradient_descent_1d(lambda w: 2 * (w - 3), 1.0, 0.25, 0)) == 1
    with pytest.raises(ValueError, match="lr must be a number > 0"):
        backprop.gradient_descent_1d(lambda w: w, 1.0, 0.0, 3)


def test_gradient_descent_1d_stops_on_overflow():
    path = backprop.gradient_descent_1d(lambda w: 1e300 * w, 1.0, 1e10, 10)
    assert np.all(np.isfinite(path)) and len(path) < 11


def test_gradient_descent_lowers_the_tiny_cost():
    C, dC_dw = backprop.one_weight_problem("W2[0,0] (output)", "sigmoid", "cross_entropy")
    path = backprop.gradient_descent_1d(dC_dw, -4.0, 1.0, 30)
    costs = [C(w) for w in path]
    assert np.all(np.diff(costs) <= 1e-12) and costs[-1] < costs[0] - 0.5


# ---------------------------------------------------------------------------------------------------- draw


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "step"])
def test_plot_activation_and_derivative(name):
    ax = Figure().subplots()
    z = np.linspace(-4, 4, 81)
    handles = figures.plot_activation_and_derivative(ax, z, name)
    assert len(ax.lines) == 3 and ax.get_title() == name             # the zero line, f and f'
    f, f_grad = backprop.activation_pair(name)
    np.testing.assert_allclose(handles["f"].get_ydata(), f(z))
    np.testing.assert_allclose(handles["f_grad"].get_ydata(), f_grad(z))


def test_plot_loss_curve_then_update_shows_the_new_data():
    ax = Figure().subplots()
    w = np.linspace(-2, 2, 41)
    handles = figures.plot_loss_curve(ax, w, w**2, 1.0, 1.0, 2.0, fd_slope=2.0, path=[1.0, 0.5],
                                      path_C=[1.0, 0.25])
    assert len(ax.lines) == 4 and len(ax.texts) == 1
    np.testing.assert_allclose(handles["tangent"].get_xydata(), [[-0.5, -2.0], [2.5, 4.0]])   # 1 + 2(w − 1)
    assert handles["slopes"].get_text() == ("tangent (red), backprop: dC/dw = +2.0000\n"
                                            "finite difference:       +2.0000\n"
                                            "descent (green), 1 step: w = 0.5")
    figures.update_loss_curve(handles, 2 * w**2, -1.0, 2.0, -4.0, fd_slope=-4.0, path=[-1.0, 0.0, 9.0],
                              path_C=[2.0, 0.0, 162.0], inside=np.array([True, True, False]), title="new")
    np.testing.assert_allclose(handles["curve"].get_ydata(), 2 * w**2)
    np.testing.assert_allclose(handles["tangent"].get_xydata(), [[-2.5, 8.0], [0.5, -4.0]])    # 2 − 4(w + 1)
    np.testing.assert_allclose(handles["point"].get_xydata(), [[-1.0, 2.0]])
    np.testing.assert_allclose(handles["path"].get_xydata(), [[-1.0, 2.0], [0.0, 0.0]])       # w = 9 is outside
    assert handles["slopes"].get_text().endswith("descent (green), 2 steps: w = 9")
    assert ax.get_title() == "new" and ax.get_ylim() == pytest.approx(figures.loss_ylim(2 * w**2))


def test_plot_tiny_fit_then_update_shows_the_new_outputs():
    ax = Figure().subplots()
    x = np.linspace(-2, 2, 5)
    handles = figures.plot_tiny_fit(ax, x, x > 0, x, x)
    assert len(handles["output_after"].get_xdata()) == 0
    figures.update_tiny_fit(handles, 2 * x, 3 * x)
    np.testing.assert_allclose(handles["output"].get_ydata(), 2 * x)
    np.testing.assert_allclose(handles["output_after"].get_xydata(), np.c_[x, 3 * x])
    figures.update_tiny_fit(handles, x)
    assert len(handles["output_after"].get_xdata()) == 0


def test_one_weight_state_matches_the_problem():
    state = backprop.one_weight_state("W2[0,0] (output)", "tanh", "quadratic", 1.0, 0.5, 3)
    C, dC_dw = backprop.one_weight_problem("W2[0,0] (output)", "tanh", "quadratic")
    assert state.C0 == C(1.0) and state.slope == dC_dw(1.0) and not state.slopes_disagree
    np.testing.assert_allclose(state.C_grid, [C(w) for w in backprop.W_GRID])
    np.testing.assert_allclose(state.path, backprop.gradient_descent_1d(dC_dw, 1.0, 0.5, 3))
    np.testing.assert_allclose(state.output_after, backprop.tiny_net_output("W2[0,0] (output)", "tanh",
                                                                            state.path[-1]))
    assert state.inside.all() and not state.overflowed


def _notebook_02_network(relative_nudge=0.0):
    """The network, data and gradients of notebook 02's gradient check, drawn in the notebook's order."""
    rng = np.random.default_rng(0)
    backprop.init_network([2, 3, 1], rng)
    rng.normal(size=(2, 4))
    weights, biases = _random_net(rng)
    X, Y = rng.normal(size=(3, 8)), rng.uniform(size=(2, 8))
    weights = [W * (1 + relative_nudge) for W in weights]
    return weights, biases, X, Y


@pytest.mark.parametrize("nudge", [0.0, 1e-12, -1e-12])
def test_notebook_02_relative_errors_are_far_below_the_printed_threshold(nudge, monkeypatch):
    # the notebook prints "below 1e-7: True" per layer; a factor 10 of margin keeps that true on any machine
    weights, biases, X, Y = _notebook_02_network(nudge)
    grads_W, grads_b = backprop.backprop(weights, biases, X, Y)
    num_W, num_b = backprop.numerical_gradients(weights, biases, X, Y)
    errors = [rel_error(g, n) for g, n in zip(grads_W + grads_b, num_W + num_b)]
    assert max(errors) < 1e-8, errors
    # and the threshold separates: without the σ'(z^l) of BP2, layers 1 and 2 are off by 0.7 to 1
    monkeypatch.setattr(backprop, "hidden_delta", lambda W_next, delta_next, z, activation: W_next.T @ delta_next)
    wrong_W, wrong_b = backprop.backprop(weights, biases, X, Y)
    wrong = [rel_error(g, n) for g, n in zip(wrong_W[:2] + wrong_b[:2], num_W[:2] + num_b[:2])]
    assert 0.7 < min(wrong) and max(wrong) <= 1.0, wrong


def test_notebook_02_numbers_of_the_one_weight_explorer():
    hidden = "W1[0,0] (hidden)"
    C, dC_dw = backprop.one_weight_problem(hidden, "sigmoid", "quadratic")
    assert round(dC_dw(-3.0), 3) == -0.012
    end = backprop.gradient_descent_1d(dC_dw, -3.0, 10.0, 50)[-1]
    assert round(end, 2) == -0.59 and round(C(end), 3) == 0.356
    valley = np.linspace(2.0, 6.0, 401)
    assert round(min(C(w) for w in valley), 3) == 0.250
    C_ce, dC_ce = backprop.one_weight_problem(hidden, "sigmoid", "cross_entropy")
    assert round(backprop.gradient_descent_1d(dC_ce, -3.0, 10.0, 50)[-1], 2) == 3.77
    _, d_relu = backprop.one_weight_problem(hidden, "relu", "quadratic")
    assert 1e-7 < d_relu(-3.0) < 3e-7                                   # "about 10^-7"
    _, d_relu_ce = backprop.one_weight_problem(hidden, "relu", "cross_entropy")
    assert round(d_relu_ce(-3.0), 2) == -1.33


def test_loss_curve_leaves_an_empty_band_for_the_text_box():
    C_values = np.array([0.25, 0.4, 0.3])
    bottom, top = figures.loss_ylim(C_values)
    assert (C_values.min() - bottom) / (top - bottom) > 0.25      # the box (three lines) fits under the curve
    assert top > C_values.max()


# ---------------------------------------------------------------------------------------------------- explorer


def test_one_weight_loss_explorer():
    ex = explorers.one_weight_loss()
    assert_figure_ok(ex)
    drive_each_control(ex)
    drive_grid(ex, ["activation", "cost"])
    assert len(ex.axes[0].lines) == 4                                # updated in place
    ex.controls["w"].value = 2.0
    np.testing.assert_allclose(ex.artists["loss"]["point"].get_xdata(), [2.0])


def test_one_weight_loss_shows_the_backprop_slope():
    ex = explorers.one_weight_loss(weight="W2[0,0] (output)", cost="cross_entropy", w=-2.0, steps=5, lr=1.0)
    C, dC_dw = backprop.one_weight_problem("W2[0,0] (output)", "sigmoid", "cross_entropy")
    tangent = ex.artists["loss"]["tangent"].get_xydata()
    slope = (tangent[1, 1] - tangent[0, 1]) / (tangent[1, 0] - tangent[0, 0])
    assert slope == pytest.approx(dC_dw(-2.0))
    assert f"{dC_dw(-2.0):+.4f}" in ex.artists["loss"]["slopes"].get_text()
    assert ex.axes[0].get_title() == ("C(w), free weight W2[0,0]: sigmoid hidden units, cross-entropy cost\n"
                                      "w = -2, learning rate 1, 5 descent steps")          # the settings
    path = backprop.gradient_descent_1d(dC_dw, -2.0, 1.0, 5)
    np.testing.assert_allclose(ex.artists["loss"]["path"].get_xdata(), path)
    assert not ex.messages


def test_one_weight_loss_large_steps_leave_the_range_with_a_message():
    ex = explorers.one_weight_loss(weight="W2[0,0] (output)", cost="cross_entropy", w=-5.0, lr=100.0, steps=10)
    assert any("left the plotted range" in m for m in ex.messages)
    assert_figure_ok(ex)


def test_step_activation_explorer_shows_a_flat_tangent():
    ex = explorers.one_weight_loss(activation="step", w=-1.0, steps=20, hide=("activation",))
    assert "+0.0000" in ex.artists["loss"]["slopes"].get_text()
    np.testing.assert_allclose(ex.artists["loss"]["path"].get_xdata(), -1.0)      # gradient descent cannot move


@pytest.mark.parametrize("preset", [{"w": 7.0}, {"lr": 1000.0}, {"steps": 51}, {"activation": "elu"}, {"x": 1}])
def test_one_weight_loss_bad_presets(preset):
    with pytest.raises(ValueError):
        explorers.one_weight_loss(**preset)


# ---------------------------------------------------------------------------------------------------- exercises


def test_sigmoid_grad_exercise():
    def my_sigmoid_grad(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)

    assert_exercise_verdicts(checks.sigmoid_grad, my_sigmoid_grad)


def test_bp1_exercise():
    def my_output_delta(a, z, y):
        s = 1 / (1 + np.exp(-z))
        return 2 * (a - y) * s * (1 - s)

    assert_exercise_verdicts(checks.bp1_output_delta, my_output_delta)


def test_bp2_exercise():
    def my_hidden_delta(W_next, delta_next, z):
        s = 1 / (1 + np.exp(-z))
        return (W_next.T @ delta_next) * s * (1 - s)

    assert_exercise_verdicts(checks.bp2_hidden_delta, my_hidden_delta)


def test_bp2_exercise_names_the_row_form_product():
    def row_form(W_next, delta_next, z):
        s = 1 / (1 + np.exp(-z))
        return (delta_next @ W_next.T) * s * (1 - s)      # the row convention's product, on columns

    verdict = checks.bp2_hidden_delta.evaluate(row_form)
    assert not verdict.passed and "shape error" in verdict.message and "W_next.T @ delta_next" in verdict.message
    assert "[" not in verdict.message                      # no array dump


def my_layer_gradients(delta, a, l):
    return delta @ a[l - 1].T, delta.sum(axis=1, keepdims=True)


def my_backward(weights, z, a, y):
    L, N = len(weights), y.shape[1]
    grads_W, grads_b = [None] * L, [None] * L
    s = 1 / (1 + np.exp(-z[L]))
    delta = 2 * (a[L] - y) / N * s * (1 - s)
    for l in range(L, 0, -1):
        grads_W[l - 1] = delta @ a[l - 1].T
        grads_b[l - 1] = delta.sum(axis=1, keepdims=True)
        if l > 1:
            s = 1 / (1 + np.exp(-z[l - 1]))
            delta = (weights[l - 1].T @ delta) * s * (1 - s)
    return grads_W, grads_b


def test_bp3_bp4_exercise():
    assert_exercise_verdicts(checks.bp3_bp4_layer_gradients, my_layer_gradients)
    assert "deck 003" in checks.bp3_bp4_layer_gradients.misconceptions[0][0].lower()        # the shifted index is named
    # a bias gradient of shape (n_l,) is as right as (n_l, 1)
    flat = checks.bp3_bp4_layer_gradients.evaluate(lambda delta, a, l: (delta @ a[l - 1].T, delta.sum(axis=1)))
    assert flat.passed, flat.message
    verdict = checks.bp3_bp4_layer_gradients.evaluate(lambda delta, a, l: delta @ a[l - 1].T)
    assert not verdict.passed and "return the tuple (dC_dW, dC_db)" in verdict.message


def test_bp3_bp4_does_not_let_the_student_change_the_cases():
    before = [(delta.copy(), [x.copy() for x in a], l) for delta, a, l in checks.bp3_bp4_layer_gradients.cases]

    def vandal(delta, a, l):                          # a wrong answer that also zeroes the activations it got
        answer = (1.01 * delta @ a[l - 1].T, delta.sum(axis=1))
        for x in a:
            x[...] = 0.0
        return answer

    assert not checks.bp3_bp4_layer_gradients.evaluate(vandal).passed
    for (delta, a, l), (delta0, a0, l0) in zip(checks.bp3_bp4_layer_gradients.cases, before):
        np.testing.assert_array_equal(delta, delta0)
        assert all(np.array_equal(x, x0) for x, x0 in zip(a, a0)) and l == l0
    assert checks.bp3_bp4_layer_gradients.evaluate(my_layer_gradients).passed


def test_bp3_bp4_cases_cover_every_layer_and_batches():
    cases = checks.bp3_bp4_layer_gradients.cases
    assert {case[2] for case in cases} == {1, 2, 3}
    assert all(case[0].shape[1] >= 2 for case in cases)              # a batch, so that 1/N slips show


def test_backward_pass_exercise():
    assert_exercise_verdicts(checks.backward_pass, my_backward)
    verdict = checks.backward_pass.evaluate(my_backward)
    assert "Sequential" in verdict.message and "finite differences" in verdict.message


def test_backward_pass_reference_is_backprop_and_sequential():
    for weights, biases, x, y in checks.backward_pass.cases:
        z, a = backprop.forward(weights, biases, x)
        ours_W, ours_b = checks.backward_pass.reference(weights, z, a, y)
        grads_W, grads_b = backprop.backprop(weights, biases, x, y)
        num_W, num_b = backprop.numerical_gradients(weights, biases, x, y)
        for ours, exact, numeric in zip(ours_W + ours_b, grads_W + grads_b, num_W + num_b):
            np.testing.assert_allclose(ours, exact, rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(ours, numeric, rtol=1e-6, atol=1e-9)


def test_backward_pass_cases_are_random_shapes_and_depths():
    cases = checks.backward_pass.cases
    assert sorted({len(weights) for weights, *_ in cases}) == [1, 2, 3, 4]
    assert len({tuple(W.shape for W in weights) for weights, *_ in cases}) == len(cases)
    assert all(x.shape[1] >= 2 for _, _, x, _ in cases)


def test_backward_pass_names_shape_errors_and_wrong_returns():
    def wrong_W_in_bp2(weights, z, a, y):          # W^l instead of W^{l+1}: a shape error on these nets
        grads_W, grads_b = my_backward(weights, z, a, y)
        L = len(weights)
        _ = weights[L - 2].T @ (a[L] - y)
        return grads_W, grads_b

    verdict = checks.backward_pass.evaluate(wrong_W_in_bp2)
    assert not verdict.passed and "shapes did not fit" in verdict.message and "weights[l].T @ delta" in verdict.message
    assert "Traceback" not in verdict.message
    verdict = checks.backward_pass.evaluate(lambda weights, z, a, y: my_backward(weights, z, a, y)[0])
    assert not verdict.passed and "return two lists" in verdict.message
    verdict = checks.backward_pass.evaluate(lambda weights, z, a, y: [g[:-1] for g in my_backward(weights, z, a, y)])
    assert not verdict.passed and "one gradient per layer" in verdict.message
    def flat_biases(weights, z, a, y):
        grads_W, grads_b = my_backward(weights, z, a, y)
        return grads_W, [b.ravel() for b in grads_b]

    flat = checks.backward_pass.evaluate(flat_biases)
    assert flat.passed, flat.message
    verdict = checks.backward_pass.evaluate(lambda weights, z, a, y: (
        [1.01 * g for g in my_backward(weights, z, a, y)[0]], my_backward(weights, z, a, y)[1]))
    assert not verdict.passed and "in case 1 of 5, your ∂C/∂W^1 differs" in verdict.message


def test_backward_pass_does_not_let_the_student_change_the_cases():
    def vandal(weights, z, a, y):
        for W in weights:
            W[...] = 0.0
        a[0][...] = 0.0
        raise NotImplementedError

    checks.backward_pass.evaluate(vandal)
    assert checks.backward_pass.evaluate(my_backward).passed




def test_the_sigmoid_grad_check_is_the_library_function():
    assert checks.sigmoid_grad.name == "sigmoid_grad" and checks.sigmoid_grad.reference is activations.sigmoid_grad


# ---------------------------------------------------------------------------------------------------- translation


def test_every_text_of_the_explorer_goes_through_tr(marked_language):
    ex = explorers.one_weight_loss(weight="W2[0,0] (output)", cost="cross_entropy", w=-5.0, lr=100.0, steps=10)
    assert ex.messages                                              # the warning is shown too
    assert untranslated(ex) == []
    ax = Figure().subplots()
    figures.plot_activation_and_derivative(ax, np.linspace(-1, 1, 5), "step")
    assert untranslated(ax) == []


def test_the_backward_checks_own_messages_go_through_tr(marked_language):
    def reversed_lists(weights, z, a, y):
        grads_W, grads_b = my_backward(weights, z, a, y)
        return grads_W[::-1], grads_b[::-1]

    verdicts = [checks.backward_pass.evaluate(reversed_lists), checks.backward_pass.evaluate(my_backward),
                checks.backward_pass.evaluate(lambda weights, z, a, y: None),
                checks.backward_pass.evaluate(lambda weights, z, a, y: weights[0] @ weights[0]),
                checks.bp2_hidden_delta.evaluate(lambda W, d, z: d @ W.T)]
    assert all(v.message.startswith("⟪") for v in verdicts), [v.message for v in verdicts]
