"""`invoiced-netsuite demo` (what `make demo` runs): a small ledger story on the embedded defaults.

Each step is a small function so the story can grow (connect NetSuite, import, sync) without rewriting
it. Running it again tells the story again for a new company: nothing is shared between runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import typer

from application.ledger import ApplicationInput, Ledger, LineInput, NewCompany
from domain.customer import Customer
from domain.invoice import Invoice
from domain.payment import Payment
from entrypoints.cli.context import services
from entrypoints.cli.output import JsonOption, print_json, print_table, say
from entrypoints.cli.views import (
    INVOICE_COLUMNS,
    PAYMENT_COLUMNS,
    company_json,
    customer_json,
    invoice_json,
    invoice_row,
    payment_json,
    payment_row,
)

app = typer.Typer()

DEMO_COMPANY_NAME = "Demo Company"


@dataclass
class DemoLedger:
    """What the story created."""

    company: NewCompany
    customers: list[Customer]
    invoices: list[Invoice]
    payments: list[Payment]


def create_demo_company(ledger: Ledger) -> NewCompany:
    return ledger.create_company(DEMO_COMPANY_NAME, email="finance@demo.example")


def add_demo_customers(ledger: Ledger, company_id: int) -> list[Customer]:
    return [
        ledger.create_customer(
            company_id, "Acme Corporation", email="ap@acme.example", currency="usd", payment_terms="NET 30"
        ),
        ledger.create_customer(
            company_id, "Globex Ltd", email="billing@globex.example", currency="usd", payment_terms="NET 15"
        ),
    ]


def write_demo_invoices(
    ledger: Ledger, company_id: int, acme: Customer, globex: Customer, today: date
) -> list[Invoice]:
    """Four invoices that show every status: past due, partly paid, paid (after payments), draft."""

    def line(name: str, quantity: str, unit_cost: str) -> LineInput:
        return LineInput(name=name, quantity=Decimal(quantity), unit_cost=Decimal(unit_cost))

    assert acme.id is not None and globex.id is not None
    return [
        ledger.create_invoice(
            company_id,
            acme.id,
            [line("Widget", "2", "10.50"), line("Setup fee", "1", "99.00")],
            date=today - timedelta(days=45),
        ),
        ledger.create_invoice(
            company_id, acme.id, [line("Consulting (hours)", "3", "150.00")], date=today - timedelta(days=10)
        ),
        ledger.create_invoice(
            company_id, globex.id, [line("Annual support", "1", "600.00")], date=today - timedelta(days=20)
        ),
        ledger.create_invoice(
            company_id, acme.id, [line("Subscription (months)", "12", "25.00")], draft=True
        ),
    ]


def take_demo_payments(ledger: Ledger, company_id: int, invoices: list[Invoice]) -> list[Payment]:
    """Part of the consulting invoice by check; the support invoice in full by wire."""
    consulting, support = invoices[1], invoices[2]
    assert consulting.id is not None and support.id is not None
    return [
        ledger.record_payment(
            company_id,
            applied_to=[ApplicationInput(consulting.id, Decimal("200.00"))],
            method="check",
            reference="CHK-1001",
        ),
        ledger.record_payment(
            company_id,
            applied_to=[ApplicationInput(support.id, Decimal("600.00"))],
            method="wire_transfer",
            reference="WT-2026-17",
        ),
    ]


def tell_ledger_story(ledger: Ledger, today: date) -> DemoLedger:
    """Create a company, its customers, invoices and payments; return them as they stand afterwards."""
    company = create_demo_company(ledger)
    company_id = company.company.id
    assert company_id is not None
    acme, globex = add_demo_customers(ledger, company_id)
    invoices = write_demo_invoices(ledger, company_id, acme, globex, today)
    payments = take_demo_payments(ledger, company_id, invoices)
    return DemoLedger(
        company=company,
        customers=[acme, globex],
        invoices=ledger.list_invoices(company_id).items,
        payments=payments,
    )


def show_demo_ledger(story: DemoLedger, today: date) -> None:
    company = story.company.company
    names = {c.id: c.name for c in story.customers if c.id is not None}
    numbers = {i.id: i.number for i in story.invoices if i.id is not None}
    say(f"Created company {company.id}: {company.name}")
    say(f"API key (shown once): {story.company.api_key}")
    print_table(
        f"Invoices of {company.name} (company {company.id})",
        INVOICE_COLUMNS,
        [invoice_row(i, today, names) for i in story.invoices],
    )
    print_table("Payments", PAYMENT_COLUMNS, [payment_row(p, names, numbers) for p in story.payments])


@app.command("demo")
def demo(as_json: JsonOption = False) -> None:
    """Create a demo company with customers, invoices and payments, and print its invoices.

    Uses DATABASE_URL (by default the SQLite file in ./data/); each run creates a new company."""
    cli = services()
    today = cli.today()
    story = tell_ledger_story(cli.ledger(), today)
    if as_json:
        document: dict[str, object] = {
            "company": {**company_json(story.company.company), "api_key": story.company.api_key},
            "customers": [customer_json(c) for c in story.customers],
            "invoices": [invoice_json(i, today) for i in story.invoices],
            "payments": [payment_json(p) for p in story.payments],
        }
        print_json(document)
        return
    show_demo_ledger(story, today)
