"""`invoiced-netsuite invoice ...`: write, issue and void invoices."""

from __future__ import annotations

from typing import Annotated

import typer

from application.errors import InvalidInput
from application.ledger import Ledger
from application.ports import InvoiceFilter
from domain.invoice import Invoice
from entrypoints.cli.company import CompanyOption
from entrypoints.cli.context import services
from entrypoints.cli.output import JsonOption, print_json, print_table, say
from entrypoints.cli.parsing import ADJUSTMENT_FORMAT, ITEM_FORMAT, parse_adjustment, parse_date, parse_item
from entrypoints.cli.views import (
    INVOICE_COLUMNS,
    LINE_COLUMNS,
    invoice_json,
    invoice_row,
    line_row,
    money,
    words,
)

app = typer.Typer(help="Invoices of a company.", no_args_is_help=True)

InvoiceArgument = Annotated[int, typer.Argument(help="The invoice's id (see `invoice list`).")]
DiscountOption = Annotated[
    list[str] | None, typer.Option("--discount", help=f"A discount as {ADJUSTMENT_FORMAT}; repeatable.")
]
TaxOption = Annotated[
    list[str] | None, typer.Option("--tax", help=f"A tax as {ADJUSTMENT_FORMAT}; repeatable.")
]


def customer_names(ledger: Ledger, company_id: int) -> dict[int, str]:
    return {c.id: c.name for c in ledger.list_customers(company_id).items if c.id is not None}


def show_invoice(invoice: Invoice, heading: str, as_json: bool) -> None:
    today = services().today()
    if as_json:
        print_json(invoice_json(invoice, today))
        return
    currency = invoice.currency.upper()
    adjustments = ""
    if invoice.discount.is_positive or invoice.tax.is_positive:
        adjustments = (
            f"subtotal {money(invoice.subtotal.amount)}, discounts {money(invoice.discount.amount)}, "
            f"taxes {money(invoice.tax.amount)}, "
        )
    credited = f", credited {money(invoice.credited.amount)}" if invoice.credited.is_positive else ""
    say(
        f"{heading} {invoice.number} (id {invoice.id}): {words(invoice.status(today)).lower()}, {adjustments}"
        f"total {money(invoice.total.amount)} {currency}{credited}, "
        f"balance {money(invoice.balance.amount)} {currency}"
    )
    print_table(None, LINE_COLUMNS, [line_row(line) for line in invoice.items])


@app.command("add")
def add_invoice(
    company_id: CompanyOption,
    customer_id: Annotated[int, typer.Option("--customer", help="The customer's id.")],
    items: Annotated[
        list[str] | None, typer.Option("--item", help=f"A line as {ITEM_FORMAT}; repeat for more lines.")
    ] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Keep it as a draft (not yet issued).")] = False,
    currency: Annotated[
        str | None, typer.Option("--currency", help="ISO code (default: the customer's, else usd).")
    ] = None,
    invoice_date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    due_date: Annotated[
        str | None, typer.Option("--due-date", help="YYYY-MM-DD (default: from the payment terms).")
    ] = None,
    number: Annotated[
        str | None, typer.Option("--number", help="Invoice number (default: the next INV-00001).")
    ] = None,
    discounts: DiscountOption = None,
    taxes: TaxOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write an invoice: one --item per line, and any --discount or --tax on the whole invoice."""
    if not items:
        raise InvalidInput(f"An invoice needs at least one --item {ITEM_FORMAT}.", param="--item")
    lines = [parse_item(item) for item in items]
    when, due = parse_date(invoice_date, "--date"), parse_date(due_date, "--due-date")
    invoice = (
        services()
        .ledger()
        .create_invoice(
            company_id,
            customer_id,
            lines,
            number=number,
            currency=currency,
            date=when,
            due_date=due,
            draft=draft,
            discounts=[parse_adjustment(d, "--discount") for d in discounts or []],
            taxes=[parse_adjustment(t, "--tax") for t in taxes or []],
        )
    )
    show_invoice(invoice, "Drafted invoice" if invoice.draft else "Issued invoice", as_json)


@app.command("list")
def list_invoices(
    company_id: CompanyOption,
    customer_id: Annotated[int | None, typer.Option("--customer", help="Only this customer's.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The company's invoices, with status and balance."""
    ledger = services().ledger()
    invoices = ledger.list_invoices(company_id, InvoiceFilter(customer_id=customer_id)).items
    today = services().today()
    if as_json:
        print_json([invoice_json(i, today) for i in invoices])
        return
    names = customer_names(ledger, company_id)
    print_table(
        f"Invoices of company {company_id}", INVOICE_COLUMNS, [invoice_row(i, today, names) for i in invoices]
    )


@app.command("issue")
def issue_invoice(
    company_id: CompanyOption, invoice_id: InvoiceArgument, as_json: JsonOption = False
) -> None:
    """Issue a draft: it becomes outstanding (and will be written to NetSuite by the next sync)."""
    invoice = services().ledger().issue_invoice(company_id, invoice_id)
    show_invoice(invoice, "Issued invoice", as_json)


@app.command("void")
def void_invoice(company_id: CompanyOption, invoice_id: InvoiceArgument, as_json: JsonOption = False) -> None:
    """Void an invoice (void its payments first, with `payment void`)."""
    ledger = services().ledger()
    try:
        invoice = ledger.void_invoice(company_id, invoice_id)
    except InvalidInput as refused:
        paying = [p.id for p in ledger.list_payments(company_id, invoice_id=invoice_id).items if not p.voided]
        if not paying:
            raise
        commands = "; ".join(f"`invoiced-netsuite payment void --company {company_id} {p}`" for p in paying)
        raise InvalidInput(f"{refused} To void them: {commands}.", refused.param) from None
    show_invoice(invoice, "Voided invoice", as_json)
