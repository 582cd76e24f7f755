"""Exercise checks for notebook 02 (forward pass and backprop)."""

from __future__ import annotations

import copy

import numpy as np

from ...activations import sigmoid, sigmoid_grad
from ..exercise import CheckResult, Exercise, describe
from .compute import (
    forward,
    hidden_delta,
    init_network,
    numerical_gradients,
    output_delta,
    sequential_gradients,
    to_sequential,
)

__all__ = ["sigmoid_prime", "bp1_output_delta", "bp2_hidden_delta", "bp3_bp4_layer_gradients", "backward_pass"]

sigmoid_prime = Exercise(
    "sigmoid_prime",
    sigmoid_grad,
    cases=[(np.array([-4.0, -1.0, 0.0, 0.5, 2.0, 6.0]),), (np.array([[0.3, -0.3], [1.5, -2.5]]),)],
    misconceptions=[
        ("you computed z·(1 − z): the formula σ' = a(1 − a) takes the activation a = σ(z), not z. "
         "Compute s = σ(z) first, then s·(1 − s).", lambda z: z * (1 - z)),
        ("you forgot the factor (1 − σ(z)): σ'(z) = σ(z)·(1 − σ(z)).", sigmoid),
        ("you evaluated σ' at a = σ(z) instead of at z: σ(σ(z))·(1 − σ(σ(z))). The derivative takes z.",
         lambda z: sigmoid_grad(sigmoid(z))),
        ("the sign is wrong: σ is increasing, so σ'(z) = σ(z)·(1 − σ(z)) is positive.",
         lambda z: -sigmoid_grad(z)),
    ],
    success="σ'(z) is at most 1/4, at z = 0.",
)


def _bp1(a, z, y):
    return output_delta(a, z, y, "quadratic", "sigmoid")


def _bp1_cases(rng):
    cases = []
    for n in (1, 2, 3):
        z = rng.normal(0.0, 1.5, (n, 1))
        cases.append((sigmoid(z), z, rng.uniform(0.0, 1.0, (n, 1))))
    return cases


bp1_output_delta = Exercise(
    "bp1_output_delta",
    _bp1,
    cases=_bp1_cases(np.random.default_rng(2)),
    misconceptions=[
        ("you dropped the factor 2: that is the gradient of ½‖a − y‖². Here C = ‖y − a‖², so ∇_a C = 2(a − y).",
         lambda a, z, y: (a - y) * sigmoid_grad(z)),
        ("you used σ'(a) instead of σ'(z): BP1 multiplies by the derivative at the pre-activation z^L.",
         lambda a, z, y: 2 * (a - y) * sigmoid_grad(a)),
        ("you forgot ⊙ σ'(z^L): δ^L is the gradient with respect to z^L, so the chain rule passes through σ.",
         lambda a, z, y: 2 * (a - y)),
        ("the sign is flipped: ∇_a ‖y − a‖² = 2(a − y), not 2(y − a).",
         lambda a, z, y: 2 * (y - a) * sigmoid_grad(z)),
        ("you computed z(1 − z): σ'(z) = a(1 − a) with a = σ(z), not z(1 − z).",
         lambda a, z, y: 2 * (a - y) * z * (1 - z)),
    ],
    success="That is BP1 for the quadratic cost and a sigmoid output.",
)


def _bp2(W_next, delta_next, z):
    return hidden_delta(W_next, delta_next, z, "sigmoid")


def _bp2_cases(rng):
    # square W^{l+1} so that every wrong answer below can run (a non-square W would raise a shape error instead)
    return [(rng.normal(size=(n, n)), rng.normal(size=(n, 1)), rng.normal(size=(n, 1))) for n in (2, 3, 4)]


_ROWS_NOT_COLUMNS = ("Here the examples are columns: δ^{l+1} has shape (n_{l+1}, 1) and W^{l+1} (n_{l+1}, n_l), so BP2 "
                     "is W_next.T @ delta_next. `delta @ W.T` is the same product for the code that stores examples "
                     "as rows (the notation box of notebook 02), where W is the transpose of W^{l+1}.")


class _BP2Exercise(Exercise):
    """The BP2 check, which also names the row-form product that raises a shape error on columns."""

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if not result.passed and "raised ValueError: matmul" in result.message:
            return CheckResult(False, f"✗ {self.name}: your matrix product raised a shape error. {_ROWS_NOT_COLUMNS}")
        return result


bp2_hidden_delta = _BP2Exercise(
    "bp2_hidden_delta",
    _bp2,
    cases=_bp2_cases(np.random.default_rng(3)),
    misconceptions=[
        ("you used W^{l+1} instead of its transpose: the error flows backwards, so BP2 has (W^{l+1})ᵀ δ^{l+1}.",
         lambda W, d, z: (W @ d) * sigmoid_grad(z)),
        ("you forgot ⊙ σ'(z^l): δ^l is the gradient with respect to z^l, so multiply by the slope of σ there.",
         lambda W, d, z: W.T @ d),
        ("you multiplied by σ(z^l) instead of σ'(z^l) = σ(z)(1 − σ(z)).",
         lambda W, d, z: (W.T @ d) * sigmoid(z)),
        ("your δ^l is a square matrix: δ^{l+1}ᵀ W^{l+1} is a row, and a row times the column σ'(z^l) broadcasts to "
         "a matrix. " + _ROWS_NOT_COLUMNS, lambda W, d, z: (d.T @ W) * sigmoid_grad(z)),
    ],
    success="With BP1 and BP2 you can find δ in every layer; BP3 and BP4 turn δ into gradients.",
)


# ----------------------------------------------------------------------------------------------------
# BP3 and BP4, and the whole backward loop: answers are several arrays, so these checks compare lists
# ----------------------------------------------------------------------------------------------------

_SHAPE_ERROR = ("the shapes did not fit ({error}). In the column form of this exercise weights[l − 1] is W^l, of shape "
                "(n_l, n_{{l−1}}); z[l] and a[l] belong to layer l and have shape (n_l, N); a[0] is the input. "
                "BP2 is weights[l].T @ delta (δ^l from δ^{{l+1}}), BP4 is delta @ a[l - 1].T. The row-form products "
                "(delta @ W.T, a.T @ delta) are for the code that stores examples as rows.")


class _ArraysExercise(Exercise):
    """An exercise whose answer is several arrays.  `unpack(output, expected)` turns an answer into a list of
    arrays like `expected` (a bias may come as (n,) or (n, 1)), or raises ValueError with what is wrong with it."""

    def __init__(self, name, reference, cases, misconceptions, *, unpack, labels, success, rtol=1e-8, atol=1e-12):
        super().__init__(name, reference, cases, misconceptions, rtol=rtol, atol=atol, success=success)
        self.unpack, self.labels = unpack, labels

    def _inputs(self, case):
        return case

    def _expected(self, case):
        return self.unpack(self.reference(*copy.deepcopy(self._inputs(case))), None)

    def _close(self, got, expected):
        return all(g.shape == e.shape and np.allclose(g, e, rtol=self.rtol, atol=self.atol)
                   for g, e in zip(got, expected))

    def _after_pass(self, answers):
        return ""

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        expected = [self._expected(case) for case in self.cases]
        got = []
        for case, want in zip(self.cases, expected):
            try:
                output = student_fn(*copy.deepcopy(self._inputs(case)))
            except NotImplementedError:
                return self._not_done()
            except ValueError as error:
                if "matmul" in str(error) or "broadcast" in str(error):
                    return CheckResult(False, f"✗ {self.name}: " + _SHAPE_ERROR.format(error=error))
                return CheckResult(False, f"✗ {self.name}: your function raised ValueError: {error}")
            except Exception as error:  # a student's bug is reported, never a traceback
                return CheckResult(False, f"✗ {self.name}: your function raised {type(error).__name__}: {error}")
            try:
                got.append(self.unpack(output, want))
            except ValueError as error:
                return CheckResult(False, f"✗ {self.name}: {error}")
        if all(self._close(g, e) for g, e in zip(got, expected)):
            extra = self._after_pass(got)
            if extra.startswith("✗"):
                return CheckResult(False, f"✗ {self.name}: {extra[2:]}")
            message = f"✓ {self.name}: correct on all {len(self.cases)} cases. {extra}{self.success}"
            return CheckResult(True, message.strip())
        for message, wrong_fn in self.misconceptions:
            wrong = [self.unpack(wrong_fn(*copy.deepcopy(self._inputs(case))), None) for case in self.cases]
            if all(len(g) == len(w) and self._close(g, w) for g, w in zip(got, wrong)):
                return CheckResult(False, f"✗ {self.name}: {message}")
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not self._close(g, e))
        j = next(i for i, (g, e) in enumerate(zip(got[k], expected[k])) if not self._close([g], [e]))
        label = self.labels(self.cases[k], j)
        if got[k][j].shape != expected[k][j].shape:
            detail = f"has shape {got[k][j].shape}, expected {expected[k][j].shape}"
        else:
            detail = f"is {describe(got[k][j])}, expected {describe(expected[k][j])}"
        return CheckResult(False, f"✗ {self.name}: in case {k + 1} of {len(self.cases)}, your {label} {detail}.")


def _as_float_array(value, what):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{what} is not an array of numbers (got {type(value).__name__})") from None
    return array


def _as_bias(value, want, what):
    """A bias gradient as a column; a 1-D answer of the right length is accepted too."""
    array = _as_float_array(value, what)
    if array.ndim == 1 and want is not None and array.size == want.size:
        return array.reshape(want.shape)
    return array[:, None] if array.ndim == 1 else array


# ---------------------------------------------------------------------------------------------------- BP3, BP4


def _layer_gradients(delta, a, l):
    """BP4 and BP3 for layer l:  (∂C/∂W^l = δ^l (a^{l−1})ᵀ,  ∂C/∂b^l = Σ_columns δ^l).   delta: (n_l, N)."""
    return delta @ a[l - 1].T, delta.sum(axis=1, keepdims=True)


def _unpack_pair(output, want):
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        raise ValueError("return two arrays, `return dC_dW, dC_db` (∂C/∂W^l first, then ∂C/∂b^l).")
    dW = _as_float_array(output[0], "∂C/∂W^l (the first array you return)")
    db = _as_bias(output[1], None if want is None else want[1], "∂C/∂b^l (the second array you return)")
    return [dW, db]


def _bp34_cases(rng):
    cases = []
    for sizes, N in (([3, 4, 5, 2], 4), ([2, 3, 3], 3)):
        weights, biases = init_network(sizes, rng)
        biases = [rng.normal(0.0, 0.5, b.shape) for b in biases]
        x, y = rng.normal(size=(sizes[0], N)), rng.uniform(size=(sizes[-1], N))
        z, a = forward(weights, biases, x)
        L = len(weights)
        delta = output_delta(a[L], z[L], y)                  # carries the 1/N of the average
        for l in range(L, 0, -1):
            cases.append((delta, a, l))
            if l > 1:
                delta = hidden_delta(weights[l - 1], delta, z[l - 1])
    return cases


_BP4_SHIFT = ("you used a^l, the activation *leaving* layer l: BP4 takes the one *entering* it, "
              "∂C/∂W^l = δ^l (a^{l−1})ᵀ = delta @ a[l - 1].T. Deck 003 prints ∂C/∂w = a^l δ^{l−1}, with the layer "
              "index shifted by one; a shape test catches it: ∂C/∂W^l must have the shape of W^l, (n_l, n_{l−1}).")
_TRANSPOSED = ("your ∂C/∂W^l is transposed: a^{l−1} (δ^l)ᵀ is the row form's `a.T @ delta`, which has the shape of "
               "the code's W. In the column form of this exercise ∂C/∂W^l = δ^l (a^{l−1})ᵀ = delta @ a[l - 1].T, "
               "with the shape of W^l, (n_l, n_{l−1}).")

bp3_bp4_layer_gradients = _ArraysExercise(
    "bp3_bp4_layer_gradients",
    _layer_gradients,
    cases=_bp34_cases(np.random.default_rng(4)),
    misconceptions=[
        (_BP4_SHIFT, lambda delta, a, l: (delta @ a[l].T, delta.sum(axis=1, keepdims=True))),
        (_TRANSPOSED, lambda delta, a, l: (a[l - 1] @ delta.T, delta.sum(axis=1, keepdims=True))),
        ("your ∂C/∂b^l has one column per example: BP3 holds for each example, and with N examples the gradient of "
         "the cost is their sum, delta.sum(axis=1, keepdims=True), one number per unit.",
         lambda delta, a, l: (delta @ a[l - 1].T, delta)),
        ("you summed ∂C/∂b^l over the units (axis 0); BP3 sums over the examples, the columns: "
         "delta.sum(axis=1, keepdims=True).",
         lambda delta, a, l: (delta @ a[l - 1].T, delta.sum(axis=0))),
        ("your ∂C/∂b^l is N times too small: you averaged over the columns, but δ here already carries the 1/N of "
         "the average cost (it came from δ^L = ∇_a C ⊙ σ'(z^L) with ∇_a C = 2(a^L − y)/N), so BP3 sums.",
         lambda delta, a, l: (delta @ a[l - 1].T, delta.mean(axis=1, keepdims=True))),
        ("your gradients are N times too small: you divided by N, but δ here already carries the 1/N of the "
         "average cost, so BP3 and BP4 sum over the columns (delta @ a[l - 1].T is that sum).",
         lambda delta, a, l: (delta @ a[l - 1].T / delta.shape[1], delta.mean(axis=1, keepdims=True))),
    ],
    unpack=_unpack_pair,
    labels=lambda case, j: f"{'∂C/∂W' if j == 0 else '∂C/∂b'}^{case[2]}",
    success="A weight's gradient is the activation entering it times the error of the unit it feeds.",
)


# ---------------------------------------------------------------------------------------------------- backward loop


def _backward(weights, z, a, y, slip=""):
    """Every ∂C/∂W^l and ∂C/∂b^l from the cached forward pass (quadratic cost, sigmoid layers), by BP1–BP4.

    `slip` names one of the mistakes the check recognises; "" is the correct loop.
    """
    L, N = len(weights), y.shape[1]

    def slope(l):                                                    # σ'(z^l)
        return sigmoid_grad(a[l]) if slip == "σ'(a)" else sigmoid_grad(z[l])

    grad_a = 2 * (a[L] - y) if slip == "no 1/N" else 2 * (a[L] - y) / N
    delta = grad_a if slip == "no σ' in BP1" else grad_a * slope(L)                  # BP1
    grads_W, grads_b = [None] * L, [None] * L
    for l in range(L, 0, -1):
        grads_W[l - 1] = delta @ a[l if slip == "shifted BP4" else l - 1].T           # BP4
        grads_b[l - 1] = delta.sum(axis=1, keepdims=True)                            # BP3
        if slip == "transposed":
            grads_W[l - 1] = grads_W[l - 1].T
        if slip == "1/N twice":
            grads_W[l - 1], grads_b[l - 1] = grads_W[l - 1] / N, grads_b[l - 1] / N
        if l > 1:
            back = weights[l - 1].T @ delta                                          # BP2
            delta = back if slip == "no σ' in BP2" else back * slope(l - 1)
    if slip == "reversed":
        return grads_W[::-1], grads_b[::-1]
    return grads_W, grads_b


def _backward_cases(rng):
    cases = []
    for depth, N in ((1, 3), (2, 4), (3, 2), (3, 5), (4, 3)):
        sizes = [int(n) for n in rng.integers(2, 6, depth + 1)]
        weights, biases = init_network(sizes, rng)
        biases = [rng.normal(0.0, 0.5, b.shape) for b in biases]
        cases.append((weights, biases, rng.normal(size=(sizes[0], N)), rng.uniform(size=(sizes[-1], N))))
    return cases


def _unpack_gradients(output, want):
    if not isinstance(output, (tuple, list)) or len(output) != 2 or not all(
            isinstance(part, (tuple, list)) for part in output):
        raise ValueError("return two lists, `return grads_W, grads_b`, with grads_W[l − 1] = ∂C/∂W^l and "
                         "grads_b[l − 1] = ∂C/∂b^l.")
    grads_W, grads_b = output
    if want is not None and (len(grads_W) != len(want) // 2 or len(grads_b) != len(want) // 2):
        raise ValueError(f"return one gradient per layer: this network has L = {len(want) // 2} layers, your lists "
                         f"have {len(grads_W)} and {len(grads_b)} entries.")
    arrays = [_as_float_array(g, f"grads_W[{i}]") for i, g in enumerate(grads_W)]
    wants = [None] * len(grads_b) if want is None else want[len(grads_W):]
    return arrays + [_as_bias(g, w, f"grads_b[{i}]") for i, (g, w) in enumerate(zip(grads_b, wants))]


def _gradient_label(case, j):
    L = len(case[0])
    return f"∂C/∂W^{j + 1}" if j < L else f"∂C/∂b^{j - L + 1}"


class _BackwardExercise(_ArraysExercise):
    """The backward loop: the student gets the cached forward pass (weights, z, a, y); the expected answer is
    Sequential's own backward on the same network, and a passing answer is also compared with finite differences."""

    def _inputs(self, case):
        weights, biases, x, y = case
        z, a = forward(weights, biases, x)
        return weights, z, a, y

    def _expected(self, case):
        weights, biases, x, y = case
        seq_W, seq_b = sequential_gradients(to_sequential(weights, biases), x, y, "quadratic")
        return seq_W + seq_b

    def _after_pass(self, answers):
        for (weights, biases, x, y), got in zip(self.cases, answers):
            num_W, num_b = numerical_gradients([W.copy() for W in weights], [b.copy() for b in biases], x, y)
            if not all(np.allclose(g, n, rtol=1e-6, atol=1e-9) for g, n in zip(got, num_W + num_b)):
                return "✗ your gradients equal Sequential's but not the finite differences: please report this."
        depths = sorted({len(case[0]) for case in self.cases})
        return (f"Your gradients equal Sequential's backward and agree with finite differences on {len(self.cases)} "
                f"random networks of {depths[0]} to {depths[-1]} layers. ")


backward_pass = _BackwardExercise(
    "backward_pass",
    _backward,
    cases=_backward_cases(np.random.default_rng(5)),
    misconceptions=[
        (_BP4_SHIFT, lambda W, z, a, y: _backward(W, z, a, y, "shifted BP4")),
        ("you left out σ'(z^l) in BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l). Your last layer's gradients are right and "
         "every layer below it is wrong.", lambda W, z, a, y: _backward(W, z, a, y, "no σ' in BP2")),
        ("you left out σ'(z^L) in BP1: the output layer is a sigmoid too, so δ^L = ∇_a C ⊙ σ'(z^L).",
         lambda W, z, a, y: _backward(W, z, a, y, "no σ' in BP1")),
        ("you evaluated σ' at a^l instead of at z^l: σ'(z^l) = a^l (1 − a^l), so use sigmoid_grad(z[l]) or "
         "a[l] * (1 - a[l]), not sigmoid_grad(a[l]).", lambda W, z, a, y: _backward(W, z, a, y, "σ'(a)")),
        (_TRANSPOSED, lambda W, z, a, y: _backward(W, z, a, y, "transposed")),
        ("your gradients are N times too large: C is the *average* over the N columns, so ∇_a C = 2(a^L − y)/N "
         "(exercise 2 was for one example, N = 1).", lambda W, z, a, y: _backward(W, z, a, y, "no 1/N")),
        ("your gradients are N times too small: you averaged twice. δ^L already carries the 1/N of ∇_a C, so BP3 "
         "and BP4 sum over the columns.", lambda W, z, a, y: _backward(W, z, a, y, "1/N twice")),
        ("your lists run backwards: the loop goes from layer L down to 1, but grads_W[l − 1] must be ∂C/∂W^l "
         "(grads_W[0] is the first layer's).", lambda W, z, a, y: _backward(W, z, a, y, "reversed")),
    ],
    unpack=_unpack_gradients,
    labels=_gradient_label,
    success="That is backpropagation.",
)
