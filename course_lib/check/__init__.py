"""Exercise checks.  `check.<exercise>(your_function)` runs your function on test cases and prints
✓ when it is right, or names the likely misconception when it is not.
"""

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
