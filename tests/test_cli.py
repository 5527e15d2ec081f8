"""The console script parses, calls the library and maps errors to exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

import researchlib
from researchlib.cli import build_parser, main


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "researchlib.cli", *args], capture_output=True, text=True, **kw)


def test_version_flag():
    out = _cli("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"researchlib {researchlib.__version__}"


def test_help_lists_subcommands():
    out = _cli("--help")
    assert out.returncode == 0
    for command in ("prepare", "batch", "verify"):
        assert command in out.stdout


@pytest.mark.parametrize("command", ["prepare", "batch", "verify"])
def test_each_subcommand_has_help(command):
    out = _cli(command, "--help")
    assert out.returncode == 0, out.stderr
    assert "usage: researchlib" in out.stdout


def test_unknown_option_is_a_usage_error():
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["prepare", "--no-such-option"])
    assert info.value.code == 2


def test_missing_input_is_a_clean_error(tmp_path, capsys):
    code = main(["prepare", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "nowhere" in err
    assert "Traceback" not in err


def test_verify_without_manifest_is_a_clean_error(tmp_path, capsys):
    code = main(["verify", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "manifest" in err and str(tmp_path) in err

