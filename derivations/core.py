"""The registry of derivations, and the Derivation it builds (the record of derivation.py, shown in Jupyter)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction

import sympy as sp

from dlmath.symbolic.notation.writer import to_latex

from . import derivation
from .derivation import Source as Source  # re-exported: the catalog builds Derivations and their Sources from here
from .notation import NOTATION
from .render.html import fragment
from .render.plain import prose


class Derivation(derivation.Derivation):
    """A derivation as the catalog builds it: the record of derivation.py, shown in Jupyter.

    The display lives here, above the renderers, because the HTML renderer reads
    the record: defined on the record itself it would be an import cycle.
    """

    def __repr__(self) -> str:
        from .display import derivation_text
        return derivation_text(self)

    def _repr_latex_(self) -> str:  # Jupyter: numbered, named, checked steps in one aligned block
        from .display import derivation_latex
        return derivation_latex(self)

    def _repr_html_(self) -> str:  # Jupyter
        return fragment(self)


@dataclass(frozen=True)
class Entry:
    """A catalog entry: how to build a derivation, and the parameters it takes."""

    name: str
    title: str
    build: Callable[..., Derivation]
    parameters: dict[str, str] = field(default_factory=dict)  # name -> help
    sources: tuple[str, ...] = ()  # seed files, for `dlmath list` without building

    def __repr__(self) -> str:  # the title's $…$ math in Unicode, as `dlmath list` shows it
        return f"<Entry {self.name}: {prose(self.title)}>"


REGISTRY: dict[str, Entry] = {}


def register(name: str, title: str, parameters: dict[str, str] | None = None, sources: tuple[str, ...] = ()
             ) -> Callable[[Callable[..., Derivation]], Callable[..., Derivation]]:
    """Add a derivation builder to the catalog under `name`."""
    def add(build: Callable[..., Derivation]) -> Callable[..., Derivation]:
        if name in REGISTRY:
            raise ValueError(f"derivation {name!r} registered twice")
        REGISTRY[name] = Entry(name, title, _with_notation(name, build), parameters or {}, sources)
        return build
    return add


def _with_notation(name: str, build: Callable[..., Derivation]) -> Callable[..., Derivation]:
    """`build`, its Derivation carrying the chapter's notation from notation.NOTATION (when the table has rows)."""
    @functools.wraps(build)
    def noted(**parameters: object) -> Derivation:
        derivation = build(**parameters)
        rows = NOTATION.get(name, ())
        return replace(derivation, notation=rows) if rows and not derivation.notation else derivation
    return noted


# The order of the book: from the sigmoid to the theorems, as a course would go.
ORDER = ("sigmoid-derivative", "neuron", "least-squares-slope", "least-squares-line", "logistic-regression",
         "two-layer-chain-rule", "gradient-descent", "transpose-of-product", "lagrange-multipliers",
         "interpolation-with-n-units", "backprop", "smooth-activations", "softmax-layer", "residual-block",
         "dropout", "convolution", "bptt", "linear-rnn-closed-form",
         "vanishing-gradient", "lstm", "layer-norm", "batch-norm", "attention", "proximal-l1", "implicit-layer")


def catalog() -> dict[str, Entry]:
    """Every registered derivation, in book order (importing the catalog modules registers them)."""
    from . import catalog as _  # noqa: F401 - import for the registrations
    rank = {name: k for k, name in enumerate(ORDER)}
    return dict(sorted(REGISTRY.items(), key=lambda item: (rank.get(item[0], len(ORDER)), item[0])))


def build(name: str, **parameters: object) -> Derivation:
    """The derivation `name`, built (and so checked) now."""
    entries = catalog()
    if name not in entries:
        raise KeyError(name)
    return entries[name].build(**parameters)


def parse_points(text: str) -> list[tuple[Fraction, Fraction]]:
    """'-1:1/2,2:3' → [(-1, 1/2), (2, 3)] as exact fractions; ValueError with a clear message otherwise."""
    points = []
    for item in text.split(","):
        left, sep, right = item.partition(":")
        if not sep:
            raise ValueError(f"point {item!r} is not of the form x:y")
        try:
            points.append((Fraction(left.strip()), Fraction(right.strip())))
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"point {item!r}: x and y must be numbers such as 2, -0.5 or 1/3") from None
    return points


def math(expr: sp.Basic) -> str:
    """Inline LaTeX of an expression, for justifications."""
    return f"${to_latex(expr)}$"
