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

from ._approximation import *
from ._autoencoders import *
from ._averages import *
from ._backprop import *
from ._batchnorm_study import *
from ._dropout_ensemble import *
from ._minibatch import *
from ._optimizer_paths import *
from ._overfitting import *
from ._propagation import *
from ._recipe import *
from ._scaling import *
from ._vanishing import *
from ._welcome import *
