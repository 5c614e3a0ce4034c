"""`dlmath serve` as a student meets it: a real server on 127.0.0.1, driven by headless Chromium and by
concurrent clients; no worker outlives its request, Ctrl-C stops it cleanly, a port in use is one line."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import Browser  # tests/derivations is on sys.path (its conftest)
from serving import SLOW, Server, alive, running, serve

WRONG = (r"\frac{\partial}{\partial w}\frac{1}{2}(\sigma(wx+b)-y)^2 = (\sigma(wx+b)-y)\frac{\partial}{\partial w}"
         r"\sigma(wx+b)" "\n" r"= (\sigma(wx+b)-y)x")

pytestmark = pytest.mark.xdist_group("serve")  # one server at a time: they share 2 cores with the suite


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """One server for the module (the last test stops it): 2 workers, and 2 requests may wait for one."""
    with running("--workers", "2", "--queue", "2") as server:
        yield server


def _gone(server: Server, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while server.workers():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_student_types_a_wrong_derivation_and_sees_the_diagnosis(server: Server, tmp_path: Path) -> None:
    browser = Browser()
    try:
        browser.goto(server.url)
        browser.type_into("#text", WRONG)
        browser.wait_for("document.querySelectorAll('#read li math').length === 2", 20)  # as read, as typed
        browser.wait_for("document.querySelector('#verdicts .diagnosis')", 60)  # checked after the pause
        shown = browser.evaluate("document.querySelector('#verdicts').innerText")
        browser.screenshot(tmp_path / "page.png")
    finally:
        browser.close()
    assert "Line 2 is wrong" in shown and "PROVED" in shown and "REFUTED" in shown
    assert "Diagnosis. line 2: the sigmoid's derivative is wrong" in shown
    assert (tmp_path / "page.png").stat().st_size > 10_000
    assert _gone(server)


def _raw_post(url: str, path: str, body: bytes) -> socket.socket:
    host, port = url.split("//")[1].rstrip("/").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    return sock


def test_a_closed_connection_kills_its_worker(server: Server) -> None:
    # SLOW runs for the whole line time limit (5 s) unless its worker is killed
    sock = _raw_post(server.url, "/api/check", json.dumps({"text": SLOW}).encode())
    deadline = time.monotonic() + 10
    while not server.workers():
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.05)
    time.sleep(0.5)  # the check is under way, in a worker and the worker's own worker for the line
    assert len(server.workers()) >= 2
    sock.close()
    assert _gone(server, 3), f"workers left running: {server.workers()}"
    status, _ = server.post("/api/read", {"text": "x = x"})
    assert status == 200  # and the server goes on serving


def _client(server: Server, requests: list[tuple[str, bytes]], statuses: list[int], problems: list[str]) -> None:
    for path, body in requests:
        try:
            status, answer = server.post(path, body, timeout=120)
        except Exception as error:  # noqa: BLE001 - any failure to answer is what this test looks for
            problems.append(f"{path}: {type(error).__name__}: {error}")
            continue
        statuses.append(status)
        if status != 200 and not answer.get("error"):
            problems.append(f"{path}: {status} without a message")


def test_bounded_load_every_request_answered_or_refused_and_no_worker_left(server: Server) -> None:
    good = json.dumps({"text": r"\frac{d}{dx} x^2 = 2x"}).encode()
    readable = [json.dumps({"text": f"x^{k} x = x^{k + 1}"}).encode() for k in range(2, 7)]
    mixed = [("/api/read", readable[k % 5]) for k in range(33)] + [("/api/check", good)] * 2 + [
        ("/api/check", b"{oops"), ("/api/read", b'{"text": 1}'), ("/api/check", b"x" * 20_000),
        ("/api/read", json.dumps({"text": "x = " + "y" * 17_000}).encode()), ("/api/check", b"\xff")]
    per_client = [mixed[k:] + mixed[:k] for k in range(0, 6 * 6, 6)]  # 6 clients, 40 requests each
    statuses: list[int] = []
    problems: list[str] = []
    threads = [threading.Thread(target=_client, args=(server, requests, statuses, problems))
               for requests in per_client]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not problems, problems[:5]
    assert len(statuses) == sum(len(r) for r in per_client) == 240
    assert set(statuses) <= {200, 400, 413, 503} and statuses.count(200) >= 40
    assert statuses.count(400) == statuses.count(413) / 2 * 3 == 3 * 6  # each client's malformed and oversized
    assert _gone(server), f"workers left running: {server.workers()}"


def test_ctrl_c_stops_it_cleanly_and_a_port_in_use_is_one_line(server: Server) -> None:
    # the last test of the module: it stops the module's server
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    second = serve("--port", port)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 3 and err.strip() == f"dlmath serve: cannot listen on 127.0.0.1:{port}: " \
        "the port is in use" and not out
    sock = _raw_post(server.url, "/api/check", json.dumps({"text": SLOW}).encode())  # busy when Ctrl-C comes
    deadline = time.monotonic() + 10
    while not server.workers():
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.05)
    time.sleep(0.5)
    workers = server.workers()
    os.kill(server.process.pid, signal.SIGINT)
    server.process.wait(timeout=15)
    sock.close()
    assert server.process.returncode == 0
    err = server.process.stderr.read()
    assert "Traceback" not in err and err.strip().endswith("dlmath serve: stopped")
    deadline = time.monotonic() + 5
    while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the server"

