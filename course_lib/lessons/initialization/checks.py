"""Exercise checks for notebook 04 (initialization): training from a symmetric start, the scheme for each activation,
the std after L layers."""

from __future__ import annotations

import numpy as np

from ... import data as _data
from ... import losses as _losses
from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise
from . import compute as _propagation

__all__ = ["predicted_std", "train_tanh_mlp", "init_for_activation"]

def _predicted_std(depth, width, weight_std, activation):
    gain = width * weight_std**2                       # fan_in · Var(W)
    c = 0.5 if activation == "relu" else 1.0           # E[f(z)²] / Var(z)
    variance = gain * 1.0                              # layer 1: the input has E[x²] = 1
    for _ in range(depth - 1):
        variance = gain * c * variance
    return float(np.sqrt(variance))


predicted_std = Exercise(
    "predicted_std",
    reference=_predicted_std,
    cases=[(1, 100, 0.1, "linear"), (5, 100, 0.1, "relu"), (10, 64, float(np.sqrt(2 / 64)), "relu"),
           (3, 50, 0.2, "linear"), (20, 128, 0.05, "relu")],
    misconceptions=[
        (N_("the input x is not a ReLU output: the first layer sees E[x²] = 1, so do not halve it there. Only "
            "layers 2..L receive ReLU outputs with E[a²] = Var(z)/2."),
         lambda depth, width, s, act: float(np.sqrt((width * s**2 * (0.5 if act == "relu" else 1.0)) ** depth))),
        (N_("that is the variance Var(z^L); return its square root, the standard deviation."),
         lambda depth, width, s, act: _predicted_std(depth, width, s, act) ** 2),
        (N_("for ReLU, E[a²] = Var(z)/2: every layer after the first halves the second moment."),
         lambda depth, width, s, act: float(np.sqrt((width * s**2) ** depth))),
        (N_("Var(W) is weight_std², not weight_std."),
         lambda depth, width, s, act: _predicted_std(depth, width, float(np.sqrt(s)), act)),
    ],
    success=N_("Only fan_in·Var(W)·c = 1 keeps the std constant: c = 1 (linear) gives LeCun, c = 1/2 (ReLU) He."),
)


# ------------------------------------------------------------------ training from a symmetric start (exercise 1)

def _copy_params(params):
    return [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]


def _flat(params):
    """All parameters in one vector (W¹, b¹, W², …), or a sentence when `params` is not a list of (W, b) pairs."""
    try:
        parts = [np.ravel(np.asarray(part, dtype=float)) for pair in params for part in pair]
        if any(len(pair) != 2 for pair in params):
            raise ValueError
        return np.concatenate(parts)
    except Exception:
        return tr("a {kind} that is not a list of (W, b) pairs").format(kind=type(params).__name__)


def _variant(params, X, y, lr, steps, *, mean=True, bias=True, slope="a", update_first=False, sign=-1.0):
    """Gradient descent on the tanh MLP, with the slips the misconceptions below describe switched on."""
    params = _copy_params(params)
    for _ in range(steps):
        a, acts, zs = X, [X], []
        for W, b in params[:-1]:
            zs.append(a @ W + b)
            a = np.tanh(zs[-1])
            acts.append(a)
        _, delta = _losses.softmax_cross_entropy(a @ params[-1][0] + params[-1][1], y)
        if not mean:
            delta = delta * len(y)
        for l in range(len(params) - 1, -1, -1):
            W, b = params[l]
            gW, gb = acts[l].T @ delta, delta.sum(axis=0)
            new = (W + sign * lr * gW, b + sign * lr * gb if bias else b)
            if update_first:
                params[l] = new
            if l > 0:
                back = delta @ params[l][0].T
                fprime = {"a": 1 - acts[l] ** 2, "z": 1 - zs[l - 1] ** 2, "none": 1.0}[slope]
                delta = fprime * back
            params[l] = new
    return params


def _wrap(train):
    return lambda params, X, y, lr, steps: _flat(train(_copy_params(params), X.copy(), y.copy(), lr, steps))


def _train_cases():
    rng = np.random.default_rng(7)
    cases = []
    for sizes, n, lr, steps in (((2, 3, 3, 2), 6, 0.5, 1), ((2, 4, 3, 3), 9, 0.3, 4), ((3, 5, 2), 7, 1.0, 3)):
        X = rng.normal(size=(n, sizes[0]))
        y = np.arange(n) % sizes[-1]
        params = [(rng.normal(0, 1, (a, b)), rng.normal(0, 0.5, b)) for a, b in zip(sizes[:-1], sizes[1:])]
        cases.append((params, X, y, lr, steps))
    return cases


def _symmetry_report(train):
    """The spread of each hidden layer's units after 100 steps on the circles, from zeros, 0.5 and Glorot normal."""
    rng = np.random.default_rng(0)
    X, y = _data.circles(200, rng, noise=0.1)
    parts = []
    for kind in ("zeros", "constant", "glorot_normal"):
        params = train(_propagation.mlp_params(kind, _propagation.SYMMETRY_SIZES, rng), X, y, 0.5, 100)
        first, second = (_propagation.unit_spread(W) for W, _ in params[:-1])
        name = tr(_propagation.INIT_NAMES[kind]).format(value=_propagation.CONSTANT_VALUE)
        parts.append(tr("{name}: {first:.2f} and {second:.2f}").format(name=name, first=first, second=second))
    return tr("Trained with your function for 100 steps on the circles, the spread of the units of hidden layers "
              "1 and 2 is {spreads}. Units that start identical stay identical; random weights break the "
              "symmetry.").format(spreads="; ".join(parts))


def _explain_training(train):
    params, X, y, lr, _ = _train_cases()[0]
    got = _flat(train(_copy_params(params), X.copy(), y.copy(), lr, 1))
    want = _flat(_propagation.train_mlp(params, X, y, lr, 1)[0])
    if isinstance(got, str):
        return tr("return the trained parameters as a list of (W, b) pairs, like the params you were given; got "
                  "{got}.").format(got=got)
    if got.shape != want.shape:
        return tr("your function returned {got} numbers in all, the network has {want} parameters: return every "
                  "(W, b) pair, with W of shape (d_in, d_out) and b of shape (d_out,).").format(got=got.size,
                                                                                              want=want.size)
    offset = 0
    for l, (W, b) in enumerate(params, start=1):
        for name, part in ((f"W{l}", W), (f"b{l}", b)):
            size = np.size(part)
            if not np.allclose(got[offset:offset + size], want[offset:offset + size], rtol=1e-6, atol=1e-9):
                return tr("after one step on a {L}-layer case, the first parameter that differs is {name} (layers "
                          "count from the input). Check its gradient and, for the layers below the output, δ = "
                          "(1 − a²) ⊙ (δ_above @ W_aboveᵀ) with a = tanh(z) of that layer.").format(L=len(params),
                                                                                                  name=name)
            offset += size
    return None


class _TrainingExercise(Exercise):
    """Compares all parameters after training (as one vector); names the first parameter that differs when no
    listed slip matches; on success, reports the symmetry the student's own function shows."""

    def _outputs(self, fn):
        return [_wrap(fn)(*case) for case in self.cases]

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return super().evaluate(student_fn)
        result = super().evaluate(_wrap(student_fn))
        if result.passed:
            try:
                return CheckResult(True, f"{result.message} {_symmetry_report(student_fn)}")
            except Exception:
                return result
        if not result.message.startswith(f"✗ {self.name}: on input"):
            return result
        try:
            sentence = _explain_training(student_fn)
        except Exception:          # the explanation must never hide the verdict
            return result
        return result if sentence is None else CheckResult(False, f"✗ {self.name}: {sentence}")


def _reference_training(params, X, y, lr, steps):
    return _propagation.train_mlp(params, X, y, lr, steps)[0]


train_tanh_mlp = _TrainingExercise(
    "train_tanh_mlp",
    reference=_reference_training,
    cases=_train_cases(),
    misconceptions=[
        (N_("the loss is the mean over the N samples, so ∂L/∂logits = (softmax − onehot)/N: your steps are N times too "
            "large (a summed loss)."), lambda *c: _variant(*c, mean=False)),
        (N_("the biases do not move: update every b with its gradient Σ_n δ (the sum of δ over the samples, axis 0)."),
         lambda *c: _variant(*c, bias=False)),
        (N_("tanh'(z) = 1 − tanh²(z) = 1 − a², written with the layer's output a; 1 − z² uses the pre-activation."),
         lambda *c: _variant(*c, slope="z")),
        (N_("the slope is missing: δ of a hidden layer is f'(z) ⊙ (δ_above @ W_aboveᵀ), with tanh'(z) = 1 − a²."),
         lambda *c: _variant(*c, slope="none")),
        (N_("you updated a layer's W before passing δ down through it. Compute every gradient with the weights of "
            "this step, then update them all."), lambda *c: _variant(*c, update_first=True)),
        (N_("the parameters moved uphill: gradient descent subtracts lr · gradient."),
         lambda *c: _variant(*c, sign=1.0)),
        (N_("your function returned the parameters unchanged. Build new arrays (W = W - lr * gW) and return them, or "
            "update in place, and run `steps` steps."), lambda params, X, y, lr, steps: params),
    ],
    rtol=1e-6,
)

# ------------------------------------------------------------------ the scheme for each activation (exercise 2)

_ACCEPTED = {"linear": ("lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform"),
             "sigmoid": ("lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform"),
             "tanh": ("lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform"),
             "relu": ("he_normal", "he_uniform"),
             "leaky_relu": ("he_normal", "he_uniform"),
             "selu": ("lecun_normal",)}
_GAIN = {"linear": 1.0, "sigmoid": 1.0, "tanh": 1.0, "relu": 0.5, "leaky_relu": 0.5, "selu": 1.0}   # E[f(z)²]/Var(z)


def _factor_sentence(activation, scheme, width=128):
    """Why `scheme` does not suit `activation`, from its per-layer variance factor fan_in·Var(W)·c (128 units)."""
    n_var = width * _propagation.weight_variance(scheme, width, width)
    if activation == "selu":
        if scheme == "lecun_uniform":
            return tr("the variance 1/fan_in is right, but SELU's self-normalising fixed point (mean 0, variance 1) "
                      "was derived for Gaussian weights N(0, 1/fan_in): lecun_normal.")
        return tr("SELU keeps mean 0 and variance 1 only with fan_in·Var(W) = 1 and Gaussian weights (lecun_normal); "
                  "{scheme} gives fan_in·Var(W) = {n_var:.3g}.").format(scheme=scheme, n_var=n_var)
    if activation == "sigmoid":
        if n_var > 1:
            text = tr("{scheme} gives fan_in·Var(W) = {n_var:.3g} (128 units). LeCun's 1 (or Glorot's) keeps z in "
                      "the sigmoid's middle, where its slope is largest; pushes z out towards the flat sides, "
                      "where σ' is small.")
        else:
            text = tr("{scheme} gives fan_in·Var(W) = {n_var:.3g} (128 units). LeCun's 1 (or Glorot's) keeps z in "
                      "the sigmoid's middle, where its slope is largest; keeps z near 0 but shrinks the gradient "
                      "by about √(fan_out·Var(W)/16) = {shrink:.2g} per layer.")
        return text.format(scheme=scheme, n_var=n_var, shrink=np.sqrt(n_var / 16))
    factor = n_var * _GAIN[activation]
    if _GAIN[activation] == 0.5:
        sentence = tr("fan_in·Var(W)·c = {factor:.3g} for {scheme} with {activation} (c = ½, ReLU zeroes half of z; "
                      "128 units): the variance of z is multiplied by {factor:.3g} at every layer")
    else:
        sentence = tr("fan_in·Var(W)·c = {factor:.3g} for {scheme} with {activation} (c = 1, the slope near 0; "
                      "128 units): the variance of z is multiplied by {factor:.3g} at every layer")
    sentence = sentence.format(factor=factor, scheme=scheme, activation=activation)
    if activation == "tanh" and factor > 1:
        ending = (tr("{sentence}, until tanh's bending stops the growth: the units work away from tanh's linear "
                     "middle and saturate.") if factor > 10 else
                  tr("{sentence}, until tanh's bending stops the growth: the units work away from tanh's linear "
                     "middle. LeCun and Glorot give the factor 1."))
        return ending.format(sentence=sentence)
    return tr("{sentence}, {after:.1e} after 20 layers. The factor should be 1.").format(sentence=sentence,
                                                                                        after=factor ** 19)


class _SchemeChoice(Exercise):
    """checks.init_for_activation(fn): fn(activation) must return a scheme name that keeps the variance factor at 1.

    An Exercise whose answers are names: each is judged by the variance factor it gives, not against one reference."""

    activations = tuple(_ACCEPTED)

    def __init__(self):
        super().__init__("init_for_activation", reference=None, cases=())

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        problems = []
        for activation in self.activations:
            try:
                scheme = student_fn(activation)
            except NotImplementedError:
                return self._not_done()
            except Exception as error:
                return CheckResult(False, tr("✗ {name}: your function raised {error_type}: {error} on input "
                                             "{activation!r}").format(name=self.name, error_type=type(error).__name__,
                                                                      error=error, activation=activation))
            if isinstance(scheme, str) and scheme in _ACCEPTED[activation]:
                continue
            if not isinstance(scheme, str) or scheme not in _propagation.SCHEMES:
                problems.append(tr("{activation}: {scheme!r} is not a scheme name; return one of {schemes}.").format(
                    activation=activation, scheme=scheme, schemes=", ".join(_propagation.SCHEMES)))
            else:
                problems.append(f"{activation} → {scheme}: {_factor_sentence(activation, scheme)}")
        if not problems:
            return CheckResult(True, tr("✓ {name}: right for all {n} activations. Each choice keeps fan_in·Var(W)·c "
                                        "at 1: c = 1 for linear, tanh and SELU (LeCun; Glorot too when fan_in = "
                                        "fan_out), c = ½ for ReLU and Leaky ReLU (He).").format(
                name=self.name, n=len(self.activations)))
        return CheckResult(False, tr("✗ {name}: {wrong} of {n} wrong.").format(
            name=self.name, wrong=len(problems), n=len(self.activations)) + "\n  - " + "\n  - ".join(problems))


init_for_activation = _SchemeChoice()
