"""Check many claims in parallel, each in its own worker process under a time limit."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dlmath.symbolic.display import counterexample_lines
from dlmath.symbolic.verify.verdict import Status, Verdict
from dlmath.symbolic.verify.worker import Checked, Job

if TYPE_CHECKING:  # sources imports the reader (SymPy); `dlmath verify` uses this module's printing without it
    from .sources import ClaimSource

DEFINITION = "definition"  # the audit's label for a display that defines a name rather than claims a fact
STATUSES = (*Status, DEFINITION)


@dataclass(frozen=True)
class AuditResult:
    """One display of the audit: where it came from and what the worker found."""

    claim: ClaimSource
    checked: Checked

    @property
    def status(self) -> str:
        """The verifier's status, or "definition" for a definition (reported, never a verdict of its own)."""
        return DEFINITION if self.claim.role == "definition" else self.checked.verdict.status

    def as_dict(self) -> dict[str, object]:
        record = {"latex": self.claim.latex, "where": list(self.claim.where), "source": self.claim.source}
        record.update(self.checked.as_dict())
        record["verdict"] = self.status
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
    agreed = {c.source: results[i].verdict.status == Status.PROVED for i, c in enumerate(claims)
              if c.role == "definition"}
    return [AuditResult(c, _settle(c, results[i], agreed)) for i, c in enumerate(claims)]


def _settle(claim: ClaimSource, checked: Checked, agreed: dict[str, bool]) -> Checked:
    """A compared definition is reported as a definition; a claim relying on one that disagrees is undecided."""
    verdict = checked.verdict
    if claim.role == "definition" and claim.fixed is None:
        if verdict.status == Status.PROVED:
            detail = "the reader's own meaning of this function; later claims use it"
            return replace(checked, verdict=replace(verdict, method="definition", detail=detail))
        detail = (f"differs from the reader's built-in function or could not be compared ({verdict.status}: "
                  f"{verdict.detail}); later claims that use it are undecided")
        return replace(checked, verdict=replace(verdict, method="definition", detail=detail, counterexample=None))
    against = [source for source in claim.needs if not agreed.get(source, False)]
    if against and verdict.status in (Status.PROVED, Status.REFUTED):
        return replace(checked, verdict=Verdict(Status.UNDECIDED, "definition", f"uses the function defined at "
                                                f"{against[0]}, which the reader does not read the same way",
                                                seconds=verdict.seconds))
    return checked


def _run(indexed: list[tuple[int, ClaimSource]], jobs: int, timeout: float, progress: bool) -> dict[int, Checked]:
    """The outcomes of the claims to run, by their index, in parallel worker processes."""
    pending = list(indexed)
    running: dict[int, Job] = {}
    results: dict[int, Checked] = {}
    claims = dict(indexed)
    terminal = progress and sys.stderr.isatty()
    while pending or running:
        while pending and len(running) < jobs:
            index, claim = pending.pop(0)
            running[index] = Job(claim.latex, claim.where, timeout)
        for index, job in list(running.items()):
            checked = job.poll(wait=0.01)
            if checked is not None:
                results[index] = checked
                del running[index]
                if terminal:  # one line redrawn in place
                    print(f"\r  checked {len(results)}/{len(indexed)} claims", end="", file=sys.stderr, flush=True)
                elif progress:  # a log file (`dlmath audit 2>log`): one line per claim, as it is decided
                    verdict = checked.verdict
                    print(f"[{len(results)}/{len(indexed)}] {claims[index].source} {verdict.status} "
                          f"({verdict.seconds:.1f} s)", file=sys.stderr, flush=True)
    if terminal:
        print(file=sys.stderr)
    return results


def summary(results: list[AuditResult], seconds: float) -> dict[str, object]:
    counts = {str(status): sum(r.status == status for r in results) for status in STATUSES}
    errors, definitions = counts.pop(Status.ERROR), counts.pop(DEFINITION)
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
        lines.append(f"{r.claim.source[:width]:<{width}}  {r.status:<10}  {claim}")
    for r in results:
        verdict = r.checked.verdict
        unused = r.status == DEFINITION and "later claims that use" in verdict.detail
        if r.status in (Status.REFUTED, Status.ERROR, Status.UNDECIDED) or unused:
            lines += ["", f"{r.status.upper()}  {r.claim.source}", f"  claim:  {r.claim.latex}"]
            if r.claim.where:
                lines.append(f"  where:  {'; '.join(r.claim.where)}")
            lines.append(f"  detail: {verdict.detail}")
            if verdict.evidence and r.status == Status.UNDECIDED:
                lines.append(f"  evidence: {verdict.evidence}")
            if r.claim.note:
                lines.append(f"  note:   {r.claim.note}")
            if verdict.counterexample:
                lines += ["  " + line for line in counterexample_lines(verdict.counterexample)]
    return "\n".join(lines)
