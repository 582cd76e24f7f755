import numpy as np
import pytest

from course_lib.gradcheck import check_layer, numerical_gradient, rel_error
from course_lib.layers import Activation, BatchNorm, Dense, Dropout
from course_lib.model import Sequential


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def test_dense_gradients(rng):
    layer = Dense(4, 3, init="he_normal", rng=rng)
    layer.params["b"][...] = rng.normal(size=3)
    errors = check_layer(layer, rng.normal(size=(5, 4)), rng)
    assert max(errors.values()) < 1e-8, errors
    assert layer.params["W"].shape == (4, 3) and layer.params["b"].shape == (3,)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "swish", "softplus"])
def test_activation_layer_gradients(name, rng):
    x = rng.normal(size=(4, 5))
    x[np.abs(x) < 1e-3] = 0.5                          # keep away from ReLU's kink
    errors = check_layer(Activation(name), x, rng)
    assert errors["x"] < 1e-7, errors


def test_dropout_with_fixed_mask_and_scaling(rng):
    layer = Dropout(0.4, rng=np.random.default_rng(1))
    x = rng.normal(size=(6, 5))
    y = layer.forward(x, train=True)
    mask = layer.mask.copy()
    # Survivors are scaled by 1/(1 − 0.4); dropped units are exactly 0.
    assert set(np.unique(np.round(mask, 12))) <= {0.0, round(1 / 0.6, 12)}
    np.testing.assert_allclose(y, x * mask)
    dy = rng.normal(size=y.shape)
    numeric = numerical_gradient(lambda v: float(np.sum(v * mask * dy)), x.copy())
    assert rel_error(layer.backward(dy), numeric) < 1e-9
    np.testing.assert_array_equal(layer.forward(x, train=False), x)   # identity at inference


def test_dropout_keeps_the_expectation():
    layer = Dropout(0.3, rng=np.random.default_rng(2))
    x = np.ones((200_000, 1))
    kept = layer.forward(x, train=True)
    assert np.mean(kept == 0) == pytest.approx(0.3, abs=0.005)
    assert kept.mean() == pytest.approx(1.0, abs=0.01)


def test_batchnorm_training_gradients(rng):
    layer = BatchNorm(3)
    layer.params["gamma"][...] = rng.uniform(0.5, 1.5, 3)
    layer.params["beta"][...] = rng.normal(size=3)
    errors = check_layer(layer, rng.normal(2.0, 3.0, size=(8, 3)), rng)
    assert max(errors.values()) < 1e-7, errors


def test_batchnorm_statistics_and_inference(rng):
    layer = BatchNorm(2, momentum=0.9)
    x = rng.normal([5.0, -1.0], [2.0, 0.5], size=(1000, 2))
    y = layer.forward(x, train=True)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-10)
    np.testing.assert_allclose(y.var(axis=0), x.var(axis=0) / (x.var(axis=0) + 1e-5), rtol=1e-10)  # biased
    # One step of the EMA: running = 0.9·(0, 1) + 0.1·(μ, σ²).
    np.testing.assert_allclose(layer.buffers["running_mean"], 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(layer.buffers["running_var"], 0.9 + 0.1 * x.var(axis=0))
    for _ in range(200):
        layer.forward(x, train=True)
    z = layer.forward(x, train=False)                   # now uses the running statistics
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-6)


def test_sequential_gradients_and_names(rng):
    model = Sequential([
        Dense(3, 5, init="he_uniform", rng=rng), BatchNorm(5), Activation("tanh"),
        Dense(5, 4, rng=rng), Activation("sigmoid"), Dense(4, 2, rng=rng),
    ])
    x = rng.normal(size=(6, 3))
    r = rng.normal(size=(6, 2))

    def loss(_):
        return float(np.sum(model.forward(x) * r))

    model.forward(x)
    dx = model.backward(r)
    assert rel_error(dx, numerical_gradient(loss, x)) < 1e-7
    names = [name for name, _, _ in model.parameters()]
    assert len(set(names)) == len(names) == 8
    assert names[:2] == ["dense.W", "dense.b"] and "dense_2.W" in names
    for name, value, grad in model.parameters():
        analytic = grad.copy()
        assert rel_error(analytic, numerical_gradient(loss, value)) < 1e-6, name


def test_state_roundtrip_and_float32(rng):
    model = Sequential([Dense(3, 4, rng=rng), BatchNorm(4), Activation("relu"), Dense(4, 2, rng=rng)])
    state = model.get_state()
    assert "batch_norm.running_var" in state
    for _, value, _ in model.parameters():
        value += 1.0
    model.set_state(state)
    np.testing.assert_array_equal(model.layers[0].params["W"], state["dense.W"])
    model.astype(np.float32)
    y = model.forward(rng.normal(size=(5, 3)).astype(np.float32))
    dx = model.backward(np.ones_like(y))
    assert y.dtype == np.float32 and dx.dtype == np.float32
    assert all(value.dtype == np.float32 and grad.dtype == np.float32 for _, value, grad in model.parameters())


def test_summary_like_keras(rng):
    model = Sequential([Dense(64, 256, rng=rng), Activation("relu"), Dropout(0.2, rng=rng), Dense(256, 10, rng=rng)])
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "dense (Dense(64→256))" in text and "(None, 256)" in text and "16,640" in text
    assert "dense_1 (Dense(256→10))" in text and "2,570" in text
    assert "Total params: 19,210" in text


def test_bad_input(rng):
    with pytest.raises(ValueError, match="d_in must be an integer > 0"):
        Dense(0, 3, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy Generator; make one with np.random.default_rng"):
        Dense(2, 3)
    with pytest.raises(ValueError, match="drop_prob must be in \\[0, 1\\), got 1.0"):
        Dropout(1.0, rng=rng)
    with pytest.raises(ValueError, match="activation must be one of .*'sigmoid'"):
        Activation("sigmod")
    with pytest.raises(ValueError, match="momentum must be in \\[0, 1\\)"):
        BatchNorm(3, momentum=1.5)
    with pytest.raises(ValueError, match=r"Dense\(4→3\) expects input of shape \(N, 4\), got \(2, 5\)"):
        Dense(4, 3, rng=rng).forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"BatchNorm\(3\) expects input of shape \(N, 3\)"):
        BatchNorm(3).forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="layers must be"):
        Sequential([])
