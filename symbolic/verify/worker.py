"""Run one claim in a worker process under a time limit that does not rely on signals.

The parent forks a process per claim and waits on a pipe with a timeout; a
claim whose simplification runs away is killed, not waited for, so one
pathological input cannot hang a command or a whole audit.
"""

from __future__ import annotations

import math
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .verdict import Counterexample, Status, Verdict

if TYPE_CHECKING:  # the parent needs no SymPy to start a job: the child reads and checks
    from ..notation.claim import Claim

MEMORY_LIMIT_BYTES = 4 * 1024**3
MAX_CPU_SECONDS = 7 * 24 * 3600.0  # --timeout 1e12 means no limit: keep the backstop a number the kernel takes


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

    @classmethod
    def from_dict(cls, record: dict[str, object]) -> Checked:
        """The Checked an `as_dict` record describes (a report being resumed, the verdict cache);
        TypeError, ValueError or KeyError for a record that is not one."""
        lhs, rhs, relation = (_text(record, key) for key in ("lhs", "rhs", "relation"))
        found = record["counterexample"]
        if found is not None and not isinstance(found, dict):
            raise TypeError("counterexample must be an object")
        counterexample = None if found is None else Counterexample(
            {str(k): str(v) for k, v in dict(found["values"]).items()},
            *(_text(found, key) for key in ("lhs", "rhs", "difference")))
        seconds = record["seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise TypeError("seconds must be a number")
        verdict = Verdict(Status(record["verdict"]), _text(record, "method"), _text(record, "detail"),
                          counterexample, _text(record, "evidence"), float(seconds),
                          f"{lhs} {relation} {rhs}" if lhs else "")  # as _as_read writes it
        return cls(verdict, lhs, rhs, relation, unreadable=verdict.method == READER)


RECORD_KEYS = ("verdict", "method", "detail", "lhs", "rhs", "relation", "counterexample", "evidence", "seconds")
READER = "reader"  # the method of the verdict on input the reader refuses


def _text(record: dict[str, object], key: str) -> str:
    value = record[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string")
    return value


def unreadable(detail: str, seconds: float = 0.0) -> Checked:
    """The result for input the reader refuses: status ERROR, the reason in the detail."""
    return Checked(Verdict(Status.ERROR, READER, detail, seconds=seconds), unreadable=True)


@dataclass(frozen=True)
class Keyed:
    """What a cached run of a claim returns: the claim's canonical reading (notation/canonical.py; ""
    when the reader refuses it), and the Checked when the claim was checked or is unreadable."""

    reading: str
    checked: Checked | None = None


def check(latex: str, where: tuple[str, ...] = (), seed: int = 0) -> Checked:
    """Read and verify one claim in this process (no time limit)."""
    checked = _read_then(latex, where, seed, key=False, verify=True).checked
    assert checked is not None  # verify=True always checks
    return checked


def check_keyed(latex: str, where: tuple[str, ...] = (), seed: int = 0) -> Keyed:
    """As `check`, with the canonical reading the verdict is cached under."""
    return _read_then(latex, where, seed, key=True, verify=True)


def read_key(latex: str, where: tuple[str, ...] = (), seed: int = 0) -> Keyed:
    """Only read: the canonical reading, to look its verdict up (the Checked only for an unreadable claim)."""
    return _read_then(latex, where, seed, key=True, verify=False)


def _read_then(latex: str, where: tuple[str, ...], seed: int, key: bool, verify: bool) -> Keyed:
    from ..notation.canonical import reading_text
    from ..notation.errors import NotationError
    from ..notation.reading import read_readings
    from .readings import verify_readings

    start = time.perf_counter()
    try:
        found = read_readings(latex, list(where))
    except NotationError as error:
        return Keyed("", unreadable(f"unreadable: {error}", time.perf_counter() - start))
    text = reading_text(found) if key else ""
    if not verify:
        return Keyed(text)
    verdict, reading = verify_readings(found, seed)
    return Keyed(text, _as_read(verdict, reading.claim, start))


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


def preload() -> None:
    """Import the reader and the verifier in this process, so that every forked child inherits them
    instead of importing them again (about a second per claim)."""
    from ..notation import canonical, reading  # noqa: F401
    from . import readings  # noqa: F401


def _child(connection: multiprocessing.connection.Connection, task: Task, latex: str, where: tuple[str, ...],
           seed: int, timeout: float, group: bool = False) -> None:
    if group:
        _own_group(0)
    # The parent kills the child at its time limit; should the parent die first (a Dask worker killed
    # mid-claim), the kernel still stops the orphan once it has used twice its limit of CPU time.
    cpu_seconds = math.ceil(min(2 * timeout + 5, MAX_CPU_SECONDS))
    for limit, soft, hard in ((resource.RLIMIT_AS, MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES),
                              (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)):  # SIGXCPU, then SIGKILL
        try:
            resource.setrlimit(limit, (soft, hard))
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
        self.process = context.Process(target=_child, args=(sender, task or check, latex, where, seed, timeout, group),
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

    def result(self) -> object:
        """Wait for the task's result (a Checked when the task times out or its process dies)."""
        while True:
            found = self.poll(wait=0.05)
            if found is not None:
                return found

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
    checked = Job(latex, where, timeout, seed, task).result()
    assert isinstance(checked, Checked)  # check and check_claim give one, and so does the Job when it stops them
    return checked
