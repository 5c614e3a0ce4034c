"""A Derivation is data: title, summary, checked steps, result, sources. The registry names them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from dlmath.symbolic.notation.writer import to_latex
from dlmath.symbolic.steps import Step


@dataclass(frozen=True)
class Source:
    """Where a derivation comes from: a seed document and the place in it, or a textbook."""

    document: str
    place: str

    def __str__(self) -> str:
        return f"{self.document}, {self.place}"


@dataclass(frozen=True)
class Derivation:
    """A titled sequence of checked steps from assumptions to a result."""

    name: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    result: Step
    sources: tuple[Source, ...]
    assumptions: tuple[str, ...] = ()   # LaTeX, shown to the reader
    remarks: tuple[str, ...] = field(default=())

    def all_steps(self) -> list[Step]:
        """Every step and substep, depth first, including the result."""
        out: list[Step] = []

        def walk(step: Step) -> None:
            out.append(step)
            for sub in step.substeps:
                walk(sub)

        for step in (*self.steps, self.result):
            walk(step)
        return out

    @property
    def unproved(self) -> list[Step]:
        return [s for s in self.all_steps() if s.verdict is None or s.verdict.status != "proved"]

    @property
    def proved(self) -> bool:
        return not self.unproved

    def result_latex(self) -> str:
        return self.result.latex()

    def _repr_latex_(self) -> str:  # Jupyter
        rows = r" \\ ".join(s.latex() for s in (*self.steps, self.result))
        return rf"$$\begin{{gathered}} {rows} \end{{gathered}}$$"

    def _repr_html_(self) -> str:  # Jupyter
        from .render.html import fragment
        return fragment(self)


@dataclass(frozen=True)
class Entry:
    """A catalog entry: how to build a derivation, and the parameters it takes."""

    name: str
    title: str
    build: Callable[..., Derivation]
    parameters: dict[str, str] = field(default_factory=dict)  # name -> help
    sources: tuple[str, ...] = ()  # seed files, for `dlmath list` without building


REGISTRY: dict[str, Entry] = {}


def register(name: str, title: str, parameters: dict[str, str] | None = None, sources: tuple[str, ...] = ()
             ) -> Callable[[Callable[..., Derivation]], Callable[..., Derivation]]:
    """Add a derivation builder to the catalog under `name`."""
    def add(build: Callable[..., Derivation]) -> Callable[..., Derivation]:
        if name in REGISTRY:
            raise ValueError(f"derivation {name!r} registered twice")
        REGISTRY[name] = Entry(name, title, build, parameters or {}, sources)
        return build
    return add


# The order of the book: from the sigmoid to the theorems, as a course would go.
ORDER = ("sigmoid-derivative", "neuron", "least-squares-slope", "least-squares-line", "logistic-regression",
         "two-layer-chain-rule", "gradient-descent", "transpose-of-product", "lagrange-multipliers",
         "interpolation-with-n-units", "backprop", "convolution", "bptt", "linear-rnn-closed-form",
         "vanishing-gradient", "lstm")


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
