"""Requests per second `dlmath serve` sustains for a typical check, against the same checks run in-process.

    python benchmarks/serve_load.py [--seconds 20] [--workers 2] [--clients 1,2,4]

Starts `dlmath serve --workers W` on a free port of 127.0.0.1, then for each number of concurrent clients
sends POST /api/check (the sigmoid neuron's ∂C/∂w: one derivation right, one with σ′ missing, which is
diagnosed) and POST /api/read (what the page sends as the student types) for `--seconds` each, and prints
requests per second, median and worst latency. The baseline, in the same run: the same checks called
one after another in this process (`dlmath.check`, which runs each line in a worker of its own), so the
ratio is the server's throughput over one user's sequential use. Not a test: numbers vary with the load.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

S = r"\sigma(wx+b)"
FIRST = r"\frac{\partial}{\partial w}\frac{1}{2}(" + S + r"-y)^2 = (" + S + r"-y)\frac{\partial}{\partial w}" + S
RIGHT = FIRST + "\n= (" + S + "-y)" + S + "(1-" + S + ")x"
WRONG = FIRST + "\n= (" + S + "-y)x"
CHECKS = [RIGHT, WRONG]


def post(url: str, path: str, text: str) -> int:
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(url + path, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def load(url: str, path: str, texts: list[str], clients: int, seconds: float) -> tuple[float, list[float], dict]:
    """(requests per second, latencies, status counts) of `clients` threads posting for `seconds`."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        n = k
        while time.monotonic() < stop:
            start = time.perf_counter()
            status = post(url, path, texts[n % len(texts)])
            latencies.append(time.perf_counter() - start)
            statuses[status] = statuses.get(status, 0) + 1
            n += 1

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses.get(200, 0) / (time.monotonic() - began), latencies, statuses


def baseline(seconds: float) -> float:
    """Checks per second of `dlmath.check` called one after another in this process."""
    import dlmath

    dlmath.check(RIGHT)  # imports and warms up, as the server does before it serves
    count, began = 0, time.monotonic()
    while time.monotonic() - began < seconds:
        dlmath.check(CHECKS[count % 2])
        count += 1
    return count / (time.monotonic() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", default="1,2,4")
    args = parser.parse_args()
    base = baseline(args.seconds)
    print(f"baseline: dlmath.check in one process, one after another: {base:.2f} checks/s")
    server = subprocess.Popen([sys.executable, "-m", "dlmath.derivations.cli", "serve", "--port", "0",
                               "--workers", str(args.workers), "--queue", "64"], stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://\S+", server.stdout.readline()).group(0).rstrip("/")
        print(f"dlmath serve --workers {args.workers}, {args.seconds:g} s per row")
        print(f"{'endpoint':<11}{'clients':>8}{'req/s':>9}{'× base':>8}{'median s':>10}{'worst s':>9}  statuses")
        for path, texts in (("/api/check", CHECKS), ("/api/read", CHECKS)):
            for clients in (int(c) for c in args.clients.split(",")):
                rate, latencies, statuses = load(url, path, texts, clients, args.seconds)
                ratio = f"{rate / base:.2f}" if path == "/api/check" else ""
                print(f"{path:<11}{clients:>8}{rate:>9.2f}{ratio:>8}{statistics.median(latencies):>10.3f}"
                      f"{max(latencies):>9.3f}  {statuses}")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
