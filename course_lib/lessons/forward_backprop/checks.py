"""Exercise checks for notebook 02 (forward pass and backprop).

Messages are marked with N_ here and shown through tr() (course_lib.i18n) when a check runs.
"""

from __future__ import annotations

import copy

import numpy as np

from ... import activations
from ...activations import sigmoid
from ...i18n import N_, tr
from ..exercise import ArrayExercise, CheckResult, Exercise, first_difference
from .compute import (
    forward,
    hidden_delta,
    init_network,
    numerical_gradients,
    output_delta,
    sequential_gradients,
    to_sequential,
)

__all__ = ["sigmoid_grad", "bp1_output_delta", "bp2_hidden_delta", "bp3_bp4_layer_gradients", "backward_pass"]

# The exercise, this check and course_lib.activations share one name for σ′: sigmoid_grad.
sigmoid_grad = ArrayExercise(
    "sigmoid_grad",
    activations.sigmoid_grad,
    cases=[(np.array([-4.0, -1.0, 0.0, 0.5, 2.0, 6.0]),), (np.array([[0.3, -0.3], [1.5, -2.5]]),)],
    misconceptions=[
        (N_("you computed z·(1 − z): the formula σ' = a(1 − a) takes the activation a = σ(z), not z. "
            "Compute s = σ(z) first, then s·(1 − s)."), lambda z: z * (1 - z)),
        (N_("you forgot the factor (1 − σ(z)): σ'(z) = σ(z)·(1 − σ(z))."), sigmoid),
        (N_("you evaluated σ' at a = σ(z) instead of at z: σ(σ(z))·(1 − σ(σ(z))). The derivative takes z."),
         lambda z: activations.sigmoid_grad(sigmoid(z))),
        (N_("the sign is wrong: σ is increasing, so σ'(z) = σ(z)·(1 − σ(z)) is positive."),
         lambda z: -activations.sigmoid_grad(z)),
    ],
    success=N_("σ'(z) is at most 1/4, at z = 0."),
)


def _bp1(a, z, y):
    return output_delta(a, z, y, "quadratic", "sigmoid")


def _bp1_cases(rng):
    cases = []
    for n in (1, 2, 3):
        z = rng.normal(0.0, 1.5, (n, 1))
        cases.append((sigmoid(z), z, rng.uniform(0.0, 1.0, (n, 1))))
    return cases


bp1_output_delta = ArrayExercise(
    "bp1_output_delta",
    _bp1,
    cases=_bp1_cases(np.random.default_rng(2)),
    misconceptions=[
        (N_("you dropped the factor 2: that is the gradient of ½‖a − y‖². Here C = ‖y − a‖², so ∇_a C = 2(a − y)."),
         lambda a, z, y: (a - y) * activations.sigmoid_grad(z)),
        (N_("you used σ'(a) instead of σ'(z): BP1 multiplies by the derivative at the pre-activation z^L."),
         lambda a, z, y: 2 * (a - y) * activations.sigmoid_grad(a)),
        (N_("you forgot ⊙ σ'(z^L): δ^L is the gradient with respect to z^L, so the chain rule passes through σ."),
         lambda a, z, y: 2 * (a - y)),
        (N_("the sign is flipped: ∇_a ‖y − a‖² = 2(a − y), not 2(y − a)."),
         lambda a, z, y: 2 * (y - a) * activations.sigmoid_grad(z)),
        (N_("you computed z(1 − z): σ'(z) = a(1 − a) with a = σ(z), not z(1 − z)."),
         lambda a, z, y: 2 * (a - y) * z * (1 - z)),
    ],
    success=N_("That is BP1 for the quadratic cost and a sigmoid output."),
)


class _ShapeErrorNamed(ArrayExercise):
    """An ArrayExercise that explains a matrix-product shape error (`shape_error`, a message marked with N_)
    instead of only repeating numpy's."""

    def __init__(self, *args, shape_error, **kwargs):
        super().__init__(*args, **kwargs)
        self.shape_error = shape_error

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        raised = "raised ValueError: " in result.message
        detail = result.message.split("raised ValueError: ", 1)[-1]
        if not result.passed and raised and ("matmul" in detail or "broadcast" in detail):
            error = detail.split(" on input ")[0]
            return CheckResult(False, tr("✗ {name}: {explanation}").format(
                name=self.name, explanation=tr(self.shape_error).format(error=error)))
        return result


def _bp2(W_next, delta_next, z):
    return hidden_delta(W_next, delta_next, z, "sigmoid")


def _bp2_cases(rng):
    # square W^{l+1} so that every wrong answer below can run (a non-square W would raise a shape error instead)
    return [(rng.normal(size=(n, n)), rng.normal(size=(n, 1)), rng.normal(size=(n, 1))) for n in (2, 3, 4)]


_BP2_SHAPE_ERROR = N_("your matrix product raised a shape error. Here the examples are columns: δ^{{l+1}} has shape "
                      "(n_{{l+1}}, 1) and W^{{l+1}} (n_{{l+1}}, n_l), so BP2 is W_next.T @ delta_next. `delta @ W.T` "
                      "is the same product for the code that stores examples as rows (the notation box of notebook "
                      "02), where W is the transpose of W^{{l+1}}.")

bp2_hidden_delta = _ShapeErrorNamed(
    "bp2_hidden_delta",
    _bp2,
    cases=_bp2_cases(np.random.default_rng(3)),
    misconceptions=[
        (N_("you used W^{l+1} instead of its transpose: the error flows backwards, so BP2 has (W^{l+1})ᵀ δ^{l+1}."),
         lambda W, d, z: (W @ d) * activations.sigmoid_grad(z)),
        (N_("you forgot ⊙ σ'(z^l): δ^l is the gradient with respect to z^l, so multiply by the slope of σ there."),
         lambda W, d, z: W.T @ d),
        (N_("you multiplied by σ(z^l) instead of σ'(z^l) = σ(z)(1 − σ(z))."),
         lambda W, d, z: (W.T @ d) * sigmoid(z)),
        (N_("your δ^l is a square matrix: δ^{l+1}ᵀ W^{l+1} is a row, and a row times the column σ'(z^l) broadcasts "
            "to a matrix. Here the examples are columns: δ^{l+1} has shape (n_{l+1}, 1) and W^{l+1} (n_{l+1}, n_l), "
            "so BP2 is W_next.T @ delta_next. `delta @ W.T` is the same product for the code that stores examples "
            "as rows (the notation box of notebook 02), where W is the transpose of W^{l+1}."),
         lambda W, d, z: (d.T @ W) * activations.sigmoid_grad(z)),
    ],
    shape_error=_BP2_SHAPE_ERROR,
    success=N_("With BP1 and BP2 you can find δ in every layer; BP3 and BP4 turn δ into gradients."),
)


# ----------------------------------------------------------------------------------------------------
# BP3 and BP4, and the whole backward loop: answers are several arrays
# ----------------------------------------------------------------------------------------------------

_SHAPE_ERROR = N_("the shapes did not fit ({error}). In the column form of this exercise weights[l − 1] is W^l, of "
                  "shape (n_l, n_{{l−1}}); z[l] and a[l] belong to layer l and have shape (n_l, N); a[0] is the "
                  "input. BP2 is weights[l].T @ delta (δ^l from δ^{{l+1}}), BP4 is delta @ a[l - 1].T. The row-form "
                  "products (delta @ W.T, a.T @ delta) are for the code that stores examples as rows.")


def _as_float_array(value, what):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(tr("{what} is not an array of numbers (got {type})").format(
            what=what, type=type(value).__name__)) from None
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


def _bias_as_column(fn):
    """fn called on deep copies of its arguments (ArrayExercise's diagnosis copies arrays but not the list `a`),
    with a 1-D bias gradient turned into a column, (n,) → (n, 1): both shapes are right answers."""

    def answer(*args):
        output = fn(*copy.deepcopy(args))
        if isinstance(output, (tuple, list)) and len(output) == 2 and np.ndim(output[1]) == 1:
            return output[0], np.asarray(output[1])[:, None]
        return output

    return answer


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


class _LayerGradientsExercise(_ShapeErrorNamed):
    """BP3 and BP4: the answer (dC_dW, dC_db), with a bias gradient of shape (n_l,) as right as (n_l, 1)."""

    def __init__(self, *args, misconceptions, **kwargs):
        super().__init__(*args, misconceptions=[(m, _bias_as_column(fn)) for m, fn in misconceptions], **kwargs)

    def evaluate(self, student_fn) -> CheckResult:
        return super().evaluate(_bias_as_column(student_fn) if callable(student_fn) else student_fn)


_BP4_SHIFT = N_("you used a^l, the activation *leaving* layer l: BP4 takes the one *entering* it, "
                "∂C/∂W^l = δ^l (a^{l−1})ᵀ = delta @ a[l - 1].T. Deck 003 prints ∂C/∂w = a^l δ^{l−1}, with the layer "
                "index shifted by one; a shape test catches it: ∂C/∂W^l must have the shape of W^l, (n_l, n_{l−1}).")
_TRANSPOSED = N_("your ∂C/∂W^l is transposed: a^{l−1} (δ^l)ᵀ is the row form's `a.T @ delta`, which has the shape of "
                 "the code's W. In the column form of this exercise ∂C/∂W^l = δ^l (a^{l−1})ᵀ = delta @ a[l - 1].T, "
                 "with the shape of W^l, (n_l, n_{l−1}).")

_BP34_CASES = _bp34_cases(np.random.default_rng(4))

bp3_bp4_layer_gradients = _LayerGradientsExercise(
    "bp3_bp4_layer_gradients",
    _layer_gradients,
    cases=_BP34_CASES,
    misconceptions=[
        (_BP4_SHIFT, lambda delta, a, l: (delta @ a[l].T, delta.sum(axis=1, keepdims=True))),
        (_TRANSPOSED, lambda delta, a, l: (a[l - 1] @ delta.T, delta.sum(axis=1, keepdims=True))),
        (N_("your ∂C/∂b^l has one column per example: BP3 holds for each example, and with N examples the gradient "
            "of the cost is their sum, delta.sum(axis=1, keepdims=True), one number per unit."),
         lambda delta, a, l: (delta @ a[l - 1].T, delta)),
        (N_("you summed ∂C/∂b^l over the units (axis 0); BP3 sums over the examples, the columns: "
            "delta.sum(axis=1, keepdims=True)."),
         lambda delta, a, l: (delta @ a[l - 1].T, delta.sum(axis=0))),
        (N_("your ∂C/∂b^l is N times too small: you averaged over the columns, but δ here already carries the 1/N "
            "of the average cost (it came from δ^L = ∇_a C ⊙ σ'(z^L) with ∇_a C = 2(a^L − y)/N), so BP3 sums."),
         lambda delta, a, l: (delta @ a[l - 1].T, delta.mean(axis=1, keepdims=True))),
        (N_("your gradients are N times too small: you divided by N, but δ here already carries the 1/N of the "
            "average cost, so BP3 and BP4 sum over the columns (delta @ a[l - 1].T is that sum)."),
         lambda delta, a, l: (delta @ a[l - 1].T / delta.shape[1], delta.mean(axis=1, keepdims=True))),
    ],
    outputs=("dC_dW", "dC_db"),
    case_notes=[f"l = {case[2]}" for case in _BP34_CASES],
    shape_error=_SHAPE_ERROR,
    rtol=1e-8, atol=1e-12,
    success=N_("A weight's gradient is the activation entering it times the error of the unit it feeds."),
)


# ---------------------------------------------------------------------------------------------------- backward loop


def _backward(weights, z, a, y, slip=""):
    """Every ∂C/∂W^l and ∂C/∂b^l from the cached forward pass (quadratic cost, sigmoid layers), by BP1–BP4.

    `slip` names one of the mistakes the check recognises; "" is the correct loop.
    """
    L, N = len(weights), y.shape[1]

    def slope(l):                                                    # σ'(z^l)
        return activations.sigmoid_grad(a[l]) if slip == "σ'(a)" else activations.sigmoid_grad(z[l])

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


class _BackwardExercise(Exercise):
    """The backward loop.  Not an ArrayExercise: the answer is two *lists* of arrays, one per layer, whose
    length depends on the case, a bias may come as (n,) or (n, 1), and a passing answer is also compared with
    finite differences.  The student gets the cached forward pass (weights, z, a, y); the expected answer is
    Sequential's own backward on the same network."""

    def __init__(self, *args, rtol=1e-8, atol=1e-12, **kwargs):
        super().__init__(*args, rtol=rtol, atol=atol, **kwargs)

    @staticmethod
    def _inputs(case):
        weights, biases, x, y = case
        z, a = forward(weights, biases, x)
        return weights, z, a, y

    @staticmethod
    def _expected(case):
        weights, biases, x, y = case
        seq_W, seq_b = sequential_gradients(to_sequential(weights, biases), x, y, "quadratic")
        return seq_W + seq_b

    @staticmethod
    def _unpack(output, want):
        """The answer as one list [∂C/∂W^1 … ∂C/∂W^L, ∂C/∂b^1 … ∂C/∂b^L] shaped like `want` (None: as given),
        or a ValueError saying what is wrong with it."""
        if not isinstance(output, (tuple, list)) or len(output) != 2 or not all(
                isinstance(part, (tuple, list)) for part in output):
            raise ValueError(tr("return two lists, `return grads_W, grads_b`, with grads_W[l − 1] = ∂C/∂W^l and "
                                "grads_b[l − 1] = ∂C/∂b^l."))
        grads_W, grads_b = output
        if want is not None and (len(grads_W) != len(want) // 2 or len(grads_b) != len(want) // 2):
            raise ValueError(tr("return one gradient per layer: this network has L = {L} layers, your lists have "
                                "{n_W} and {n_b} entries.").format(L=len(want) // 2, n_W=len(grads_W),
                                                                     n_b=len(grads_b)))
        arrays = [_as_float_array(g, f"grads_W[{i}]") for i, g in enumerate(grads_W)]
        wants = [None] * len(grads_b) if want is None else want[len(grads_W):]
        return arrays + [_as_bias(g, w, f"grads_b[{i}]") for i, (g, w) in enumerate(zip(grads_b, wants))]

    def _close(self, got, expected):
        return len(got) == len(expected) and all(
            g.shape == e.shape and np.allclose(g, e, rtol=self.rtol, atol=self.atol) for g, e in zip(got, expected))

    def _answers(self, student_fn):
        """The student's unpacked answers on every case, or the verdict that stops the check."""
        got = []
        for case in self.cases:
            output, verdict = self._call(student_fn, *copy.deepcopy(self._inputs(case)))
            if verdict is not None:
                detail = verdict.message.split("raised ValueError: ", 1)
                if len(detail) == 2 and ("matmul" in detail[1] or "broadcast" in detail[1]):
                    return None, CheckResult(False, tr("✗ {name}: {explanation}").format(
                        name=self.name, explanation=tr(_SHAPE_ERROR).format(error=detail[1])))
                return None, verdict
            try:
                got.append(self._unpack(output, self._expected(case)))
            except ValueError as error:
                return None, CheckResult(False, tr("✗ {name}: {problem}").format(name=self.name, problem=error))
        return got, None

    def _passed(self, answers) -> CheckResult:
        """The verdict on answers equal to Sequential's: they must also agree with finite differences."""
        for (weights, biases, x, y), got in zip(self.cases, answers):
            num_W, num_b = numerical_gradients([W.copy() for W in weights], [b.copy() for b in biases], x, y)
            if not all(np.allclose(g, n, rtol=1e-6, atol=1e-9) for g, n in zip(got, num_W + num_b)):
                return CheckResult(False, tr("✗ {name}: your gradients equal Sequential's but not the finite "
                                             "differences: please report this.").format(name=self.name))
        depths = sorted({len(case[0]) for case in self.cases})
        return CheckResult(True, tr("✓ {name}: correct on all {n} cases. Your gradients equal Sequential's backward "
                                    "and agree with finite differences on {n} random networks of {low} to {high} "
                                    "layers. {success}").format(name=self.name, n=len(self.cases), low=depths[0],
                                                                high=depths[-1], success=tr(self.success)).strip())

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        got, verdict = self._answers(student_fn)
        if verdict is not None:
            return verdict
        expected = [self._expected(case) for case in self.cases]
        if all(self._close(g, e) for g, e in zip(got, expected)):
            return self._passed(got)
        for message, wrong_fn in self.misconceptions:
            wrong = [self._unpack(wrong_fn(*copy.deepcopy(self._inputs(case))), None) for case in self.cases]
            if all(self._close(g, w) for g, w in zip(got, wrong)):
                return CheckResult(False, tr("✗ {name}: {message}").format(name=self.name, message=tr(message)))
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not self._close(g, e))
        j = next(i for i, (g, e) in enumerate(zip(got[k], expected[k])) if not self._close([g], [e]))
        L = len(self.cases[k][0])
        label = f"∂C/∂W^{j + 1}" if j < L else f"∂C/∂b^{j - L + 1}"
        problem = first_difference(got[k][j], expected[k][j], self.rtol, self.atol)
        return CheckResult(False, tr("✗ {name}: in case {k} of {n}, your {label} {problem}.").format(
            name=self.name, k=k + 1, n=len(self.cases), label=label, problem=problem))


backward_pass = _BackwardExercise(
    "backward_pass",
    _backward,
    cases=_backward_cases(np.random.default_rng(5)),
    misconceptions=[
        (_BP4_SHIFT, lambda W, z, a, y: _backward(W, z, a, y, "shifted BP4")),
        (N_("you left out σ'(z^l) in BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l). Your last layer's gradients are "
            "right and every layer below it is wrong."), lambda W, z, a, y: _backward(W, z, a, y, "no σ' in BP2")),
        (N_("you left out σ'(z^L) in BP1: the output layer is a sigmoid too, so δ^L = ∇_a C ⊙ σ'(z^L)."),
         lambda W, z, a, y: _backward(W, z, a, y, "no σ' in BP1")),
        (N_("you evaluated σ' at a^l instead of at z^l: σ'(z^l) = a^l (1 − a^l), so use sigmoid_grad(z[l]) or "
            "a[l] * (1 - a[l]), not sigmoid_grad(a[l])."), lambda W, z, a, y: _backward(W, z, a, y, "σ'(a)")),
        (_TRANSPOSED, lambda W, z, a, y: _backward(W, z, a, y, "transposed")),
        (N_("your gradients are N times too large: C is the *average* over the N columns, so "
            "∇_a C = 2(a^L − y)/N (exercise 2 was for one example, N = 1)."),
         lambda W, z, a, y: _backward(W, z, a, y, "no 1/N")),
        (N_("your gradients are N times too small: you averaged twice. δ^L already carries the 1/N of ∇_a C, so "
            "BP3 and BP4 sum over the columns."), lambda W, z, a, y: _backward(W, z, a, y, "1/N twice")),
        (N_("your lists run backwards: the loop goes from layer L down to 1, but grads_W[l − 1] must be ∂C/∂W^l "
            "(grads_W[0] is the first layer's)."), lambda W, z, a, y: _backward(W, z, a, y, "reversed")),
    ],
    success=N_("That is backpropagation."),
)
