"""`dlmath serve`: the tutor as a local web page (derivations/serve/), on 127.0.0.1 unless told otherwise.

Prints one line with the URL; Ctrl-C stops it (exit 0); a port in use is one line and exit 3.
This module imports nothing heavy: the app (and SymPy) is imported when the command runs.
"""

from __future__ import annotations

import argparse
import socket
import sys

from .options import UsageError, port_number, positive_int, positive_seconds

DEFAULT_PORT = 8765


def add_commands(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="a local web page: type a derivation, see it read and checked")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serve.add_argument("--port", type=port_number, default=DEFAULT_PORT, help="the port (0: any free one)")
    serve.add_argument("--workers", type=positive_int, default=2, help="derivations checked at once")
    serve.add_argument("--queue", type=positive_int, default=8,
                       help="requests that may wait for a worker; past that a request is refused as busy (503)")
    serve.add_argument("--timeout", type=positive_seconds, default=5.0, help="seconds per line of a check")
    serve.add_argument("--limit", type=positive_seconds, default=60.0,
                       help="seconds for a whole request; its worker is killed past that")
    serve.set_defaults(handler=run_serve)


def _listen(host: str, port: int) -> socket.socket:
    """The bound, listening socket, or a UsageError naming the address when it cannot be had."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        reason = "the port is in use" if error.errno == 98 else (error.strerror or str(error))
        raise UsageError(f"cannot listen on {host}:{port}: {reason}") from None
    return sock


def run_serve(args: argparse.Namespace) -> int:
    sock = _listen(args.host, args.port)  # first: a port in use is said at once, before SymPy is imported
    import uvicorn

    from ..serve import tasks
    from ..serve.app import Settings, make_app

    settings = Settings(workers=args.workers, queue=args.queue, line_timeout=args.timeout, limit=args.limit)
    tasks.read("x = x", ())  # warm the reader up here, once, so that every forked worker starts warm
    app = make_app(settings)
    # lifespan off: on Ctrl-C uvicorn re-raises SIGINT inside its loop, and the lifespan task would log the
    # KeyboardInterrupt as a traceback; the pool is stopped here instead, after the server has stopped
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=2)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"dlmath serve: http://{shown}:{port}/ (Ctrl-C stops it)", flush=True)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then raises it again for the caller
        pass
    finally:
        app.state.pool.stop_all()
        sock.close()
    print("dlmath serve: stopped", file=sys.stderr)
    return 0
