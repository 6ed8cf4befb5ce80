"""The drift report over the API: totals on both sides first, then each difference with its cause;
the repair runs one accounting sync that shows in Recent Syncs, and a second one sends nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.memory import InMemoryJobQueue
from adapters.memory.gateway import InMemoryNetSuite
from tests.api.conftest import Api
from tests.api.test_integration import connected  # noqa: F401  (a connected company)


def test_the_drift_report_needs_a_connection(api: Api) -> None:
    response = api.get("/integrations/netsuite/drift")

    assert response.status_code == 404
    assert "not connected to NetSuite" in response.json()["message"]


def test_an_invoice_edited_in_netsuite_is_reported_then_repaired_by_one_sync_run(
    api: Api,
    connected: dict[str, Any],  # noqa: F811
    run_jobs_at_once: InMemoryJobQueue,
    netsuite: InMemoryNetSuite,
    invoice: dict[str, Any],
) -> None:
    api.ok("POST", "/integrations/netsuite/syncs", 202)
    agreed = api.ok("GET", "/integrations/netsuite/drift")
    assert agreed["object"] == "drift_report" and agreed["in_agreement"] is True
    assert agreed["invoiced"] == agreed["netsuite"] == {"totals": {"usd": 300.3}, "balances": {"usd": 300.3}}

    (ours,) = netsuite.invoices
    netsuite.change_invoice_total(ours, Decimal("250.00"))
    report = api.ok("GET", "/integrations/netsuite/drift")

    assert report["in_agreement"] is False
    assert report["netsuite"]["totals"] == {"usd": 250.0}
    (difference,) = report["invoice_differences"]
    assert difference["invoice"] == invoice["id"] and difference["cause"] == "changed_in_netsuite"
    assert (difference["invoiced_total"], difference["netsuite_total"]) == (300.3, 250.0)
    assert difference["repairable"] is True

    netsuite.reset_counts()
    repaired = api.ok("POST", "/integrations/netsuite/drift/repairs")

    assert repaired["object"] == "drift_repair" and repaired["attempted"] == 1
    assert repaired["sync"]["status"] == "succeeded" and repaired["sync"]["trigger"] == "api"
    assert repaired["sync"]["counts"]["invoices_written"] == 1
    assert repaired["report"]["in_agreement"] is True
    assert netsuite.invoice(ours).total == Decimal("300.30")
    recent = api.ok("GET", "/integrations/netsuite/syncs")
    assert repaired["sync"]["id"] in [run["id"] for run in recent["data"]]

    netsuite.reset_counts()
    again = api.ok("POST", "/integrations/netsuite/drift/repairs")

    assert again["sync"] is None and again["summary"] == "Nothing to repair: both sides already agree."
    assert not [op for op in netsuite.requests if op.startswith("upsert")]
