"""Check many claims in parallel, each in its own worker process under a time limit."""

from __future__ import annotations

import json
import os
import sys
import tempfile

from dataclasses import dataclass, replace
from pathlib import Path

from dlmath.symbolic.verify.worker import Job, Outcome

from .sources import ClaimSource

STATUSES = ("proved", "refuted", "undecided", "error", "definition")


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
    """Every claim's outcome, in input order; a crash or timeout is that claim's outcome only.

    Claims with a fixed outcome (definitions, claims using a definition that cannot be substituted)
    are not run. A definition of a known function is run to compare it with the reader's meaning.
    """
    results = _run([(i, c) for i, c in enumerate(claims) if c.fixed is None], jobs, timeout, progress)
    results.update({i: c.fixed for i, c in enumerate(claims) if c.fixed is not None})
    agreed = {c.source: results[i].verdict == "proved" for i, c in enumerate(claims) if c.role == "definition"}
    outcomes = [_settle(c, results[i], agreed) for i, c in enumerate(claims)]
    return [AuditResult(c, o) for c, o in zip(claims, outcomes)]


def _settle(claim: ClaimSource, outcome: Outcome, agreed: dict[str, bool]) -> Outcome:
    """A compared definition is reported as a definition; a claim relying on one that disagrees is undecided."""
    if claim.role == "definition" and claim.fixed is None:
        if outcome.verdict == "proved":
            return replace(outcome, verdict="definition", method="definition",
                           detail="the reader's own meaning of this function; later claims use it")
        return replace(outcome, verdict="definition", method="definition", counterexample=None,
                       detail=f"differs from the reader's built-in function or could not be compared ({outcome.verdict}: "
                              f"{outcome.detail}); later claims that use it are undecided")
    against = [source for source in claim.needs if not agreed.get(source, False)]
    if against and outcome.verdict in ("proved", "refuted"):
        return Outcome("undecided", "definition", f"uses the function defined at {against[0]}, which the reader "
                       "does not read the same way", outcome.lhs, outcome.rhs, outcome.relation, seconds=outcome.seconds)
    return outcome


def _run(indexed: list[tuple[int, ClaimSource]], jobs: int, timeout: float, progress: bool) -> dict[int, Outcome]:
    """The outcomes of the claims to run, by their index, in parallel worker processes."""
    pending = list(indexed)
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
                    print(f"\r  checked {len(results)}/{len(indexed)} claims", end="", file=sys.stderr, flush=True)
    if show:
        print(file=sys.stderr)
    return results


def summary(results: list[AuditResult], seconds: float) -> dict[str, object]:
    counts = {status: sum(r.outcome.verdict == status for r in results) for status in STATUSES}
    errors, definitions = counts.pop("error"), counts.pop("definition")
    return {**counts, "errors": errors, "definitions": definitions, "total": len(results), "seconds": round(seconds, 2)}


def summary_line(totals: dict[str, object]) -> str:
    line = (f"{totals['proved']} proved, {totals['refuted']} refuted, {totals['undecided']} undecided, "
            f"{totals['errors']} errors")
    return line + (f", {totals['definitions']} definitions" if totals.get("definitions") else "")


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
    lines = [f"{'source':<{width}}  {'verdict':<10}  claim", f"{'-' * width}  {'-' * 10}  {'-' * 40}"]
    for r in results:
        claim = r.claim.latex if len(r.claim.latex) <= 70 else r.claim.latex[:67] + "..."
        lines.append(f"{r.claim.source[:width]:<{width}}  {r.outcome.verdict:<10}  {claim}")
    for r in results:
        unused = r.outcome.verdict == "definition" and "later claims that use" in r.outcome.detail
        if r.outcome.verdict in ("refuted", "error", "undecided") or unused:
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


