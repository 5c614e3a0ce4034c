"""The verifier's answer: proved, refuted or undecided, with the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """What a check concluded. str-valued, so JSON and text print "proved", "refuted", …"""

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    ERROR = "error"        # the check could not run: unreadable input, or the worker crashed


@dataclass(frozen=True)
class Counterexample:
    """A point where the claim fails: every free symbol's value and both sides there."""

    values: dict[str, str]
    lhs: str
    rhs: str
    difference: str

    def as_dict(self) -> dict[str, object]:
        return {"values": dict(self.values), "lhs": self.lhs, "rhs": self.rhs, "difference": self.difference}


@dataclass(frozen=True)
class Verdict:
    """What the verifier concluded, which strategy decided it, and why."""

    status: Status
    method: str
    detail: str
    counterexample: Counterexample | None = None
    evidence: str = ""
    seconds: float = 0.0
    claim: str = ""  # the claim as the reader read it, `lhs REL rhs` in LaTeX; "" when not known (a step's check)

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.status,
            "method": self.method,
            "detail": self.detail,
            "counterexample": self.counterexample.as_dict() if self.counterexample else None,
            "evidence": self.evidence,
            "seconds": round(self.seconds, 3),
        }

    # Displays (symbolic/display.py): in a terminal as `dlmath verify` prints it, and rich in Jupyter.
    def __repr__(self) -> str:
        from ..display import verdict_text
        return verdict_text(self)

    def _repr_html_(self) -> str:
        from ..display import verdict_html
        return verdict_html(self)

    def _repr_latex_(self) -> str:
        from ..display import verdict_latex
        return verdict_latex(self)
