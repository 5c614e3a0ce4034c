"""Claims on a Dask distributed cluster (`dlmath audit … --scheduler tcp://HOST:PORT`): the second Executor.

Each claim is one Dask task; on its worker the task runs the claim as the local pool does, in a forked
process under worker.Job's time limit, so a runaway claim is killed on the worker and the worker goes on.
A worker that dies mid-claim is Dask's to handle: the scheduler gives its tasks to another worker
(up to `distributed.scheduler.allowed-failures` deaths per task, 3 by default); a task that killed
that many workers is reported as that claim's crash. Dask is an optional dependency (`dlmath[cluster]`).
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import socket
from collections.abc import Iterator, Sequence

from dlmath.symbolic.errors import DlmathError
from dlmath.symbolic.verify.verdict import Status, Verdict
from dlmath.symbolic.verify.worker import Checked, Job, Task, preload

from .cache import verifier_version
from .executor import Item

INSTALL = "pip install 'dlmath[cluster]'"
CONNECT_SECONDS = 5.0  # an address where no scheduler answers is reported after this long
RETRIES = 2            # a task that raised (not a worker that died: that is allowed-failures) runs again


class ClusterError(DlmathError):
    """No cluster to run on: Dask is not installed, no scheduler answers, or the cluster has no workers."""


def connect(address: str, timeout: float = CONNECT_SECONDS) -> DaskCluster:
    """A DaskCluster on the scheduler at `address` (tcp://HOST:PORT); ClusterError within `timeout` seconds."""
    if importlib.util.find_spec("distributed") is None:  # said before anything is imported or connected
        raise ClusterError(f"--scheduler needs Dask's distributed scheduler, which is not installed: {INSTALL}")
    _answers(address, timeout)  # before importing Dask (a second or two): a wrong port is said at once
    from dask.distributed import Client

    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"no Dask scheduler answers at {address}: {error}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        client.close()
        raise ClusterError(f"the Dask scheduler at {address} has no workers (start some with "
                           f"`dask worker {address}`)") from None
    return DaskCluster(client)


def _answers(address: str, timeout: float) -> None:
    """A tcp:// address where nothing listens is said at once (Dask's own connect retries until its timeout)."""
    scheme, _, rest = address.rpartition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("", "tcp") or not port.isdigit():
        return  # another transport, or an address Dask itself will refuse with its own message
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=timeout).close()
    except OSError as error:
        raise ClusterError(f"no Dask scheduler answers at {address}: {error.strerror or error}") from None


class DaskCluster:
    """The Executor on a `dask.distributed.Client`: one task per item, results as they finish."""

    def __init__(self, client: object) -> None:
        self.client = client

    def run(self, task: Task, items: Sequence[Item], timeout: float) -> Iterator[tuple[int, object]]:
        from dask.distributed import as_completed

        if not items:
            return
        count = len(items)
        futures = self.client.map(run_on_worker, [task] * count, [i[0] for i in items], [i[1] for i in items],
                                  [i[2] for i in items], [timeout] * count, [verifier_version()] * count,
                                  pure=False, retries=RETRIES)
        position = {future.key: index for index, future in enumerate(futures)}
        try:
            for future in as_completed(futures, loop=self.client.loop):
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - KilledWorker and the like: this claim's outcome only
                    result = Checked(Verdict(Status.ERROR, "crash", f"the cluster could not run this claim "
                                             f"({type(error).__name__}: {error})"[:300]))
                yield position[future.key], result
                future.release()
        finally:  # interrupted: nothing is left queued or running on the cluster
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()


def run_on_worker(task: Task, latex: str, where: tuple[str, ...], seed: int, timeout: float,
                  version: str) -> object:
    """On a Dask worker: the task's result for one claim, run in a forked process under the time limit."""
    mine = verifier_version()
    if mine != version:  # never report (or cache) a verdict of other code under this client's version
        return Checked(Verdict(Status.ERROR, "version", f"this Dask worker runs another dlmath verifier ({mine}) "
                               f"than the audit ({version}): install the same dlmath on the workers"))
    process = multiprocessing.current_process()
    if process.daemon:
        # Dask starts its workers as daemonic processes, which multiprocessing forbids to have children
        # lest they be orphaned; the Job reaps its child itself, and the child's CPU-time limit stops it
        # should this worker die first.
        process.daemon = False
    preload()  # once per worker: its forked children inherit the reader and the verifier
    return Job(latex, where, timeout, seed, task).result()
