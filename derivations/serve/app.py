"""The Starlette app: the page at /, POST /api/read (the lines as read), POST /api/check (the verdicts)
and POST /api/exercise (pose, hint, solution, grade).

A request body is JSON {"text": "...", "where": ["x > 0", ...]}, or for an exercise {"topic", "seed",
"action", "k", "answer"}. Every refusal is JSON {"error": message}
with its status: 400 malformed, 413 too large, 422 not a derivation, 503 busy, 504 over the time limit.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..tutor.problems import TOPICS
from . import tasks
from .page import CSP, page_html
from .pool import Busy, Gone, Pool

HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-store"}
Work = tuple[tasks.Task, str, tuple[str, ...]]  # what a request asks a worker: the task, its text and conditions
CLIENT_CLOSED = 499  # the client went away before the answer (nobody reads this response)


@dataclass(frozen=True)
class Settings:
    """The server's limits: worker pool, queue, time limits (seconds) and the largest request body (bytes)."""

    workers: int = 2
    queue: int = 8             # requests that may wait for a worker beyond the running ones
    wait: float = 15.0         # seconds a request waits for a worker before it is refused as busy
    line_timeout: float = 5.0  # seconds per line of a check, as `dlmath check --timeout`
    budget: float = 10.0       # seconds for the repair search of the first wrong line
    limit: float = 60.0        # seconds for a whole check request, its worker killed past that
    read_limit: float = 5.0    # seconds to read a derivation (no verification)
    max_bytes: int = 16_384


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def refusal(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status, headers={**HEADERS, **headers})


async def _body(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it is longer than `limit`, whatever Content-Length says."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"the request is {int(declared):,} bytes; the limit is {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"the request is longer than the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _json(body: bytes) -> object:
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refused(400, "the request is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise Refused(400, f"the request is not JSON: {error.msg} at character {error.pos}") from None


def parse(body: bytes) -> tuple[str, tuple[str, ...]]:
    """The derivation and its conditions from {"text": str, "where": [str] or str}; Refused(400) otherwise."""
    data = _json(body)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise Refused(400, 'the request needs a JSON object with a "text" string')
    where = data.get("where", [])
    where = [where] if isinstance(where, str) else where
    if not isinstance(where, list) or not all(isinstance(w, str) for w in where):
        raise Refused(400, '"where" must be a list of strings')
    return data["text"], tuple(w for w in where if w.strip())


def parse_exercise(body: bytes) -> tuple[str, int, str, int, str]:
    """(topic, seed, action, k, answer) from {"topic", "seed", "action", "k"?, "answer"?}; Refused(400) otherwise."""
    data = _json(body)
    if not isinstance(data, dict) or not isinstance(data.get("topic"), str):
        raise Refused(400, 'the request needs a JSON object with a "topic" string')
    seed, k, answer = data.get("seed", 0), data.get("k", 1), data.get("answer", "")
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 2**32 for n in (seed, k)):
        raise Refused(400, '"seed" and "k" must be whole numbers from 0')
    if data.get("action") not in tasks.EXERCISE_ACTIONS or not isinstance(answer, str):
        raise Refused(400, f'"action" must be one of {", ".join(tasks.EXERCISE_ACTIONS)}, and "answer" a string')
    return data["topic"], seed, data["action"], k, answer


def make_app(settings: Settings = Settings()) -> Starlette:
    """The web app with its own worker pool."""
    pool = Pool(settings.workers, settings.queue, settings.wait)
    document = page_html({name: topic.description for name, topic in TOPICS.items()})

    async def page(request: Request) -> Response:
        return HTMLResponse(document, headers=HEADERS)

    async def answer(request: Request, job: Callable[[bytes], Work], limit: float) -> Response:
        try:
            task, text, where = job(await _body(request, settings.max_bytes))
            start = time.perf_counter()
            outcome = await pool.run(task, text, where, limit, request.is_disconnected)
        except Refused as refused:
            return refusal(refused.status, str(refused))
        except Busy:
            return refusal(503, "busy: every worker is taken; try again in a moment", **{"Retry-After": "2"})
        except Gone:
            return Response(status_code=CLIENT_CLOSED)
        except asyncio.CancelledError:  # the server is stopping (Ctrl-C): the pool has killed the job already
            return refusal(503, "the server is stopping")
        if outcome.timed_out:
            return refusal(504, f"no answer within the time limit of {limit:g} s: the worker was stopped")
        if outcome.value is None:
            return refusal(500, outcome.failure.verdict.detail if outcome.failure else "the worker failed")
        if "error" in outcome.value:
            return refusal(422, str(outcome.value["error"]))
        return JSONResponse({**outcome.value, "seconds": round(time.perf_counter() - start, 3)}, headers=HEADERS)

    def read(text: str, where: tuple[str, ...], seed: int) -> dict[str, object]:
        return tasks.read(text, where)

    def check(text: str, where: tuple[str, ...], seed: int) -> dict[str, object]:
        return tasks.checked(text, where, settings.line_timeout, settings.budget)

    def exercise(body: bytes) -> Work:  # the task closes over its request: the worker's text and where stay empty
        asked = parse_exercise(body)
        return (lambda text, where, seed: tasks.exercise(*asked, settings.line_timeout, settings.budget)), "", ()

    async def read_endpoint(request: Request) -> Response:
        return await answer(request, lambda body: (read, *parse(body)), settings.read_limit)

    async def check_endpoint(request: Request) -> Response:
        return await answer(request, lambda body: (check, *parse(body)), settings.limit)

    async def exercise_endpoint(request: Request) -> Response:
        return await answer(request, exercise, settings.limit)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.stop_all()  # the server is stopping: no worker outlives it

    app = Starlette(routes=[Route("/", page), Route("/api/read", read_endpoint, methods=["POST"]),
                            Route("/api/check", check_endpoint, methods=["POST"]),
                            Route("/api/exercise", exercise_endpoint, methods=["POST"])], lifespan=lifespan)
    app.state.pool = pool
    return app
