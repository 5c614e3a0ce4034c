"""The verifier's answer: proved, refuted or undecided, with the reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

PROVED, REFUTED, UNDECIDED, ERROR = "proved", "refuted", "undecided", "error"


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

    status: str
    method: str
    detail: str
    counterexample: Counterexample | None = None
    evidence: str = ""
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.status,
            "method": self.method,
            "detail": self.detail,
            "counterexample": self.counterexample.as_dict() if self.counterexample else None,
            "evidence": self.evidence,
            "seconds": round(self.seconds, 3),
        }
