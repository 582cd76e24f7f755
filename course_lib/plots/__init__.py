"""Drawing only: every function draws on the matplotlib Axes it is given and returns it."""

from .approximation import *
from .averages import *
from .backprop import *
from .minibatch import *
from .optimizer_paths import *
from .propagation import *
from .vanishing import *
from .welcome import *
