"""Run one claim in a worker process under a time limit that does not rely on signals.

The parent forks a process per claim and waits on a pipe with a timeout; a
claim whose simplification runs away is killed, not waited for, so one
pathological input cannot hang a command or a whole audit.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import resource
import time
from dataclasses import dataclass

MEMORY_LIMIT_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class Outcome:
    """The verdict of one claim as plain data (what crosses the process boundary)."""

    verdict: str          # proved | refuted | undecided | error
    method: str
    detail: str
    lhs: str = ""
    rhs: str = ""
    relation: str = ""
    counterexample: dict | None = None
    evidence: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {"verdict": self.verdict, "method": self.method, "detail": self.detail, "lhs": self.lhs,
                "rhs": self.rhs, "relation": self.relation, "counterexample": self.counterexample,
                "evidence": self.evidence, "seconds": round(self.seconds, 3)}


def check(latex: str, where: tuple[str, ...] = (), seed: int = 0) -> Outcome:
    """Read and verify one claim in this process (no time limit)."""
    from ..notation.errors import NotationError
    from ..notation.reading import read_readings
    from ..notation.writer import RELATION_LATEX, to_latex
    from .readings import verify_readings

    start = time.perf_counter()
    try:
        found = read_readings(latex, list(where))
    except NotationError as error:
        return Outcome("error", "reader", f"unreadable: {error}", seconds=time.perf_counter() - start)
    verdict, reading = verify_readings(found, seed)
    counterexample = verdict.counterexample.as_dict() if verdict.counterexample else None
    claim = reading.claim
    lhs, rhs, relation = (to_latex(claim.lhs), to_latex(claim.rhs), RELATION_LATEX[claim.relation]) if claim \
        else ("", "", "")
    detail = verdict.detail
    if claim is not None and claim.implicit_sizes:
        size = claim.implicit_sizes[0].name
        detail += f" (A sum written without limits is read as running over 1…{size}, for every {size}.)"
    return Outcome(verdict.status, verdict.method, detail, lhs, rhs, relation, counterexample,
                   verdict.evidence, time.perf_counter() - start)


def _child(connection: multiprocessing.connection.Connection, latex: str, where: tuple[str, ...], seed: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ValueError, OSError):
        pass
    try:
        outcome = check(latex, where, seed)
    except MemoryError:
        outcome = Outcome("undecided", "memory", "the check ran out of memory (limit 4 GiB)")
    except Exception as error:  # noqa: BLE001 - a crash is reported for this claim, never raised
        outcome = Outcome("error", "crash", f"internal error while checking: {type(error).__name__}: {error}"[:300])
    connection.send(outcome)
    connection.close()


class Job:
    """One claim running in its own process."""

    def __init__(self, latex: str, where: tuple[str, ...], timeout: float, seed: int = 0) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(sender, latex, where, seed), daemon=True)
        self.started = time.perf_counter()
        self.timeout = timeout
        self.process.start()
        sender.close()

    def poll(self, wait: float = 0.0) -> Outcome | None:
        """The outcome if finished (or timed out), else None."""
        if self.receiver.poll(wait):
            try:
                outcome = self.receiver.recv()
            except EOFError:
                outcome = Outcome("error", "crash", "the worker process died without an answer")
            self._reap()
            return outcome
        elapsed = time.perf_counter() - self.started
        if not self.process.is_alive() and not self.receiver.poll(0):
            self._reap()
            return Outcome("error", "crash", f"the worker process died (exit code {self.process.exitcode})",
                           seconds=elapsed)
        if elapsed > self.timeout:
            self.process.kill()
            self._reap()
            return Outcome("undecided", "timeout", f"no decision within the time limit of {self.timeout:g} s",
                           seconds=elapsed)
        return None

    def _reap(self) -> None:
        self.process.join(timeout=5)
        self.receiver.close()


def check_with_timeout(latex: str, where: tuple[str, ...] = (), timeout: float = 10.0, seed: int = 0) -> Outcome:
    """Verify one claim in a worker process, killed after `timeout` seconds."""
    job = Job(latex, where, timeout, seed)
    while True:
        outcome = job.poll(wait=0.05)
        if outcome is not None:
            return outcome
