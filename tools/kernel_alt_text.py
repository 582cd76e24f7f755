"""Loaded into the kernel by execute_notebooks.py: every figure matplotlib shows inline carries alt text.

The alt text (`metadata["image/png"]["alt"]` of the output, which nbconvert and screen readers read) is made
from the figure's titles by course_lib.plots._axes.alt_text.  Explorers add their own (widgets._core).
"""

from matplotlib_inline import backend_inline

from course_lib.plots._axes import alt_text

_fetch = backend_inline._fetch_figure_metadata


def _with_alt(fig):
    metadata = dict(_fetch(fig) or {})
    metadata["image/png"] = {**metadata.get("image/png", {}), "alt": alt_text(fig)}
    return metadata


def install():
    """Make matplotlib's inline backend attach alt text to each figure it displays."""
    backend_inline._fetch_figure_metadata = _with_alt
