"""Exercise checks for "putting it together": counting parameters, inverse-time decay, early stopping's epoch,
and training a network to a target validation accuracy.

Messages are marked with N_ and translated where they are shown."""

from __future__ import annotations

import contextlib
import math
import time

import numpy as np

from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise

__all__ = ["count_params", "inverse_time_lr", "restored_epoch", "build_and_train"]


def _reference_count(widths):
    dense = sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))
    batch_norm = sum(2 * w for w in widths[1:-1])         # γ and β for every hidden unit
    return dense + batch_norm


count_params = Exercise(
    "count_params",
    _reference_count,
    cases=[([64, 128, 128, 10],), ([64, 32, 10],), ([4, 3, 2],), ([10, 5, 5, 5, 2],), ([3, 1],)],
    misconceptions=[
        (N_("every Dense unit also has a bias: a Dense layer has d_in·d_out + d_out parameters."),
         lambda w: sum(a * b for a, b in zip(w[:-1], w[1:])) + sum(2 * x for x in w[1:-1])),
        (N_("you counted batch norm's running mean and variance: they are buffers (not trained by gradients). "
         "Keras lists them under 'Non-trainable params'; count only γ and β (2 per unit)."),
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:])) + sum(4 * x for x in w[1:-1])),
        (N_("you left out the batch-norm layers: each has a scale γ and a shift β per unit (2·d parameters)."),
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:]))),
        (N_("batch norm is only after the hidden layers, not after the output layer (the logits go to the loss)."),
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:])) + sum(2 * x for x in w[1:])),
        (N_("batch norm has one γ and one β per unit (2·d), not one of each per layer."),
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:])) + 2 * (len(w) - 2)),
    ],
    success=N_("Compare with model.summary() for the recipe: the same total."),
)


def _reference_lr(t, lr0, decay_rate, decay_steps, staircase):
    periods = math.floor(t / decay_steps) if staircase else t / decay_steps
    return lr0 / (1 + decay_rate * periods)


inverse_time_lr = Exercise(
    "inverse_time_lr",
    _reference_lr,
    cases=[(25, 0.1, 0.5, 10, True), (25, 0.1, 0.5, 10, False), (0, 0.1, 0.5, 18, True), (36, 0.1, 0.5, 18, True),
           (7, 0.2, 1.0, 3, True), (100, 1.0, 0.25, 1, False)],
    misconceptions=[
        (N_("with staircase=True the number of periods is whole: use ⌊t/τ⌋ (math.floor), so α stays flat inside a "
         "period."), lambda t, lr0, r, tau, s: lr0 / (1 + r * t / tau)),
        (N_("that is exponential decay, α0·r^(t/τ); inverse-time decay divides: α0/(1 + r·t/τ)."),
         lambda t, lr0, r, tau, s: lr0 * r ** (math.floor(t / tau) if s else t / tau)),
        (N_("decay_rate and decay_steps are swapped (Keras writes InverseTimeDecay(initial_learning_rate, "
         "decay_steps, decay_rate), course_lib inverse_time_decay(lr0, decay_rate, decay_steps))."),
         lambda t, lr0, r, tau, s: lr0 / (1 + tau * (math.floor(t / r) if s else t / r))),
        (N_("the learning rate must shrink: divide α0 by (1 + r·t/τ), do not multiply."),
         lambda t, lr0, r, tau, s: lr0 * (1 + r * (math.floor(t / tau) if s else t / tau))),
    ],
    success=N_("The recipe's schedule: α = 0.1/(1 + 0.5·⌊t/steps_per_epoch⌋)."),
)


def _reference_restored(val_accuracy, patience):
    best, best_epoch, wait = -math.inf, None, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value > best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch                 # stopped: the best weights are restored
    return len(val_accuracy)                      # never stopped: the last weights are kept


def _global_best(val_accuracy, patience):
    return max(range(len(val_accuracy)), key=lambda k: (val_accuracy[k], -k)) + 1


def _best_even_without_stop(val_accuracy, patience):
    best, best_epoch, wait = -math.inf, None, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value > best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch


def _ties_improve(val_accuracy, patience):
    best, best_epoch, wait = -math.inf, None, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value >= best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch
    return len(val_accuracy)


def _stop_epoch(val_accuracy, patience):
    best, wait = -math.inf, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value > best:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(val_accuracy)


def _counted_from_0(fn):
    """The same rule with epochs counted from 0 (a list index): the slip the check names first."""
    return lambda val_accuracy, patience: fn(val_accuracy, patience) - 1


# Each slip; then epochs counted from 0 (a list index), alone or with one of the slips (whole sentences: translated).
_RULES = [
    (N_("early stopping cannot see the future: once patience runs out training stops, so a better epoch after "
        "that point is never reached."),
     _global_best),
    (N_("that is Keras 3's rule (tf.keras since TF 2.16): it restores the best weights at the end of training "
        "even when patience never ran out. This exercise asks for course_lib's fit, which then keeps the last "
        "weights, as Keras 2 did."),
     _best_even_without_stop),
    (N_("an equal value is not an improvement: the monitored value must be strictly better (by more than "
        "min_delta = 0), so ties count as epochs without improvement."),
     _ties_improve),
    (N_("that is the epoch where training stopped; with restore_best_weights=True the model goes back to the "
        "best epoch's weights."),
     _stop_epoch),
]
_RULES_FROM_0 = [
    (N_("your epochs count from 0 (a list index): the exercise counts them from 1, as history.best_epoch, the "
        "stop message and Keras's progress bar do, so the epoch of val_accuracy[k] is k + 1."),
     _counted_from_0(_reference_restored)),
    (N_("your epochs count from 0 (a list index): the exercise counts them from 1, as history.best_epoch, the "
        "stop message and Keras's progress bar do, so the epoch of val_accuracy[k] is k + 1; and early "
        "stopping cannot see the future: once patience runs out training stops, so a better epoch after that "
        "point is never reached."),
     _counted_from_0(_global_best)),
    (N_("your epochs count from 0 (a list index): the exercise counts them from 1, as history.best_epoch, the "
        "stop message and Keras's progress bar do, so the epoch of val_accuracy[k] is k + 1; and that is "
        "Keras 3's rule (tf.keras since TF 2.16): it restores the best weights at the end of training even "
        "when patience never ran out. This exercise asks for course_lib's fit, which then keeps the last "
        "weights, as Keras 2 did."),
     _counted_from_0(_best_even_without_stop)),
    (N_("your epochs count from 0 (a list index): the exercise counts them from 1, as history.best_epoch, the "
        "stop message and Keras's progress bar do, so the epoch of val_accuracy[k] is k + 1; and an equal "
        "value is not an improvement: the monitored value must be strictly better (by more than min_delta = "
        "0), so ties count as epochs without improvement."),
     _counted_from_0(_ties_improve)),
    (N_("your epochs count from 0 (a list index): the exercise counts them from 1, as history.best_epoch, the "
        "stop message and Keras's progress bar do, so the epoch of val_accuracy[k] is k + 1; and that is the "
        "epoch where training stopped; with restore_best_weights=True the model goes back to the best epoch's "
        "weights."),
     _counted_from_0(_stop_epoch)),
]

restored_epoch = Exercise(
    "restored_epoch",
    _reference_restored,
    cases=[([0.90, 0.93, 0.95, 0.94, 0.95, 0.93, 0.92, 0.94, 0.97], 5),
           ([0.80, 0.85, 0.90, 0.88, 0.87], 5),
           ([0.50, 0.60, 0.60, 0.60, 0.60, 0.70], 3),
           ([0.70, 0.80, 0.75, 0.85, 0.84, 0.83, 0.86, 0.80, 0.81], 2)],
    misconceptions=_RULES + _RULES_FROM_0,
    success=N_("history.best_epoch gives the same answer when early stopping restored weights (epochs count from 1)."),
)


# ----------------------------------------------------------------------------------------------------
# Exercise 4: train to a target validation accuracy
# ----------------------------------------------------------------------------------------------------

TARGET_ACCURACY = 0.95      # the recipe reaches 0.96–0.98 on the check's split; a badly tuned plain net does not
CHECK_SPLIT_SEED = 2026     # the check's own split of the digits: 80% for the student, 20% held out
STUDENT_SEED = 0            # the rng the check passes to build_and_train


def raw_digit_split(seed=CHECK_SPLIT_SEED, val_fraction=0.2):
    """The check's split of the digits in raw pixel units 0–16: (X_train, y_train, X_val, y_val)."""
    from ... import data

    X, y = data.digits()
    return data.train_val_split(X * 16.0, y, val_fraction, np.random.default_rng(seed))


@contextlib.contextmanager
def _watch_digit_loaders(calls):
    """Record (in `calls`) every load of the full digits while the student's function runs."""
    from ... import data

    original = data.digits

    def watched(*args, **kwargs):
        calls.append("course_lib.data.digits")
        return original(*args, **kwargs)

    data.digits = watched
    try:
        import sklearn.datasets as datasets
    except ImportError:  # pragma: no cover - scikit-learn is in the notebooks extra
        datasets = None
    original_load = getattr(datasets, "load_digits", None)
    if datasets is not None:
        def watched_load(*args, **kwargs):
            calls.append("sklearn.datasets.load_digits")
            return original_load(*args, **kwargs)
        datasets.load_digits = watched_load
    try:
        yield
    finally:
        data.digits = original
        if datasets is not None:
            datasets.load_digits = original_load


def _label_slip(error):
    """The message for an exception that says the labels do not have the form the loss expects (else None)."""
    text = str(error)
    if "integer class indices" in text:
        return tr("fit with loss='softmax_cross_entropy' takes the integer labels 0–9 as they are, shape (N,): "
                  "you passed one-hot rows or float labels. Pass y_train unchanged.")
    if "must have the shape of the predictions" in text:
        return tr("with this loss fit wants targets shaped like the outputs, (N, 10): either keep the integer "
                  "labels and use loss='softmax_cross_entropy', or turn them into one-hot rows with "
                  "data.one_hot(y_train, 10).")
    return None


class TrainingExercise(Exercise):
    """checks.build_and_train(fn): train with fn on the check's training rows (raw pixels 0–16) and rng
    default_rng(0), then measure the accuracy on held-out rows scaled to [0, 1] against TARGET_ACCURACY.

    An Exercise without reference cases: the verdict is the accuracy the student's model reaches."""

    def __init__(self):
        super().__init__("build_and_train", reference=None, cases=())

    def _fail(self, message):
        return CheckResult(False, f"✗ {self.name}: {message}")

    def evaluate(self, student_fn) -> CheckResult:
        from ...model import Sequential
        from ...training import accuracy
        from .compute import single_thread_blas

        if not callable(student_fn):
            return self._fail(tr("pass your function itself (without calling it), got {kind}").format(
                kind=type(student_fn).__name__))
        X_train, y_train, X_val, y_val = raw_digit_split()
        loads, start = [], time.process_time()
        try:
            with _watch_digit_loaders(loads), single_thread_blas():
                model = student_fn(X_train.copy(), y_train.copy(), np.random.default_rng(STUDENT_SEED))
        except NotImplementedError:
            return self._not_done()
        except Exception as error:  # a student's bug is reported, never a traceback
            slip = _label_slip(error)
            return self._fail(slip or tr("your function raised {kind}: {error}").format(
                kind=type(error).__name__, error=error))
        seconds = time.process_time() - start
        if loads:
            return self._fail(tr("your function loaded the digits itself ({loader}): that set includes the rows "
                                 "the check holds out for validation, so the accuracy would be measured on digits "
                                 "the network was trained on. Train only on the X_train, y_train you are given.")
                              .format(loader=loads[0]))
        if isinstance(model, tuple) and model and isinstance(model[0], Sequential):
            return self._fail(tr("return the model alone, not a tuple (fit's History stays inside your function)."))
        if model is None:
            return self._fail(tr("your function returned None: end it with `return model`."))
        if not isinstance(model, Sequential):
            return self._fail(tr("return the trained Sequential model, got {kind}.").format(kind=type(model).__name__))
        X_scaled = X_val / 16.0
        try:
            outputs = model.predict(X_scaled)
        except Exception as error:
            return self._fail(tr("model.predict on the validation rows (N, 64) raised {kind}: {error}").format(
                kind=type(error).__name__, error=error))
        if np.ndim(outputs) != 2 or np.shape(outputs)[1] != 10:
            return self._fail(tr("the model gives outputs of shape {shape} for {n} digits; it needs one output per "
                                 "class, ({n}, 10): end with Dense(…, 10).").format(shape=np.shape(outputs),
                                                                                   n=len(X_val)))
        score = accuracy(outputs, y_val)
        numbers = dict(score=score, n=len(y_val), target=TARGET_ACCURACY, seconds=seconds)
        if score >= TARGET_ACCURACY:
            return CheckResult(True, f"✓ {self.name}: " + tr(
                "validation accuracy {score:.3f} on {n} held-out digits (target {target:.2f}), {seconds:.1f} s of "
                "CPU time. The recipe's ingredients did it; try removing one.").format(**numbers))
        if accuracy(model.predict(X_val), y_val) >= TARGET_ACCURACY:
            return self._fail(tr(
                "validation accuracy {score:.3f} on {n} held-out digits (target {target:.2f}), {seconds:.1f} s of "
                "CPU time. Your network works on raw pixels 0–16 but the check feeds it pixels scaled to [0, 1]: "
                "you forgot to scale the inputs. Train on X_train / 16.").format(**numbers))
        return self._fail(tr(
            "validation accuracy {score:.3f} on {n} held-out digits (target {target:.2f}), {seconds:.1f} s of CPU "
            "time: below the target. Go back to the recipe: He initialization, batch norm, momentum, a decaying "
            "learning rate, inputs scaled to [0, 1], early stopping.").format(**numbers))


build_and_train = TrainingExercise()
