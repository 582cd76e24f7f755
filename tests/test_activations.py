import warnings

import numpy as np
import pytest

from course_lib import activations
from course_lib.activations import ACTIVATIONS
from course_lib.gradcheck import numerical_gradient, rel_error

NAMES = sorted(ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    f, f_grad = ACTIVATIONS[name]
    # Points away from the kinks of ReLU-like functions at 0.
    z = np.array([-4.0, -1.3, -0.4, -0.05, 0.07, 0.5, 1.2, 3.9])
    numeric = np.array([numerical_gradient(lambda v: float(f(v).sum()), np.array([zi]))[0] for zi in z])
    assert rel_error(f_grad(z), numeric) < 1e-7


@pytest.mark.parametrize("name", NAMES)
def test_stable_and_finite_for_large_inputs(name):
    f, f_grad = ACTIVATIONS[name]
    z = np.array([-1e3, -50.0, 0.0, 50.0, 1e3])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, grad = f(z), f_grad(z)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad))


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name):
    f, f_grad = ACTIVATIONS[name]
    z = np.linspace(-3, 3, 7, dtype=np.float32)
    assert f(z).dtype == np.float32 and f_grad(z).dtype == np.float32


def test_known_values():
    assert activations.sigmoid(0.0) == 0.5
    assert activations.sigmoid_grad(0.0) == 0.25                  # the largest σ' can be
    assert activations.sigmoid(1e3) == 1.0 and activations.sigmoid(-1e3) == 0.0
    assert activations.tanh_grad(0.0) == 1.0
    np.testing.assert_array_equal(activations.relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(activations.relu_grad(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(activations.leaky_relu(np.array([-2.0, 3.0])), [-0.02, 3.0])
    # ELU(z) = α(eᶻ − 1) for z < 0 — the condition is on z (deck 000 writes x).
    np.testing.assert_allclose(activations.elu(np.array([-1.0])), [np.exp(-1) - 1])
    np.testing.assert_allclose(activations.selu(np.array([1.0])), [1.0507009873554805])
    np.testing.assert_allclose(activations.swish(np.array([2.0])), [2 / (1 + np.exp(-2))])
    np.testing.assert_allclose(activations.softplus(np.array([0.0, 1e3])), [np.log(2), 1e3])


def test_unknown_activation_lists_known_names():
    with pytest.raises(ValueError, match="activation must be one of .*'relu'.*got 'rellu'"):
        activations.get("rellu")
