"""course_lib: the companion package of the course *Training Deep Networks*.

Two rooms.  The network library, multi-layer perceptrons from scratch in numpy, one concept per module:
`activations`, `losses`, `init`, `layers`, `model`, `optim`, `schedules`, `ema`, `training`, `data`,
`preprocessing`, `augment`, `surfaces`, `gradcheck`, `glossary`, and `i18n` (the language of what it shows).
And `course_lib.lessons`: one package per notebook, named after the notebook (`lessons.dropout` for
09_dropout.ipynb), with the lesson's experiments (compute), figures, explorers (sliders) and exercise checks.
The library never imports a lesson; the lessons need matplotlib and ipywidgets for their figures and explorers.

    import course_lib
    course_lib.set_language("pt-BR")      # figures, explorers and checks in Portuguese ("es": Spanish)
"""

__version__ = "0.1.0"

from .i18n import set_language  # noqa: E402,F401
