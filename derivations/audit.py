"""Check many claims in parallel, each in its own worker process under a time limit."""

from __future__ import annotations

import json
import os
import sys
import tempfile

from dataclasses import dataclass
from pathlib import Path

from dlmath.symbolic.verify.worker import Job, Outcome

from .sources import ClaimSource

STATUSES = ("proved", "refuted", "undecided", "error")


@dataclass(frozen=True)
class AuditResult:
    claim: ClaimSource
    outcome: Outcome

    def as_dict(self) -> dict[str, object]:
        record = {"latex": self.claim.latex, "where": list(self.claim.where), "source": self.claim.source}
        record.update(self.outcome.as_dict())
        if self.claim.note:
            record["note"] = self.claim.note
        return record


def run_audit(claims: list[ClaimSource], jobs: int, timeout: float, progress: bool = True) -> list[AuditResult]:
    """Every claim's outcome, in input order; a crash or timeout is that claim's outcome only."""
    pending = list(enumerate(claims))
    running: dict[int, Job] = {}
    results: dict[int, Outcome] = {}
    show = progress and sys.stderr.isatty()
    while pending or running:
        while pending and len(running) < jobs:
            index, claim = pending.pop(0)
            running[index] = Job(claim.latex, claim.where, timeout)
        for index, job in list(running.items()):
            outcome = job.poll(wait=0.01)
            if outcome is not None:
                results[index] = outcome
                del running[index]
                if show:
                    print(f"\r  checked {len(results)}/{len(claims)} claims", end="", file=sys.stderr, flush=True)
    if show:
        print(file=sys.stderr)
    return [AuditResult(claims[i], results[i]) for i in range(len(claims))]


def summary(results: list[AuditResult], seconds: float) -> dict[str, object]:
    counts = {status: sum(r.outcome.verdict == status for r in results) for status in STATUSES}
    errors = counts.pop("error")
    return {**counts, "errors": errors, "total": len(results), "seconds": round(seconds, 2)}


def summary_line(totals: dict[str, object]) -> str:
    return (f"{totals['proved']} proved, {totals['refuted']} refuted, {totals['undecided']} undecided, "
            f"{totals['errors']} errors")


def report(results: list[AuditResult], seconds: float) -> dict[str, object]:
    return {"claims": [r.as_dict() for r in results], "summary": summary(results, seconds)}


def write_atomically(path: Path, data: dict[str, object]) -> None:
    """Write JSON so that a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2, ensure_ascii=False)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def table(results: list[AuditResult]) -> str:
    """A readable table, then the details of every refuted claim."""
    width = max((len(r.claim.source) for r in results), default=6)
    width = min(max(width, 6), 60)
    lines = [f"{'source':<{width}}  {'verdict':<9}  claim", f"{'-' * width}  {'-' * 9}  {'-' * 40}"]
    for r in results:
        claim = r.claim.latex if len(r.claim.latex) <= 70 else r.claim.latex[:67] + "..."
        lines.append(f"{r.claim.source[:width]:<{width}}  {r.outcome.verdict:<9}  {claim}")
    for r in results:
        if r.outcome.verdict in ("refuted", "error", "undecided"):
            lines += ["", f"{r.outcome.verdict.upper()}  {r.claim.source}", f"  claim:  {r.claim.latex}"]
            if r.claim.where:
                lines.append(f"  where:  {'; '.join(r.claim.where)}")
            lines.append(f"  detail: {r.outcome.detail}")
            if r.outcome.evidence and r.outcome.verdict == "undecided":
                lines.append(f"  evidence: {r.outcome.evidence}")
            if r.claim.note:
                lines.append(f"  note:   {r.claim.note}")
            if r.outcome.counterexample:
                lines += ["  " + line for line in counterexample_lines(r.outcome.counterexample)]
    return "\n".join(lines)


def counterexample_lines(counterexample: dict) -> list[str]:
    values = counterexample.get("values", {})
    rows = list(values.items()) + [("lhs", counterexample["lhs"]), ("rhs", counterexample["rhs"]),
                                   ("lhs − rhs", counterexample["difference"])]
    width = max(len(name) for name, _ in rows)
    return ["counterexample:"] + [f"  {name:<{width}} = {value}" for name, value in rows]


