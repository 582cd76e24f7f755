"""course_lib: the companion package of the course *Training Deep Networks*.

Multi-layer perceptrons from scratch in numpy.  One concept per module: `activations`, `losses`,
`init`, `layers`, `model`, `optim`, `schedules`, `ema`, `training`, `data`, `preprocessing`,
`augment`, `surfaces`, `gradcheck`, `check`; drawing in `plots` and sliders in `widgets`
(those two need matplotlib and ipywidgets and are imported only when you ask for them).
"""

__version__ = "0.1.0"

from .i18n import set_language  # noqa: E402,F401
