"""`db upgrade` on the embedded defaults (`demo`, which now runs the NetSuite story against the sandbox,
is tested in tests/e2e/test_demo_command.py)."""

from __future__ import annotations

import pytest

from adapters.persistence import head_revision
from tests.cli.conftest import Cli


def test_db_upgrade_brings_a_new_database_to_the_head_and_is_idempotent(cli: Cli) -> None:
    first = cli.json("db", "upgrade")
    second = cli.json("db", "upgrade")

    assert (first["previous_revision"], first["revision"], first["upgraded"]) == (None, head_revision(), True)
    assert (second["previous_revision"], second["revision"], second["upgraded"]) == (
        head_revision(),
        head_revision(),
        False,
    )
    assert "up to date" in cli.ok("db", "upgrade").stdout
    cli.json("company", "create", "Works after upgrade")


def test_db_upgrade_never_prints_the_database_password(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app:pa55word@127.0.0.1:9/none")

    result = cli.run("db", "upgrade")

    assert result.exit_code == 1
    assert "pa55word" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "check DATABASE_URL" in result.stderr
