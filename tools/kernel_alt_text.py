"""Loaded into the kernel by execute_notebooks.py: every figure stored in a notebook carries alt text.

The alt text (`metadata["image/png"]["alt"]` of the output, which nbconvert's templates in
jupyter/nbconvert_templates and screen readers read) is made from the figure's titles by
course_lib.lessons.axes.alt_text: for the figures matplotlib shows inline, and for the PNG an explorer
stores beside its live widget.
"""

from matplotlib_inline import backend_inline

from course_lib.lessons.axes import alt_text
from course_lib.lessons.explorer import Explorer

_ORIGINAL = {"fetch": backend_inline._fetch_figure_metadata, "explorer": Explorer._repr_mimebundle_}


def _figure_metadata(fig):
    metadata = dict(_ORIGINAL["fetch"](fig) or {})
    metadata["image/png"] = {**metadata.get("image/png", {}), "alt": alt_text(fig)}
    return metadata


def _explorer_bundle(self, **kwargs):
    return _ORIGINAL["explorer"](self, **kwargs), {"image/png": {"alt": self.alt_text()}}


def install():
    """Attach alt text to each figure matplotlib's inline backend shows and to each explorer's PNG."""
    backend_inline._fetch_figure_metadata = _figure_metadata
    Explorer._repr_mimebundle_ = _explorer_bundle


def uninstall():
    """Undo install()."""
    backend_inline._fetch_figure_metadata = _ORIGINAL["fetch"]
    Explorer._repr_mimebundle_ = _ORIGINAL["explorer"]
