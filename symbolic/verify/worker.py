"""Run one claim in a worker process under a time limit that does not rely on signals.

The parent forks a process per claim and waits on a pipe with a timeout; a
claim whose simplification runs away is killed, not waited for, so one
pathological input cannot hang a command or a whole audit.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .verdict import Status, Verdict

if TYPE_CHECKING:  # the parent needs no SymPy to start a job: the child reads and checks
    from ..notation.claim import Claim

MEMORY_LIMIT_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class Checked:
    """One claim after the worker: the verifier's Verdict, the claim as the reader read it, and
    whether the reader refused the input (then the status is ERROR and the detail says why).

    This is what crosses the process boundary: the Verdict itself, not a re-typed copy.
    """

    verdict: Verdict
    lhs: str = ""
    rhs: str = ""
    relation: str = ""
    unreadable: bool = False

    def as_dict(self) -> dict[str, object]:
        record = {**self.verdict.as_dict(), "lhs": self.lhs, "rhs": self.rhs, "relation": self.relation}
        return {key: record[key] for key in RECORD_KEYS}


RECORD_KEYS = ("verdict", "method", "detail", "lhs", "rhs", "relation", "counterexample", "evidence", "seconds")


def unreadable(detail: str, seconds: float = 0.0) -> Checked:
    """The result for input the reader refuses: status ERROR, the reason in the detail."""
    return Checked(Verdict(Status.ERROR, "reader", detail, seconds=seconds), unreadable=True)


def check(latex: str, where: tuple[str, ...] = (), seed: int = 0) -> Checked:
    """Read and verify one claim in this process (no time limit)."""
    from ..notation.errors import NotationError
    from ..notation.reading import read_readings
    from .readings import verify_readings

    start = time.perf_counter()
    try:
        found = read_readings(latex, list(where))
    except NotationError as error:
        return unreadable(f"unreadable: {error}", time.perf_counter() - start)
    verdict, reading = verify_readings(found, seed)
    return _as_read(verdict, reading.claim, start)


def check_claim(claim: Claim, seed: int = 0) -> Checked:
    """Verify a Claim already read (dlmath.read's, or one built in code) in this process (no time limit)."""
    from .readings import verify_reading

    start = time.perf_counter()
    return _as_read(verify_reading(claim, seed), claim, start)


def _as_read(verdict: Verdict, claim: Claim | None, start: float) -> Checked:
    """The Checked record: the verdict with its time, the claim as read, and a note on implicit sums."""
    from ..notation.writer import RELATION_LATEX, to_latex

    if claim is None:
        return Checked(replace(verdict, seconds=time.perf_counter() - start))
    detail = verdict.detail
    if claim.implicit_sizes:
        size = claim.implicit_sizes[0].name
        detail += f" (A sum written without limits is read as running over 1…{size}, for every {size}.)"
    lhs, relation, rhs = to_latex(claim.lhs), RELATION_LATEX[claim.relation], to_latex(claim.rhs)
    return Checked(replace(verdict, detail=detail, seconds=time.perf_counter() - start,
                           claim=f"{lhs} {relation} {rhs}"), lhs, rhs, relation)


Task = Callable[[str, tuple[str, ...], int], object]  # what a worker runs: `check`, or a caller's own search


def _child(connection: multiprocessing.connection.Connection, task: Task, latex: str, where: tuple[str, ...],
           seed: int, group: bool = False) -> None:
    if group:
        _own_group(0)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ValueError, OSError):
        pass
    try:
        checked = task(latex, where, seed)
    except MemoryError:
        checked = Checked(Verdict(Status.UNDECIDED, "memory", "the check ran out of memory (limit 4 GiB)"))
    except Exception as error:  # noqa: BLE001 - a crash is reported for this claim, never raised
        detail = f"internal error while checking: {type(error).__name__}: {error}"[:300]
        checked = Checked(Verdict(Status.ERROR, "crash", detail))
    connection.send(checked)
    connection.close()


class Job:
    """One claim running in its own process.

    `task` is `check` unless a caller runs its own search under the same limits (the tutor's repairs);
    the process is forked, so the task needs no pickling, only its result does.
    With `group`, the process leads a process group of its own, and stopping the job (`stop`, or the
    time limit) kills the whole group: a task that starts workers of its own (a whole `dlmath check`
    run for the web page) leaves none of them running.
    """

    def __init__(self, latex: str, where: tuple[str, ...], timeout: float, seed: int = 0,
                 task: Task | None = None, group: bool = False) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        # A daemonic process may not start processes of its own: a group's leader is not daemonic, and its
        # owner stops it (`stop`) rather than leave it to the interpreter's exit.
        self.process = context.Process(target=_child, args=(sender, task or check, latex, where, seed, group),
                                       daemon=not group)
        self.started = time.perf_counter()
        self.timeout = timeout
        self.group = group
        self.process.start()
        if group:  # set on both sides of the fork, so the group exists whichever runs first
            _own_group(self.process.pid)
        sender.close()

    def poll(self, wait: float = 0.0) -> Checked | None:
        """The result if finished (or timed out), else None."""
        if self.receiver.poll(wait):
            try:
                checked = self.receiver.recv()
            except EOFError:
                checked = Checked(Verdict(Status.ERROR, "crash", "the worker process died without an answer"))
            self._reap()
            return checked
        elapsed = time.perf_counter() - self.started
        if not self.process.is_alive() and not self.receiver.poll(0):
            self._reap()
            return Checked(Verdict(Status.ERROR, "crash",
                                   f"the worker process died (exit code {self.process.exitcode})",
                                   seconds=elapsed))
        if elapsed > self.timeout:
            self.stop()
            return Checked(Verdict(Status.UNDECIDED, "timeout",
                                   f"no decision within the time limit of {self.timeout:g} s",
                                   seconds=elapsed))
        return None

    def stop(self) -> None:
        """Kill the process (with `group`, every process of its group) and wait for it."""
        if self.group and self.process.pid is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass  # the group is gone already: its leader and every worker it started have exited
        if self.process.exitcode is None:
            self.process.kill()
        self._reap()

    def _reap(self) -> None:
        self.process.join(timeout=5)
        self.receiver.close()


def _own_group(pid: int) -> None:
    """Make process `pid` (0: this one) the leader of a new process group."""
    try:
        os.setpgid(pid, 0)
    except (ProcessLookupError, PermissionError):
        pass  # the child has exited, or set its group itself already


def check_with_timeout(latex: str, where: tuple[str, ...] = (), timeout: float = 10.0, seed: int = 0,
                       claim: Claim | None = None) -> Checked:
    """Verify one claim (`latex` under `where`, or `claim` already read) in a worker process, killed after
    `timeout` seconds."""
    # A Claim already read runs through the same Job as LaTeX does: the task closes over it (forked, not pickled).
    task = None if claim is None else (lambda _latex, _where, task_seed: check_claim(claim, task_seed))
    job = Job(latex, where, timeout, seed, task)
    while True:
        checked = job.poll(wait=0.05)
        if checked is not None:
            return checked
