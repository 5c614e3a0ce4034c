"""Check many claims in parallel, each in its own worker process under a time limit."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dlmath.symbolic.display import counterexample_lines
from dlmath.symbolic.errors import DlmathError
from dlmath.symbolic.verify.verdict import Status, Verdict
from dlmath.symbolic.verify.worker import Checked

from .batch import Decided, check_all
from .executor import Executor, LocalPool

if TYPE_CHECKING:  # sources imports the reader (SymPy); `dlmath verify` uses this module's printing without it
    from .cache import VerdictCache
    from .sources import ClaimSource

DEFINITION = "definition"  # the audit's label for a display that defines a name rather than claims a fact
STATUSES = (*Status, DEFINITION)


@dataclass(frozen=True)
class AuditResult:
    """One display of the audit: where it came from, what the worker found, and whether the verdict cache had it."""

    claim: ClaimSource
    checked: Checked
    cached: bool = False

    @property
    def status(self) -> str:
        """The verifier's status, or "definition" for a definition (reported, never a verdict of its own)."""
        return DEFINITION if self.claim.role == "definition" else self.checked.verdict.status

    def as_dict(self) -> dict[str, object]:
        record = {"latex": self.claim.latex, "where": list(self.claim.where), "source": self.claim.source}
        record.update(self.checked.as_dict())
        record["verdict"] = self.status
        record["cached"] = self.cached
        if self.claim.note:
            record["note"] = self.claim.note
        return record


Checkpoint = Callable[[list["AuditResult"]], None]  # given the results so far: an interrupted audit's report


def run_audit(claims: list[ClaimSource], jobs: int, timeout: float, progress: bool = True, *,
              executor: Executor | None = None, cache: VerdictCache | None = None,
              done: dict[int, AuditResult] | None = None, checkpoint: Checkpoint | None = None,
              checkpoint_seconds: float = 1.0) -> list[AuditResult]:
    """Every claim's outcome, in input order; a crash or timeout is that claim's outcome only.

    Claims with a fixed outcome (definitions, claims using a definition that cannot be substituted)
    are not run. A definition of a known function is run to compare it with the reader's meaning.

    Args:
        executor: where the claims run (default: a LocalPool of `jobs` processes on this machine).
        cache: verdicts found there are not checked again; new ones are stored.
        done: results of an earlier run of this audit, by position (`--resume`): not run again.
        checkpoint: called with the results so far at most every `checkpoint_seconds`, and once
            more if the audit is interrupted (the caller writes the finished report itself).
    """
    done = done or {}
    decided = {i: r.checked for i, r in done.items()}
    decided.update({i: c.fixed for i, c in enumerate(claims) if c.fixed is not None and i not in decided})
    cached = {i for i, r in done.items() if r.cached}
    # Definitions first: a claim that uses one is reported (and checkpointed) once its definition is decided.
    order = sorted((i for i in range(len(claims)) if i not in decided), key=lambda i: claims[i].role != "definition")
    shown = Progress(len(order), progress)
    last = time.perf_counter()
    try:
        items = [(claims[i].latex, claims[i].where, 0) for i in order]
        for outcome in check_all(items, executor or LocalPool(jobs), timeout, cache):
            index = order[outcome.index]
            decided[index] = outcome.checked
            if outcome.cached:
                cached.add(index)
            shown.decided(claims[index].source, outcome)
            if checkpoint is not None and time.perf_counter() - last > checkpoint_seconds:
                checkpoint(settled(claims, decided, cached))
                last = time.perf_counter()
    except BaseException:  # interrupted: what is decided is kept
        if checkpoint is not None:
            checkpoint(settled(claims, decided, cached))
        raise
    finally:
        shown.end()
    return settled(claims, decided, cached)


def settled(claims: list[ClaimSource], decided: dict[int, Checked], cached: set[int]) -> list[AuditResult]:
    """The results of the claims decided, in input order, each read against the definitions it uses.

    A claim whose definitions are not all decided yet is left out: only an unfinished audit has one.
    """
    agreed = {c.source: decided[i].verdict.status == Status.PROVED for i, c in enumerate(claims)
              if c.role == "definition" and i in decided}
    waiting = {c.source for i, c in enumerate(claims) if c.role == "definition" and i not in decided}
    return [AuditResult(c, _settle(c, decided[i], agreed), i in cached) for i, c in enumerate(claims)
            if i in decided and not waiting.intersection(c.needs)]


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


class ReportError(DlmathError):
    """A report to resume that cannot be read or is not an audit report."""


RERUN = ("definition", "crash", "version")  # methods of recorded outcomes a resumed audit decides again


def resumed(claims: list[ClaimSource], path: Path) -> dict[int, AuditResult]:
    """The outcomes an earlier report of this audit holds, by position (a claim is matched by its source,
    LaTeX and conditions). Definitions, crashes (an interruption kills workers) and the claims whose
    verdict a definition settled are decided again."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    except json.JSONDecodeError as error:
        raise ReportError(f"{path} is not a dlmath audit report (not JSON: {error.msg})") from None
    records = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise ReportError(f"{path} is not a dlmath audit report (it has no \"claims\" list)")
    recorded = {}
    for number, record in enumerate(records, start=1):
        if isinstance(record, dict) and record.get("verdict") == DEFINITION:
            continue
        try:
            where = record["where"]
            if not isinstance(where, list) or not all(isinstance(w, str) for w in where):
                raise TypeError("where must be a list of strings")
            key = (record["source"], record["latex"], tuple(where))
            recorded[key] = (Checked.from_dict(record), record.get("cached") is True)
        except (TypeError, ValueError, KeyError) as error:
            raise ReportError(f"{path}: claim {number} of the report is not an audit record ({error})") from None
    done = {}
    for index, claim in enumerate(claims):
        found = recorded.get((claim.source, claim.latex, claim.where))
        if found and claim.role == "claim" and claim.fixed is None and found[0].verdict.method not in RERUN:
            done[index] = AuditResult(claim, *found)
    return done


class Progress:
    """What an audit prints on stderr as claims are decided: one line redrawn in a terminal, a line per claim
    in a log file (`dlmath audit 2>log`), nothing when quiet."""

    def __init__(self, total: int, shown: bool) -> None:
        self.total, self.count = total, 0
        self.terminal = shown and sys.stderr.isatty()
        self.log = shown and not self.terminal

    def decided(self, source: str, outcome: Decided) -> None:
        self.count += 1
        if self.terminal:
            print(f"\r  checked {self.count}/{self.total} claims", end="", file=sys.stderr, flush=True)
        elif self.log:
            verdict = outcome.checked.verdict
            where = "from the verdict cache" if outcome.cached else f"{verdict.seconds:.1f} s"
            print(f"[{self.count}/{self.total}] {source} {verdict.status} ({where})", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.terminal and self.count:
            print(file=sys.stderr)


def summary(results: list[AuditResult], seconds: float, pending: int = 0) -> dict[str, object]:
    """The counts by status, how many verdicts came from the cache, the wall time; and, in the report of an
    unfinished audit, how many claims are still to be decided ("pending")."""
    counts = {str(status): sum(r.status == status for r in results) for status in STATUSES}
    errors, definitions = counts.pop(Status.ERROR), counts.pop(DEFINITION)
    totals = {**counts, "errors": errors, "definitions": definitions, "total": len(results),
              "cached": sum(r.cached for r in results), "seconds": round(seconds, 2)}
    return {**totals, "pending": pending} if pending else totals


def summary_line(totals: dict[str, object]) -> str:
    line = (f"{totals['proved']} proved, {totals['refuted']} refuted, {totals['undecided']} undecided, "
            f"{totals['errors']} errors")
    line += f", {totals['definitions']} definitions" if totals.get("definitions") else ""
    return line + (f" ({totals['cached']} from the verdict cache)" if totals.get("cached") else "")


def report(results: list[AuditResult], seconds: float, pending: int = 0) -> dict[str, object]:
    return {"claims": [r.as_dict() for r in results], "summary": summary(results, seconds, pending)}


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
