"""Exercise checks for the dropout notebook: inverted dropout's forward and backward passes, the exact
expectation over all masks of a tiny ReLU unit, and weight scaling at inference."""

from __future__ import annotations

import numpy as np

from ...activations import relu
from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise, describe
from . import compute as _de

__all__ = ["dropout_forward_backward", "exact_dropout_expectation", "weight_scaling_inference"]


# ----------------------------------------------------------------------------------------------------
# Inverted dropout, forward and backward.  Training: y = x·mask/(1 − p), mask ~ Bernoulli(1 − p) drawn from rng;
# inference: y = x.  Backward with the SAME mask: ∂L/∂x = ∂L/∂y·mask/(1 − p), checked by finite differences.
# ----------------------------------------------------------------------------------------------------


class _DropoutPairCheck(Exercise):
    """check.dropout_forward_backward(forward_fn, backward_fn) prints the verdict; .evaluate(...) returns it.

    An Exercise that takes two functions: the backward pass is checked through the student's own forward pass."""

    big = ((400, 50), 0.2, 4)                                         # 20 000 units to measure the dropped fraction

    def __init__(self):
        super().__init__("dropout_forward_backward", reference=None,
                         cases=[((4, 5), 0.3, 1), ((3, 6), 0.5, 2), ((6, 2), 0.8, 3)])   # (shape of x, drop_prob, seed)

    def __repr__(self):
        return f"<exercise check {self.name!r}: call it with your two functions>"

    def __call__(self, forward_fn, backward_fn):
        print(self.evaluate(forward_fn, backward_fn).message)

    def _fail(self, text):
        return CheckResult(False, f"✗ {self.name}: {text}")

    def evaluate(self, forward_fn, backward_fn) -> CheckResult:
        if not (callable(forward_fn) and callable(backward_fn)):
            return self._fail(tr("pass your two functions themselves (without calling them): "
                                 "checks.dropout_forward_backward(my_dropout_forward, my_dropout_backward)"))
        try:
            verdict = self._forward_verdict(forward_fn) or self._backward_verdict(forward_fn, backward_fn)
        except NotImplementedError:
            return self._not_done()
        except Exception as error:  # a student's bug is reported, never a traceback
            return self._fail(tr("your function raised {error_type}: {error}").format(
                error_type=type(error).__name__, error=error))
        if verdict:
            return self._fail(verdict)
        return CheckResult(True, "✓ {name}: {verdict}".format(name=self.name, verdict=tr(
            "correct on all {n} cases, and your backward pass agrees with finite differences through your forward "
            "pass with its mask fixed.").format(n=len(self.cases))))

    @staticmethod
    def _x(shape, seed):
        return np.random.default_rng(100 + seed).normal(size=shape) + 0.5   # no zeros, so a dropped unit shows

    def _run_forward(self, forward_fn, shape, p, seed, train=True):
        x = self._x(shape, seed)
        out = forward_fn(x.copy(), p, np.random.default_rng(seed), train=train)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise _Verdict(tr("my_dropout_forward must return two things, (y, mask)."))
        y = np.asarray(out[0], dtype=float)
        if y.shape != shape:
            raise _Verdict(tr("y has shape {got}; it must have the shape of x, {shape}.").format(got=y.shape,
                                                                                                shape=shape))
        if not train:
            return x, y, None
        mask = np.asarray(out[1])
        if mask.shape != shape:
            raise _Verdict(tr("the mask has shape {got}; it must have the shape of x, {shape}.").format(
                got=np.shape(out[1]), shape=shape))
        values = np.unique(mask.astype(float))
        if not np.all(np.isin(values, [0.0, 1.0])):
            raise _Verdict(tr("return the mask as 0/1 (or True/False): 1 where the unit is kept. Yours holds "
                              "{values}; keep the 1/(1 − p) scale out of it, the backward pass applies it.").format(
                values=describe(values)))
        return x, y, mask.astype(float)

    def _forward_verdict(self, forward_fn):
        try:
            shape, p, seed = self.big
            x, y, mask = self._run_forward(forward_fn, shape, p, seed)
            dropped = 1 - mask.mean()
            if abs(dropped - (1 - p)) < 0.03:
                return tr("with drop_prob = {p} you dropped {dropped:.0%} of the units: you used drop_prob as the "
                          "KEEP probability (deck 001's P). Both conventions are correct when stated, but this "
                          "function's argument is the DROP probability p (deck 000, course_lib.layers.Dropout): "
                          "keep a unit with probability 1 − p and divide by 1 − p.").format(p=p, dropped=dropped)
            if abs(dropped - p) > 0.03:
                return tr("with drop_prob = {p} you dropped {dropped:.0%} of the units; about {p:.0%} should "
                          "be.").format(p=p, dropped=dropped)
            for shape, p, seed in self.cases:
                x, y, mask = self._run_forward(forward_fn, shape, p, seed)
                _, y2, mask2 = self._run_forward(forward_fn, shape, p, seed)
                if not np.array_equal(mask, mask2):
                    return tr("two calls with the same seed gave different masks: draw the mask from the rng "
                              "you are given (rng.random(x.shape) < 1 - drop_prob), not from np.random.")
                if np.allclose(y, x * mask / (1 - p)):
                    continue
                for wrong, text in [
                    (x * mask * (1 - p), N_("you multiplied the kept units by 1 − p; inverted dropout DIVIDES "
                                            "by 1 − p, so that E[y] = x and inference needs no change.")),
                    (x * mask, N_("the kept units must be divided by 1 − p while training, so that E[y] = x.")),
                    (x * mask / p, N_("you divided by p; divide by the keep probability 1 − p.")),
                    (x * (1 - mask) / (1 - p), N_("your mask is inverted: y keeps the units where your mask is 0. "
                                                  "Return mask = 1 where the unit is KEPT.")),
                ]:
                    if np.allclose(y, wrong):
                        return tr(text)
                return tr("y is not x·mask/(1 − p) with the mask you returned: return the mask you applied.")
            x, y, _ = self._run_forward(forward_fn, (4, 5), 0.3, 1, train=False)
            if not np.allclose(y, x):
                if np.allclose(y, x * 0.7):
                    return tr("at inference you multiplied by 1 − p: that is the other convention (weight "
                              "scaling, deck 001). Inverted dropout already scaled during training; with "
                              "train=False return x.")
                if np.allclose(y, x / 0.7):
                    return tr("at inference you divided by 1 − p: inverted dropout scales only during training; "
                              "with train=False return x unchanged.")
                return tr("with train=False (inference) y must be x itself: no mask and no scale.")
        except _Verdict as verdict:
            return str(verdict)
        return ""

    def _backward_verdict(self, forward_fn, backward_fn):
        for shape, p, seed in self.cases:
            x, _, mask = self._run_forward(forward_fn, shape, p, seed)
            dy = np.random.default_rng(200 + seed).normal(size=shape) + 0.5
            def loss(x_, dy=dy, p=p, seed=seed):       # the same seed, so the same mask on every call
                return np.sum(dy * np.asarray(forward_fn(x_, p, np.random.default_rng(seed), train=True)[0], float))

            numeric = _finite_differences(loss, x)
            got = backward_fn(dy.copy(), mask.copy(), p)
            got = np.asarray(got, dtype=float)
            if got.shape != shape:
                return tr("dx has shape {got}; it must have the shape of dy, {shape}.").format(got=got.shape,
                                                                                              shape=shape)
            if np.allclose(got, numeric, rtol=1e-6, atol=1e-8):
                continue
            for wrong, text in [
                (dy * mask * (1 - p), N_("backward multiplies by 1 − p; y = x·mask/(1 − p) gives "
                                         "∂L/∂x = ∂L/∂y·mask/(1 − p).")),
                (dy * mask, N_("the 1/(1 − p) of the forward pass is in the derivative too: "
                               "∂L/∂x = ∂L/∂y·mask/(1 − p).")),
                (dy / (1 - p), N_("the dropped units got a gradient. Their output is 0 whatever x is, so their "
                                  "∂L/∂x is 0: multiply by the mask.")),
                (dy, N_("backward passed dy through unchanged: multiply by the mask and divide by 1 − p.")),
                (dy * mask / p, N_("divide by the keep probability 1 − p, as in the forward pass, not by p.")),
            ]:
                if np.allclose(got, wrong):
                    return tr(text)
            again = np.asarray(backward_fn(dy.copy(), mask.copy(), p), dtype=float)
            ratio = got * (1 - p) / dy
            if not np.array_equal(got, again) or (np.allclose(np.round(ratio), ratio)
                                                  and np.all(np.isin(np.round(ratio), [0, 1]))):
                return tr("your backward pass drew a new mask. The gradient flows only through the units the "
                          "forward pass kept: use the mask it returned, ∂L/∂x = ∂L/∂y·mask/(1 − p).")
            return tr("on a batch of shape {shape} with drop_prob = {p} your dx disagrees with finite differences "
                      "through your forward pass (mask fixed).").format(shape=shape, p=p)
        return ""


class _Verdict(Exception):
    """A wrong answer found while running the student's forward pass (its message is the verdict)."""


def _finite_differences(f, x, h=1e-6):
    """Central differences of the scalar f at x, one entry at a time."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = f(x.copy())
        x[i] = old - h
        minus = f(x.copy())
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


def reference_dropout_forward(x, drop_prob, rng, train=True):
    """Inverted dropout: (y, mask) with mask 1 where kept; (x, None) at inference."""
    if not train:
        return x, None
    mask = rng.random(x.shape) < 1 - drop_prob
    return x * mask / (1 - drop_prob), mask


def reference_dropout_backward(dy, mask, drop_prob):
    """∂L/∂x = ∂L/∂y·mask/(1 − p), with the forward pass's mask."""
    return dy * mask / (1 - drop_prob)


dropout_forward_backward = _DropoutPairCheck()


# ----------------------------------------------------------------------------------------------------
# The exact expectation of a ReLU unit over all 2ⁿ masks:  Σ_m π_m·relu(Σ_j w_j·a_j·m_j/(1 − p))
# ----------------------------------------------------------------------------------------------------


def _expectation(a, w, drop_prob, *, weights="right", scaled=True):
    a, w = np.asarray(a, dtype=float), np.asarray(w, dtype=float)
    masks = _de.keep_masks(len(a))
    if weights == "uniform":
        pi = np.full(len(masks), 1 / len(masks))
    elif weights == "swapped":
        pi = _de.mask_probabilities(masks, 1 - drop_prob)
    else:
        pi = _de.mask_probabilities(masks, drop_prob)
    scale = 1 / (1 - drop_prob) if scaled else 1.0
    return float(pi @ relu((masks * a) @ w * scale))


exact_dropout_expectation = Exercise(
    "exact_dropout_expectation",
    lambda a, w, p: _expectation(a, w, p),
    cases=[
        (np.array([1.0, 2.0]), np.array([1.0, -1.0]), 0.2),
        # masks (kept units): {} → 0; {1} → relu(1/0.8) = 1.25; {2} → relu(−2/0.8) = 0; {1, 2} → relu(−1/0.8) = 0
        # probabilities: {1} has 0.8·0.2 = 0.16, so E = 0.16·1.25 = 0.2   (relu of the mean would be relu(−1) = 0)
        (np.array([0.5, 1.0, 2.0]), np.array([2.0, -0.5, 0.25]), 0.3),
        (np.array([1.0, 1.0, 1.0, 1.0]), np.array([0.5, -0.2, 0.3, -0.4]), 0.7),
        (np.array([0.3, 0.9, 0.4]), np.array([1.0, 1.0, 1.0]), 0.1),
    ],
    misconceptions=[
        (N_("you averaged the 2ⁿ sub-networks with equal weights. Mask m has probability "
            "(1 − p)^(#kept)·p^(#dropped); equal weights are right only when p = 0.5."),
         lambda a, w, p: _expectation(a, w, p, weights="uniform")),
        (N_("your mask probabilities are swapped: a kept unit contributes a factor 1 − p and a dropped unit a "
            "factor p (p is the drop probability)."), lambda a, w, p: _expectation(a, w, p, weights="swapped")),
        (N_("you returned relu(w·a): that is the inference output (weight scaling), not the expectation. For a "
            "nonlinear unit E[relu(z)] ≠ relu(E[z]) — which is exactly the gap this exercise is about."),
         lambda a, w, p: float(relu(np.dot(a, w)))),
        (N_("the kept inputs must be divided by 1 − p (inverted dropout) before the unit adds them up."),
         lambda a, w, p: _expectation(a, w, p, scaled=False)),
    ],
    success=N_("This is what the exact ensemble computes for every output, with 2¹⁰ masks instead of 2ⁿ."),
)


# ----------------------------------------------------------------------------------------------------
# Weight scaling (deck 001): trained without scaling, keep probability P: inference  x·(P·W) + b
# ----------------------------------------------------------------------------------------------------

_x = np.array([[1.0, 0.0, 2.0], [0.5, 1.5, -1.0]])
_W = np.array([[0.2, -0.4], [1.0, 0.3], [-0.5, 0.6]])
_b = np.array([0.1, -0.2])

weight_scaling_inference = Exercise(
    "weight_scaling_inference",
    lambda x, W, b, keep_prob: x @ (keep_prob * W) + b,
    cases=[
        (_x, _W, _b, 0.8),
        (_x, _W, _b, 0.5),
        (np.array([[2.0, -1.0]]), np.array([[1.0], [3.0]]), np.array([0.5]), 0.25),   # 0.25·(2 − 3) + 0.5 = 0.25
    ],
    misconceptions=[
        (N_("you scaled the bias too. Only the weights leaving the dropped units are multiplied by P: the bias is "
            "never dropped, so its expected contribution is b itself. (The slide writes θ = {W, b}; scaling b "
            "is a mistake.)"), lambda x, W, b, P: P * (x @ W + b)),
        (N_("you multiplied by 1 − P, the drop probability. Weight scaling multiplies by the KEEP probability P."),
         lambda x, W, b, P: x @ ((1 - P) * W) + b),
        (N_("you divided by P: that is inverted dropout's training-time scale. A net trained without scaling "
            "multiplies its weights by P at inference."), lambda x, W, b, P: x @ (W / P) + b),
        (N_("you did not scale at all: the net saw only a fraction P of its inputs during training, so without "
            "the factor P its inference outputs are too large on average."), lambda x, W, b, P: x @ W + b),
    ],
    success=N_("Each pre-activation now equals its expectation over the training masks."),
)

