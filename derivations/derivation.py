"""A derivation as data: title, summary, checked steps, result, sources. What every renderer reads.

The registry (core.py) builds these and gives them their Jupyter display; the
renderers (render/) import this module, never core.py, so that core.py can
use a renderer without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.verify.verdict import Status

from .seeds import cited


@dataclass(frozen=True)
class Source:
    """Where a derivation comes from: a seed document and the place in it, or a textbook."""

    document: str
    place: str

    def __str__(self) -> str:
        return f"{self.document}, {self.place}"

    @property
    def citation(self) -> str:
        """The document as prose: a seed's author and title with its file as code, then the place in it."""
        return f"{cited(self.document)}, {self.place}"


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
    notation: tuple[tuple[str, str], ...] = ()  # (LaTeX symbol, what it means): the table a chapter opens with

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
        return [s for s in self.all_steps() if s.verdict is None or s.verdict.status != Status.PROVED]

    @property
    def proved(self) -> bool:
        return not self.unproved

    def result_latex(self) -> str:
        return self.result.latex()
