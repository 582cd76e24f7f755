"""Axis helpers shared by several plots modules (private: not part of course_lib.plots)."""

from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator


def _plain_log(ax, axis="y"):
    """Log scale on `axis`, few labels, as plain text (1e-03, 0.1, 10), no minor ticks: much cheaper to draw."""
    getattr(ax, f"set_{axis}scale")("log")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(LogLocator(numticks=5))         # at most ~5 labelled decades
    target.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}" if 1e-2 <= v < 1e4 else f"{v:.0e}"))
    target.set_minor_locator(NullLocator())                # no minor ticks: fewer artists to draw
