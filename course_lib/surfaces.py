"""2-D test functions with analytic gradients, and optimizer trajectories on them.

A `Surface` holds f(x, y) and its gradient (∂f/∂x, ∂f/∂y).  Both accept scalars or numpy arrays of
any broadcastable shape, so a whole contour grid is one call:

    s = rosenbrock()
    X, Y = np.meshgrid(np.linspace(*s.bounds[0], 200), np.linspace(*s.bounds[1], 200))
    Z = s.f(X, Y)

`trajectory(rule, surface, x0, steps, **hyper)` drives an update rule
`rule(w, g, state, **hyper) -> (new_w, new_state)` (see course_lib.optim) from x0 and returns the
path, one row per step.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ._validate import in_range, non_negative, one_of, positive

DIVERGENCE_LIMIT = 1e6  # a point with |x| or |y| beyond this counts as diverged


def _finite(name, value):
    """Return value if it is a finite real number, else raise ValueError."""
    if not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def _check_point(w):
    """ValueError naming w unless it is a point (x, y) of two numbers."""
    if np.shape(w) != (2,) or np.asarray(w).dtype.kind not in "biuf":
        raise ValueError(f"w must be a point (x, y): two numbers, got {w!r}")


@dataclass(frozen=True)
class Surface:
    """A test function f(x, y) with its gradient.  f, grad: scalars or arrays (broadcast) → same shape.

    name          short name used in titles and in SURFACES
    f(x, y)       the function value
    grad(x, y)    the tuple (∂f/∂x, ∂f/∂y)
    minima        known minimum points [(x, y), ...] (empty when there is none, as for the saddle)
    bounds        ((xmin, xmax), (ymin, ymax)): a plotting window that shows the interesting part
    default_start a start point (x, y) where the optimizers have something to show
    log_levels    True when contours read best on a log scale of f − f_min (steep walls, flat valley)
    """

    name: str
    f: Callable = field(repr=False)
    grad: Callable = field(repr=False)
    minima: list = field(default_factory=list)
    bounds: tuple = ((-2.0, 2.0), (-2.0, 2.0))
    default_start: tuple = (1.0, 1.0)
    log_levels: bool = False

    def __call__(self, w):
        """f at the point w = (x, y).   w: (2,) → float."""
        _check_point(w)
        return self.f(w[0], w[1])

    def gradient(self, w):
        """∇f at the point w = (x, y).   w: (2,) → array (2,)."""
        # Plain Python floats: this runs once per step of every trajectory, so it must be cheap.
        if not (isinstance(w, np.ndarray) and w.shape == (2,)):
            _check_point(w)
        gx, gy = self.grad(float(w[0]), float(w[1]))
        return np.array([gx, gy])


# ----------------------------------------------------------------------------------------------------
# The surfaces
# ----------------------------------------------------------------------------------------------------


def quadratic(condition_number=10.0, angle=30.0):
    """An elongated bowl whose Hessian has condition number κ, its axes turned by `angle` degrees.

    u = x·cos θ + y·sin θ,  v = −x·sin θ + y·cos θ   (coordinates along the bowl's axes)
    f = ½·(u² + κ·v²);   Hessian eigenvalues 1 and κ;   minimum at (0, 0).
    The default turn of 30° matters for AdaGrad and RMSProp: they rescale each coordinate x, y
    separately, which fixes an axis-aligned bowl completely but a turned one only in part.
    Use angle=0 for the axis-aligned bowl.  condition_number: in [1, 10⁸].
    """
    kappa = in_range("condition_number", condition_number, 1.0, 1e8)
    theta = math.radians(_finite("angle", angle))
    c, s = math.cos(theta), math.sin(theta)

    def f(x, y):
        u = c * x + s * y
        v = -s * x + c * y
        return 0.5 * (u**2 + kappa * v**2)

    def grad(x, y):
        u = c * x + s * y
        v = -s * x + c * y
        # chain rule: ∂u/∂x = c, ∂v/∂x = −s, ∂u/∂y = s, ∂v/∂y = c
        return u * c - kappa * v * s, u * s + kappa * v * c

    return Surface(
        name="quadratic",
        f=f,
        grad=grad,
        minima=[(0.0, 0.0)],
        bounds=((-3.0, 3.0), (-2.0, 2.0)),
        default_start=(-2.5, -0.5),
        log_levels=False,
    )


def rosenbrock(a=1.0, b=100.0):
    """Rosenbrock's banana valley.  f = (a − x)² + b·(y − x²)²;  minimum at (a, a²), f = 0.   |a| <= 1000."""
    in_range("a", _finite("a", a), -1e3, 1e3)
    positive("b", b)

    def f(x, y):
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(x, y):
        return -2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)

    # Widen the usual window when a moves the minimum out of it.
    bounds = ((min(-2.0, a - 1.0), max(2.0, a + 1.0)), (min(-1.0, a**2 - 1.0), max(3.0, a**2 + 1.0)))
    return Surface(
        name="rosenbrock",
        f=f,
        grad=grad,
        minima=[(float(a), float(a) ** 2)],
        bounds=bounds,
        default_start=(-1.2, 1.0),
        log_levels=True,
    )


def saddle():
    """A saddle.  f = x² − y²;  ∇f = (2x, −2y);  a stationary point at (0, 0) that is no minimum.

    f has no minimum (it falls without bound along y), so `minima` is empty and plots use the
    window [−2, 2]².  The default start lies almost on the ridge y = 0: plain gradient descent
    creeps towards the saddle point before the small y slowly grows and carries it away.
    """

    def f(x, y):
        return x**2 - y**2

    def grad(x, y):
        return 2 * x, -2 * y

    return Surface(
        name="saddle",
        f=f,
        grad=grad,
        minima=[],
        bounds=((-2.0, 2.0), (-2.0, 2.0)),
        default_start=(-1.5, 0.01),
        log_levels=False,
    )


def beale():
    """Beale's function.  f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²;  min at (3, 0.5)."""

    def f(x, y):
        return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2

    def grad(x, y):
        t1 = 1.5 - x + x * y
        t2 = 2.25 - x + x * y**2
        t3 = 2.625 - x + x * y**3
        df_dx = 2 * t1 * (y - 1) + 2 * t2 * (y**2 - 1) + 2 * t3 * (y**3 - 1)
        df_dy = 2 * t1 * x + 2 * t2 * (2 * x * y) + 2 * t3 * (3 * x * y**2)
        return df_dx, df_dy

    return Surface(
        name="beale",
        f=f,
        grad=grad,
        minima=[(3.0, 0.5)],
        bounds=((-4.5, 4.5), (-4.5, 4.5)),
        default_start=(1.0, 1.5),
        log_levels=True,
    )


def himmelblau():
    """Himmelblau's function.  f = (x² + y − 11)² + (x + y² − 7)²;  four minima, all with f = 0."""

    def f(x, y):
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    def grad(x, y):
        p = x**2 + y - 11
        q = x + y**2 - 7
        return 4 * x * p + 2 * q, 2 * p + 4 * y * q

    return Surface(
        name="himmelblau",
        f=f,
        grad=grad,
        # (3, 2) is exact; the other three are roots of ∇f = 0 found numerically (to ~1e-15).
        minima=[
            (3.0, 2.0),
            (-2.805118086952745, 3.131312518250573),
            (-3.7793102533777465, -3.2831859912861696),
            (3.5844283403304917, -1.8481265269644036),
        ],
        bounds=((-5.0, 5.0), (-5.0, 5.0)),
        default_start=(0.0, 0.0),
        log_levels=True,
    )


SURFACES = {
    "quadratic": quadratic,
    "rosenbrock": rosenbrock,
    "saddle": saddle,
    "beale": beale,
    "himmelblau": himmelblau,
}


# ----------------------------------------------------------------------------------------------------
# Trajectories
# ----------------------------------------------------------------------------------------------------


def trajectory(rule, surface, x0, steps, **hyper):
    """Iterate w ← rule(w, ∇f(w), state, **hyper) from x0.   → path (steps + 1, 2), path[0] = x0.

    rule     a function rule(w, g, state, **hyper) -> (new_w, new_state), or a name in
             course_lib.optim.RULES ("sgd", "momentum", "adam", ...).  state starts as {}.
    surface  a Surface, or a name in SURFACES (built with its default arguments)
    x0       the start point (x, y); None means surface.default_start
    If w becomes non-finite or |x| or |y| exceeds 1e6 at step k, the iteration stops and rows k, ...,
    steps are NaN, so the shape never changes; `diverged_at(path)` then returns k.
    """
    if isinstance(rule, str):
        from . import optim  # imported here so this module does not need optim to be importable

        rule = optim.RULES[one_of("rule", rule, tuple(optim.RULES))]
    surface = get(surface)
    non_negative("steps", steps, integer=True)
    if not callable(rule):
        raise ValueError(f"rule must be an update rule or one of {', '.join(map(repr, optim_rule_names()))}; "
                         f"got {rule!r}")
    try:
        w = np.array(surface.default_start if x0 is None else x0, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"x0 must be a point (x, y), got {x0!r}") from None
    if w.shape != (2,) or not np.all(np.abs(w) <= DIVERGENCE_LIMIT):
        raise ValueError(f"x0 must be a point (x, y) with |x|, |y| <= {DIVERGENCE_LIMIT:g}, got {x0!r}")

    path = np.full((steps + 1, 2), np.nan)
    path[0] = w
    state = {}
    # Divergence is an outcome to show, not an error: silence numpy's overflow warnings on the way.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            w, state = rule(w, surface.gradient(w), state, **hyper)
            # written so that NaN fails the test too (every comparison with NaN is False)
            if not (abs(w[0]) <= DIVERGENCE_LIMIT and abs(w[1]) <= DIVERGENCE_LIMIT):
                break
            path[k] = w
    return path


def get(surface):
    """A Surface from itself or from its name in SURFACES (built with the default arguments); ValueError otherwise."""
    if isinstance(surface, str):
        return SURFACES[one_of("surface", surface, tuple(SURFACES))]()
    if not isinstance(surface, Surface):
        raise ValueError(f"surface must be a Surface or one of {', '.join(map(repr, SURFACES))}; got {surface!r}")
    return surface


def optim_rule_names():
    """The names trajectory() accepts for its rule."""
    from . import optim

    return tuple(optim.RULES)


def diverged_at(path):
    """The first step whose row of `path` is NaN (where trajectory stopped), or None.  path: (n, 2)."""
    bad = np.flatnonzero(np.isnan(np.asarray(path)).any(axis=1))
    return int(bad[0]) if bad.size else None
