"""Where a batch of claims runs: the interface, and the local pool of worker processes.

A batch command (an audit; grading many submissions) hands an Executor a task of the worker's kind
(`symbolic/verify/worker.Task`: `check`, `check_keyed`, `read_key`, or a caller's own) and the items to
run it on; each item runs in its own process under the time limit (worker.Job), and the results come
back as they finish. The two executors are this module's LocalPool and cluster.DaskCluster.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from multiprocessing.connection import wait
from typing import Protocol

from dlmath.symbolic.verify.worker import Job, Task, preload

Item = tuple[str, tuple[str, ...], int]  # what a task is run on: the LaTeX, its conditions, the seed


class Executor(Protocol):
    """Runs a task on many items, each in a process of its own killed at the time limit."""

    def run(self, task: Task, items: Sequence[Item], timeout: float) -> Iterator[tuple[int, object]]:
        """(position in `items`, the task's result) for every item, in the order they finish.

        The result is the task's, or worker.Job's Checked for a claim that timed out or whose process died.
        """
        ...

    def close(self) -> None:
        """Let go of the executor's resources (the cluster connection)."""
        ...


class LocalPool:
    """`jobs` worker processes at a time on this machine, each forked from this one."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        preload()  # before the first fork: every child inherits the reader and the verifier

    def run(self, task: Task, items: Sequence[Item], timeout: float) -> Iterator[tuple[int, object]]:
        pending = list(enumerate(items))
        pending.reverse()  # popped from the end: in input order
        running: dict[int, Job] = {}
        try:
            while pending or running:
                while pending and len(running) < self.jobs:
                    index, (latex, where, seed) = pending.pop()
                    running[index] = Job(latex, where, timeout, seed, task)
                wait([job.receiver for job in running.values()], timeout=0.05)  # until one answers (or 50 ms)
                for index, job in list(running.items()):
                    result = job.poll()
                    if result is not None:
                        del running[index]
                        yield index, result
        finally:  # the caller stopped early (interrupted): no child outlives the batch
            for job in running.values():
                job.stop()

    def close(self) -> None:
        pass
