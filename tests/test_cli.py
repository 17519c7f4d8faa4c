import subprocess
import sys

import pytest

from app.cli import build_parser, main


@pytest.mark.parametrize("command", [["nn-playground"], [sys.executable, "-m", "app"]])
def test_help_lists_the_options(command: list[str]) -> None:
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for option in ("--host", "--port", "--reload"):
        assert option in result.stdout


def test_defaults_are_loopback_port_8000() -> None:
    args = build_parser().parse_args([])
    assert (args.host, args.port, args.reload) == ("127.0.0.1", 8000, False)


def test_port_out_of_range_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--port", "70000"])
    assert stopped.value.code == 2
    assert "between 1 and 65535" in capsys.readouterr().err
