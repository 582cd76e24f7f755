import warnings

import numpy as np
import pytest

from course_lib import losses
from course_lib.gradcheck import numerical_gradient, rel_error


def _check_gradient(loss_fn, pred, target):
    _, grad = loss_fn(pred, target)
    numeric = numerical_gradient(lambda p: loss_fn(p, target)[0], pred.copy())
    assert rel_error(grad, numeric) < 1e-7


def test_mse_value_and_gradient():
    pred, y = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[0.0, 2.0], [3.0, 3.0]])
    loss, grad = losses.mse(pred, y)
    assert loss == pytest.approx((1 + 0 + 0 + 4) / 4)            # mean over all 4 entries
    np.testing.assert_allclose(grad, 2 * (pred - y) / 4)
    _check_gradient(losses.mse, np.random.default_rng(0).normal(size=(5, 3)), np.ones((5, 3)))


def test_binary_cross_entropy():
    p, y = np.array([[0.9], [0.2]]), np.array([[1.0], [0.0]])
    loss, _ = losses.binary_cross_entropy(p, y)
    assert loss == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)
    rng = np.random.default_rng(1)
    _check_gradient(losses.binary_cross_entropy, rng.uniform(0.1, 0.9, (4, 3)), rng.integers(0, 2, (4, 3)) * 1.0)


def test_bce_with_logits_agrees_and_is_stable():
    rng = np.random.default_rng(2)
    z, y = rng.normal(size=(6, 2)), rng.integers(0, 2, (6, 2)) * 1.0
    p = 1 / (1 + np.exp(-z))
    assert losses.binary_cross_entropy_with_logits(z, y)[0] == pytest.approx(losses.binary_cross_entropy(p, y)[0])
    _check_gradient(losses.binary_cross_entropy_with_logits, z, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = losses.binary_cross_entropy_with_logits(np.array([[1e3], [-1e3]]), np.array([[0.0], [1.0]]))
    assert loss == pytest.approx(1e3) and np.all(np.isfinite(grad))


def test_softmax_cross_entropy_value_gradient_and_stability():
    z, labels = np.array([[2.0, 1.0, 0.1]]), np.array([0])
    loss, grad = losses.softmax_cross_entropy(z, labels)
    p = np.exp(z) / np.exp(z).sum()
    assert loss == pytest.approx(-np.log(p[0, 0]))
    np.testing.assert_allclose(grad, p - [[1, 0, 0]])
    rng = np.random.default_rng(3)
    z = rng.normal(size=(5, 4))
    labels = rng.integers(0, 4, 5)
    _check_gradient(lambda logits, t: losses.softmax_cross_entropy(logits, t), z, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = losses.softmax_cross_entropy(np.array([[1e3, -1e3, 0.0]]), np.array([1]))
    assert loss == pytest.approx(2e3) and np.all(np.isfinite(grad))


def test_loss_bad_input():
    with pytest.raises(ValueError, match="labels must be in \\[0, 2\\]"):
        losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="labels must be 2 integer class indices"):
        losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="shape of the predictions"):
        losses.mse(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="loss must be one of"):
        losses.get("hinge")
