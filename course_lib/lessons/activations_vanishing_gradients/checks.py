"""Exercise checks for the vanishing notebook: per-layer gradient norms by backpropagation, the gradient-norm ratio,
dead units (and the sigmoid's derivative, from an earlier version of the notebook)."""

from __future__ import annotations

import numpy as np

from ... import activations as _activations
from ... import losses as _losses
from ..exercise import CheckResult, Exercise
from . import compute as _vanishing

__all__ = ["sigmoid_derivative", "dead_fraction", "gradient_norm_ratio", "weight_gradient_norms"]


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


def _explain_sigmoid_derivative(fn):
    z = np.array([-2.0, 0.0, 2.0])
    got = np.asarray(fn(z.copy()), dtype=float)
    if got.shape != z.shape:
        return (f"for z of shape {z.shape} your function returned shape {got.shape}. Work elementwise on the "
                "whole array (np.exp, not math.exp) and return an array of the same shape as z.")
    want = _activations.sigmoid_grad(z)
    if np.allclose(got, want, rtol=1e-6, atol=1e-9):
        return None
    return (f"at z = −2, 0, 2 your function gives {got[0]:.4g}, {got[1]:.4g}, {got[2]:.4g}; σ'(z) gives "
            f"{want[0]:.4g}, {want[1]:.4g}, {want[2]:.4g} (σ'(0) = 1/4, and σ' is symmetric around 0). Compute "
            "s = 1 / (1 + np.exp(-z)) first, then return s * (1 - s).")


sigmoid_derivative = _Explained(
    "sigmoid_derivative",
    reference=lambda z: _activations.sigmoid_grad(z),
    cases=[(np.array([0.0]),), (np.array([-2.0, -0.5, 0.5, 2.0]),), (np.linspace(-6.0, 6.0, 13),)],
    misconceptions=[
        ("you applied s·(1 − s) to z itself. Compute s = σ(z) first, then σ'(z) = s·(1 − s).",
         lambda z: z * (1 - z)),
        ("the quotient rule gives σ'(z) = e⁻ᶻ/(1 + e⁻ᶻ)²: the denominator is squared.",
         lambda z: np.exp(-z) / (1 + np.exp(-z))),
        ("1 − s² is the pattern of tanh' = 1 − tanh²(z); the sigmoid's derivative is s·(1 − s) with s = σ(z).",
         lambda z: 1 - _sigmoid(z) ** 2),
        ("σ(z) is the sigmoid itself, not its slope: σ'(z) = σ(z)·(1 − σ(z)).", _sigmoid),
        ("s * 1 - s is (s · 1) − s = 0: multiplication comes before subtraction. Write s * (1 - s).",
         lambda z: np.zeros_like(np.asarray(z, dtype=float))),
        ("1 / 1 + np.exp(-z) is 1 + e⁻ᶻ, not σ(z): division comes before addition. Write 1 / (1 + np.exp(-z)).",
         lambda z: (1 + np.exp(-z)) * (1 - (1 + np.exp(-z)))),
    ],
    explain=_explain_sigmoid_derivative,
    rtol=1e-6,
    success="Its largest value is σ'(0) = 1/2 · 1/2 = 1/4.",
)


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
        return (f"return one number, the fraction of dead units; on a layer with 5 units your function returned "
                f"an array of shape {np.shape(got)}. Average the per-unit True/False over the units.")
    if np.isclose(float(got), 0.4):
        return None
    return (f"on a layer where units 0 and 2 (of 5) are 0 on every sample, your function gives {float(got):.4g}; "
            "the dead fraction is 2/5 = 0.4.")


dead_fraction = _Explained(
    "dead_fraction",
    reference=_dead_fraction,
    cases=[(_A,), (_B,), (np.ones((3, 4)),), (np.zeros((2, 6)),)],
    misconceptions=[
        ("you counted zero entries. A unit (a column) is dead only if it outputs 0 for every sample (every row).",
         lambda a: float(np.mean(np.asarray(a) == 0))),
        ("a unit that is 0 on some samples is only inactive there; dead means 0 on every sample: use np.all, "
         "not np.any.", lambda a: float(np.mean(np.any(np.asarray(a) == 0, axis=0)))),
        ("rows are samples and columns are units: take np.all over axis=0 (over the samples), then average "
         "over the units.", lambda a: float(np.mean(np.all(np.asarray(a) == 0, axis=1)))),
        ("return the fraction of units (divide by the number of columns), not the count.",
         lambda a: float(np.sum(np.all(np.asarray(a) == 0, axis=0)))),
        ("that is the mask of dead units, one True/False per unit; return its mean, the fraction.",
         lambda a: np.all(np.asarray(a) == 0, axis=0)),
        ("that is, per unit, the fraction of samples where it is 0. Dead means 0 on every sample: np.all over "
         "axis=0, then the mean over the units.", lambda a: np.mean(np.asarray(a) == 0, axis=0)),
    ],
    explain=_explain_dead_fraction,
    success="In a deep ReLU net at initialisation this fraction grows with depth.",
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
        ("the ratio is upside down: ‖∂L/∂W¹‖ (the first layer, grads[0]) over ‖∂L/∂Wᴸ‖ (the last, grads[-1]).",
         lambda grads: float(np.linalg.norm(grads[-1]) / np.linalg.norm(grads[0]))),
        ("np.linalg.norm(G, 2) of a matrix is its spectral norm (largest singular value). Use the Frobenius "
         "norm √(Σ G²): np.linalg.norm(G) or np.linalg.norm(G, 'fro').",
         lambda grads: float(np.linalg.norm(grads[0], 2) / np.linalg.norm(grads[-1], 2))),
        ("Σ|G| is the entrywise L1 norm; the Frobenius norm is √(Σ G²).",
         lambda grads: float(np.abs(grads[0]).sum() / np.abs(grads[-1]).sum())),
        ("that is the ratio of squared norms: take the square root of Σ G².",
         lambda grads: float(np.sum(grads[0] ** 2) / np.sum(grads[-1] ** 2))),
    ],
    success="A ratio far below 1 means the first layer learns far more slowly than the last.",
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
        return (f"for a net with {len(want)} hidden layers your function returned shape {got.shape}; return one "
                f"norm per hidden layer, W¹ … Wᴸ, as an array of shape ({len(want)},).")
    wrong = [l + 1 for l in range(len(want)) if not np.isclose(got[l], want[l], rtol=1e-6)]
    return (f"on a {len(want)}-layer net the norms of layer(s) {', '.join(map(str, wrong))} differ (layers count from "
            "the input; the top layer is the first to check). Its δ is σ'(z) ⊙ (∂L/∂logits @ W_outᵀ), and each "
            "layer below gets δ^{l−1} = σ'(z^{l−1}) ⊙ (δ^l @ W^lᵀ) in the code's rows.")


weight_gradient_norms = _Explained(
    "weight_gradient_norms",
    reference=lambda X, y, weights: _vanishing.frobenius_norms(
        _vanishing.forward_backward(X, y, weights, "sigmoid")["grad_W"]),
    cases=_norm_cases(),
    misconceptions=[
        ("the slope σ'(z) is missing: δ^l = σ'(z^l) ⊙ ∂L/∂a^l, not ∂L/∂a^l alone. Without it nothing vanishes.",
         lambda X, y, w: _norms_variant(X, y, w, slope="none")),
        ("you applied σ' to the output a = σ(z): σ'(a) = σ(a)(1 − σ(a)). The slope is σ'(z) = σ(z)(1 − σ(z)) "
         "= a(1 − a).", lambda X, y, w: _norms_variant(X, y, w, slope="a")),
        ("z(1 − z) is not σ'(z): with a = σ(z), σ'(z) = a(1 − a).",
         lambda X, y, w: _norms_variant(X, y, w, slope="z(1-z)")),
        ("the norms come out top layer first; return them in layer order, ‖∂L/∂W¹‖ first (the loop runs down, "
         "so fill a list by index or reverse it).", lambda X, y, w: _norms_variant(X, y, w, order=-1)),
        ("you included the output layer W_out; return the norms of the hidden layers W¹ … Wᴸ only.",
         lambda X, y, w: _norms_variant(X, y, w, output=True)),
        ("your norms are N times too large: the loss is the mean over the N samples, so ∂L/∂logits = "
         "(softmax − onehot)/N.", lambda X, y, w: _norms_variant(X, y, w, mean=False)),
        ("np.linalg.norm(G, 2) of a matrix is its spectral norm; use the Frobenius norm np.linalg.norm(G).",
         lambda X, y, w: _norms_variant(X, y, w, norm="spectral")),
    ],
    explain=_explain_norms,
    rtol=1e-6,
    success="On section 3's sigmoid net they fall by about 4 per layer towards the input.",
)
