"""Voids and edits made on Invoiced, synced over real HTTP to the sandbox: what NetSuite's own SuiteQL
shows afterwards, and that a second sync deletes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.netsuite import RestNetSuiteGatewayFactory
from application.integration import AccountingSync, ConnectRequest, NetSuiteConnections, SettingsChange
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from domain.sync import SyncStatus
from entrypoints.container import SandboxPorts
from netsuite_sandbox import SandboxServer
from tests.application.integration.world import World
from tests.integration.gateway.conftest import QUICK_RETRY, GatewayTo

pytestmark = pytest.mark.integration

D = Decimal


class OverHttp(World):
    """The integration's use cases on memory repositories, talking to the sandbox through the REST gateway."""

    def __init__(self, server: SandboxServer) -> None:
        super().__init__()
        gateways = RestNetSuiteGatewayFactory(retry=QUICK_RETRY, timeout=(5.0, 30.0))
        ports = (self.store, gateways, self.secrets, self.clock)
        self.connections = NetSuiteConnections(*ports, sandbox_ports=SandboxPorts(()))
        self.sync = AccountingSync(*ports, self.locks, self.queue)
        self.server = server

    def connected_to_sandbox(self) -> int:
        company_id = self.company()
        credentials = self.server.credentials
        self.connections.connect(
            ConnectRequest(
                company_id=company_id,
                account_id=self.server.account_id,
                consumer_key=credentials.consumer_key,
                consumer_secret=credentials.consumer_secret,
                token_id=credentials.token_id,
                token_secret=credentials.token_secret,
                base_url=self.server.base_url,
            )
        )
        self.connections.configure(company_id, SettingsChange(fallback_item_id="201"))
        return company_id


def _count(gateway_to: GatewayTo, query: str) -> int:
    (row,) = list(gateway_to().suiteql_rows(query))
    return int(row["n"])


def _deletes(server: SandboxServer) -> int:
    by_endpoint = server.stats()["requests"]["by_endpoint"]
    return sum(sum(statuses.values()) for name, statuses in by_endpoint.items() if name.startswith("DELETE"))


def test_voids_and_a_rename_on_invoiced_reach_netsuite_once(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    world = OverHttp(netsuite_sandbox)
    company = world.connected_to_sandbox()
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1", "250.00")
    other = world.invoice(company, customer.id, "INV-2", "80.00")
    assert invoice.id is not None and other.id is not None
    payment = world.payment(company, customer.id, {invoice.id: "100.00"})
    assert payment.id is not None
    first = world.run_sync(company)
    assert first.status is SyncStatus.SUCCEEDED, first
    assert first.counts == {"customers_written": 1, "invoices_written": 2, "payments_written": 1}
    pay_eid = external_id_for("invd", company, RecordKind.PAYMENT, payment.id)
    inv_link = world.link(company, RecordKind.INVOICE, invoice.id)
    assert inv_link is not None
    assert gateway_to().invoices_by_ids([inv_link.netsuite_id])[0].amount_remaining == D("150.00")

    world.clock.advance(minutes=5)
    world.void_payment(company, payment.id)
    world.void_invoice(company, other.id)
    world.edit_customer(company, customer.id, name="Hooli XYZ")
    netsuite_sandbox.request_stats.clear()
    second = world.run_sync(company)

    assert second.status is SyncStatus.SUCCEEDED, second
    assert second.counts == {"payments_removed": 1, "invoices_removed": 1, "customer_edits_written": 1}
    ours = f"SELECT COUNT(*) AS n FROM transaction WHERE type = 'CustPymt' AND externalid = '{pay_eid}'"
    assert _count(gateway_to, ours) == 0
    (netsuite_invoice,) = gateway_to().invoices_by_ids([inv_link.netsuite_id])
    assert netsuite_invoice.amount_remaining == netsuite_invoice.total == D("250.00")
    inv2_eid = external_id_for("invd", company, RecordKind.INVOICE, other.id)
    assert _count(gateway_to, f"SELECT COUNT(*) AS n FROM transaction WHERE externalid = '{inv2_eid}'") == 0
    (renamed,) = gateway_to().customers_by_ids([world.netsuite_customer_id(company, customer.id)])
    assert renamed.name == "Hooli XYZ"
    assert _count(gateway_to, "SELECT COUNT(*) AS n FROM customer") == 1  # updated, not a second one

    netsuite_sandbox.request_stats.clear()
    third = world.run_sync(company)
    assert third.status is SyncStatus.SUCCEEDED and third.counts == {}
    assert _deletes(netsuite_sandbox) == 0
    assert netsuite_sandbox.stats()["requests"]["total"] <= 5


def test_an_invoice_with_a_netsuite_payment_stays_and_the_error_says_what_to_do(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    world = OverHttp(netsuite_sandbox)
    company = world.connected_to_sandbox()
    world.connections.configure(company, SettingsChange(read_payments=False))  # Invoiced never hears of it
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1", "250.00")
    assert invoice.id is not None
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED
    link = world.link(company, RecordKind.INVOICE, invoice.id)
    assert link is not None
    netsuite_sandbox.seed_records(
        {
            "customerPayments": [
                {
                    "customer": {"id": world.netsuite_customer_id(company, customer.id)},
                    "payment": 40,
                    "apply": {"items": [{"doc": {"id": link.netsuite_id}, "apply": True, "amount": 40}]},
                }
            ]
        }
    )
    world.void_invoice(company, invoice.id)

    run = world.run_sync(company)

    assert run.status is SyncStatus.PARTIAL
    error = world.error_for(company, "Invoice INV-1")
    assert error.message == (
        "Invoice INV-1 was voided on Invoiced, but NetSuite would not remove it: "
        "This record cannot be deleted because it has dependent records."
    )
    assert error.netsuite_code == "USER_ERROR"
    assert error.hint is not None and error.hint.startswith("Void or delete the NetSuite payments applied")
    assert gateway_to().invoices_by_ids([link.netsuite_id])[0].amount_remaining == D("210.00")
