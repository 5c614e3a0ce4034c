"""Experiments: the seeds' reported results, re-run with dlmath's own gradients, printed beside the seed's.

An experiment is data (name, title, source) plus a function from a `Config` to an
`Findings`: our figures, the seed's figures, a table of the two side by side, the
plots written and a few sentences of explanation. Modules in
`derivations/experiments/` register themselves, one experiment per module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .render.plain import prose

Number = float | int | str | bool | None


@dataclass(frozen=True)
class Config:
    """How to run: the random seed, where plots go, and whether to run the reduced (test-sized) version."""

    seed: int = 0
    out: Path = Path("dlmath-out")
    reduced: bool = False
    progress: bool = True


@dataclass(frozen=True)
class Row:
    """One line of the comparison table: what, the seed's figure, ours (already formatted)."""

    quantity: str
    seed: str
    ours: str


@dataclass(frozen=True)
class Findings:
    """What an experiment found, in the shape `dlmath experiment NAME --json` prints."""

    name: str
    results: dict[str, Number]                       # accuracies as fractions in [0, 1]
    seed_reported: dict[str, Number]
    table: tuple[Row, ...]
    files: tuple[Path, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "results": dict(self.results), "seed_reported": dict(self.seed_reported),
                "files": [str(f) for f in self.files], "notes": list(self.notes)}

    # Displays: the command's table in a terminal; in Jupyter an HTML table with the notes (display.py).
    def __repr__(self) -> str:
        return f"<Findings {self.name}>\n{table_text(self)}"

    def _repr_html_(self) -> str:
        from .display import findings_html
        return findings_html(self)


@dataclass(frozen=True)
class Experiment:
    """A registered experiment: how to run it and where its claim comes from."""

    name: str
    title: str
    sources: tuple[str, ...]                          # seed files
    run: Callable[[Config], Findings]

    def __repr__(self) -> str:  # the title's $…$ math in Unicode, as `dlmath experiment list` shows it
        return f"<Experiment {self.name}: {prose(self.title)}>"


EXPERIMENTS: dict[str, Experiment] = {}


def experiment(name: str, title: str, sources: tuple[str, ...]) -> Callable[[Callable[[Config], Findings]],
                                                                            Callable[[Config], Findings]]:
    """Register `run` as the experiment `name`."""
    def add(run: Callable[[Config], Findings]) -> Callable[[Config], Findings]:
        if name in EXPERIMENTS:
            raise ValueError(f"experiment {name!r} registered twice")
        EXPERIMENTS[name] = Experiment(name, title, sources, run)
        return run
    return add


def experiments() -> dict[str, Experiment]:
    """Every registered experiment, by name (importing the package registers them)."""
    from . import experiments as _  # noqa: F401 - import for the registrations
    return dict(sorted(EXPERIMENTS.items()))


def table_text(findings: Findings) -> str:
    """The seed's figures beside ours, as an aligned plain-text table."""
    cells = ((prose(r.quantity), prose(r.seed), prose(r.ours)) for r in findings.table)  # $…$ as Unicode
    rows = [("quantity", "seed reports", "dlmath"), *cells]
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
