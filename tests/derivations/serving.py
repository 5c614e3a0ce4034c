"""Start `dlmath serve` as a user does, on a free port, and find the worker processes it has forked."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SLOW = r"\frac{d^{9}}{dx^{9}} \sigma(\sigma(\sigma(x))) = 0"  # a line SymPy takes seconds over


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str

    def workers(self) -> list[int]:
        """Every process forked from the server (workers and their own workers): same command line, other pid."""
        mine = Path(f"/proc/{self.process.pid}/cmdline").read_bytes()
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != self.process.pid:
                try:
                    if (entry / "cmdline").read_bytes() == mine and alive(int(entry.name)):
                        found.append(int(entry.name))
                except OSError:
                    continue  # the process ended while we looked
        return found

    def post(self, path: str, body: object, timeout: float = 60) -> tuple[int, dict]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path.lstrip("/"), data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


def alive(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie has: it waits for its parent, or init, to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "dlmath.derivations.cli", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@contextmanager
def running(*args: str) -> Iterator[Server]:
    """The server on a free port (--port 0), stopped by Ctrl-C (SIGINT) afterwards."""
    process = serve("--port", "0", *args)
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"http://\S+", line)
        assert match, f"no URL printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
        yield Server(process, match.group(0))
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
