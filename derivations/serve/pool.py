"""A bounded pool of worker processes for the page's requests, each job killed if its client leaves.

At most `size` jobs run at once; up to `queue` more requests wait (at most `wait` seconds) for a
place, and past that a request is refused as busy at once. A job runs in a forked process that leads
its own process group (worker.Job with group=True), so stopping it also stops the workers the tutor
starts inside it. The event loop only polls: it never waits on SymPy.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from dlmath.symbolic.verify.worker import Checked, Job, Task

POLL_SECONDS = 0.02


class Busy(Exception):
    """Every worker is taken and the queue is full (or the wait ran out): the request is refused."""


class Gone(Exception):
    """The client closed its connection while its job ran: the job was killed."""


@dataclass(frozen=True)
class Outcome:
    """A job's result: the task's dict, or the worker's own Checked (a time limit, a crash)."""

    value: dict[str, object] | None
    failure: Checked | None = None

    @property
    def timed_out(self) -> bool:
        return self.failure is not None and self.failure.verdict.method == "timeout"


class Pool:
    def __init__(self, size: int, queue: int, wait: float) -> None:
        self.size, self.queue, self.wait = size, queue, wait
        self.waiting = 0
        self.running: set[Job] = set()
        self._slots: asyncio.Semaphore | None = None

    @property
    def slots(self) -> asyncio.Semaphore:
        if self._slots is None:  # made in the server's event loop, on first use
            self._slots = asyncio.Semaphore(self.size)
        return self._slots

    async def run(self, task: Task, text: str, where: tuple[str, ...], limit: float,
                  disconnected: Callable[[], Awaitable[bool]]) -> Outcome:
        """Run `task(text, where, seed)` in a worker under `limit` seconds; Busy or Gone as above."""
        if self.waiting >= self.queue and self.slots.locked():
            raise Busy
        self.waiting += 1
        try:
            await asyncio.wait_for(self.slots.acquire(), self.wait)
        except TimeoutError:
            raise Busy from None
        finally:
            self.waiting -= 1
        try:
            return await self._watch(Job(text, where, limit, task=task, group=True), disconnected)
        finally:
            self.slots.release()

    async def _watch(self, job: Job, disconnected: Callable[[], Awaitable[bool]]) -> Outcome:
        self.running.add(job)
        try:
            while True:
                result = job.poll()
                if isinstance(result, dict):
                    return Outcome(result)
                if result is not None:
                    return Outcome(None, result)
                if await disconnected():
                    raise Gone
                await asyncio.sleep(POLL_SECONDS)
        finally:  # a result, a closed connection, a cancelled request (server shutdown): the job ends here
            job.stop()
            self.running.discard(job)

    def stop_all(self) -> None:
        """Kill every running job (the server is stopping)."""
        for job in list(self.running):
            job.stop()
        self.running.clear()
