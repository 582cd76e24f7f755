"""The lessons: what each notebook needs beyond the network library, one package per notebook.

Notebook `notebooks/NN_<name>.ipynb` has its package `course_lib/lessons/<name>/`:

    compute.py     the lesson's experiments and figure data: numpy in, arrays out (no drawing, no printing)
    figures.py     plot_<x>(ax, …) → handles, and beside it update_<x>(handles, …), which redraws in place
    explorers.py   the sliders: controls wired to compute and figures, nothing else
    checks.py      the exercise checks: checks.<exercise>(your_function) prints ✓ or the likely slip

Shared by every lesson: explorer.py (the Explorer and its controls, projector mode), exercise.py (Exercise, the
comparison behind every check) and axes.py (tick and label helpers).  A lesson imports the library
(course_lib.activations, …) and the shared modules; the library never imports a lesson.

    from course_lib.lessons.dropout import checks, compute, explorers, figures
"""

from __future__ import annotations

import importlib

# In notebook order: notebooks/00_welcome.ipynb … notebooks/13_putting_it_together.ipynb
NAMES = ("welcome", "why_deep_networks", "forward_backprop", "activations_vanishing_gradients", "initialization",
         "gradient_descent_minibatch", "moving_averages_bias_correction", "optimizers", "overfitting_regularization",
         "dropout", "batch_normalization", "preprocessing_augmentation", "autoencoders_pretraining",
         "putting_it_together")


def notebook(name: str) -> str:
    """The notebook file of a lesson: notebook("dropout") == "09_dropout.ipynb"."""
    if name not in NAMES:
        raise ValueError(f"name must be one of the lessons {', '.join(NAMES)}; got {name!r}")
    return f"{NAMES.index(name):02d}_{name}.ipynb"


def _public(part: str) -> dict:
    found, origin = {}, {}
    for name in NAMES:
        module = importlib.import_module(f"{__name__}.{name}.{part}")
        for key in module.__all__:
            if key in found:
                raise RuntimeError(f"{part}.{key} is defined by two lessons, {origin[key]} and {name}")
            found[key], origin[key] = getattr(module, key), name
    return found


def explorers() -> dict:
    """Every explorer of the course by name, in notebook order (needs matplotlib and ipywidgets)."""
    return _public("explorers")


def exercises() -> dict:
    """Every exercise check of the course by name, in notebook order."""
    return _public("checks")
