"""Explorers: one function per interactive figure, each returning an ipywidgets widget.

    from course_lib import widgets
    widgets.vanishing_gradients(depth=20, hide=("activation",))

Keyword arguments start an explorer at a setting; `hide=(...)` fixes and hides controls.
This module needs matplotlib and ipywidgets: pip install "course_lib[notebooks]" (in a clone of the
repository: pip install -e ".[notebooks]").
"""

import importlib as _importlib

for _needed in ("matplotlib", "ipywidgets", "PIL"):
    try:
        _importlib.import_module(_needed)
    except ImportError as error:  # pragma: no cover - depends on what is installed
        raise ImportError(
            f"course_lib.widgets needs matplotlib, ipywidgets and Pillow, and {error.name} is not installed. "
            'Install the notebooks extra: pip install "course_lib[notebooks]" '
            '(or, in a clone of the repository, pip install -e ".[notebooks]")'
        ) from error

from ..lessons.activations_vanishing_gradients.explorers import *
from ..lessons.autoencoders_pretraining.explorers import *
from ..lessons.batch_normalization.explorers import *
from ..lessons.dropout.explorers import *
from ..lessons.forward_backprop.explorers import *
from ..lessons.gradient_descent_minibatch.explorers import *
from ..lessons.initialization.explorers import *
from ..lessons.moving_averages_bias_correction.explorers import *
from ..lessons.optimizers.explorers import *
from ..lessons.overfitting_regularization.explorers import *
from ..lessons.preprocessing_augmentation.explorers import *
from ..lessons.putting_it_together.explorers import *
from ..lessons.welcome.explorers import *
from ..lessons.why_deep_networks.explorers import *
