"""Tests for course_lib.optim: golden steps worked out by hand, conventions, classes, validation."""

import numpy as np
import pytest

from course_lib import optim
from course_lib.optim import (
    RULES,
    SGD,
    AdaGrad,
    Adam,
    RMSProp,
    adagrad_update,
    adam_update,
    ema_momentum_update,
    momentum_update,
    nesterov_lookahead_update,
    nesterov_update,
    pytorch_momentum_update,
    rmsprop_update,
    sgd_update,
)
from course_lib.schedules import exponential_decay

# The worked example used by every golden test: two weights, two gradients, lr = 0.1.
W0 = np.array([1.0, -2.0])
G1 = np.array([0.5, 4.0])
G2 = np.array([-1.0, 2.0])  # a second gradient, for the rules that keep state
LR = 0.1
EPS = 1e-8

# f(w) = ½ wᵀAw, an ill-conditioned quadratic (eigenvalues about 10.4 and 0.6); ∇f(w) = A·w.
A = np.array([[10.0, 2.0], [2.0, 1.0]])


def grad_quadratic(w):
    return A @ w


# ---------------------------------------------------------------------------------------------------
# Golden steps
# ---------------------------------------------------------------------------------------------------


def test_sgd_golden_step():
    w, state = sgd_update(W0, G1, {}, lr=LR)
    # w − lr·g = [1 − 0.1·0.5, −2 − 0.1·4]
    np.testing.assert_allclose(w, [0.95, -2.4], rtol=0, atol=1e-15)
    assert state == {}


def test_momentum_two_golden_steps():
    w, state = momentum_update(W0, G1, None, lr=LR, momentum=0.9)
    # v = 0.9·0 − 0.1·[0.5, 4] = [−0.05, −0.4];  w = [1, −2] + v
    np.testing.assert_allclose(state["v"], [-0.05, -0.4], rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, [0.95, -2.4], rtol=0, atol=1e-15)
    w, state = momentum_update(w, G2, state, lr=LR, momentum=0.9)
    # v = 0.9·[−0.05, −0.4] − 0.1·[−1, 2] = [−0.045 + 0.1, −0.36 − 0.2] = [0.055, −0.56]
    # w = [0.95 + 0.055, −2.4 − 0.56] = [1.005, −2.96]
    np.testing.assert_allclose(state["v"], [0.055, -0.56], rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, [1.005, -2.96], rtol=0, atol=1e-15)


def test_nesterov_two_golden_steps():
    w, state = nesterov_update(W0, G1, {}, lr=LR, momentum=0.9)
    # v = [−0.05, −0.4];  w = w + 0.9·v − 0.1·g = [1 − 0.045 − 0.05, −2 − 0.36 − 0.4] = [0.905, −2.76]
    np.testing.assert_allclose(state["v"], [-0.05, -0.4], rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, [0.905, -2.76], rtol=0, atol=1e-15)
    w, state = nesterov_update(w, G2, state, lr=LR, momentum=0.9)
    # v = [0.055, −0.56] (as for momentum);  w = [0.905 + 0.9·0.055 + 0.1, −2.76 + 0.9·(−0.56) − 0.2]
    #   = [0.905 + 0.0495 + 0.1, −2.76 − 0.504 − 0.2] = [1.0545, −3.464]
    np.testing.assert_allclose(state["v"], [0.055, -0.56], rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, [1.0545, -3.464], rtol=0, atol=1e-15)


def test_nesterov_lookahead_golden_steps():
    # grad_fn returns G1 then G2 and records where it was evaluated
    asked_at = []

    def grad_fn(point):
        asked_at.append(point.copy())
        return [G1, G2][len(asked_at) - 1]

    w, state = nesterov_lookahead_update(W0, grad_fn, {}, lr=LR, momentum=0.9)
    # v0 = 0, so the look-ahead point is w itself; v = [−0.05, −0.4];  w = [0.95, −2.4]
    np.testing.assert_allclose(asked_at[0], W0, rtol=0, atol=0)
    np.testing.assert_allclose(w, [0.95, -2.4], rtol=0, atol=1e-15)
    w, state = nesterov_lookahead_update(w, grad_fn, state, lr=LR, momentum=0.9)
    # gradient asked at w + 0.9·v = [0.95 − 0.045, −2.4 − 0.36] = [0.905, −2.76]
    # v = [0.055, −0.56];  w = [0.95 + 0.055, −2.4 − 0.56] = [1.005, −2.96]
    np.testing.assert_allclose(asked_at[1], [0.905, -2.76], rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, [1.005, -2.96], rtol=0, atol=1e-15)


def test_adagrad_two_golden_steps():
    w, state = adagrad_update(W0, G1, {}, lr=LR, eps=EPS)
    # r = g² = [0.25, 16];  √r = [0.5, 4];  w = [1 − 0.1·0.5/0.5, −2 − 0.1·4/4] ≈ [0.9, −2.1]
    np.testing.assert_allclose(state["r"], [0.25, 16.0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, [1 - 0.05 / (0.5 + EPS), -2 - 0.4 / (4 + EPS)], rtol=0, atol=1e-15)
    w2, state = adagrad_update(w, G2, state, lr=LR, eps=EPS)
    # r = [0.25 + 1, 16 + 4] = [1.25, 20];  w = w − 0.1·[−1, 2]/[√1.25, √20]
    np.testing.assert_allclose(state["r"], [1.25, 20.0], rtol=0, atol=1e-15)
    expected = [w[0] + 0.1 / (np.sqrt(1.25) + EPS), w[1] - 0.2 / (np.sqrt(20.0) + EPS)]
    np.testing.assert_allclose(w2, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(w2, [0.9 + 0.0894427, -2.1 - 0.0447214], rtol=0, atol=1e-6)


def test_rmsprop_golden_step():
    w, state = rmsprop_update(W0, G1, {}, lr=LR, rho=0.9, eps=EPS)
    # r = 0.9·0 + 0.1·g² = [0.025, 1.6];  √r = √0.1·|g| = [0.158114, 1.264911]
    # so the first step is lr/√0.1 ≈ 0.316228 against the sign of g, whatever |g| is
    np.testing.assert_allclose(state["r"], [0.025, 1.6], rtol=1e-15)
    expected = [1 - 0.05 / (np.sqrt(0.025) + EPS), -2 - 0.4 / (np.sqrt(1.6) + EPS)]
    np.testing.assert_allclose(w, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, [1 - 0.316228, -2 - 0.316228], rtol=0, atol=1e-6)


def test_adam_two_golden_steps():
    w, state = adam_update(W0, G1, {}, lr=LR, beta1=0.9, beta2=0.999, eps=EPS)
    # t = 1;  m = 0.1·g = [0.05, 0.4];  v = 0.001·g² = [0.00025, 0.016]
    # m̂ = m/0.1 = g;  v̂ = v/0.001 = g²;  so w = w − 0.1·g/|g| ≈ [0.9, −2.1]
    assert state["t"] == 1
    np.testing.assert_allclose(state["m"], [0.05, 0.4], rtol=1e-15)
    np.testing.assert_allclose(state["v"], [0.00025, 0.016], rtol=1e-15)
    np.testing.assert_allclose(w, [1 - 0.1 * 0.5 / (0.5 + EPS), -2 - 0.1 * 4 / (4 + EPS)], rtol=0, atol=1e-14)
    w2, state = adam_update(w, G2, state, lr=LR, beta1=0.9, beta2=0.999, eps=EPS)
    # t = 2;  m = 0.9·[0.05, 0.4] + 0.1·[−1, 2] = [−0.055, 0.56]
    # v = 0.999·[0.00025, 0.016] + 0.001·[1, 4] = [0.00124975, 0.019984]
    # m̂ = m/(1 − 0.9²) = m/0.19;  v̂ = v/(1 − 0.999²) = v/0.001999
    assert state["t"] == 2
    np.testing.assert_allclose(state["m"], [-0.055, 0.56], rtol=1e-14)
    np.testing.assert_allclose(state["v"], [0.00124975, 0.019984], rtol=1e-14)
    m_hat = np.array([-0.055, 0.56]) / 0.19
    v_hat = np.array([0.00124975, 0.019984]) / 0.001999
    np.testing.assert_allclose(w2, w - 0.1 * m_hat / (np.sqrt(v_hat) + EPS), rtol=0, atol=1e-14)
    # in numbers: m̂ = [−0.289474, 2.947368], √v̂ = [0.790688, 3.161803]
    np.testing.assert_allclose(w2, [0.9 + 0.036610, -2.1 - 0.093218], rtol=0, atol=1e-6)


def test_ema_and_pytorch_momentum_golden_steps():
    w, state = ema_momentum_update(W0, G1, {}, lr=LR, beta=0.9)
    # V = 0.1·g = [0.05, 0.4];  w = w − 0.1·V = [0.995, −2.04]
    np.testing.assert_allclose(state["V"], [0.05, 0.4], rtol=1e-15)
    np.testing.assert_allclose(w, [0.995, -2.04], rtol=0, atol=1e-15)
    w, state = pytorch_momentum_update(W0, G1, {}, lr=LR, momentum=0.9)
    # b = 0.9·0 + g = [0.5, 4];  w = w − 0.1·b = [0.95, −2.4]
    np.testing.assert_allclose(state["b"], [0.5, 4.0], rtol=0, atol=0)
    np.testing.assert_allclose(w, [0.95, -2.4], rtol=0, atol=1e-15)


# ---------------------------------------------------------------------------------------------------
# Purity: rules return new arrays and leave their inputs alone
# ---------------------------------------------------------------------------------------------------

ALL_RULES = {**RULES, "ema_momentum": ema_momentum_update, "pytorch_momentum": pytorch_momentum_update}


def test_rules_dict():
    assert RULES == {
        "sgd": sgd_update,
        "momentum": momentum_update,
        "nesterov": nesterov_update,
        "adagrad": adagrad_update,
        "rmsprop": rmsprop_update,
        "adam": adam_update,
    }


@pytest.mark.parametrize("name", sorted(ALL_RULES))
def test_rules_do_not_mutate_inputs(name):
    rule = ALL_RULES[name]
    w, state = rule(W0.copy(), G1.copy(), {}, lr=LR)  # a first step, so that the state holds arrays
    w_before, g_before = w.copy(), G2.copy()
    state_before = {k: np.copy(s) for k, s in state.items()}
    g = G2.copy()
    new_w, new_state = rule(w, g, state, lr=LR)
    np.testing.assert_array_equal(w, w_before)
    np.testing.assert_array_equal(g, g_before)
    assert state.keys() == state_before.keys()
    for key in state:
        np.testing.assert_array_equal(state[key], state_before[key])
    assert new_state is not state
    assert not np.shares_memory(new_w, w)


def test_lookahead_rule_does_not_mutate_inputs():
    w, state = nesterov_lookahead_update(W0.copy(), grad_quadratic, {}, lr=LR)
    w_before, v_before = w.copy(), state["v"].copy()
    nesterov_lookahead_update(w, grad_quadratic, state, lr=LR)
    np.testing.assert_array_equal(w, w_before)
    np.testing.assert_array_equal(state["v"], v_before)


@pytest.mark.parametrize("name", sorted(ALL_RULES))
def test_rules_keep_float32(name):
    w = np.array([1.0, -2.0], dtype=np.float32)
    g = np.array([0.5, 4.0], dtype=np.float32)
    state = {}
    for _ in range(2):
        w, state = ALL_RULES[name](w, g, state, lr=0.1)
        assert w.dtype == np.float32
        for value in state.values():
            if isinstance(value, np.ndarray):
                assert value.dtype == np.float32


def test_rules_accept_none_state():
    for rule in ALL_RULES.values():
        w_none, _ = rule(W0, G1, None, lr=LR)
        w_empty, _ = rule(W0, G1, {}, lr=LR)
        np.testing.assert_array_equal(w_none, w_empty)


# ---------------------------------------------------------------------------------------------------
# Conventions agree, on the quadratic f = ½ wᵀAw
# ---------------------------------------------------------------------------------------------------


def run(rule, steps=50, w0=(1.5, -1.0), **hyper):
    """Path of `rule` on the quadratic: (steps + 1, 2), and the final state."""
    w, state, path = np.array(w0), {}, [np.array(w0)]
    for _ in range(steps):
        w, state = rule(w, grad_quadratic(w), state, **hyper)
        path.append(w)
    return np.array(path), state


def test_three_momentum_conventions_give_the_same_path():
    alpha, gamma = 0.02, 0.9
    classical, _ = run(momentum_update, lr=alpha, momentum=gamma)
    ema_form, _ = run(ema_momentum_update, lr=alpha / (1 - gamma), beta=gamma)
    torch_form, _ = run(pytorch_momentum_update, lr=alpha, momentum=gamma)
    np.testing.assert_allclose(ema_form, classical, rtol=0, atol=1e-12)
    np.testing.assert_allclose(torch_form, classical, rtol=0, atol=1e-12)
    # and the path really moves (so equality is not trivial) and converges towards the minimum 0
    assert np.linalg.norm(classical[-1]) < 0.1 * np.linalg.norm(classical[0])


def test_rewritten_nesterov_equals_lookahead_form():
    alpha, gamma = 0.02, 0.9
    w, w_state = np.array([1.5, -1.0]), {}
    theta, theta_state = np.array([1.5, -1.0]), {}
    for _ in range(50):
        w, w_state = nesterov_update(w, grad_quadratic(w), w_state, lr=alpha, momentum=gamma)
        theta, theta_state = nesterov_lookahead_update(theta, grad_quadratic, theta_state, alpha, gamma)
        # the rewritten w_t is the look-ahead form's θ_t + γ·v_t, and both carry the same velocity
        np.testing.assert_allclose(w, theta + gamma * theta_state["v"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(w_state["v"], theta_state["v"], rtol=0, atol=1e-12)
    # Nesterov is not classical momentum: the paths differ
    classical, _ = run(momentum_update, lr=alpha, momentum=gamma)
    assert np.abs(classical[-1] - theta).max() > 1e-6


@pytest.mark.parametrize(
    ("rule", "hyper"),
    [
        (sgd_update, {"lr": 0.05}),
        (momentum_update, {"lr": 0.02, "momentum": 0.9}),
        (nesterov_update, {"lr": 0.02, "momentum": 0.9}),
        (adagrad_update, {"lr": 0.5}),
        (rmsprop_update, {"lr": 0.01}),
        (adam_update, {"lr": 0.05}),
    ],
)
def test_every_rule_decreases_the_quadratic(rule, hyper):
    path, _ = run(rule, steps=300, **hyper)
    f = 0.5 * np.einsum("ti,ij,tj->t", path, A, path)
    assert f[-1] < 0.05 * f[0]


# ---------------------------------------------------------------------------------------------------
# Optimizer classes
# ---------------------------------------------------------------------------------------------------


def test_class_picks_the_rule():
    assert SGD(0.1).rule is sgd_update
    assert SGD(0.1, momentum=0.9).rule is momentum_update
    assert SGD(0.1, momentum=0.9, nesterov=True).rule is nesterov_update
    assert AdaGrad(0.1).rule is adagrad_update
    assert RMSProp(0.1).rule is rmsprop_update
    assert Adam().rule is adam_update


@pytest.mark.parametrize(
    ("opt", "rule", "hyper"),
    [
        (SGD(0.1), sgd_update, {}),
        (SGD(0.1, momentum=0.8), momentum_update, {"momentum": 0.8}),
        (SGD(0.1, momentum=0.8, nesterov=True), nesterov_update, {"momentum": 0.8}),
        (AdaGrad(0.1, eps=1e-7), adagrad_update, {"eps": 1e-7}),
        (RMSProp(0.1, rho=0.8, eps=1e-7), rmsprop_update, {"rho": 0.8, "eps": 1e-7}),
        (Adam(0.1, beta1=0.8, beta2=0.99, eps=1e-7), adam_update, {"beta1": 0.8, "beta2": 0.99, "eps": 1e-7}),
    ],
)
def test_step_updates_in_place_with_one_state_per_name(opt, rule, hyper):
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=2)
    W_id, b_id = id(W), id(b)
    W_ref, b_ref, W_state, b_state = W.copy(), b.copy(), {}, {}
    for _ in range(3):
        dW, db = rng.normal(size=(3, 2)), rng.normal(size=2)
        opt.step([("W", W, dW), ("b", b, db)])
        W_ref, W_state = rule(W_ref, dW, W_state, lr=0.1, **hyper)
        b_ref, b_state = rule(b_ref, db, b_state, lr=0.1, **hyper)
        np.testing.assert_allclose(W, W_ref, rtol=0, atol=1e-15)
        np.testing.assert_allclose(b, b_ref, rtol=0, atol=1e-15)
    assert (id(W), id(b)) == (W_id, b_id)
    assert opt.iterations == 3
    assert set(opt.state) == {"W", "b"}
    for key, value in W_state.items():
        np.testing.assert_allclose(opt.state["W"][key], value, rtol=0, atol=1e-15)


def test_state_is_per_name_when_a_parameter_skips_a_step():
    opt = Adam(0.1)
    a, b = np.zeros(2), np.zeros(2)
    opt.step([("a", a, G1), ("b", b, G1)])
    opt.step(p for p in [("a", a, G2)])  # a generator works too
    assert opt.state["a"]["t"] == 2 and opt.state["b"]["t"] == 1
    assert opt.iterations == 2


def test_schedule_as_lr():
    opt = SGD(lr=lambda t: 0.1 / (t + 1))  # 0.1, 0.05, 0.0333...
    w, g = np.zeros(2), np.array([1.0, -1.0])
    assert opt.current_lr() == 0.1
    opt.step([("w", w, g)])
    np.testing.assert_allclose(w, [-0.1, 0.1], rtol=1e-15)
    assert opt.current_lr() == 0.05
    opt.step([("w", w, g)])
    np.testing.assert_allclose(w, [-0.15, 0.15], rtol=1e-15)
    # setting opt.lr to a number (as ReduceLROnPlateau does) replaces the schedule by a constant
    opt.lr = 0.01
    assert opt.lr == 0.01 and opt.current_lr() == 0.01
    opt.step([("w", w, g)])
    np.testing.assert_allclose(w, [-0.16, 0.16], rtol=1e-14)
    assert opt.iterations == 3


def test_schedule_from_schedules_module():
    opt = SGD(exponential_decay(0.1, 0.5, 2, staircase=True))
    lrs = []
    for _ in range(5):
        lrs.append(opt.current_lr())
        opt.step([])
    # steps 0..4 → ⌊t/2⌋ = 0, 0, 1, 1, 2 → 0.1, 0.1, 0.05, 0.05, 0.025
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.05, 0.05, 0.025], rtol=1e-15)
    assert opt.get_config()["lr"].startswith("exponential_decay(")


def test_class_keeps_float32_even_with_a_numpy_float_schedule():
    # a schedule returning np.float64 must not turn float32 parameters into float64 (numpy 2 rules)
    for opt in [SGD(lambda t: np.float64(0.1), momentum=0.9), Adam(lambda t: np.float64(0.01))]:
        w = np.ones(3, dtype=np.float32)
        g = np.full(3, 0.5, dtype=np.float32)
        opt.step([("w", w, g)])
        assert w.dtype == np.float32
        assert all(s.dtype == np.float32 for s in opt.state["w"].values() if isinstance(s, np.ndarray))


def test_get_config_and_repr():
    assert SGD(0.1).get_config() == {"name": "SGD", "lr": 0.1, "momentum": 0.0, "nesterov": False}
    assert SGD(0.1, 0.9, True).get_config() == {"name": "SGD", "lr": 0.1, "momentum": 0.9, "nesterov": True}
    assert AdaGrad(0.1).get_config() == {"name": "AdaGrad", "lr": 0.1, "eps": 1e-8}
    assert RMSProp(0.1).get_config() == {"name": "RMSProp", "lr": 0.1, "rho": 0.9, "eps": 1e-8}
    assert Adam().get_config() == {"name": "Adam", "lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert repr(Adam()) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: SGD(0.0), "lr"),
        (lambda: SGD(-0.1), "lr"),
        (lambda: SGD("fast"), "lr"),
        (lambda: SGD(0.1, momentum=1.0), "momentum"),
        (lambda: SGD(0.1, momentum=-0.1), "momentum"),
        (lambda: SGD(0.1, nesterov=True), "nesterov"),
        (lambda: SGD(0.1, momentum=0.9, nesterov="yes"), "nesterov"),
        (lambda: AdaGrad(0.1, eps=0.0), "eps"),
        (lambda: AdaGrad(-1.0), "lr"),
        (lambda: RMSProp(0.1, rho=1.0), "rho"),
        (lambda: RMSProp(0.1, rho=-0.5), "rho"),
        (lambda: RMSProp(0.1, eps=-1e-8), "eps"),
        (lambda: Adam(0.0), "lr"),
        (lambda: Adam(beta1=1.0), "beta1"),
        (lambda: Adam(beta1=-0.1), "beta1"),
        (lambda: Adam(beta2=1.5), "beta2"),
        (lambda: Adam(eps=0), "eps"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


def test_setting_a_bad_lr_raises():
    opt = SGD(0.1)
    with pytest.raises(ValueError, match="lr"):
        opt.lr = -0.5
    assert opt.lr == 0.1


def test_unknown_hyperparameters_are_impossible():
    with pytest.raises(TypeError):
        SGD(0.1, beta=0.9)
    with pytest.raises(TypeError):
        Adam(0.1, momentum=0.9)


# ---------------------------------------------------------------------------------------------------
# Against PyTorch (skipped when torch is not installed)
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda: SGD(0.05), lambda p, torch: torch.optim.SGD(p, lr=0.05)),
        (lambda: SGD(0.05, momentum=0.9), lambda p, torch: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
        (
            lambda: SGD(0.05, momentum=0.9, nesterov=True),
            lambda p, torch: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
        ),
        (lambda: AdaGrad(0.1, eps=1e-8), lambda p, torch: torch.optim.Adagrad(p, lr=0.1, eps=1e-8)),
        (lambda: RMSProp(0.01, rho=0.9), lambda p, torch: torch.optim.RMSprop(p, lr=0.01, alpha=0.9)),
        (lambda: Adam(0.01), lambda p, torch: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    ],
)
def test_matches_torch_optim(ours, theirs):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    w0 = rng.normal(size=(4, 3))
    target = rng.normal(size=(4, 3))
    w = w0.copy()
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt, torch_opt = ours(), theirs([p], torch)
    for _ in range(20):
        g = (w - target) ** 3  # gradient of ¼·Σ(w − target)⁴
        opt.step([("w", w, g)])
        torch_opt.zero_grad()
        (0.25 * ((p - torch.tensor(target)) ** 4).sum()).backward()
        torch_opt.step()
    np.testing.assert_allclose(w, p.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_module_exports():
    for name in ["Optimizer", "SGD", "AdaGrad", "RMSProp", "Adam", "RULES", "nesterov_lookahead_update"]:
        assert hasattr(optim, name)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("rule, hyper", [
    (optim.sgd_update, {"lr": 0.1}),
    (optim.momentum_update, {"lr": 0.1, "momentum": 0.9}),
    (optim.nesterov_update, {"lr": 0.1, "momentum": 0.8}),
    (optim.adagrad_update, {"lr": 0.1, "eps": 1e-8}),
    (optim.rmsprop_update, {"lr": 0.01, "rho": 0.9, "eps": 1e-8}),
    (optim.adam_update, {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
])
def test_inplace_twins_give_the_pure_rules_numbers(rule, hyper, dtype):
    """Bit for bit, except Adam, which folds its bias corrections into scalars: equal to round-off."""
    if rule is optim.adam_update:
        def compare(a, b):
            np.testing.assert_allclose(a, b, rtol=16 * np.finfo(dtype).eps, atol=0)
    else:
        compare = np.testing.assert_array_equal
    rng = np.random.default_rng(0)
    w_pure = rng.normal(size=(7, 5)).astype(dtype)
    w_inplace = w_pure.copy()
    state_pure, state_inplace = {}, {}
    for _ in range(6):
        g = rng.normal(size=w_pure.shape).astype(dtype)
        w_pure, state_pure = rule(w_pure, g, state_pure, **hyper)
        optim.INPLACE_RULES[rule](w_inplace, g, state_inplace, **hyper)
        compare(w_inplace, w_pure)
    assert w_inplace.dtype == dtype
    for key, value in state_pure.items():
        compare(state_inplace[key], value)
