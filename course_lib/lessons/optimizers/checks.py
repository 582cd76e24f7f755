"""Exercise checks for the optimizers notebook: one momentum step, one Adam step, AdaGrad's effective step size.

Messages, hints and case notes are stored untranslated (N_) and shown with tr() when a verdict is made."""

from __future__ import annotations

import numpy as np

from ... import optim as _optim
from ...i18n import N_, Deferred, tr
from ..exercise import ArrayExercise, CheckResult, first_difference

__all__ = ["momentum_step", "adam_step", "adagrad_effective_lr"]


# ----------------------------------------------------------------------------------------------------
# One momentum step (deck 000):  v ← γ·v − α·g;  w ← w + v.   → (new w, new v)
# ----------------------------------------------------------------------------------------------------


def _momentum_step(w, g, v, lr, gamma):
    new_w, state = _optim.momentum_update(w, g, {"v": v}, lr=lr, momentum=gamma)
    return new_w, state["v"]


def _moved_with_old_velocity(w, g, v, lr, gamma):
    return w + v, gamma * v - lr * g


def _gradient_added(w, g, v, lr, gamma):
    v = gamma * v + lr * g
    return w + v, v


def _ema_velocity(w, g, v, lr, gamma):
    v = gamma * v - (1 - gamma) * lr * g
    return w + v, v


def _pytorch_form(w, g, v, lr, gamma):
    b = gamma * v + g
    return w - lr * b, b


def _velocity_not_decayed(w, g, v, lr, gamma):
    v = v - lr * g
    return w + v, v


_W = np.array([1.0, -2.0, 0.5])
_G = np.array([0.4, -1.0, 3.0])

momentum_step = ArrayExercise(
    "momentum_step",
    _momentum_step,
    cases=[
        (_W, _G, np.array([0.1, 0.2, -0.3]), 0.1, 0.9),
        (_W, _G, np.zeros(3), 0.05, 0.9),  # the first step: v0 = 0
        (np.array([2.0, 3.0]), np.array([-1.0, 0.5]), np.array([-0.4, 0.25]), 0.2, 0.5),
    ],
    misconceptions=[
        (N_("you moved w with the old velocity. Update v first (v ← γ·v − α·g), then move w ← w + v with the new v."),
         _moved_with_old_velocity),
        (N_("your step goes uphill: v ← γ·v − α·g subtracts the gradient (descent), you added it."), _gradient_added),
        (N_("you used v ← γ·v − (1 − γ)·α·g: that mixes deck 002's EMA form (V ← βV + (1 − β)g, w ← w − αV) into "
         "deck 000's. In deck 000's form the gradient enters with −α·g, no (1 − γ)."), _ema_velocity),
        (N_("your velocity never decays: v ← γ·v − α·g multiplies the old velocity by γ before adding −α·g."),
         _velocity_not_decayed),
        (N_("you wrote PyTorch's form, b ← γ·b + g and w ← w − α·b. It is the same method (v = −α·b, see \"three "
         "ways to write momentum\"), but this exercise passes and returns deck 000's velocity v, so write "
         "v ← γ·v − α·g and w ← w + v."), _pytorch_form),
    ],
    outputs=("new_w", "new_v"),
    hints={"new_v": N_("The velocity: v ← γ·v − α·g."),
           "new_w": N_("The weights move by the new velocity: w ← w + v.")},
    case_notes=["v ≠ 0", N_("the first step, v = 0"), "γ = 0.5"],
    success=N_("v ← γv − αg, then w ← w + v."),
)


# ----------------------------------------------------------------------------------------------------
# Adam's step, torch.optim.Adam's convention.  t is the number of this step (1 for the first); m, v are the
# moments before it (0 before the first step).
# m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m/(1 − β1ᵗ);  v̂ = v/(1 − β2ᵗ);  w ← w − α·m̂/(√v̂ + ε)
# → (new w, new m, new v): the raw moments are what the next step needs.
# The check runs single steps from fixed states (to name a slip) and whole runs from m = v = 0, t = 1, 2, …
# on a quadratic, compared with course_lib.optim.adam_update.
# ----------------------------------------------------------------------------------------------------


def _adam_step(w, g, m, v, t, lr, beta1, beta2, eps):
    state = {"t": t - 1, "m": m, "v": v}  # the state after t − 1 steps
    new_w, state = _optim.adam_update(w, g, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    return new_w, state["m"], state["v"]


def _adam_variant(w, g, m, v, t, lr, beta1, beta2, eps, *, correct_m=True, correct_v=True, power_shift=0,
                  eps_inside=False, store_corrected=False, swap_betas=False, exchange_betas=False, order=(0, 1, 2)):
    """An Adam step with one of the usual slips switched on."""
    if exchange_betas:
        beta1, beta2 = beta2, beta1
    if swap_betas:
        m = (1 - beta1) * m + beta1 * g
        v = (1 - beta2) * v + beta2 * g * g
    else:
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** (t + power_shift)) if correct_m else m
    v_hat = v / (1 - beta2 ** (t + power_shift)) if correct_v else v
    denominator = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
    new_w = w - lr * m_hat / denominator
    out = (new_w, m_hat, v_hat) if store_corrected else (new_w, m, v)
    return tuple(out[i] for i in order)


def _adam_case(w, g, m, v, t, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8):
    return (np.array(w, dtype=float), np.array(g, dtype=float), np.array(m, dtype=float),
            np.array(v, dtype=float), t, lr, beta1, beta2, eps)


def _adam_run(step, w0, curvature, centre, steps, lr, beta1, beta2, eps):
    """Run `step` for `steps` steps from w0 with m = v = 0 and t = 1, 2, … on the quadratic
    ½·Σ curvature·(w − centre)²; return the path of w, shape (steps, n), and the final m and v."""
    w, m, v = np.array(w0, dtype=float), np.zeros(len(w0)), np.zeros(len(w0))
    path = []
    for t in range(1, steps + 1):
        g = curvature * (w - centre)
        w, m, v = (np.asarray(a, dtype=float) for a in step(w.copy(), g, m.copy(), v.copy(), t, lr, beta1, beta2, eps))
        path.append(w)
    return np.array(path), m, v


def _optim_adam_run(w0, curvature, centre, steps, lr, beta1, beta2, eps):
    """The same run with course_lib.optim.adam_update (its state counts t itself)."""
    w, state, path = np.array(w0, dtype=float), {}, []
    for _ in range(steps):
        w, state = _optim.adam_update(w, curvature * (w - centre), state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
        path.append(w)
    return np.array(path), state["m"], state["v"]


_ADAM_RUNS = [  # (w0, curvature, centre, steps, lr, beta1, beta2, eps, what it tests)
    (np.array([1.0, -2.0, 0.5]), np.array([1.0, 10.0, 0.1]), np.array([0.2, 0.0, -1.0]), 20, 0.05, 0.9, 0.999, 1e-8,
     N_("torch's defaults for β and ε")),
    (np.array([2.0, 1.0]), np.array([3.0, 0.5]), np.array([0.0, 0.0]), 20, 0.1, 0.5, 0.9, 1e-8, "β1 = 0.5, β2 = 0.9"),
    (np.array([1e-4, -2e-4]), np.array([0.1, 0.05]), np.array([0.0, 0.0]), 20, 1e-5, 0.9, 0.999, 1e-8,
     N_("tiny gradients, where ε matters")),
]

_ORDER_NAMES = ("new_w", "new_m", "new_v")
_RUN_OUTPUTS = (N_("the path of w"), N_("the final m"), N_("the final v"))


class AdamRunExercise(ArrayExercise):
    """Single Adam steps from fixed states name the slip; whole runs from m = v = 0 confirm the answer."""

    def __init__(self, *args, runs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.runs = list(runs)

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if not result.passed:
            return result
        for k, (*run, what) in enumerate(self.runs):
            expected = _optim_adam_run(*run)
            try:
                got = _adam_run(student_fn, *run)
            except Exception as error:  # a student's bug is reported, never a traceback
                return CheckResult(False, tr("✗ {name}: each single step is right, but over run {run} your function "
                                             "raised {error_type}: {error}").format(
                    name=self.name, run=k + 1, error_type=type(error).__name__, error=error))
            for output, g, e in zip(_RUN_OUTPUTS, got, expected):
                problem = first_difference(g, e, self.rtol, self.atol)
                if problem:
                    return CheckResult(False, tr(
                        "✗ {name}: each single step is right, but over run {run} ({steps} steps from m = v = 0, "
                        "t = 1, 2, …; {what}) {output} {problem}. Does your function keep something between calls?"
                    ).format(name=self.name, run=k + 1, steps=run[3], what=tr(what), output=tr(output),
                             problem=problem))
        steps = sum(run[3] for run in self.runs)
        message = tr("✓ {name}: correct on {cases} single steps and on {runs} runs ({steps} steps from m = v = 0, "
                     "t = 1, 2, …), which follow course_lib.optim.adam_update step for step.").format(
            name=self.name, cases=len(self.cases), runs=len(self.runs), steps=steps)
        return CheckResult(True, f"{message} {tr(self.success)}".strip())


def _order_slip(order):
    message = Deferred(N_("your values are right but returned in the order ({names}). Return (new_w, new_m, "
                            "new_v): the caller unpacks w, m, v = my_adam_step(...), so a swap feeds m or v in as "
                            "weights on the next step."), names=", ".join(_ORDER_NAMES[i] for i in order))
    return message, lambda *case: _adam_variant(*case, order=order)


adam_step = AdamRunExercise(
    "adam_step",
    _adam_step,
    cases=[
        _adam_case([1.0, -2.0], [0.5, 4.0], [0.05, 0.4], [0.00025, 0.016], 2),     # the second step
        _adam_case([0.3, 0.0, -1.0], [-1.0, 2.0, 0.1], [0.2, -0.1, 0.0], [0.01, 0.04, 0.002], 5, lr=0.1),
        _adam_case([2.0], [3.0], [1.5], [4.5], 3, lr=0.05, beta1=0.5, beta2=0.9),
        # tiny gradients: here ε (1e-8) is not small next to √v̂ ≈ 1e-5 … 1e-4 if it sits inside the root
        _adam_case([1.0, 1.0], [2e-5, -1e-5], [1e-6, -1e-6], [1e-12, 1e-12], 4, eps=1e-8),
    ],
    misconceptions=[
        (N_("no bias correction: m and v start at 0, so early on they are too small. Divide: m̂ = m/(1 − β1ᵗ), "
         "v̂ = v/(1 − β2ᵗ), and step with m̂/(√v̂ + ε)."),
         lambda *case: _adam_variant(*case, correct_m=False, correct_v=False)),
        (N_("you moved w with the raw m instead of m̂ = m/(1 − β1ᵗ) (v̂ is right). Correct both moments: "
         "w ← w − α·m̂/(√v̂ + ε)."),
         lambda *case: _adam_variant(*case, correct_m=False)),
        (N_("you divided by the raw √v instead of √v̂, v̂ = v/(1 − β2ᵗ) (m̂ is right). Correct both moments: "
         "w ← w − α·m̂/(√v̂ + ε)."),
         lambda *case: _adam_variant(*case, correct_v=False)),
        (N_("your correction uses 1 − β^(t−1): you counted the steps from 0. t is the number of this step, "
         "1 for the first, so the first step divides by 1 − β (counting from 0 would divide by 1 − β⁰ = 0)."),
         lambda *case: _adam_variant(*case, power_shift=-1)),
        (N_("your correction uses 1 − β^(t+1): t is already the number of this step (1 for the first); "
         "do not add one more."),
         lambda *case: _adam_variant(*case, power_shift=1)),
        (N_("you put ε inside the square root, m̂/√(v̂ + ε). That is a convention some write (deck 001 does for "
         "RMSProp), but not torch.optim.Adam's, which this exercise follows: ε outside, m̂/(√v̂ + ε), as in "
         "Adam's paper and deck 000. The two differ only when gradients are tiny."),
         lambda *case: _adam_variant(*case, eps_inside=True)),
        (N_("you returned the corrected m̂ and v̂ as the new state. The next step must continue the raw averages "
         "m and v; m̂ and v̂ are only used for this step (some slides overwrite Vdw with Vdw/(1 − β1ᵗ): "
         "don't)."),
         lambda *case: _adam_variant(*case, store_corrected=True)),
        (N_("β and 1 − β are swapped: the old average keeps the weight β (m ← β1·m + (1 − β1)·g), the new "
         "gradient gets 1 − β."),
         lambda *case: _adam_variant(*case, swap_betas=True)),
        (N_("β1 and β2 are exchanged: β1 (0.9 by default) averages the gradients m, β2 (0.999) the squared "
         "gradients v."),
         lambda *case: _adam_variant(*case, exchange_betas=True)),
        *(_order_slip(order) for order in ((0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0))),
    ],
    outputs=_ORDER_NAMES,
    hints={"new_m": N_("m ← β1·m + (1 − β1)·g, returned without the bias correction."),
           "new_v": N_("v ← β2·v + (1 − β2)·g², returned without the bias correction."),
           "new_w": N_("w ← w − α·m̂/(√v̂ + ε) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ).")},
    case_notes=["t = 2", "t = 5, α = 0.1", "t = 3, β1 = 0.5, β2 = 0.9", N_("t = 4, tiny gradients")],
    runs=_ADAM_RUNS,
    success=N_("torch.optim.Adam's convention: bias correction with t counted from 1, and ε outside the root."),
)


# ----------------------------------------------------------------------------------------------------
# AdaGrad's effective step size.  r_t = g_1² + … + g_t² (per coordinate);  α/(√r_t + ε) for t = 1..T
# grads: (T, n) → (T, n)
# ----------------------------------------------------------------------------------------------------


def _adagrad_effective_lr(grads, lr, eps):
    grads = np.asarray(grads, dtype=float)
    out = np.empty_like(grads)
    w, state = np.zeros(grads.shape[1]), {}
    for t, g in enumerate(grads):
        w, state = _optim.adagrad_update(w, g, state, lr=lr, eps=eps)
        out[t] = lr / (np.sqrt(state["r"]) + eps)
    return out


def _adagrad_variant(grads, lr, eps, *, accumulate="sum", root=True, eps_inside=False, before=False):
    grads = np.asarray(grads, dtype=float)
    out = np.empty_like(grads)
    r = np.zeros(grads.shape[1])
    for t, g in enumerate(grads):
        r_used = r
        if accumulate == "sum":
            r = r + g * g
        elif accumulate == "last":
            r = g * g
        else:  # an EMA, as RMSProp
            r = 0.9 * r + 0.1 * g * g
        if not before:
            r_used = r
        if eps_inside:
            out[t] = lr / np.sqrt(r_used + eps)
        else:
            out[t] = lr / ((np.sqrt(r_used) if root else r_used) + eps)
    return out


_GRADS = np.array([[1.0, 0.0, -2.0], [2.0, 0.0, 0.5], [-0.5, 0.3, 1.0], [1.5, -0.2, 0.0]])

adagrad_effective_lr = ArrayExercise(
    "adagrad_effective_lr",
    _adagrad_effective_lr,
    cases=[
        (_GRADS, 0.1, 1e-8),
        (np.array([[3.0, 4.0], [4.0, 3.0], [0.0, 12.0]]), 0.5, 1e-8),
        (np.array([[0.2], [0.2], [0.2], [0.2], [0.2]]), 1.0, 1e-6),
    ],
    misconceptions=[
        (N_("you used only the latest gradient, r_t = g_t². AdaGrad's accumulator sums every past squared "
         "gradient: r_t = r_(t−1) + g_t², so the step size can only shrink."),
         lambda grads, lr, eps: _adagrad_variant(grads, lr, eps, accumulate="last")),
        (N_("that is RMSProp's accumulator (r ← ρ·r + (1 − ρ)·g², an average that forgets). AdaGrad keeps the "
         "plain sum r_t = r_(t−1) + g_t²."),
         lambda grads, lr, eps: _adagrad_variant(grads, lr, eps, accumulate="ema")),
        (N_("you divided by r_t + ε: the step size is α/(√r_t + ε), with the square root (r_t has the units of g²)."),
         lambda grads, lr, eps: _adagrad_variant(grads, lr, eps, root=False)),
        (N_("you put ε inside the root, α/√(r_t + ε). Deck 000 (and PyTorch) add it outside: α/(√r_t + ε). "
         "It matters only where r_t is tiny, as for a coordinate whose gradients are all 0."),
         lambda grads, lr, eps: _adagrad_variant(grads, lr, eps, eps_inside=True)),
        (N_("you used the accumulator before adding this step's gradient. First r_t = r_(t−1) + g_t², then "
         "divide by √r_t + ε (so the first step is α·g/(|g| + ε), about α in size)."),
         lambda grads, lr, eps: _adagrad_variant(grads, lr, eps, before=True)),
    ],
    hints={"": N_("Row t − 1 holds step t: α/(√r_t + ε) with r_t = g_1² + … + g_t² per coordinate (column).")},
    case_notes=[N_("4 steps, 3 coordinates"), N_("3 steps, 2 coordinates"), N_("5 equal gradients")],
    success=N_("The step size α/(√r_t + ε) only ever shrinks: AdaGrad's strength on sparse gradients, "
            "and its weakness on long runs."),
)
