"""The tools of the independent oracles: concrete stand-ins for abstract functions, samplers, comparison.

Nothing here imports dlmath: an oracle states a claim's two sides as plain mpmath code written
by hand, evaluates them at random points inside the claim's conditions (40 digits), and says
whether the relation holds at every point and for every instantiation of the claim's abstract
functions. That is the ground truth the corpus's labels are checked against.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import mpmath as mp
import numpy as np

DIGITS = 40
TOLERANCE = mp.mpf("1e-15")   # relative; false claims in the corpus miss by far more than this

Point = dict[str, object]


@dataclass(frozen=True)
class Fn:
    """A concrete smooth function standing in for an abstract f, g, L, Psi, with its first two derivatives."""

    name: str
    f: Callable
    d1: Callable
    d2: Callable

    def __call__(self, u: object) -> object:
        return self.f(u)


SMOOTH = (
    Fn("sin", mp.sin, mp.cos, lambda u: -mp.sin(u)),
    Fn("u^3 + u", lambda u: u**3 + u, lambda u: 3 * u**2 + 1, lambda u: 6 * u),
    Fn("exp", mp.exp, mp.exp, mp.exp),
)
POSITIVE = (
    Fn("exp", mp.exp, mp.exp, mp.exp),
    Fn("u^2 + 1", lambda u: u**2 + 1, lambda u: 2 * u, lambda u: mp.mpf(2)),
    Fn("2 + sin", lambda u: 2 + mp.sin(u), mp.cos, lambda u: -mp.sin(u)),
)
NORMAL_CDF = Fn("normal cdf", mp.ncdf, mp.npdf, lambda u: -u * mp.npdf(u))


@dataclass(frozen=True)
class Oracle:
    """Both sides of one claim as hand-written functions of a sampled point, and where to sample."""

    lhs: Callable[..., object]
    rhs: Callable[..., object]
    sample: Callable[[np.random.Generator], Point]
    relation: str = "="                 # = | <= | !=
    functions: tuple[str, ...] = ()     # names of the claim's abstract functions
    family: tuple[Fn, ...] = SMOOTH     # what each abstract function is instantiated with


def holds(oracle: Oracle, points: int = 25, seed: int = 0) -> bool:
    """Whether the claim's relation holds at every sampled point for every instantiation."""
    rng = np.random.default_rng(seed)
    with mp.workdps(DIGITS):
        for functions in itertools.product(oracle.family, repeat=len(oracle.functions)):
            for _ in range(points):
                point = {**oracle.sample(rng), **dict(zip(oracle.functions, functions))}
                if not _relation_holds(oracle.relation, _call(oracle.lhs, point), _call(oracle.rhs, point)):
                    return False
    return True


def _call(side: Callable[..., object], point: Point) -> object:
    """Call a side with the point's entries that it names (a side need not use every symbol)."""
    names = inspect.signature(side).parameters
    return side(**{name: point[name] for name in names})


def _relation_holds(relation: str, left: object, right: object) -> bool:
    if isinstance(left, list) or isinstance(right, list):
        assert relation == "=" and len(left) == len(right)
        return all(_relation_holds("=", a, b) for a, b in zip(left, right))
    scale = TOLERANCE * (1 + abs(left) + abs(right))
    if relation == "=":
        return abs(left - right) <= scale
    if relation == "<=":
        return left <= right + scale
    if relation == "!=":
        return abs(left - right) > scale
    raise ValueError(relation)


# --- samplers: a point inside the claim's conditions

def reals(**ranges: tuple[float, float]) -> Callable[[np.random.Generator], Point]:
    """Independent uniform reals, one range per symbol."""
    return lambda rng: {name: mp.mpf(rng.uniform(lo, hi)) for name, (lo, hi) in ranges.items()}


def vector(rng: np.random.Generator, n: int) -> list:
    return [mp.mpf(v) for v in rng.normal(0.0, 1.5, size=n)]


def matrix(rng: np.random.Generator, rows: int, cols: int) -> mp.matrix:
    return mp.matrix([[mp.mpf(v) for v in row] for row in rng.normal(0.0, 1.5, size=(rows, cols))])


def size(rng: np.random.Generator, low: int = 1, high: int = 6) -> int:
    return int(rng.integers(low, high + 1))


# --- calculus and the functions of the field, written independently of dlmath

def derivative(function: Callable, at: object, order: int = 1) -> object:
    return mp.diff(function, at, order)


def partial(function: Callable[[list], object], vec: list, index: int) -> object:
    """d function(vec) / d vec[index] (index counts from 1, as the claims do)."""
    def along(t: object) -> object:
        return function(vec[:index - 1] + [t] + vec[index:])
    return mp.diff(along, vec[index - 1])


def gradient(function: Callable[[list], object], vec: list) -> list:
    return [partial(function, vec, k) for k in range(1, len(vec) + 1)]


def sigmoid(x: object) -> object:
    return (1 + mp.tanh(x / 2)) / 2          # not the 1/(1+e^-x) the claims write


def softplus(x: object) -> object:
    return mp.log1p(mp.exp(x))


def relu(x: object) -> object:
    return mp.mpf(0) if x <= 0 else x


def indicator(condition: bool) -> object:
    return mp.mpf(1) if condition else mp.mpf(0)


def normal_cdf_by_quadrature(x: object) -> object:
    return mp.quad(lambda t: mp.exp(-t**2 / 2) / mp.sqrt(2 * mp.pi), [-mp.inf, x])


def normal_pdf(x: object) -> object:
    return mp.exp(-x**2 / 2) / mp.sqrt(2 * mp.pi)


def log_sum_exp(z: list) -> object:
    top = max(z)
    return top + mp.log(mp.fsum(mp.exp(v - top) for v in z))


def softmax(z: list) -> list:
    total = log_sum_exp(z)
    return [mp.exp(v - total) for v in z]


def norm(vec: list, p: object) -> object:
    return mp.norm(mp.matrix(vec), p)


def dot(a: list, b: list) -> object:
    return mp.fsum(x * y for x, y in zip(a, b))


def entries(m: mp.matrix) -> list:
    """A matrix (or column) as a flat list, for entry-by-entry comparison."""
    return [m[i, j] for i in range(m.rows) for j in range(m.cols)]
