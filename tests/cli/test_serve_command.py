"""`invoiced-netsuite serve` checks its port before it starts anything."""

from __future__ import annotations

import socket

import pytest

from tests.cli.conftest import Cli

pytestmark = pytest.mark.integration


def test_a_busy_port_is_one_line_naming_it_and_nothing_is_started_or_created(cli: Cli) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]

        result = cli.run("serve", "--demo", "--port", str(port))

    assert result.exit_code == 1
    assert result.stdout == ""  # no "serving…", no API key, no "Press Ctrl-C"
    (line,) = result.stderr.strip().splitlines()
    assert f"Port {port} on 127.0.0.1 is already in use" in line
    assert "--port" in line
    assert cli.json("company", "list") == []  # no demo company was made, so no sync was queued
