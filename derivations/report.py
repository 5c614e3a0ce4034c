"""AuditReport: every claim's outcome of an audit and the summary, as one value that shows itself in Jupyter."""

from __future__ import annotations

from dataclasses import dataclass

from dlmath.symbolic.verify.verdict import Status

from . import audit


@dataclass(frozen=True)
class AuditReport:
    """The results of `dlmath.audit`, in input order, and the summary `dlmath audit` prints.

    `summary` holds the counts ("proved", "refuted", "undecided", "errors", "definitions", "total")
    and the wall time ("seconds"), as in `dlmath audit --json`.
    """

    results: tuple[audit.AuditResult, ...]
    summary: dict[str, object]

    @property
    def summary_line(self) -> str:
        """'3 proved, 1 refuted, 0 undecided, 0 errors'."""
        return audit.summary_line(self.summary)

    @property
    def refuted(self) -> tuple[audit.AuditResult, ...]:
        """The claims refuted, each with its counterexample (`.checked.verdict.counterexample`)."""
        return tuple(r for r in self.results if r.status == Status.REFUTED)

    def as_dict(self) -> dict[str, object]:
        """The JSON report of `dlmath audit --json`."""
        return {"claims": [r.as_dict() for r in self.results], "summary": dict(self.summary)}

    # Displays (display.py): the command's table in a terminal, a table with badges in Jupyter.
    def __repr__(self) -> str:
        from .display import audit_text
        return audit_text(self)

    def _repr_html_(self) -> str:
        from .display import audit_html
        return audit_html(self)
