"""`invoiced-netsuite demo` — what `make demo` runs — from a fresh directory, with no services: it starts
its own sandbox, tells the whole story, shows what moved, and can be run again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def test_demo_tells_the_story_and_shows_what_moved_each_way(cli: Cli) -> None:
    result = cli.ok("demo")

    output = result.stdout
    for shown in (
        "Created company 1 (Demo Company)",
        "Customer import",
        "6 customers created from NetSuite",
        "6 invoices imported from NetSuite",
        "1 customer created in NetSuite, 3 invoices written to NetSuite, 2 payments written to NetSuite",
        "Recorded a payment of 1,100.00 USD in NetSuite",
        "1 payment imported from NetSuite",
        "Recent Syncs",
        "Invoiced → NetSuite",
        "NetSuite → Invoiced",
        "Open balances on both sides",
        "In agreement: 9 linked invoices match in total and balance; 3 linked payments match in amount "
        "and applications.",
        "with OAuth 2.0 client credentials",
        "NetSuite minted 1 OAuth 2.0 access token",
        "with token-based auth",
        "7 customers created from NetSuite",
    ):
        assert shown in output
    assert "NO" not in output.split("Open balances on both sides")[1]
    assert output.strip().splitlines()[-1].startswith("Drift report (`invoiced-netsuite drift --company 1`)")
    assert result.stderr == ""
    # Piped, every sentence stays on its line: the story's numbered steps are never cut mid-sentence.
    steps = {line[:2]: line for line in output.splitlines() if line[:2] in {f"{n}." for n in range(1, 10)}}
    assert len(steps) == 9, steps
    assert steps["2."].endswith("lines without a NetSuite item go to item 201 (Consulting Services)."), steps
    assert steps["6."].endswith("(check, CHK-20417)."), steps


def objects_in(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        document,
        document["company"],
        document["netsuite_account"],
        *document["runs"],
        *document["to_netsuite"],
        *document["from_netsuite"],
        *document["balances"],
    ]


def test_demo_runs_again_with_a_new_company_and_a_fresh_sandbox(cli: Cli) -> None:
    first = cli.json("demo")
    second = cli.json("demo")

    assert second["company"]["id"] != first["company"]["id"]
    assert all("id" in thing and "object" in thing for thing in objects_in(second))
    assert [r["status"] for r in second["runs"]] == ["succeeded"] * 4
    assert len(second["to_netsuite"]) == len(first["to_netsuite"]) == 6
    assert len(second["from_netsuite"]) == len(first["from_netsuite"]) == 13
    assert all(b["agrees"] for b in second["balances"]) and len(second["balances"]) == 9
    assert second["drift"]["in_agreement"] and second["drift"]["compared"] == 9
    amounts = [r["amount"] for r in second["to_netsuite"] if r["amount"] is not None]
    assert amounts == ["2810.40", "900.00", "1100.00", "2810.40", "1000.00"], "money as plain strings"
    assert {(b["invoiced_balance"], b["netsuite_amount_remaining"]) for b in second["balances"]} >= {
        ("1500.00", "1500.00"),
        ("0.00", "0.00"),
    }
    assert second["netsuite_account"]["auth"] == "oauth2"
    assert (
        second["netsuite_account"]["tokens_minted"] == 1
        and second["netsuite_account"]["bearer_requests"] > 20
    )
    assert second["tba_company"]["auth"] == "tba" and second["tba_company"]["run"]["status"] == "succeeded"
    assert len(cli.json("company", "list")) == 4  # each demo: its story company and a TBA company


def test_demo_on_a_fresh_directory_creates_the_embedded_database(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("DATA_DIR")

    cli.ok("demo")

    assert (cli.workdir / "data" / "invoiced-netsuite.db").is_file()


def test_make_demo_s_command_finishes_well_within_a_minute(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("invoiced-netsuite")
    if not script.exists():
        pytest.skip(f"{script} is not installed (pip install -e .)")
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DATA_DIR", "SECRET_KEY", "LOG_LEVEL")
    }

    finished = subprocess.run(
        [str(script), "demo", "--json"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)["object"] == "demo"
