"""Exercise checks for the vanishing notebook: per-layer gradient norms by backpropagation, the gradient-norm ratio,
dead units."""

from __future__ import annotations

import numpy as np

from ... import losses as _losses
from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise
from . import compute as _vanishing

__all__ = ["dead_fraction", "gradient_norm_ratio", "weight_gradient_norms"]


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


class _Explained(Exercise):
    """An Exercise whose last resort, when no listed misconception matches, is a sentence naming what differs
    (from `explain(student_fn)`) instead of two arrays printed side by side.  explain returns None when it has
    nothing better to say than the generic message."""

    def __init__(self, *args, explain, **kwargs):
        super().__init__(*args, **kwargs)
        self.explain = explain

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if result.passed or not result.message.startswith(f"✗ {self.name}: on input"):
            return result
        try:
            sentence = self.explain(student_fn)
        except Exception:          # the explanation must never hide the verdict
            return result
        return result if sentence is None else CheckResult(False, f"✗ {self.name}: {sentence}")


def _dead_fraction(a):
    return float(np.mean(np.all(np.asarray(a) == 0, axis=0)))


_A = np.array([[0.0, 1.2, 0.0, 0.0, 3.1],
               [0.0, 0.0, 0.0, 0.7, 0.0],
               [0.0, 2.0, 0.0, 0.0, 0.5],
               [0.0, 0.0, 0.0, 0.0, 0.0]])        # units 0 and 2 are dead: 2 of 5 → 0.4
_B = np.array([[0.0, 0.0, 0.4], [0.0, 0.0, 0.0]])  # units 0 and 1 dead: 2/3; row 1 is all zeros

def _explain_dead_fraction(fn):
    got = fn(_A.copy())
    if np.ndim(got) != 0:
        return tr("return one number, the fraction of dead units; on a layer with 5 units your function returned "
                  "an array of shape {shape}. Average the per-unit True/False over the units.").format(
            shape=np.shape(got))
    if np.isclose(float(got), 0.4):
        return None
    return tr("on a layer where units 0 and 2 (of 5) are 0 on every sample, your function gives {got:.4g}; "
              "the dead fraction is 2/5 = 0.4.").format(got=float(got))


dead_fraction = _Explained(
    "dead_fraction",
    reference=_dead_fraction,
    cases=[(_A,), (_B,), (np.ones((3, 4)),), (np.zeros((2, 6)),)],
    misconceptions=[
        (N_("you counted zero entries. A unit (a column) is dead only if it outputs 0 for every sample (every row)."),
         lambda a: float(np.mean(np.asarray(a) == 0))),
        (N_("a unit that is 0 on some samples is only inactive there; dead means 0 on every sample: use np.all, "
            "not np.any."), lambda a: float(np.mean(np.any(np.asarray(a) == 0, axis=0)))),
        (N_("rows are samples and columns are units: take np.all over axis=0 (over the samples), then average "
            "over the units."), lambda a: float(np.mean(np.all(np.asarray(a) == 0, axis=1)))),
        (N_("return the fraction of units (divide by the number of columns), not the count."),
         lambda a: float(np.sum(np.all(np.asarray(a) == 0, axis=0)))),
        (N_("that is the mask of dead units, one True/False per unit; return its mean, the fraction."),
         lambda a: np.all(np.asarray(a) == 0, axis=0)),
        (N_("that is, per unit, the fraction of samples where it is 0. Dead means 0 on every sample: np.all over "
            "axis=0, then the mean over the units."), lambda a: np.mean(np.asarray(a) == 0, axis=0)),
    ],
    explain=_explain_dead_fraction,
    success=N_("In a deep ReLU net at initialisation this fraction grows with depth."),
)


def _gradient_norm_ratio(grads):
    return float(np.linalg.norm(grads[0]) / np.linalg.norm(grads[-1]))


def _grad_cases():
    rng = np.random.default_rng(3)
    three = [rng.normal(0, s, size=shape) for s, shape in ((1e-4, (4, 3)), (1e-2, (3, 3)), (1.0, (3, 2)))]
    two = [rng.normal(0, s, size=shape) for s, shape in ((5.0, (5, 4)), (0.5, (4, 6)))]
    simple = [np.array([[3.0, 0.0], [0.0, 4.0]]), np.array([[1.0, 2.0], [2.0, 4.0]])]   # 5 / 5 = 1
    return [(three,), (two,), (simple,)]


gradient_norm_ratio = Exercise(
    "gradient_norm_ratio",
    reference=_gradient_norm_ratio,
    cases=_grad_cases(),
    misconceptions=[
        (N_("the ratio is upside down: ‖∂L/∂W¹‖ (the first layer, grads[0]) over ‖∂L/∂Wᴸ‖ (the last, grads[-1])."),
         lambda grads: float(np.linalg.norm(grads[-1]) / np.linalg.norm(grads[0]))),
        (N_("np.linalg.norm(G, 2) of a matrix is its spectral norm (largest singular value). Use the Frobenius "
            "norm √(Σ G²): np.linalg.norm(G) or np.linalg.norm(G, 'fro')."),
         lambda grads: float(np.linalg.norm(grads[0], 2) / np.linalg.norm(grads[-1], 2))),
        (N_("Σ|G| is the entrywise L1 norm; the Frobenius norm is √(Σ G²)."),
         lambda grads: float(np.abs(grads[0]).sum() / np.abs(grads[-1]).sum())),
        (N_("that is the ratio of squared norms: take the square root of Σ G²."),
         lambda grads: float(np.sum(grads[0] ** 2) / np.sum(grads[-1] ** 2))),
    ],
    success=N_("A ratio far below 1 means the first layer learns far more slowly than the last."),
)


# -------------------------------------------------------------- per-layer gradient norms by backpropagation


def _norms_variant(X, y, weights, *, slope="z", order=1, output=False, mean=True, norm="fro"):
    """Backprop through the bias-free sigmoid MLP, with the slips of the misconceptions below switched on."""
    hidden, W_out = weights[:-1], weights[-1]
    a, zs, acts = X, [], [X]
    for W in hidden:
        zs.append(a @ W)
        a = _sigmoid(zs[-1])
        acts.append(a)
    _, dlogits = _losses.softmax_cross_entropy(a @ W_out, y)
    if not mean:
        dlogits = dlogits * len(y)
    grads = [acts[-1].T @ dlogits] if output else []
    g = dlogits @ W_out.T
    for l in range(len(hidden) - 1, -1, -1):
        wrong_a = _sigmoid(acts[l + 1])
        fprime = {"z": _sigmoid(zs[l]) * (1 - _sigmoid(zs[l])), "a": wrong_a * (1 - wrong_a),
                  "z(1-z)": zs[l] * (1 - zs[l]), "none": 1.0}[slope]
        delta = fprime * g
        grads.insert(0, acts[l].T @ delta)
        g = delta @ hidden[l].T
    norms = np.array([np.linalg.norm(G, 2) if norm == "spectral" else np.linalg.norm(G) for G in grads])
    return norms[::order]


def _norm_cases():
    rng = np.random.default_rng(11)
    cases = []
    for depth, width, n, k in ((3, 5, 6, 3), (4, 4, 8, 2), (1, 6, 5, 4)):
        X, y = _vanishing.random_batch(n, width, rng, n_classes=k)
        cases.append((X, y, _vanishing.gaussian_weights(depth, width, width, 2.0, rng, n_classes=k)))
    return cases


def _explain_norms(fn):
    X, y, weights = _norm_cases()[0]
    got = np.asarray(fn(X.copy(), y.copy(), [W.copy() for W in weights]), dtype=float)
    want = _vanishing.frobenius_norms(_vanishing.forward_backward(X, y, weights, "sigmoid")["grad_W"])
    if got.shape != want.shape:
        return tr("for a net with {L} hidden layers your function returned shape {shape}; return one "
                  "norm per hidden layer, W¹ … Wᴸ, as an array of shape ({L},).").format(L=len(want), shape=got.shape)
    wrong = [l + 1 for l in range(len(want)) if not np.isclose(got[l], want[l], rtol=1e-6)]
    return tr("on a {L}-layer net the norms of layer(s) {layers} differ (layers count from the input; the top "
              "layer is the first to check). Its δ is σ'(z) ⊙ (∂L/∂logits @ W_outᵀ), and each layer below gets "
              "δ^{{l−1}} = σ'(z^{{l−1}}) ⊙ (δ^l @ W^lᵀ) in the code's rows.").format(
        L=len(want), layers=", ".join(map(str, wrong)))


weight_gradient_norms = _Explained(
    "weight_gradient_norms",
    reference=lambda X, y, weights: _vanishing.frobenius_norms(
        _vanishing.forward_backward(X, y, weights, "sigmoid")["grad_W"]),
    cases=_norm_cases(),
    misconceptions=[
        (N_("the slope σ'(z) is missing: δ^l = σ'(z^l) ⊙ ∂L/∂a^l, not ∂L/∂a^l alone. Without it nothing vanishes."),
         lambda X, y, w: _norms_variant(X, y, w, slope="none")),
        (N_("you applied σ' to the output a = σ(z): σ'(a) = σ(a)(1 − σ(a)). The slope is σ'(z) = σ(z)(1 − σ(z)) "
            "= a(1 − a)."), lambda X, y, w: _norms_variant(X, y, w, slope="a")),
        (N_("z(1 − z) is not σ'(z): with a = σ(z), σ'(z) = a(1 − a)."),
         lambda X, y, w: _norms_variant(X, y, w, slope="z(1-z)")),
        (N_("the norms come out top layer first; return them in layer order, ‖∂L/∂W¹‖ first (the loop runs down, "
            "so fill a list by index or reverse it)."), lambda X, y, w: _norms_variant(X, y, w, order=-1)),
        (N_("you included the output layer W_out; return the norms of the hidden layers W¹ … Wᴸ only."),
         lambda X, y, w: _norms_variant(X, y, w, output=True)),
        (N_("your norms are N times too large: the loss is the mean over the N samples, so ∂L/∂logits = "
            "(softmax − onehot)/N."), lambda X, y, w: _norms_variant(X, y, w, mean=False)),
        (N_("np.linalg.norm(G, 2) of a matrix is its spectral norm; use the Frobenius norm np.linalg.norm(G)."),
         lambda X, y, w: _norms_variant(X, y, w, norm="spectral")),
    ],
    explain=_explain_norms,
    rtol=1e-6,
    success=N_("On section 3's sigmoid net they fall by about 4 per layer towards the input."),
)
