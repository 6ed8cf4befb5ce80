"""Drive the real CLI (Typer's CliRunner) against a fresh SQLite database and DATA_DIR per test."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from entrypoints.cli.main import build_app
from entrypoints.logging_setup import route_to_standard_logging

CONFIGURATION = (
    "DATABASE_URL",
    "REDIS_URL",
    "SMTP_URL",
    "SECRET_KEY",
    "DATA_DIR",
    "PUBLIC_URL",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "NETSUITE_TIMEOUT_SECONDS",
    "EMAIL_FROM",
)


@dataclass
class Cli:
    """Runs `invoiced-netsuite ARGS...` in-process and says what came out."""

    workdir: Path
    database: Path

    def run(self, *args: str, obj: object = None) -> Result:
        return CliRunner().invoke(build_app(), list(args), obj=obj)

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, (
            f"{args} failed ({result.exit_code}): {result.stderr}{result.exception!r}"
        )
        return result

    def json(self, *args: str) -> Any:
        """The one JSON document a command prints with --json."""
        return json.loads(self.ok(*args, "--json").stdout)

    def refused(self, *args: str, code: int = 2) -> str:
        """Run a command that must fail with one clear line on stderr; return that line."""
        result = self.run(*args)
        assert result.exit_code == code, f"{args}: exit {result.exit_code}, stderr {result.stderr!r}"
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
        assert "Traceback" not in result.output
        assert result.stdout == "", "nothing but the error is printed"
        return lines[0]

    def ledger_state(self) -> Any:
        """Everything in the database, read back through the CLI: what a failed command must not change."""
        companies = self.json("company", "list")
        return {
            "companies": companies,
            **{
                f"{group}s of {company['id']}": self.json(group, "list", "--company", str(company["id"]))
                for company in companies
                for group in ("customer", "invoice", "payment")
            },
        }


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    for name in CONFIGURATION:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "ledger.db"
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield Cli(tmp_path, database)
    # Each invocation configures logging for its process; give the next test the logging it had.
    root.handlers[:] = handlers
    root.setLevel(level)
    route_to_standard_logging()


@dataclass
class Acme:
    """A company with one customer, ready for invoices."""

    company: str
    customer: str


@pytest.fixture
def acme(cli: Cli) -> Acme:
    company = cli.json("company", "create", "Acme Holdings", "--email", "finance@acme.example")
    customer = cli.json(
        "customer", "add", "--company", str(company["id"]), "Wile E. Coyote", "--currency", "usd"
    )
    return Acme(str(company["id"]), str(customer["id"]))


def add_invoice(cli: Cli, acme: Acme, *items: str, extra: tuple[str, ...] = ()) -> Any:
    args = ["invoice", "add", "--company", acme.company, "--customer", acme.customer]
    for item in items:
        args += ["--item", item]
    return cli.json(*args, *extra)
