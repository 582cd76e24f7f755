"""Exercise checks.  `check.<exercise>(your_function)` runs your function on test cases and prints
✓ when it is right, or names the likely misconception when it is not.
"""

from ..lessons.activations_vanishing_gradients.checks import *
from ..lessons.autoencoders_pretraining.checks import *
from ..lessons.batch_normalization.checks import *
from ..lessons.dropout.checks import *
from ..lessons.forward_backprop.checks import *
from ..lessons.gradient_descent_minibatch.checks import *
from ..lessons.initialization.checks import *
from ..lessons.moving_averages_bias_correction.checks import *
from ..lessons.optimizers.checks import *
from ..lessons.overfitting_regularization.checks import *
from ..lessons.preprocessing_augmentation.checks import *
from ..lessons.putting_it_together.checks import *
from ..lessons.welcome.checks import *
from ..lessons.why_deep_networks.checks import *
