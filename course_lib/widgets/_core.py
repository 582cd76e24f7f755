"""The machinery shared by every explorer: controls, a figure drawn by Agg into an Image, presets.

An explorer is a compute function and a draw function wired to sliders.  The figure is a matplotlib
`Figure` rendered off-screen (Agg) to PNG and shown in an `ipywidgets.Image`; moving a control redraws
it and replaces the image in place, so nothing flickers and no output accumulates.  This works the same
in JupyterLab, Voila and a plain Python test, and needs no JavaScript extension.

Presets: every explorer accepts its controls' names as keyword arguments to start at those values,
and `hide=("name", ...)` to fix controls (they keep their value and are not shown).
"""

from __future__ import annotations

import base64
import contextlib
import io
import time

import ipywidgets as widgets
import matplotlib
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 80
# Titles at a fixed height: matplotlib otherwise measures every tick label again at each draw to place them.
FIGURE_RC = {"axes.titley": 1.0}
MESSAGE_STYLE = dict(ha="center", va="center", fontsize=11, color="#b00020",
                     bbox=dict(boxstyle="round", facecolor="#fff4f4", edgecolor="#b00020"))


def _float_slider(description, value, low, high, step, readout_format=".3g", **kwargs):
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               readout_format=readout_format, continuous_update=True,
                               style={"description_width": "initial"}, **kwargs)


def _log_slider(description, value, low, high, steps_per_decade=10, readout_format=".2g"):
    """A slider over [low, high] on a log scale (for learning rates, λ, ε)."""
    n = int(round(np.log10(high / low) * steps_per_decade))
    return widgets.FloatLogSlider(value=value, base=10, min=np.log10(low), max=np.log10(high),
                                  step=np.log10(high / low) / n, description=description,
                                  readout_format=readout_format, continuous_update=True,
                                  style={"description_width": "initial"})


def _int_slider(description, value, low, high, step=1):
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=True, style={"description_width": "initial"})


def _dropdown(description, options, value=None):
    options = list(options)
    return widgets.Dropdown(options=options, value=value if value is not None else _option_values(options)[0],
                            description=description, style={"description_width": "initial"})


def _checkbox(description, value=False):
    return widgets.Checkbox(value=value, description=description, indent=False)


def _option_values(options):
    return [o[1] if isinstance(o, tuple) else o for o in options]


def _control_values(control, n=5):
    """n values spread over a slider's range (ends included), every option of a dropdown, both booleans."""
    if hasattr(control, "options"):
        return _option_values(control.options)
    if isinstance(control, widgets.FloatLogSlider):
        return list(control.base ** np.linspace(control.min, control.max, n))
    if isinstance(control, (widgets.IntSlider, widgets.Play)):
        return sorted({int(round(v)) for v in np.linspace(control.min, control.max, n)})
    if hasattr(control, "min"):
        return list(np.linspace(control.min, control.max, n))
    return [False, True]


def _allowed(control) -> str:
    if hasattr(control, "options"):
        return "one of " + ", ".join(repr(v) for v in _option_values(control.options))
    if isinstance(control, widgets.FloatLogSlider):
        return f"in [{control.base ** control.min:g}, {control.base ** control.max:g}]"
    if hasattr(control, "min"):
        return f"in [{control.min}, {control.max}]"
    return "True or False"


def _set_preset(name, control, value):
    """Set a control from a preset, with a ValueError naming the control and its allowed values."""
    if hasattr(control, "options"):
        ok = value in _option_values(control.options)
    elif isinstance(control, widgets.FloatLogSlider):
        ok = isinstance(value, (int, float)) and control.base ** control.min * (1 - 1e-9) <= value \
            <= control.base ** control.max * (1 + 1e-9)
    elif hasattr(control, "min"):
        ok = isinstance(value, (int, float)) and control.min <= value <= control.max
        ok = ok and (not isinstance(control, widgets.IntSlider) or float(value).is_integer())
    else:
        ok = isinstance(value, bool)
    if not ok:
        raise ValueError(f"{name} must be {_allowed(control)}, got {value!r}")
    control.value = value


def _by_gid(ax):
    """The artists of ax that carry a gid, by gid: how an explorer finds what a plots function drew."""
    return {artist.get_gid(): artist for artist in ax.get_children() if artist.get_gid()}


def _fewer_ticks(*axes):
    """At most ~4 labels on each linear axis: every tick label costs about a millisecond to draw."""
    for ax in axes:
        for axis in ("x", "y"):
            if getattr(ax, f"get_{axis}scale")() == "linear":
                ax.locator_params(axis=axis, nbins=4)


class Explorer(widgets.VBox):
    """Controls above a figure; `draw(explorer, **values)` redraws the figure when a control moves.

    Attributes a draw function uses: `fig`, `axes` (as made by fig.subplots), `artists` (a dict to keep
    artists between calls, so they can be updated in place with set_data), and `message(ax, text)` to
    write a warning on the figure (a diverging run, an overflow) instead of raising.  Messages last one
    draw: the next refresh removes them.  `hold()` changes several controls with a single redraw.
    """

    def __init__(self, controls, draw, *, preset=None, hide=(), figsize=(8.0, 3.2), subplots=(1, 1),
                 subplot_kw=None, gridspec_kw=None, title="", columns=3, dpi=DPI):
        self.controls = dict(controls)
        self._draw = draw
        self.fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.fig)
        with matplotlib.rc_context(FIGURE_RC):
            self.axes = self.fig.subplots(*subplots, subplot_kw=subplot_kw, gridspec_kw=gridspec_kw, squeeze=True)
        self.artists: dict = {}
        self.messages: list[str] = []
        self._message_boxes: list = []
        self._held = False
        self.timings: list[float] = []
        self.title = title
        for name in hide:
            if name not in self.controls:
                raise ValueError(f"hide: unknown control {name!r}; controls are {', '.join(self.controls)}")
        for name, value in (preset or {}).items():
            if name not in self.controls:
                raise ValueError(f"unknown setting {name!r}; this explorer's controls are "
                                 f"{', '.join(self.controls)} (and hide=...)")
            _set_preset(name, self.controls[name], value)
        width = f"{int(round(figsize[0] * dpi))}px"              # natural size: no blurry up-scaling
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=width, max_width="100%", height="auto"))
        visible = [c for name, c in self.controls.items() if name not in hide]
        grid = widgets.GridBox(visible, layout=widgets.Layout(
            grid_template_columns=f"repeat({columns}, minmax(0, 1fr))", grid_gap="2px 12px"))
        header = [widgets.HTML(f"<b>{title}</b>")] if title else []
        super().__init__(header + ([grid] if visible else []) + [self.image])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def message(self, ax, text, xy=(0.5, 0.5), **style):
        """Write `text` in a red box at `xy` (axes fraction) of `ax` until the next redraw; returns the Text."""
        self.messages.append(text)
        box = ax.text(*xy, text, transform=ax.transAxes, zorder=10, **{**MESSAGE_STYLE, **style})
        self._message_boxes.append(box)
        return box

    @contextlib.contextmanager
    def hold(self, redraw=True):
        """Inside `with explorer.hold():` control changes do not redraw; one redraw follows (if redraw)."""
        self._held = True
        try:
            yield self
        finally:
            self._held = False
            if redraw:
                self.refresh()

    def _on_change(self, change):
        if not self._held:
            self.refresh()

    def refresh(self):
        """Compute and draw for the current values, then replace the image (timed, in seconds)."""
        start = time.perf_counter()
        self.messages = []
        for box in self._message_boxes:
            if box.axes is not None:                   # not already gone with an ax.clear()
                box.remove()
        self._message_boxes = []
        with matplotlib.rc_context(FIGURE_RC):
            self._draw(self, **self.values)
        self.image.value = self.png()
        if self.fig.get_layout_engine() is not None:
            # Lay out once (constrained layout costs ~50 ms a draw), then keep the axes where they are.
            self.fig.set_layout_engine("none")
        self.timings.append(time.perf_counter() - start)

    def png(self) -> bytes:
        """Draw the figure once with Agg and encode its pixels as PNG (fast compression)."""
        self.fig.canvas.draw()
        rgba = self.fig.canvas.buffer_rgba()
        image = PIL.Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus the current figure as a PNG for readers without a kernel (GitHub, nbviewer)."""
        data = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = f"{self.title or type(self).__name__} (interactive: run the notebook to use the sliders)"
        data["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        return data
