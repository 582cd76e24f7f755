"""Drawing only: every function draws on the matplotlib Axes it is given and returns it."""

from ..lessons.activations_vanishing_gradients.figures import *
from ..lessons.autoencoders_pretraining.figures import *
from ..lessons.batch_normalization.figures import *
from ..lessons.dropout.figures import *
from ..lessons.forward_backprop.figures import *
from ..lessons.gradient_descent_minibatch.figures import *
from ..lessons.initialization.figures import *
from ..lessons.moving_averages_bias_correction.figures import *
from ..lessons.optimizers.figures import *
from ..lessons.overfitting_regularization.figures import *
from ..lessons.preprocessing_augmentation.figures import *
from ..lessons.putting_it_together.figures import *
from ..lessons.welcome.figures import *
from ..lessons.why_deep_networks.figures import *
