"""`db upgrade` and `demo` (what `make demo` runs) on the embedded defaults."""

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


def test_demo_creates_a_company_with_invoices_and_prints_them(cli: Cli) -> None:
    output = cli.ok("demo").stdout

    assert "Created company" in output and "API key" in output
    for shown in (
        "INV-00001",
        "INV-00004",
        "past_due",
        "not_sent",
        "paid",
        "draft",
        "250.00 USD",
        "CHK-1001",
    ):
        assert shown in output
    invoices = cli.json("invoice", "list", "--company", cli.json("company", "list")[0]["id"])
    assert {i["status"] for i in invoices} == {"past_due", "not_sent", "paid", "draft"}
    partly_paid = next(i for i in invoices if i["status"] == "not_sent")
    assert (partly_paid["total"], partly_paid["amount_paid"], partly_paid["balance"]) == (
        "450.00",
        "200.00",
        "250.00",
    )


def test_demo_runs_again_with_a_new_company(cli: Cli) -> None:
    first = cli.json("demo")
    second = cli.json("demo")

    assert second["company"]["id"] != first["company"]["id"]
    assert [i["number"] for i in second["invoices"]] == ["INV-00001", "INV-00002", "INV-00003", "INV-00004"]
    assert all("id" in record for record in (*second["customers"], *second["invoices"], *second["payments"]))
    assert len(cli.json("company", "list")) == 2


def test_demo_on_a_fresh_directory_creates_the_embedded_database(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("DATA_DIR")

    cli.ok("demo")

    assert (cli.workdir / "data" / "invoiced-netsuite.db").is_file()
