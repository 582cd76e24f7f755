"""Axis helpers shared by the lessons' figures, and the alt text of a figure."""

from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullLocator

from ..i18n import tr


def plain_log(ax, axis="y"):
    """Log scale on `axis`, few labels, as plain text (1e-03, 0.1, 10), no minor ticks: much cheaper to draw."""
    getattr(ax, f"set_{axis}scale")("log")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(LogLocator(numticks=5))         # at most ~5 labelled decades
    target.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}" if 1e-2 <= v < 1e4 else f"{v:.0e}"))
    target.set_minor_locator(NullLocator())                # no minor ticks: fewer artists to draw


def alt_text(fig, title="") -> str:
    """A one-line description of fig for screen readers: `title`, the figure's suptitle and its axes titles."""
    parts = [title] if title else []
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    parts += [suptitle] if suptitle else []
    for ax in fig.axes:
        name = " ".join(t.get_text() for t in (ax._left_title, ax.title, ax._right_title) if t.get_text())
        if not name:
            ylabel, xlabel = ax.get_ylabel(), ax.get_xlabel()
            name = tr("{y} against {x}").format(y=ylabel, x=xlabel) if ylabel and xlabel else ylabel or xlabel
        if not name:                                  # a montage: its panels are labelled by texts
            notes = list(dict.fromkeys(t.get_text() for t in ax.texts if t.get_text()))
            name = ", ".join(notes[:8]) + (", ..." if len(notes) > 8 else "")
        if name:
            parts.append(name)
    text = "; ".join(" ".join(part.split()) for part in parts)
    return tr("Figure: {description}").format(description=text) if text else tr("Figure")


def freeze_axes(*axes, x=True, y=True):
    """Keep the ticks, tick labels and axis-label positions of axes whose limits no longer change, as drawn.

    Call after the first draw.  Placing ticks and axis labels costs about a third of a redraw; with fixed
    limits and a fixed layout the result is the same every time, so it is computed once.
    """
    for ax in axes:
        for axis in [a for a, keep in ((ax.xaxis, x), (ax.yaxis, y)) if keep]:
            for minor in (False, True):
                locs = axis.get_ticklocs(minor=minor)
                labels = [t.get_text() for t in axis.get_ticklabels(minor=minor)]
                if len(labels) != len(locs):
                    continue
                setter = axis.set_minor_locator if minor else axis.set_major_locator
                formatter = axis.set_minor_formatter if minor else axis.set_major_formatter
                setter(FixedLocator(locs))
                formatter(FixedFormatter(labels))
            fix_label_position(axis)


def fix_label_position(*axes):
    """Keep each axis label (an XAxis or YAxis) where the last draw put it, instead of placing it every draw."""
    for axis in axes:
        axis.set_label_coords(*axis.label.get_position(), transform=axis.label.get_transform())


AUTO_STEPS = (1, 2, 2.5, 5, 10)     # matplotlib's default (AutoLocator) nice steps


def fewer_ticks(*axes, n=4, which="xy", integer=False, steps=AUTO_STEPS):
    """At most ~n tick labels on each linear axis in `which` ("x", "y" or "xy"): every tick label costs about a
    millisecond to draw.  integer: ticks on whole numbers only; steps: the nice steps (None: MaxNLocator's own)."""
    for ax in axes:
        for axis in which:
            if getattr(ax, f"get_{axis}scale")() == "linear":
                getattr(ax, f"{axis}axis").set_major_locator(MaxNLocator(n, integer=integer, steps=steps))
