"""The `nn-playground` command: start the web server and say where it listens."""

from __future__ import annotations

import argparse
import importlib.metadata
from collections.abc import Sequence

import uvicorn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
GRACEFUL_SHUTDOWN_SECONDS = 3


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


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, print the URL and serve until interrupted."""
    args = build_parser().parse_args(argv)
    if not 0 < args.port < 65536:
        build_parser().error(f"--port must be between 1 and 65535, got {args.port}")
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"NN Playground: open http://{shown_host}:{args.port}", flush=True)
    # Live streams never end by themselves: give them a moment on Ctrl+C, then close them.
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        reload=args.reload,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    return 0
