"""Reads against the sandbox's demo company and a bulk account, with the requests they cost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from application.errors import NetSuiteRejected
from domain.netsuite import NetSuiteCurrency, NetSuiteInvoiceStatus
from netsuite_sandbox import SandboxServer
from tests.integration.gateway.conftest import GatewayTo, suiteql_requests

pytestmark = pytest.mark.integration


@pytest.mark.sandbox_seed("demo")
def test_open_invoices_of_the_demo_company(netsuite_sandbox: SandboxServer, gateway_to: GatewayTo) -> None:
    invoices = list(gateway_to().open_invoices())

    assert len(invoices) == 6  # seven invoices, Brightwater's is paid in full
    assert all(invoice.status is NetSuiteInvoiceStatus.OPEN for invoice in invoices)
    license_2025 = next(invoice for invoice in invoices if invoice.memo == "Platform license 2025")
    assert (license_2025.total, license_2025.amount_remaining, license_2025.currency) == (
        Decimal("4800"),
        Decimal("2800"),
        "usd",
    )
    (line,) = license_2025.lines
    assert (line.item_id, line.quantity, line.rate, line.amount) == (
        "202",
        Decimal("1"),
        Decimal("4800"),
        Decimal("4800"),
    )
    advisory = next(invoice for invoice in invoices if invoice.memo == "Q3 advisory")
    assert [(line.quantity, line.amount) for line in advisory.lines] == [
        (Decimal("16"), Decimal("2400")),
        (Decimal("1"), Decimal("600")),
    ]
    assert sum(line.amount for line in advisory.lines) == advisory.total
    duval = next(invoice for invoice in invoices if invoice.memo == "Migration assistance")
    assert (duval.currency, duval.amount_remaining) == ("eur", Decimal("1180"))
    assert all(invoice.date <= datetime.now(UTC).date() and invoice.due_date for invoice in invoices)
    # SuiteQL's clock (to read lastmodifieddate in the user's zone), a page of invoices, their lines
    assert suiteql_requests(netsuite_sandbox) == 3


@pytest.mark.sandbox_seed("demo")
def test_payments_of_the_demo_company_with_their_applications(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to()
    invoices = {invoice.internal_id: invoice for invoice in gateway.open_invoices()}

    payments = sorted(gateway.payments_modified_since(None), key=lambda payment: payment.amount)

    assert [(payment.amount, payment.currency) for payment in payments] == [
        (Decimal("500"), "eur"),
        (Decimal("1200"), "usd"),
        (Decimal("2000"), "usd"),
    ]
    duval_payment, brightwater_payment, acme_payment = payments
    (application,) = acme_payment.applications
    assert application.amount == Decimal("2000")
    assert invoices[application.invoice_internal_id].memo == "Platform license 2025"
    assert brightwater_payment.applications[0].invoice_internal_id not in invoices  # paid in full
    assert all(not payment.voided and payment.last_modified is not None for payment in payments)
    assert (
        duval_payment.customer_internal_id
        == invoices[duval_payment.applications[0].invoice_internal_id].customer_internal_id
    )


@pytest.mark.sandbox_seed("demo")
def test_customers_found_by_name_whatever_the_case_and_spacing(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    found = gateway_to().customers_named(
        ["acme logistics inc.", "  MARIA   lopez ", "Duval & Fils SARL", "Nobody Ltd"]
    )

    by_name = {customer.name: customer for customer in found}
    assert sorted(by_name) == ["Acme Logistics Inc.", "Duval & Fils SARL", "Maria Lopez"]
    assert by_name["Maria Lopez"].is_person and by_name["Duval & Fils SARL"].currency == "eur"
    assert by_name["Acme Logistics Inc."].email == "ap@acmelogistics.example"
    assert suiteql_requests(netsuite_sandbox) == 1 + 1  # and SuiteQL's clock, once per gateway


@pytest.mark.sandbox_seed("demo")
def test_reference_data_and_the_account(netsuite_sandbox: SandboxServer, gateway_to: GatewayTo) -> None:
    gateway = gateway_to()

    assert gateway.currencies() == [NetSuiteCurrency("1", "usd"), NetSuiteCurrency("2", "eur")]
    assert {item.internal_id: item.item_type for item in gateway.items()} == {
        "201": "Service",
        "202": "NonInvtPart",
        "203": "Discount",
        "204": "TaxItem",
    }
    assert len(list(gateway.customers())) == 6
    assert abs(gateway.server_time() - datetime.now(UTC)) < timedelta(seconds=5)
    assert gateway.concurrency_limit() == 5


@pytest.mark.sandbox_seed("bulk:2500")
def test_2500_customers_and_invoices_page_in_pages_of_1000(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to()

    customers = list(gateway.customers())
    assert len(customers) == 2500 and len({customer.internal_id for customer in customers}) == 2500
    assert suiteql_requests(netsuite_sandbox) == 3 + 1  # and SuiteQL's clock, once per gateway

    invoices = list(gateway.open_invoices())
    assert len(invoices) == 2500 and all(len(invoice.lines) == 1 for invoice in invoices)
    assert all(invoice.lines[0].amount == invoice.total for invoice in invoices)
    assert suiteql_requests(netsuite_sandbox) == 4 + 6  # three pages of invoices, each with one lines query


def test_bad_suiteql_is_rejected_with_netsuites_message_and_code(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    with pytest.raises(NetSuiteRejected) as raised:
        list(gateway_to().suiteql_rows("SELECT nosuchcolumn FROM customer"))

    assert raised.value.code == "INVALID_PARAMETER" and raised.value.status == 400
    assert str(raised.value).startswith("Invalid search query.")
    assert "nosuchcolumn" in str(raised.value).lower()
