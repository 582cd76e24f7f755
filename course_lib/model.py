"""Sequential: a stack of layers run forward, then backward in reverse order."""

from __future__ import annotations

import numpy as np

from .i18n import tr
from .layers import Dense, Layer


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


class Sequential:
    """y = layer_L(… layer_2(layer_1(x))).   x: (N, d_in) → y: (N, d_out)."""

    def __init__(self, layers):
        self.layers = list(layers)
        if not self.layers or not all(isinstance(layer, Layer) for layer in self.layers):
            raise ValueError("layers must be a non-empty list of course_lib.layers.Layer objects")
        counts: dict[str, int] = {}
        self.names = []
        for layer in self.layers:                           # Keras-style names: dense, dense_1, …
            base = _snake(type(layer).__name__)
            k = counts.get(base, 0)
            counts[base] = k + 1
            self.names.append(base if k == 0 else f"{base}_{k}")

    def forward(self, x, train=True):
        for layer in self.layers:
            x = layer.forward(x, train=train)
        return x

    def backward(self, dy, input_grad=True):
        """Backprop ∂L/∂y through every layer, filling each layer's grads; returns ∂L/∂x.

        input_grad=False (used by training) skips ∂L/∂x when the first layer is Dense, saving a
        matrix product per batch; it then returns None.
        """
        first, *rest = self.layers
        for layer in reversed(rest):
            dy = layer.backward(dy)
        if not input_grad and isinstance(first, Dense):
            return first.backward(dy, input_grad=False)
        return first.backward(dy)

    def predict(self, x):
        """The forward pass at inference (dropout off, batch norm on running statistics)."""
        return self.forward(x, train=False)

    def parameters(self):
        """Yield (name, value, grad) for every trainable array, e.g. ("dense.W", W, ∂L/∂W)."""
        for name, layer in zip(self.names, self.layers):
            for key, value in layer.params.items():
                yield f"{name}.{key}", value, layer.grads[key]

    def n_params(self) -> int:
        return sum(value.size for _, value, _ in self.parameters())

    def get_state(self) -> dict[str, np.ndarray]:
        """A copy of every parameter and buffer, by name (for early stopping's best weights)."""
        state = {}
        for name, layer in zip(self.names, self.layers):
            for store in (layer.params, layer.buffers):
                state.update({f"{name}.{key}": value.copy() for key, value in store.items()})
        return state

    def set_state(self, state: dict[str, np.ndarray]):
        """Copy values from `state` (as made by get_state) into the parameters and buffers.

        Checks everything first (a key missing, a shape that differs), so a bad state changes nothing.
        """
        if not isinstance(state, dict):
            raise ValueError(f"state must be a dict as made by get_state(), got {type(state).__name__}")
        targets = [(f"{name}.{key}", store, key) for name, layer in zip(self.names, self.layers)
                   for store in (layer.params, layer.buffers) for key in store]
        for full, store, key in targets:
            if full not in state:
                raise ValueError(f"state has no {full!r}: it must come from get_state() of a model with the "
                                 f"same layers (expected keys {', '.join(t[0] for t in targets)})")
            if np.shape(state[full]) != store[key].shape:
                raise ValueError(f"state[{full!r}] must have shape {store[key].shape}, got {np.shape(state[full])}")
        for full, store, key in targets:
            store[key][...] = state[full]

    def astype(self, dtype):
        """Cast every layer's arrays to dtype (np.float32 trains in single precision); returns self."""
        for layer in self.layers:
            layer.astype(dtype)
        return self

    def summary(self, input_dim=None, print_fn=print):
        """Print a table of layers, output shapes and parameter counts, like Keras' model.summary()."""
        if input_dim is None:
            input_dim = next((layer.d_in for layer in self.layers if hasattr(layer, "d_in")), None)
            if input_dim is None:
                raise ValueError("input_dim: give the number of input features (the model has no Dense layer)")
        rows = []
        dim = input_dim
        for name, layer in zip(self.names, self.layers):
            dim = layer.output_dim(dim)
            count = sum(v.size for v in layer.params.values())
            rows.append((f"{name} ({layer!r})", f"(None, {dim})", f"{count:,}"))
        headers = (tr("Layer (type)"), tr("Output shape"), tr("Param #"))
        widths = [max(len(r[i]) for r in rows + [headers]) + 2 for i in range(3)]
        line = "".join(h.ljust(w) for h, w in zip(headers, widths))
        rule = "─" * len(line)
        lines = [rule, line, rule]
        lines += ["".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
        n_buffers = sum(v.size for layer in self.layers for v in layer.buffers.values())
        lines += [rule, tr("Total params: {count:,}").format(count=self.n_params()),
                  tr("Non-trainable (running statistics): {count:,}").format(count=n_buffers), rule]
        for text in lines:
            print_fn(text)
