import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from app.cli import build_parser, main
from tests.live import ROOT, free_port


@pytest.mark.parametrize("command", [["nn-playground"], [sys.executable, "-m", "app"]])
def test_help_lists_the_options(command: list[str]) -> None:
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for option in ("--host", "--port", "--reload", "--version"):
        assert option in result.stdout


def test_defaults_are_loopback_port_8000() -> None:
    args = build_parser().parse_args([])
    assert (args.host, args.port, args.reload) == ("127.0.0.1", 8000, False)


def test_port_out_of_range_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--port", "70000"])
    assert stopped.value.code == 2
    assert "between 1 and 65535" in capsys.readouterr().err


def run_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` as a person would type it, with extra environment variables."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [
        ("NN_PLAYGROUND_MAX_SESSIONS", "zero", "an integer >= 1 and <= 100000"),
        ("NN_PLAYGROUND_KEEPALIVE", "-1", "a number > 0"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2(
    variable: str, value: str, allowed: str
) -> None:
    result = run_command("--port", str(free_port()), **{variable: value})
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert f"{variable}='{value}'" in line
    assert f"(allowed: {allowed})" in line


def test_a_port_in_use_is_one_line_and_a_failure() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_command("--port", str(port))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"nn-playground: port {port} is already in use: pick another with --port"
    ]


def test_the_banner_comes_once_the_server_answers() -> None:
    port = free_port()
    command = [sys.executable, "-m", "app", "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as server:
        try:
            assert server.stdout is not None
            banner = server.stdout.readline()
            # No waiting here: the line promises a server that already answers.
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as answer:
                status = answer.status
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert banner == f"NN Playground: open http://127.0.0.1:{port}\n"
    assert status == 200
