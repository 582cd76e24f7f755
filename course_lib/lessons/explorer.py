"""The machinery shared by every explorer: controls, a figure drawn by Agg into an Image, presets.

An explorer is a compute function and a draw function wired to sliders.  The figure is a matplotlib
`Figure` rendered off-screen (Agg) to PNG and shown in an `ipywidgets.Image`; moving a control redraws
it and replaces the image in place, so nothing flickers and no output accumulates.  This works the same
in JupyterLab, Voila and a plain Python test, and needs no JavaScript extension.

Presets: every explorer accepts its controls' names as keyword arguments to start at those values,
and `hide=("name", ...)` to fix controls (they keep their value and are not shown).

Projector mode, for lecturing: `COURSE_PROJECTOR=1` in the environment of Jupyter or Voila (or
`projector(True)` in the kernel) makes every explorer created afterwards larger: figures at 96 dpi with no
text under 10 pt (13 CSS px), so the figure text is readable from the back of a room at 1280 x 720.
"""

from __future__ import annotations

import base64
import contextlib
import os
import struct
import time
import zlib

try:
    import ipywidgets as widgets
    import matplotlib
except ImportError as error:  # pragma: no cover - depends on what is installed
    raise ImportError(
        f"the explorers need matplotlib and ipywidgets, and {error.name} is not installed. "
        'Install the notebooks extra: pip install "course_lib[notebooks]" '
        '(or, in a clone of the repository, pip install -e ".[notebooks]")') from error
import matplotlib.axis
import matplotlib.text
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from ..i18n import tr
from .axes import alt_text

DPI = 80
# Titles at a fixed height: matplotlib otherwise measures every tick label again at each draw to place them.
FIGURE_RC = {"axes.titley": 1.0}
PROJECTOR_DPI = 96
PROJECTOR_MIN_FONT = 10.0                   # points: 10 pt at 96 dpi is 13.3 CSS px
PROJECTOR_RC = {"font.size": 11, "axes.titlesize": 11, "axes.labelsize": 11, "xtick.labelsize": 10,
                "ytick.labelsize": 10, "legend.fontsize": 10, "legend.title_fontsize": 10}
SLIDER_TRACK_PX = 220                       # the length a slider's track gets at least, in CSS px
_SETTINGS = {"projector": os.environ.get("COURSE_PROJECTOR", "").strip().lower() in ("1", "true", "yes", "on")}
MESSAGE_STYLE = dict(ha="center", va="center", fontsize=11, color="#b00020",
                     bbox=dict(boxstyle="round", facecolor="#fff4f4", edgecolor="#b00020"))


def projector(on: bool = True) -> None:
    """Projector mode on or off for the explorers created after this call (larger figures and text)."""
    if not isinstance(on, bool):
        raise ValueError(f"on must be True or False, got {on!r}")
    _SETTINGS["projector"] = on


def projector_on() -> bool:
    """Whether new explorers are made in projector mode."""
    return _SETTINGS["projector"]


def float_slider(description, value, low, high, step, readout_format=".3g", **kwargs):
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               readout_format=readout_format, continuous_update=True,
                               style={"description_width": "initial"}, **kwargs)


def log_slider(description, value, low, high, steps_per_decade=10, readout_format=".2g"):
    """A slider over [low, high] on a log scale (for learning rates, λ, ε)."""
    n = int(round(np.log10(high / low) * steps_per_decade))
    return widgets.FloatLogSlider(value=value, base=10, min=np.log10(low), max=np.log10(high),
                                  step=np.log10(high / low) / n, description=description,
                                  readout_format=readout_format, continuous_update=True,
                                  style={"description_width": "initial"})


def int_slider(description, value, low, high, step=1):
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=True, style={"description_width": "initial"})


def dropdown(description, options, value=None):
    """A dropdown over `options`: strings (each its own label and value) or (label, value) pairs, the label
    shown (translated text) and the value given to draw and to presets (language-independent).  value:
    the starting value (default: the first option's)."""
    options = [tuple(o) if isinstance(o, (tuple, list)) else o for o in options]
    values = _option_values(options)
    if not values:
        raise ValueError(f"dropdown {description!r}: options must not be empty")
    if value is not None and value not in values:
        raise ValueError(f"dropdown {description!r}: value must be one of {', '.join(map(repr, values))}, "
                         f"got {value!r}")
    return widgets.Dropdown(options=options, value=values[0] if value is None else value,
                            description=description, style={"description_width": "initial"})


def checkbox(description, value=False):
    return widgets.Checkbox(value=value, description=description, indent=False)


def _option_values(options):
    """The values of a dropdown's options: the second item of a (label, value) pair, else the option itself."""
    return [o[1] if isinstance(o, (tuple, list)) else o for o in options]


def option_labels(control) -> list[str]:
    """The labels a dropdown shows, in the order of its options (the text of a string option, else the pair's label)."""
    return [str(o[0]) if isinstance(o, (tuple, list)) else str(o) for o in control.options]


def control_values(control, n=5):
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



def _control_width_px(control) -> int:
    """The CSS width a control needs so that a slider keeps a track of SLIDER_TRACK_PX (13 px font)."""
    label = 8 * len(control.description or "") + 12
    if isinstance(control, (widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntSlider)):
        return label + SLIDER_TRACK_PX + 90           # track, handle margins and the readout
    return label + 160


def _texts(fig):
    """Every Text of fig: a walk of its artist tree, like fig.findobj(Text) but 20 times faster (an axis gives
    the tick labels it has, where Axis.get_children would run its tick locator to know which it will draw)."""
    stack = [fig]
    while stack:
        artist = stack.pop()
        if isinstance(artist, matplotlib.text.Text):
            yield artist
        elif isinstance(artist, matplotlib.axis.Axis):
            yield artist.label
            yield artist.offsetText
            for tick in artist.majorTicks + artist.minorTicks:
                yield tick.label1
                yield tick.label2
        else:
            stack.extend(artist.get_children())


def _raise_small_text(fig, points):
    """Set every text of fig smaller than `points` to `points` (titles, labels, ticks, legends, notes)."""
    for text in _texts(fig):
        if text.get_text() and text.get_fontsize() < points:
            text.set_fontsize(points)


def _lays_out(fig) -> bool:
    """Whether fig's next draw runs a layout engine (set_layout_engine("none") leaves a placeholder)."""
    engine = fig.get_layout_engine()
    return engine is not None and not isinstance(engine, PlaceHolderLayoutEngine)


@contextlib.contextmanager
def _rc(settings: dict):
    """matplotlib.rc_context(settings) for a few settings: it saves and restores only those (rc_context copies
    all of rcParams, a sixth of a millisecond on every redraw)."""
    saved = {key: matplotlib.rcParams[key] for key in settings}
    matplotlib.rcParams.update(settings)
    try:
        yield
    finally:
        matplotlib.rcParams.update(saved)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgba) -> bytes:
    """An (H, W, 4) uint8 RGBA array as PNG bytes, rows unfiltered, zlib level 1.

    Pillow filters each row (it picks one of five filters per row): for plots, mostly flat colour, that makes
    files ~10% smaller but takes twice as long (8 ms of a projector-size redraw).  The pixels are the same."""
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)     # each row: filter type 0 ("none"), then its pixels
    rows[:, 1:] = np.asarray(rgba).reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)   # 8 bits, RGBA, deflate, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(rows, 1))
            + _png_chunk(b"IEND", b""))


_SPLITS = (";  ", "; ", ":  ", ", ", " ")


def _wrap_once(text: str) -> str:
    """text with its longest line broken at its most central separator (';' first, then ':', ',', a space)."""
    lines = text.split("\n")
    k = max(range(len(lines)), key=lambda i: len(lines[i]))
    line = lines[k]
    for sep in _SPLITS:
        cuts = [i for i in range(len(line)) if line.startswith(sep, i)]
        if cuts:
            cut = min(cuts, key=lambda i: abs(i - len(line) / 2))
            lines[k] = line[:cut] + sep.rstrip() + "\n" + line[cut + len(sep):]
            return "\n".join(lines)
    return text


def _titles(fig):
    for ax in fig.axes:
        yield from (ax.title, ax._left_title, ax._right_title)


def _wrap_clipped_titles(fig, max_lines=4) -> bool:
    """Break the axes titles that run off the figure into more lines; True if one was broken."""
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    wrapped = False
    for title in _titles(fig):
        text = title.get_text()
        while text and text.count("\n") < max_lines - 1:
            box = title.get_window_extent(renderer)
            if box.x0 >= -1 and box.x1 <= width + 1:
                break
            new = _wrap_once(text)
            if new == text:
                break
            title.set_text(new)
            text, wrapped = new, True
    return wrapped


class Explorer(widgets.VBox):
    """Controls above a figure; `draw(explorer, **values)` redraws the figure when a control moves.

    Attributes a draw function uses: `fig`, `axes` (as made by fig.subplots), `artists` (a dict to keep
    artists between calls, so they can be updated in place with set_data), and `message(ax, text)` to
    write a warning on the figure (a diverging run, an overflow) instead of raising.  Messages last one
    draw: the next refresh removes them.  `hold()` changes several controls with a single redraw.
    """

    def __init__(self, controls, draw, *, preset=None, hide=(), figsize=(8.0, 3.2), subplots=(1, 1),
                 subplot_kw=None, gridspec_kw=None, title="", columns=3, dpi=None):
        self.controls = dict(controls)
        self._draw = draw
        self.projector = projector_on()
        dpi = dpi or (PROJECTOR_DPI if self.projector else DPI)
        self._rc = {**FIGURE_RC, **PROJECTOR_RC} if self.projector else FIGURE_RC
        self.fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.fig)
        self._title_lines: dict = {}      # the lines of each wrapped title that the layout made room for
        with _rc(self._rc):
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
        for control in visible:
            control.layout.width = "auto"                       # fill the grid cell
        # As many columns as fit (at most `columns`), each wide enough for the longest label and a long track.
        need = max((_control_width_px(c) for c in visible), default=0)
        cell = f"min(100%, max({need}px, calc((100% - {12 * (columns - 1)}px) / {columns})))"
        grid = widgets.GridBox(visible, layout=widgets.Layout(
            grid_template_columns=f"repeat(auto-fill, minmax({cell}, 1fr))", grid_gap="2px 12px"))
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
        with _rc(self._rc):
            self._draw(self, **self.values)
        if self.projector:
            _raise_small_text(self.fig, PROJECTOR_MIN_FONT)
        self.image.value = self.png()
        if _lays_out(self.fig):
            # Lay out once (constrained layout costs ~50 ms a draw), then keep the axes where they are.
            self.fig.set_layout_engine("none")
        self.timings.append(time.perf_counter() - start)

    def _fit_titles(self):
        """Wrap the titles that would run off the figure; lay out again if a title has more lines than before."""
        if not _wrap_clipped_titles(self.fig):
            return False
        lines = {id(t): t.get_text().count("\n") for t in _titles(self.fig)}
        grown = any(n > self._title_lines.get(key, 0) for key, n in lines.items())
        if grown:
            self._title_lines.update(lines)
            self.fig.set_layout_engine("constrained")
        return grown

    def png(self) -> bytes:
        """Draw the figure once with Agg and encode its pixels as PNG (fast compression)."""
        self._fit_titles()
        laid_out = _lays_out(self.fig)
        self.fig.canvas.draw()
        # A layout moves the axes, and a title may run off again; with the axes fixed, the check before the draw
        # saw the titles where they were drawn.
        if laid_out and self._fit_titles():
            self.fig.canvas.draw()
        return encode_png(self.fig.canvas.buffer_rgba())

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus the current figure as a PNG for readers without a kernel (GitHub, nbviewer)."""
        data = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = tr("{title} (interactive: run the notebook to use the sliders)").format(
            title=self.title or type(self).__name__)
        data["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        return data

    def alt_text(self) -> str:
        """A one-line description of the current figure for screen readers (its titles)."""
        return alt_text(self.fig, self.title)
