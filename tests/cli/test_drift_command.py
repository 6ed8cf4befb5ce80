"""`drift --company ID [--repair] [--json]` against the sandbox: agreement after a sync, then a NetSuite
user's edit named with its cause and repaired by one write; NetSuite is read in one SuiteQL page for the
linked invoices, and a second repair sends nothing."""

from __future__ import annotations

import pytest

from application.integration.drift_repairs import DriftRepairs
from application.integration.errors import SyncBusy
from netsuite_sandbox import SandboxServer
from tests.cli.conftest import Cli
from tests.cli.test_integration_commands import company  # noqa: F401  (a connected company)


@pytest.mark.sandbox_seed("demo")
def test_drift_says_both_sides_agree_then_names_an_invoice_edited_in_netsuite(
    cli: Cli,
    company: str,  # noqa: F811
    netsuite_sandbox: SandboxServer,
) -> None:
    cli.json("settings", "set", "--company", company, "--fallback-item-id", "201")
    customer = cli.json("customer", "add", "--company", company, "Northwind Traders", "--currency", "usd")
    customer_id = str(customer["id"])
    cli.json("invoice", "add", "--company", company, "--customer", customer_id, "--item", "Workshop:2:100")
    cli.json("sync", "--company", company)
    netsuite_sandbox.request_stats.clear()

    agreed = cli.json("drift", "--company", company)

    suiteql = netsuite_sandbox.stats()["requests"]["by_endpoint"].get("POST /query/v1/suiteql", {})
    assert agreed["in_agreement"] is True and agreed["differences"] == []
    assert agreed["invoiced"] == agreed["netsuite"] and agreed["compared"] == 7
    assert sum(suiteql.values()) == 1  # one page for all the linked invoices

    (ours,) = [
        row["id"]
        for row in netsuite_sandbox.store.connection.execute(
            """SELECT id FROM "transaction" WHERE externalid LIKE 'invd-%' AND type = 'CustInvc'"""
        )
    ]
    netsuite_sandbox.act_as_user(  # a NetSuite user's edit, through the record API
        "PATCH",
        f"record/v1/invoice/{ours}",
        {"item": {"items": [{"item": {"id": "201"}, "quantity": 1, "rate": 150}]}},
    )
    report = cli.json("drift", "--company", company)
    table = cli.ok("drift", "--company", company).stdout

    (difference,) = report["differences"]
    assert (difference["cause"], difference["invoiced_total"], difference["netsuite_total"]) == (
        "changed_in_netsuite",
        "200.00",
        "350.00",  # a line of 150.00 added in NetSuite (a PATCH appends to the item sublist)
    )
    assert difference["repairable"] is True and "write" in difference["what_to_do"]
    assert "1 difference among 7 linked invoices." in table and "changed in netsuite" in table

    netsuite_sandbox.request_stats.clear()
    repaired = cli.json("drift", "--company", company, "--repair")

    puts = netsuite_sandbox.stats()["requests"]["by_endpoint"].get(
        "PUT /record/v1/invoice/eid:{externalId}", {}
    )
    assert repaired["rewritten"] == [difference["invoice"]]
    assert repaired["run"]["status"] == "succeeded" and repaired["run"]["counts"]["invoices_written"] == 1
    assert sum(puts.values()) == 1  # the one edited invoice, by its external id
    assert repaired["after"]["in_agreement"] is True
    netsuite_sandbox.request_stats.clear()

    again = cli.json("drift", "--company", company, "--repair")

    assert again["run"] is None and again["summary"] == "Nothing to repair: both sides already agree."
    by_endpoint = netsuite_sandbox.stats()["requests"]["by_endpoint"]
    assert not any(endpoint.startswith("PUT") for endpoint in by_endpoint)
    runs = cli.json("runs", "--company", company)
    assert any(run["id"] == repaired["run"]["id"] for run in runs)  # in Recent Syncs like any run


def test_a_repair_while_another_sync_runs_says_so_and_repairs_nothing(
    cli: Cli,
    company: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def busy(self: DriftRepairs, company_id: int, trigger: object = None) -> None:
        raise SyncBusy(company_id)

    monkeypatch.setattr(DriftRepairs, "repair", busy)

    result = cli.run("drift", "--company", company, "--repair")

    assert result.exit_code != 0
    assert "Another sync or import is running" in result.output and "nothing was repaired" in result.output
