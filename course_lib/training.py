"""Training: the mini-batch loop, validation, L1/L2 penalties, a history of the curves, and callbacks.

    history = fit(model, X, y, loss="softmax_cross_entropy", optimizer=Adam(1e-3), epochs=20,
                  batch_size=64, validation_split=0.2, rng=rng, callbacks=[EarlyStopping(patience=5)])

One epoch reshuffles the training rows (with rng) and cuts them into batches of batch_size rows; the
last batch keeps the leftover rows.  batch_size = len(X) is batch gradient descent (one update per
epoch), batch_size = 1 is stochastic gradient descent (len(X) updates per epoch).  Each batch does
forward → loss → backward → (+ penalty gradients) → optimizer.step.
"""

from __future__ import annotations

import math
import numbers
import sys
import time

import numpy as np

from . import losses as _losses
from ._validate import generator, in_unit_interval, non_negative, one_of, positive
from .i18n import tr
from .layers import Dense

MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")

# Divergence: a batch loss that is NaN or inf, or that exceeds EXPLOSION_FACTOR × max(1, the first batch
# loss of the fit), or weights that are no longer finite after an epoch.  Healthy runs stay orders of
# magnitude below 10⁶ × their starting loss (no run in the notebooks trips it); a run whose lr is far too
# large passes it within a few updates.
EXPLOSION_FACTOR = 1e6

# How each named loss turns outputs into predicted classes, for the accuracy: ("argmax", None) for
# softmax over logits, ("threshold", t) for one-unit binary outputs; mse has no accuracy.
_ACCURACY_RULES = {
    "softmax_cross_entropy": ("argmax", None),
    "binary_cross_entropy": ("threshold", 0.5),               # outputs are probabilities
    "binary_cross_entropy_with_logits": ("threshold", 0.0),   # outputs are logits: σ(z) > 0.5 ⇔ z > 0
}


# ----------------------------------------------------------------------------------------------------
# Accuracy, penalties, evaluation
# ----------------------------------------------------------------------------------------------------


def _n_correct(outputs, y, rule, threshold):
    """The number of correct predictions in a batch (argmax for multi-class, threshold for binary)."""
    if rule == "argmax":
        return int(np.count_nonzero(outputs.argmax(axis=1) == y))
    return int(np.count_nonzero((outputs > threshold) == (y > 0.5)))


def accuracy(outputs, y, threshold=None):
    """The fraction of correct predictions.   outputs: (N, K) or (N,)/(N, 1);  y: (N,) labels or like outputs.

    K > 1 columns: the class is the argmax of each row (logits or probabilities alike); y holds integer
    labels (N,) or one-hot rows (N, K).  One column: the class is 1 where output > threshold.  The
    threshold is 0.5 for probabilities and 0 for logits; by default it is 0.5 when every output lies in
    [0, 1], else 0 — pass it explicitly when your outputs are logits.
    """
    outputs, y = np.asarray(outputs), np.asarray(y)
    if outputs.ndim == 0 or y.ndim == 0:
        raise ValueError(f"outputs and y must be arrays with one row per example, got shapes {outputs.shape} "
                         f"and {y.shape}")
    if len(outputs) != len(y):
        raise ValueError(f"y must have one entry per output row ({len(outputs)}), got {len(y)}")
    if len(outputs) == 0:
        raise ValueError("outputs and y must not be empty: the accuracy of no examples is undefined")
    if outputs.ndim == 2 and outputs.shape[1] > 1:
        labels = y.argmax(axis=1) if y.ndim == 2 else y
        return float(np.mean(outputs.argmax(axis=1) == labels))
    if threshold is None:
        threshold = 0.5 if outputs.size and outputs.min() >= 0 and outputs.max() <= 1 else 0.0
    outputs, y = outputs.reshape(len(outputs), -1), y.reshape(len(y), -1)
    return float(np.mean((outputs > threshold) == (y > 0.5)))


def dense_weights(model):
    """The Dense layers' weight matrices W of a model, in order (biases and batch-norm γ, β excluded)."""
    return [layer.params["W"] for layer in model.layers if isinstance(layer, Dense)]


def penalty(model, l1=0.0, l2=0.0):
    """The regularization term  λ1·Σ|W| + λ2·Σ W²  over the Dense weights W only (a float)."""
    total = 0.0
    for W in dense_weights(model):
        if l1:
            total += l1 * float(np.sum(np.abs(W)))
        if l2:
            total += l2 * float(np.sum(W * W))
    return total


def add_penalty_grads(model, l1=0.0, l2=0.0):
    """Add the penalty's gradient to each Dense layer's ∂L/∂W in place:  + λ1·sign(W) + 2·λ2·W."""
    for layer in model.layers:
        if isinstance(layer, Dense):
            W, dW = layer.params["W"], layer.grads["W"]
            if l1:
                dW += l1 * np.sign(W)       # a subgradient: sign(0) = 0
            if l2:
                dW += (2 * l2) * W


def _resolve_loss(loss):
    """(loss function, accuracy rule, threshold) for a loss name or a callable (pred, target) -> (loss, grad)."""
    if callable(loss):
        return loss, None, None
    loss_fn = _losses.get(loss)        # ValueError listing the known names
    rule, threshold = _ACCURACY_RULES.get(loss, (None, None))
    return loss_fn, rule, threshold


def _output_dim(model, input_dim):
    """The model's number of outputs for input_dim features (None if a layer cannot say)."""
    dim = input_dim
    try:
        for layer in model.layers:
            dim = layer.output_dim(dim)
    except (AttributeError, TypeError):
        return None
    return dim


def _model_dtype(model):
    """The dtype of the model's parameters (float64 if it has none)."""
    for _, value, _ in model.parameters():
        return value.dtype
    return np.dtype(np.float64)


def _prepare(model, X, y, loss, name="X"):
    """X cast to the model's dtype; y as integer labels (softmax) or float targets shaped like the outputs."""
    X, y = np.asarray(X), np.asarray(y)
    y_name = "y" if name == "X" else name.replace("X", "y")
    if X.ndim != 2:
        raise ValueError(f"{name} must have shape (N, d), got {X.shape}")
    if len(X) != len(y):
        raise ValueError(f"{name} and {y_name} must have the same length, got {len(X)} and {len(y)}")
    if len(X) == 0:
        raise ValueError(f"{name} must have at least one row")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers, got dtype {X.dtype}")
    if not np.isfinite(X).all():
        row = int(np.flatnonzero(~np.isfinite(X).all(axis=1))[0])
        raise ValueError(f"{name} contains NaN or inf (first in row {row}); clean or impute the data before fit")
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        raise ValueError(f"{y_name} contains NaN or inf; every target must be finite")
    dtype = _model_dtype(model)
    if X.dtype != dtype:
        X = X.astype(dtype)             # once here, so that float32 stays float32 in every batch
    if isinstance(loss, str) and loss != "softmax_cross_entropy":     # float targets shaped like the outputs
        if y.dtype.kind in "biuf" and y.dtype != dtype:
            y = y.astype(dtype)
        if y.ndim == 1 and _output_dim(model, X.shape[1]) == 1:
            y = y.reshape(-1, 1)        # labels (N,) for a model with one output unit (N, 1)
    return X, y


def _evaluate(model, X, y, loss_fn, rule, threshold):
    """(mean loss, accuracy or None) of the whole set at inference."""
    outputs = model.forward(X, train=False)
    value, _ = loss_fn(outputs, y)
    if rule is None:
        return float(value), None
    n_total = len(outputs) if rule == "argmax" else outputs.size
    return float(value), _n_correct(outputs, y, rule, threshold) / n_total


def evaluate(model, X, y, loss="softmax_cross_entropy"):
    """The loss (and accuracy, for the cross-entropy losses) of the model on (X, y) at inference.

    Returns dict(loss=...) and, for the cross-entropy losses, accuracy=....
    """
    loss_fn, rule, threshold = _resolve_loss(loss)
    X, y = _prepare(model, X, y, loss)
    value, acc = _evaluate(model, X, y, loss_fn, rule, threshold)
    return {"loss": value} if acc is None else {"loss": value, "accuracy": acc}


# ----------------------------------------------------------------------------------------------------
# History and callbacks
# ----------------------------------------------------------------------------------------------------


class History:
    """What fit() recorded.  `.history`: name → list of per-epoch values ("loss", "penalty", "accuracy",
    "val_loss", "val_accuracy", "lr", "epoch_time"); `.batch_loss`: the loss of every update (when
    record_batches=True, else None); `.epochs_run`, `.stopped_early`, `.stop_reason`, `.diverged`,
    `.interrupted` (True when Ctrl-C / KeyboardInterrupt stopped fit; the finished epochs are kept),
    `.best_epoch` (set when EarlyStopping restored the best weights); `.params`: fit's settings.
    Epochs are numbered from 1, as the progress display prints them: epoch k is at index k − 1 of each list.
    """

    def __init__(self, keys=()):
        self.history: dict[str, list] = {key: [] for key in keys}
        self.batch_loss: list | None = None
        self.epochs_run = 0
        self.stopped_early = False
        self.stop_reason: str | None = None
        self.diverged = False
        self.interrupted = False
        self.best_epoch: int | None = None
        self.params: dict = {}

    def __getitem__(self, key):
        return self.history[key]

    def __repr__(self):
        last = ", ".join(f"{key}={values[-1]:.4g}" for key, values in self.history.items()
                         if values and key != "epoch_time")
        return f"History(epochs_run={self.epochs_run}, {last or tr('no epochs')}, stop_reason={self.stop_reason!r})"


class Callback:
    """Base class: override on_epoch_end(epoch, logs, model, optimizer) -> bool (True stops training).

    `logs` holds this epoch's values ("loss", "val_loss", "lr", ...).  on_train_begin and on_train_end
    are called once per fit; a callback that stops training may set `self.stop_reason` (a sentence).
    """

    stop_reason: str | None = None

    def on_train_begin(self, model, optimizer):
        """Called at the start of fit (reset any state here, so the callback can be reused)."""

    def on_epoch_end(self, epoch, logs, model, optimizer) -> bool:
        """Called after each epoch (epoch numbers count from 1); return True to stop training."""
        return False

    def on_train_end(self, history, model, optimizer):
        """Called at the end of fit with the History about to be returned."""


def _mode(monitor, mode):
    """'min' for a loss, 'max' for an accuracy (mode='auto'), or the mode given."""
    one_of("mode", mode, ("auto", "min", "max"))
    if mode == "auto":
        return "max" if monitor.endswith("accuracy") else "min"
    return mode


class _Plateau(Callback):
    """Shared bookkeeping: the best monitored value so far and how many epochs since it improved."""

    def __init__(self, monitor, patience, min_delta, mode):
        self.monitor = one_of("monitor", monitor, MONITORS)
        self.patience = non_negative("patience", patience, integer=True)
        self.min_delta = non_negative("min_delta", min_delta)
        self.mode = _mode(monitor, mode)
        self.on_train_begin(None, None)

    def on_train_begin(self, model, optimizer):
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = None
        self.wait = 0                     # epochs in a row without improvement
        self.stop_reason = None

    def _improved(self, current):
        """Better than the best so far by more than min_delta?"""
        if self.mode == "min":
            return current < self.best - self.min_delta
        return current > self.best + self.min_delta


class EarlyStopping(_Plateau):
    """Stop when `monitor` has not improved (by more than min_delta) for `patience` epochs in a row.

    As in Keras: when it stops and restore_best_weights is True, the model is set back to the state of
    its best epoch (recorded in history.best_epoch, counted from 1); if training ends before patience runs
    out, the last weights are kept (as in Keras 2; Keras 3 restores the best weights then too).
    mode "auto": accuracies are maximised, losses minimised.
    """

    def __init__(self, monitor="val_loss", patience=5, min_delta=0.0, restore_best_weights=True, mode="auto"):
        one_of("restore_best_weights", restore_best_weights, (False, True))
        self.restore_best_weights = restore_best_weights
        super().__init__(monitor, patience, min_delta, mode)

    def on_train_begin(self, model, optimizer):
        super().on_train_begin(model, optimizer)
        self.best_state = None
        self.stopped_epoch = None
        self.restored = False

    def on_epoch_end(self, epoch, logs, model, optimizer):
        current = logs[self.monitor]
        if self._improved(current):
            self.best, self.best_epoch, self.wait = current, epoch, 0
            if self.restore_best_weights:
                self.best_state = model.get_state()
            return False
        self.wait += 1
        if self.wait < self.patience or self.best_epoch is None:
            return False
        self.stopped_epoch = epoch
        restore = self.restore_best_weights and self.best_state is not None
        if restore:
            model.set_state(self.best_state)
            self.restored = True
        self.stop_reason = self._stop_message(epoch, restore)
        return True

    def _stop_message(self, epoch, restored):
        """Why training stopped, for the progress display and History.stop_reason."""
        fields = dict(monitor=self.monitor, min_delta=self.min_delta, wait=self.wait, best=self.best,
                      best_epoch=self.best_epoch, epoch=epoch)
        if restored:
            return tr("early stopping: {monitor} did not improve by more than {min_delta:g} for {wait} epochs "
                      "(best {best:.4g} at epoch {best_epoch}); stopped after epoch {epoch}, restored the weights "
                      "of epoch {best_epoch}").format(**fields)
        return tr("early stopping: {monitor} did not improve by more than {min_delta:g} for {wait} epochs "
                  "(best {best:.4g} at epoch {best_epoch}); stopped after epoch {epoch}").format(**fields)

    def on_diverged(self, model):
        """Training diverged: set the model back to its best epoch (if restore_best_weights); → a note or None."""
        if not self.restore_best_weights or self.best_state is None:
            return None
        model.set_state(self.best_state)
        self.restored = True
        return tr("restored the weights of epoch {epoch} (the best {monitor}, {best:.4g})").format(
            epoch=self.best_epoch, monitor=self.monitor, best=self.best)

    def on_train_end(self, history, model, optimizer):
        if self.restored:
            history.best_epoch = self.best_epoch


class ReduceLROnPlateau(_Plateau):
    """After `patience` epochs without improvement of `monitor`: lr ← max(lr·factor, min_lr), and wait again.

    Sets optimizer.lr (a schedule is replaced by the constant it had reached).  `reductions` lists
    (epoch, new lr) for each change.
    """

    def __init__(self, monitor="val_loss", factor=0.5, patience=3, min_lr=1e-6, min_delta=0.0, mode="auto"):
        if not isinstance(factor, numbers.Real) or not 0 < factor < 1:
            raise ValueError(f"factor must be in (0, 1), got {factor!r}")
        self.factor = float(factor)
        self.min_lr = float(non_negative("min_lr", min_lr))
        super().__init__(monitor, patience, min_delta, mode)

    def on_train_begin(self, model, optimizer):
        super().on_train_begin(model, optimizer)
        self.reductions: list[tuple[int, float]] = []

    def on_epoch_end(self, epoch, logs, model, optimizer):
        current = logs[self.monitor]
        if self._improved(current):
            self.best, self.best_epoch, self.wait = current, epoch, 0
            return False
        self.wait += 1
        if self.wait >= self.patience:
            old_lr = optimizer.current_lr()
            new_lr = max(old_lr * self.factor, self.min_lr)
            if new_lr < old_lr:
                optimizer.lr = new_lr
                self.reductions.append((epoch, new_lr))
            self.wait = 0
        return False


# ----------------------------------------------------------------------------------------------------
# Progress display
# ----------------------------------------------------------------------------------------------------


def _format_logs(logs, skip):
    return " - ".join(f"{key} {value:.4g}" for key, value in logs.items() if key not in skip)


class _Progress:
    """verbose=1: one line rewritten in place ("\\r"); verbose=2: one line per epoch; 0: nothing."""

    def __init__(self, verbose, epochs, n_batches, skip=("epoch_time",), stream=None):
        self.verbose, self.epochs, self.n_batches, self.skip = verbose, epochs, n_batches, skip
        self.stream = stream if stream is not None else sys.stdout
        self.width = 0          # length of the last in-place line, to blank it out
        self.last = 0.0

    def _rewrite(self, text):
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def batch(self, epoch, b, mean_loss):
        """Update the in-place line, at most ten times a second."""
        now = time.perf_counter()
        if now - self.last < 0.1:
            return
        self.last = now
        done = 20 * (b + 1) // self.n_batches
        bar = "=" * done + "." * (20 - done)
        self._rewrite(tr("epoch {epoch}/{epochs} [{bar}] batch {batch}/{batches} - loss {loss:.4g}").format(
            epoch=epoch + 1, epochs=self.epochs, bar=bar, batch=b + 1, batches=self.n_batches, loss=mean_loss))

    def epoch(self, epoch, logs):
        text = tr("epoch {epoch}/{epochs} - {seconds:.2f}s - {logs}").format(
            epoch=epoch + 1, epochs=self.epochs, seconds=logs["epoch_time"], logs=_format_logs(logs, self.skip))
        if self.verbose == 1:
            self._rewrite(text)
        else:
            print(text, file=self.stream, flush=True)

    def end(self, history):
        if self.verbose == 1 and self.width:
            self.stream.write("\n")
        if history.stop_reason:
            print(history.stop_reason, file=self.stream, flush=True)


# ----------------------------------------------------------------------------------------------------
# fit
# ----------------------------------------------------------------------------------------------------


def _check_callbacks(callbacks, available):
    if callbacks is None:
        return []
    if hasattr(callbacks, "on_epoch_end") or not isinstance(callbacks, (list, tuple)):
        raise ValueError(f"callbacks must be a list of callbacks, e.g. callbacks=[EarlyStopping()]; got {callbacks!r}")
    callbacks = list(callbacks)
    for callback in callbacks:
        if not hasattr(callback, "on_epoch_end"):
            raise ValueError(f"callbacks must be Callback objects (with on_epoch_end), got {callback!r}")
        monitor = getattr(callback, "monitor", None)
        if monitor is not None and monitor not in available:
            hint = (" (give validation_split or validation_data)" if monitor.startswith("val_")
                    else " (accuracy is recorded for the cross-entropy losses only)")
            raise ValueError(f"monitor {monitor!r} is not recorded by this fit; allowed here: "
                             f"{', '.join(repr(k) for k in available)}{hint}")
    return callbacks


def _split(X, y, validation_split, validation_data, rng):
    """(X_train, y_train, X_val, y_val): the last rows after one shuffle, or the given validation data."""
    if validation_data is not None:
        if validation_split:
            raise ValueError("give validation_split or validation_data, not both "
                             f"(validation_split={validation_split!r})")
        if (not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2
                or any(part is None for part in validation_data)):
            raise ValueError(f"validation_data must be a pair of arrays (X_val, y_val), got {validation_data!r}")
        return X, y, validation_data[0], validation_data[1]
    if not validation_split:
        return X, y, None, None
    order = rng.permutation(len(X))
    n_val = max(1, round(validation_split * len(X)))
    if n_val >= len(X):
        raise ValueError(f"validation_split={validation_split} leaves no training rows out of {len(X)}")
    train, val = order[:-n_val], order[-n_val:]
    return X[train], y[train], X[val], y[val]


def _train_epoch(model, X, y, order, batch_size, loss_fn, optimizer, l1, l2, rule, threshold, on_batch=None,
                 loss_limit=None):
    """One pass over the batches: forward, loss, backward, penalty gradients, step.

    order: a permutation of the rows, or None for the given order (then batches are slices, not copies).
    Returns (mean batch loss, number of correct predictions, None) or, when a loss is NaN/inf or above
    loss_limit[0], stops there and returns (…, …, a message saying which batch).  loss_limit: a one-item
    list shared by the epochs of a fit; [None] is set from the first batch loss to EXPLOSION_FACTOR × max(1, it).
    """
    if loss_limit is None:
        loss_limit = [None]
    n_batches = -(-len(X) // batch_size)
    penalized = bool(l1 or l2)
    loss_sum, n_right = 0.0, 0
    for b in range(n_batches):
        if order is None:
            X_b, y_b = X[b * batch_size:(b + 1) * batch_size], y[b * batch_size:(b + 1) * batch_size]
        else:
            rows = order[b * batch_size:(b + 1) * batch_size]
            X_b, y_b = X.take(rows, axis=0), y.take(rows, axis=0)
        outputs = model.forward(X_b, train=True)
        batch_loss, d_outputs = loss_fn(outputs, y_b)
        if not math.isfinite(batch_loss):
            return math.nan, n_right, tr("the loss became {value} at batch {batch} of {batches}").format(
                value=batch_loss, batch=b + 1, batches=n_batches)
        if loss_limit[0] is None:
            loss_limit[0] = EXPLOSION_FACTOR * max(1.0, batch_loss)
        if batch_loss > loss_limit[0]:
            return math.nan, n_right, tr("the loss exploded to {value:.3g}, over {factor:.0e} times max(1, the first "
                                         "batch loss), at batch {batch} of {batches}").format(
                value=batch_loss, factor=EXPLOSION_FACTOR, batch=b + 1, batches=n_batches)
        loss_sum += batch_loss
        if rule is not None:
            n_right += _n_correct(outputs, y_b, rule, threshold)     # accuracy from the outputs we have
        model.backward(d_outputs, input_grad=False)   # no one needs ∂L/∂X
        if penalized:
            add_penalty_grads(model, l1, l2)
        optimizer.step(model.parameters())
        if on_batch is not None:
            on_batch(b, batch_loss, loss_sum)
    return loss_sum / n_batches, n_right, None


def fit(model, X, y, *, loss="softmax_cross_entropy", optimizer=None, epochs=20, batch_size=64,
        validation_split=0.0, validation_data=None, shuffle=True, rng=None, callbacks=(), verbose=0,
        l1=0.0, l2=0.0, record_batches=False):
    """Train `model` on (X, y) with mini-batches; returns a History.   X: (N, d);  y: (N,) labels or (N, K).

    Minimises  loss(model(X_batch), y_batch) + λ1·Σ|W| + λ2·Σ W²  (W: Dense weights only).  Per epoch it
    records the data loss (mean over the epoch's batches, as the weights moved), the penalty at the end of
    the epoch, the training accuracy (counted from the batch outputs), val_loss/val_accuracy at
    inference, the lr, and the epoch's wall time.  optimizer defaults to Adam(lr=1e-3).  rng (a numpy
    Generator) shuffles the rows every epoch and draws the validation split.

    Divergence stops training without an exception: a NaN/inf loss, a batch loss above EXPLOSION_FACTOR
    (10⁶) × max(1, the first batch loss), weights that are not finite after an epoch, or (after the last
    epoch, which no later batch would check) outputs of the first batch that are not finite or explode.  Then
    history.diverged is True, history.stop_reason says where, and an EarlyStopping with
    restore_best_weights=True puts back the weights of its best epoch.  Ctrl-C (KeyboardInterrupt) stops
    training too: the finished epochs are kept, the callbacks' on_train_end run, history.interrupted is True
    and one line is printed.  (Long because this docstring is the loop's whole contract; the body is setup
    and the epoch loop, with the arithmetic of one epoch in _run_epoch.)
    """
    optimizer = _checked_model_and_optimizer(model, optimizer)
    non_negative("epochs", epochs, integer=True)
    positive("batch_size", batch_size, integer=True)
    in_unit_interval("validation_split", validation_split)
    one_of("verbose", verbose, (0, 1, 2))
    one_of("shuffle", shuffle, (False, True))
    l1, l2 = float(non_negative("l1", l1)), float(non_negative("l2", l2))   # python floats keep float32
    if shuffle or validation_split:
        generator(rng)                  # it shuffles the rows and splits off validation data
    loss_fn, rule, threshold = _resolve_loss(loss)
    X, y = _prepare(model, X, y, loss)
    X, y, X_val, y_val = _split(X, y, validation_split, validation_data, rng)
    if X_val is not None:
        X_val, y_val = _prepare(model, X_val, y_val, loss, name="X_val")

    keys = _history_keys(has_acc=rule is not None, has_val=X_val is not None)
    callbacks = _check_callbacks(callbacks, [k for k in MONITORS if k in keys])
    history = History(keys + ["lr", "epoch_time"])
    if record_batches:
        history.batch_loss = []

    n = len(X)
    batch_size = min(batch_size, n)
    n_batches = -(-n // batch_size)                 # ceil: the last, partial batch is used
    n_per_row = 1 if rule == "argmax" else (y[0].size if y.ndim > 1 else 1)
    history.params = {"epochs": epochs, "batch_size": batch_size, "steps_per_epoch": n_batches,
                      "n_train": n, "n_val": 0 if X_val is None else len(X_val)}
    penalized = bool(l1 or l2)
    progress = _Progress(verbose, epochs, n_batches, skip=("epoch_time",) if penalized else ("epoch_time", "penalty"))
    for callback in callbacks:
        callback.on_train_begin(model, optimizer)

    def on_batch(b, batch_loss, loss_sum):
        if record_batches:
            history.batch_loss.append(batch_loss)
        if verbose == 1:
            progress.batch(epoch, b, loss_sum / (b + 1))

    loss_limit = [None]                 # set from the first batch loss (see EXPLOSION_FACTOR)
    epoch = 0
    try:
        for epoch in range(epochs):
            if _run_epoch(epoch, model, X, y, X_val, y_val, rng, shuffle, batch_size, loss_fn, optimizer, l1, l2,
                          rule, threshold, on_batch if record_batches or verbose == 1 else None, loss_limit,
                          history, callbacks, progress, verbose, n, n_per_row, final=epoch == epochs - 1,
                          named_loss=loss_fn if isinstance(loss, str) else None):
                break
    except KeyboardInterrupt:
        history.interrupted = True
        history.stop_reason = tr("interrupted (KeyboardInterrupt) during epoch {epoch}: the history keeps the "
                                 "{finished} finished epochs; the model has the weights it had then").format(
            epoch=epoch + 1, finished=history.epochs_run)
        if progress.width:
            progress.stream.write("\n")
        print(history.stop_reason, flush=True)

    for callback in callbacks:
        if hasattr(callback, "on_train_end"):
            callback.on_train_end(history, model, optimizer)
    if verbose and not history.interrupted:
        progress.end(history)
    return history


def _checked_model_and_optimizer(model, optimizer):
    """The optimizer fit will use (Adam(1e-3) for None), after checking both arguments name what they must."""
    from .layers import Layer
    from .optim import Adam, Optimizer

    if not hasattr(model, "forward") or not hasattr(model, "parameters") or isinstance(model, Layer):
        raise ValueError(f"model must be a Sequential model (course_lib.model.Sequential), got {model!r}")
    if optimizer is None:
        return Adam(1e-3)
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        raise ValueError(f"optimizer must be an optimizer object, e.g. optimizer={optimizer.__name__}(1e-3) "
                         f"(with its learning rate), not the class {optimizer.__name__}")
    if not hasattr(optimizer, "step") or not hasattr(optimizer, "current_lr"):
        raise ValueError(f"optimizer must be an optimizer from course_lib.optim, e.g. Adam(1e-3); got {optimizer!r}")
    return optimizer


def _history_keys(has_acc, has_val):
    """The per-epoch records of a run: loss and penalty, accuracy for classifiers, val_ versions with validation."""
    keys = ["loss", "penalty"] + ["accuracy"] * has_acc
    return keys + (["val_loss"] + ["val_accuracy"] * has_acc) * has_val


def _params_finite(model):
    """True when every parameter of the model is finite (checked after each epoch)."""
    return all(np.isfinite(value).all() for _, value, _ in model.parameters())


def _check_final_outputs(model, X, y, batch_size, loss_fn, loss_limit):
    """None if the outputs for the first batch_size rows (at inference) are finite and, for a named loss
    (loss_fn not None), their loss is at most loss_limit[0]; else a message saying what went wrong."""
    outputs = model.forward(X[:batch_size], train=False)
    if not np.isfinite(outputs).all():
        return tr("after its last update the outputs for the first {n} training rows were not finite").format(
            n=len(outputs))
    if loss_fn is None or loss_limit[0] is None:
        return None                     # a loss of the student's own is not called more often than the batches
    value, _ = loss_fn(outputs, y[:batch_size])
    if value <= loss_limit[0]:
        return None
    return tr("after its last update the loss of the first {n} training rows exploded to {value:.3g}").format(
        n=len(outputs), value=value)


def _run_epoch(epoch, model, X, y, X_val, y_val, rng, shuffle, batch_size, loss_fn, optimizer, l1, l2, rule,
               threshold, on_batch, loss_limit, history, callbacks, progress, verbose, n, n_per_row, final=False,
               named_loss=None):
    """One epoch of fit: train, record the logs, run the callbacks.   → True when training must stop.

    final: the last epoch, after which the outputs of one batch are checked too (no later epoch would
    notice a blow-up in its last update).
    """
    penalized, has_acc, has_val = bool(l1 or l2), rule is not None, X_val is not None
    start_time = time.perf_counter()
    order = rng.permutation(n) if shuffle else None
    # overflow inside a diverging run is expected: it is detected (non-finite values), not warned about
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        mean_loss, n_right, failed = _train_epoch(
            model, X, y, order, batch_size, loss_fn, optimizer, l1, l2, rule, threshold, on_batch, loss_limit)
        if failed is None:
            logs = {"loss": mean_loss, "penalty": penalty(model, l1, l2) if penalized else 0.0}
            if has_acc:
                logs["accuracy"] = n_right / (n * n_per_row)
            if has_val:
                val_loss, val_acc = _evaluate(model, X_val, y_val, loss_fn, rule, threshold)
                logs["val_loss"] = val_loss
                if has_acc:
                    logs["val_accuracy"] = val_acc
            bad = [key for key, value in logs.items() if not math.isfinite(value)]
            if bad:
                failed = tr("{name} became {value} at the end of the epoch").format(name=bad[0], value=logs[bad[0]])
            elif not _params_finite(model):     # a blow-up in the last update shows in the weights only
                failed = tr("the weights were no longer finite after its last update")
            elif final:                         # ... or in the outputs: look at one batch after the last update
                failed = _check_final_outputs(model, X, y, batch_size, named_loss, loss_limit)
    if failed is not None:
        history.diverged = True
        history.stop_reason = tr("diverged in epoch {epoch}: {failure}; training stopped, and the curves keep the "
                                 "{before} epochs before it").format(epoch=epoch + 1, failure=failed, before=epoch)
        for callback in callbacks:
            note = callback.on_diverged(model) if hasattr(callback, "on_diverged") else None
            if note:
                history.stop_reason += f"; {note}"        # a sentence of its own, after the reason
        return True
    logs["lr"] = optimizer.current_lr()
    logs["epoch_time"] = time.perf_counter() - start_time
    for key, value in logs.items():
        history.history[key].append(value)
    history.epochs_run = epoch + 1
    if verbose:
        progress.epoch(epoch, logs)
    stop = False
    for callback in callbacks:
        if callback.on_epoch_end(epoch + 1, dict(logs), model, optimizer):
            stop = True
            history.stop_reason = history.stop_reason or getattr(callback, "stop_reason", None) or tr(
                "{callback} stopped training after epoch {epoch}").format(callback=type(callback).__name__,
                                                                          epoch=epoch + 1)
    if stop:
        history.stopped_early = True
    return stop
