"""The command line itself: help that says what each command does, usage errors with exit code 2."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("command, says", [
    ([], ["init", "check", "build", "credentials"]),
    (["init"], ["--credential", "Never overwrites"]),
    (["check"], ["--strict", "--json", "assessor would reject"]),
    (["build"], ["build/<credential>-packet.pdf", "--draft", "build/parts/"]),
    (["credentials"], ["ID|PATH"]),
])
def test_every_command_explains_itself(cli, command, says):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    for text in says:
        assert text in result.output, text


def test_a_usage_error_exits_2_without_a_traceback(cli):
    result = cli("check", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in result.output and "Traceback" not in result.output


def test_the_version(cli):
    from mcred import __version__

    assert cli("--version").output.strip() == f"mcred {__version__}"
