"""Drawing only: every function draws on the matplotlib Axes it is given and returns it."""

from .approximation import *
from .autoencoders import *
from .averages import *
from .backprop import *
from .batchnorm_study import *
from .dropout_ensemble import *
from .minibatch import *
from .optimizer_paths import *
from .overfitting import *
from .propagation import *
from .recipe import *
from .scaling import *
from .vanishing import *
from .welcome import *
