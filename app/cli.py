"""The `nn-playground` command: check the settings, take the port, serve, say where it listens."""

from __future__ import annotations

import argparse
import errno
import importlib.metadata
import os
import socket
import sys
from collections.abc import Sequence

import platformdirs
import uvicorn

from app.core.config import ENV_PREFIX, Settings
from app.core.request_deadline import DeadlineH11Protocol
from app.core.shutdown_guard import ShutdownGuard
from app.server import PlaygroundServer, bind, shown_url
from app.storage.database import DatabaseRefused

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
GRACEFUL_SHUTDOWN_SECONDS = 3  # uvicorn's last resort; calls are answered within the grace below
CALL_GRACE_SECONDS = 1.5  # at shutdown, a call unanswered this long gets a JSON 503


def package_version() -> str:
    """The installed package's version; a source tree nobody installed has none to report."""
    try:
        return importlib.metadata.version("nn-playground")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


def build_parser() -> argparse.ArgumentParser:
    """The command-line options: where to listen and whether to reload on code changes."""
    parser = argparse.ArgumentParser(
        prog="nn-playground",
        description="Run the NN Playground web server (the page and its REST API).",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    parser.add_argument("--reload", action="store_true", help="restart when the code changes")
    parser.add_argument("--version", action="version", version=f"nn-playground {package_version()}")
    return parser


def default_database() -> str:
    """Where the command keeps saved runs unless NN_PLAYGROUND_DB says otherwise."""
    return str(platformdirs.user_data_path("nn-playground") / "playground.db")


def fail(message: str, code: int) -> int:
    """One line on stderr and the exit code: no traceback for a mistake a person can fix."""
    print(f"nn-playground: {message}", file=sys.stderr, flush=True)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, check the settings, bind the port, then serve until interrupted."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port must be between 1 and 65535, got {args.port}")
    os.environ.setdefault(ENV_PREFIX + "DB", default_database())
    try:
        Settings.from_env()
    except ValueError as error:
        return fail(str(error), 2)
    try:
        listener = bind(args.host, args.port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return fail(f"port {args.port} is already in use: pick another with --port", 1)
        return fail(f"cannot listen on {args.host}:{args.port}: {error.strerror}", 1)
    url = shown_url(args.host, args.port)
    if args.reload:
        listener.close()  # the reloading supervisor binds it again itself
        print(f"NN Playground: open {url} (reloading on code changes)", flush=True)
        uvicorn.run("app.main:app", host=args.host, port=args.port, reload=True)
        return 0
    return serve(listener, args.host, args.port, url)


def serve(listener: socket.socket, host: str, port: int, url: str) -> int:
    """Run the app on the bound socket until SIGINT or SIGTERM."""
    from app.main import app  # imported once the settings are known to be good

    settings: Settings = app.state.settings
    try:
        app.state.store.storage.open()
    except DatabaseRefused as error:
        listener.close()
        return fail(str(error), 1)
    guard = ShutdownGuard(app, CALL_GRACE_SECONDS)
    protocol = DeadlineH11Protocol.configured(settings.request_timeout, settings.max_connections)
    config = uvicorn.Config(
        guard,
        host=host,
        port=port,
        http=protocol,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    PlaygroundServer(config, url, guard, app.state.store).run(sockets=[listener])
    return 0
