"""The dashboard shows credits: the Invoices list says what credit notes paid, and the Credit Notes
list what each credit note has applied and has left, with its NetSuite status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from application.ledger import ApplicationInput, LineInput, NewCompany
from tests.api.test_dashboard_netsuite import Dashboard, connected, dashboard  # noqa: F401 (fixtures)


def test_credited_amounts_and_the_credit_notes_list(
    connected: Dashboard,  # noqa: F811
    container: Any,
    company: NewCompany,
) -> None:
    ledger, notes = container.ledger(), container.credit_notes()
    company_id = company.company.id
    customer = ledger.create_customer(company_id, "Wayne Enterprises")
    invoice = ledger.create_invoice(
        company_id, customer.id, [LineInput("Consulting", Decimal(1), Decimal(500))]
    )
    note = notes.create(company_id, customer.id, [LineInput("Refund", Decimal(1), Decimal("120.50"))])
    ledger.record_payment(company_id, applied_to=[ApplicationInput(invoice.id, Decimal("100"), note.id)])

    invoices = connected.get("/dashboard/invoices")
    listed = connected.get("/dashboard/credit-notes")

    assert "Credited" in invoices and "100.00" in invoices and "400.00" in invoices
    assert "CN-00001" in listed and "Wayne Enterprises" in listed
    assert "120.50" in listed and "20.50" in listed and "Not synced" in listed
    assert 'href="/dashboard/credit-notes" aria-current="page"' in listed
