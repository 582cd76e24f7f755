"""Exercise checks for the overfitting notebook: the L2 penalty's gradient, the L1 soft threshold, and the
epoch at which early stopping ends."""

from __future__ import annotations

import numpy as np

from ... import data as _data
from ... import losses as _losses
from ...i18n import N_, tr
from ..exercise import ArrayExercise, CheckResult, Exercise, first_difference
from . import compute as _of

__all__ = ["l2_training_loop", "lasso_proximal", "early_stopping_epoch"]


# ----------------------------------------------------------------------------------------------------
# A training loop with the L2 penalty:  J̃ = J + λ·Σ_Dense W² (no biases);  full-batch GD, one step per epoch:
# loss_k = J(w) + λ·Σ W² at the weights before step k;  ∂J̃/∂W = ∂J/∂W + 2λW;  w ← w − α·∂J̃/∂w.
# student_fn(net, X, y, lam, lr, epochs) trains net in place and returns the epochs' losses.
# The check builds a fresh moons network and data for each case (seeded), runs the function, and compares
# the losses and the final weights with the reference loop.
# ----------------------------------------------------------------------------------------------------


def _is_weight(name):
    return name.endswith(".W")


def _l2_loop(net, X, y, lam, lr, epochs, *, on_biases=False, factor=2.0, sign=1.0, before_backward=False,
             penalty_in_loss=True, in_place=True):
    """The training loop, with one of the usual slips switched on."""
    history = []
    for _ in range(epochs):
        logits = net.forward(X)
        data_loss, dlogits = _losses.softmax_cross_entropy(logits, y)
        penalised = [(name, value, grad) for name, value, grad in net.parameters() if on_biases or _is_weight(name)]
        penalty = lam * sum(float(np.sum(value * value)) for _, value, _ in penalised)
        if before_backward:   # the grads are overwritten by backward below
            for _, value, grad in penalised:
                grad += sign * factor * lam * value
        net.backward(dlogits)
        if not before_backward:
            for _, value, grad in penalised:
                grad += sign * factor * lam * value
        for _, value, grad in net.parameters():
            if in_place:
                value -= lr * grad
            else:     # a new array, bound to a local name: the network's own array is unchanged
                value = value - lr * grad
        history.append(data_loss + penalty if penalty_in_loss else data_loss)
    return history


def _reference_l2_loop(net, X, y, lam, lr, epochs):
    return _l2_loop(net, X, y, lam, lr, epochs)


def _l2_case_data(seed, n=60, hidden=16):
    rng = np.random.default_rng(seed)
    X, y = _data.moons(n, rng, noise=0.3)
    return _of.moons_mlp(seed, hidden=hidden), X, y


class TrainingLoopExercise(Exercise):
    """Each case (seed, lam, lr, epochs) builds a fresh network and data set; the student's function trains
    it; the compared output is the losses followed by every final parameter, flattened."""

    def __init__(self, *args, case_notes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.case_notes = list(case_notes)

    @staticmethod
    def _run(fn, seed, lam, lr, epochs):
        net, X, y = _l2_case_data(seed)
        history = fn(net, X, y, lam, lr, epochs)
        try:
            history = np.asarray(history, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(tr("return the list of the {epochs} epochs' losses, got {kind}").format(
                epochs=epochs, kind=type(history).__name__)) from None
        if history.shape != (epochs,):
            raise ValueError(tr("return the list of the {epochs} epochs' losses (one number each), got shape "
                                "{shape}").format(epochs=epochs, shape=history.shape))
        weights = np.concatenate([value.ravel() for _, value, _ in net.parameters()])
        return np.concatenate([history, weights])

    def _outputs(self, fn):
        return [self._run(fn, *case) for case in self.cases]

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        result = super().evaluate(lambda *case: self._run(student_fn, *case))
        if result.passed or not result.message.startswith(f"✗ {self.name}: on input"):
            return result.__class__(result.passed, result.message.replace(" on input ", " on case ")
                                    if "raised" in result.message else result.message)
        for k, case in enumerate(self.cases):
            epochs = case[3]
            expected, got = self._run(self.reference, *case), self._run(student_fn, *case)
            note = tr("case {k} of {n} ({note})").format(k=k + 1, n=len(self.cases), note=tr(self.case_notes[k]))
            problem = first_difference(got[:epochs], expected[:epochs], self.rtol, self.atol)
            if problem:
                return self._fail(tr("on {case} your list of losses {problem} (entry k is the loss before step "
                                     "k + 1: J + λ·Σ W² over the Dense weights).").format(case=note, problem=problem))
            problem = first_difference(got[epochs:], expected[epochs:], self.rtol, self.atol)
            if problem:
                return self._fail(tr("on {case} the losses are right but the vector of trained parameters (all "
                                     "layers, flattened) {problem}. Each step is w ← w − α·(∂J/∂w + 2λW), the "
                                     "penalty on the weights W only.").format(case=note, problem=problem))
        return self._fail(tr("your answers differ from the expected ones."))

    def _fail(self, text):
        return CheckResult(False, f"✗ {self.name}: {text}")


l2_training_loop = TrainingLoopExercise(
    "l2_training_loop",
    _reference_l2_loop,
    cases=[(0, 1e-2, 0.2, 40), (1, 5e-2, 0.5, 30), (2, 0.0, 0.2, 20)],
    misconceptions=[
        (N_("your weights trained as with λ = 0: the penalty's gradient never reached the update. net.backward "
            "overwrites the grads, so add 2λW to them after the backward pass, before the step."),
         lambda *case: _l2_loop(*case, before_backward=True)),
        (N_("you penalised the biases too. The penalty (and its gradient 2λW) covers the Dense weight matrices "
            "only (names ending in .W), as in course_lib.training and Keras's kernel_regularizer: a bias shifts "
            "a unit's output and does not make the function any wilder."),
         lambda *case: _l2_loop(*case, on_biases=True)),
        (N_("you added λ·W to the gradient: that is the gradient of (λ/2)·Σ W² (deck 001's convention). The "
            "loss here is J + λ·Σ W², whose gradient is ∂J/∂W + 2λW."),
         lambda *case: _l2_loop(*case, factor=1.0)),
        (N_("your penalty pushes the weights away from 0: you subtracted 2λW from the gradient. Add it: the step "
            "w ← w − α·(∂J/∂W + 2λW) shrinks every weight."),
         lambda *case: _l2_loop(*case, sign=-1.0)),
        (N_("your weights are right, but the losses you return are the data loss J only. Return the loss being "
            "minimised, J + λ·Σ W² (over the Dense weights), at the weights before each step."),
         lambda *case: _l2_loop(*case, penalty_in_loss=False)),
        (N_("your network never changed: `value = value - lr * grad` makes a new array and leaves the network's "
            "own one as it was. Update in place: `value -= lr * grad`."),
         lambda *case: _l2_loop(*case, in_place=False)),
    ],
    case_notes=[N_("λ = 0.01, α = 0.2, 40 epochs"), N_("λ = 0.05, α = 0.5, 30 epochs"),
                N_("λ = 0, α = 0.2, 20 epochs")],
    success=N_("Every step pulls each weight towards 0 by 2αλ of its size (weight decay), on top of the data "
               "gradient."),
)


# ----------------------------------------------------------------------------------------------------
# Proximal gradient descent for the lasso (ISTA):  (1/2n)·‖Xw − y‖² + λ·Σ|w|  from w = 0;
# u = w − α·Xᵀ(Xw − y)/n;  w ← sign(u)·max(|u| − αλ, 0).   → w after `steps` steps, shape (d,)
# ----------------------------------------------------------------------------------------------------


def _lasso_proximal(X, y, lam, lr, steps):
    return _of.lasso_paths(X, y, lam, lr, steps, method="proximal")[-1]


def _lasso_variant(X, y, lam, lr, steps, *, kind):
    """ISTA with one of the usual slips."""
    n = len(y)
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        g = X.T @ (X @ w - y) / (1 if kind == "no_mean" else n)
        u = w - lr * g
        if kind == "subgradient":
            w = w - lr * (g + lam * np.sign(w))
        elif kind == "threshold_lam":
            w = np.sign(u) * np.maximum(np.abs(u) - lam, 0.0)
        elif kind == "hard":
            w = np.where(np.abs(u) > lr * lam, u, 0.0)
        elif kind == "threshold_first":
            v = np.sign(w) * np.maximum(np.abs(w) - lr * lam, 0.0)
            w = v - lr * X.T @ (X @ v - y) / n
        else:
            w = np.sign(u) * np.maximum(np.abs(u) - lr * lam, 0.0)
    return w


def _lasso_case(seed, n, d, informative, lam, lr, steps):
    X, y, _ = _of.sparse_regression(n, d, informative, np.random.default_rng(seed))
    return X, y, lam, lr, steps


lasso_proximal = ArrayExercise(
    "lasso_proximal",
    _lasso_proximal,
    cases=[_lasso_case(0, 100, 8, 3, 0.2, 0.1, 60), _lasso_case(1, 40, 6, 2, 0.5, 0.2, 30),
           _lasso_case(2, 30, 5, 5, 0.05, 0.1, 20)],
    misconceptions=[
        (N_("you took subgradient steps, w ← w − α·(∇ + λ·sign(w)): they jump over 0 and back, so no weight is "
            "ever exactly 0. The proximal step first takes the data step u = w − α·∇, then soft-thresholds u "
            "by αλ."), lambda *case: _lasso_variant(*case, kind="subgradient")),
        (N_("you soft-thresholded by λ instead of α·λ. The penalty's share of one step is the step size times "
            "its weight: t = α·λ."), lambda *case: _lasso_variant(*case, kind="threshold_lam")),
        (N_("your data gradient misses the 1/n: the loss is (1/2n)·‖Xw − y‖², whose gradient is Xᵀ(Xw − y)/n."),
         lambda *case: _lasso_variant(*case, kind="no_mean")),
        (N_("you zeroed the small entries of u but left the others unchanged (a hard threshold). The soft "
            "threshold also shrinks every surviving entry by αλ: sign(u)·max(|u| − αλ, 0)."),
         lambda *case: _lasso_variant(*case, kind="hard")),
        (N_("you soft-thresholded w before the data step. The order is: data step u = w − α·∇J(w), then the "
            "threshold, so that the returned w has its exact zeros."),
         lambda *case: _lasso_variant(*case, kind="threshold_first")),
    ],
    hints={"": N_("From w = 0, `steps` times: u = w − α·Xᵀ(Xw − y)/n, then w = sign(u)·max(|u| − αλ, 0). "
                  "Return the final w, shape (d,).")},
    case_notes=[N_("100 points, 8 inputs, 3 useful, λ = 0.2"), N_("40 points, 6 inputs, 2 useful, λ = 0.5"),
                N_("30 points, 5 inputs, all useful, λ = 0.05")],
    success=N_("The useless weights sit on exactly 0: the proximal step gives a truly sparse solution."),
)


# ----------------------------------------------------------------------------------------------------
# Early stopping with patience: (the epoch after which training stops, the epoch of the best value up to then)
# Epochs count from 1: val_losses[k − 1] is epoch k.
# ----------------------------------------------------------------------------------------------------


def _replay(values, patience, shift=0, ties_improve=False, future_best=False, zero_based=False, kept=False):
    """EarlyStopping(patience) replayed on a curve; the keyword arguments switch on the misconceptions."""
    values = [float(v) for v in values]
    best_value, best, wait, stop, stopped = np.inf, None, 0, len(values), False
    for epoch, value in enumerate(values, start=1):
        if value < best_value or (ties_improve and value == best_value):
            best_value, best, wait = value, epoch, 0
            continue
        wait += 1
        if wait >= patience + shift:
            stop, stopped = epoch, True
            break
    if future_best:
        best = int(np.argmin(values)) + 1
    if kept and not stopped:
        best = stop                   # the epoch whose weights course_lib and Keras 2 keep
    return (stop - 1, best - 1) if zero_based else (stop, best)


def _reference(val_losses, patience):
    point = _of.early_stopping_point(val_losses, patience)
    return (point.stop, point.best)


early_stopping_epoch = ArrayExercise(
    "early_stopping_epoch",
    _reference,
    cases=[
        (np.array([0.9, 0.7, 0.6, 0.62, 0.61, 0.65, 0.7, 0.72]), 3),     # best 3 (0.6), stops after 6
        (np.array([1.0, 0.8, 0.8, 0.85, 0.5, 0.9, 0.95, 0.97, 0.99]), 2),  # the tie at 3 is no improvement: stop 4
        (np.array([0.5, 0.52, 0.4, 0.45, 0.46, 0.47, 0.3, 0.31]), 3),    # stops after 6: the 0.3 comes too late
        (np.array([0.9, 0.8, 0.7, 0.6, 0.5]), 2),                        # never stops: (5, 5)
        (np.array([0.4, 0.5, 0.3, 0.6]), 1),                             # patience 1: stop after 2
        (np.array([0.9, 0.5, 0.6, 0.7]), 5),                             # never stops, best earlier: (4, 2)
    ],
    misconceptions=[
        (N_("your epochs count from 0 (the list index). Here, as in course_lib.training and Keras' progress "
            "display, epochs count from 1: val_losses[k − 1] is epoch k, so add 1 to both."),
         lambda v, p: _replay(v, p, zero_based=True)),
        (N_("off by one: you stopped one epoch too early. With patience p, training stops after p epochs in a row "
            "without improvement (the best epoch + p when nothing improves afterwards)."),
         lambda v, p: _replay(v, p, shift=-1)),
        (N_("off by one: you stopped one epoch too late. With patience p, training stops at the p-th epoch in a row "
            "without improvement, not after it."), lambda v, p: _replay(v, p, shift=+1)),
        (N_("an epoch equal to the best so far is not an improvement (EarlyStopping needs value < best − min_delta, "
            "min_delta = 0 here)."), lambda v, p: _replay(v, p, ties_improve=True)),
        (N_("you took the best epoch of the whole curve, including epochs after training stopped: early stopping "
            "can only restore an epoch it has seen."), lambda v, p: _replay(v, p, future_best=True)),
        (N_("when the patience never runs out you returned the last epoch as `best`. That is whose weights "
            "course_lib and Keras 2 keep then (Keras 3 restores the best ones), but `best` asks for the epoch with "
            "the lowest validation loss seen."), lambda v, p: _replay(v, p, kept=True)),
    ],
    outputs=("stop", "best"),
    hints={"stop": N_("Training stops at the p-th epoch in a row without improvement (or after the last epoch)."),
           "best": N_("The epoch (from 1) with the lowest validation loss up to `stop`.")},
    case_notes=[N_("patience 3"), N_("a tie, patience 2"), N_("patience 3, a late minimum"),
                N_("patience never runs out"), N_("patience 1"), N_("patience never runs out, best earlier")],
    success=N_("The patience window ends exactly p epochs after the last improvement."),
)
