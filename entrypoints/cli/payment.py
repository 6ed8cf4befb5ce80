"""`invoiced-netsuite payment ...`: payments received and the invoices they pay."""

from __future__ import annotations

from typing import Annotated

import typer

from application.ledger import Ledger
from domain.payment import PaymentMethod
from entrypoints.cli.company import CompanyOption
from entrypoints.cli.context import services
from entrypoints.cli.invoice import customer_names
from entrypoints.cli.output import JsonOption, print_json, print_table, say
from entrypoints.cli.parsing import parse_applications, parse_date
from entrypoints.cli.views import PAYMENT_COLUMNS, money, payment_json, payment_row

app = typer.Typer(help="Payments received.", no_args_is_help=True)

_METHODS = ", ".join(m.value for m in PaymentMethod)


def invoice_numbers(ledger: Ledger, company_id: int) -> dict[int, str]:
    return {i.id: i.number for i in ledger.list_invoices(company_id).items if i.id is not None}


@app.command("add")
def add_payment(
    company_id: CompanyOption,
    invoice_ids: Annotated[
        list[int] | None, typer.Option("--invoice", help="An invoice it pays; repeat with its own --amount.")
    ] = None,
    amounts: Annotated[
        list[str] | None,
        typer.Option("--amount", help="What is applied to the --invoice before it, e.g. 10.00."),
    ] = None,
    method: Annotated[str, typer.Option("--method", help=f"One of: {_METHODS}.")] = PaymentMethod.OTHER.value,
    reference: Annotated[str | None, typer.Option("--reference", help="Check number, transfer id...")] = None,
    payment_date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a payment applied to one or more invoices (all or nothing)."""
    applications = parse_applications(invoice_ids or [], amounts or [])
    when = parse_date(payment_date, "--date")
    payment = (
        services()
        .ledger()
        .record_payment(
            company_id, applied_to=applications, method=method.strip().lower(), reference=reference, date=when
        )
    )
    if as_json:
        print_json(payment_json(payment))
        return
    say(f"Recorded payment {payment.id}: {money(payment.amount)} {payment.currency.upper()}")


PaymentArgument = Annotated[int, typer.Argument(help="The payment's id (see `payment list`).")]


@app.command("void")
def void_payment(company_id: CompanyOption, payment_id: PaymentArgument, as_json: JsonOption = False) -> None:
    """Void a payment: its amounts go back onto the invoices it paid (and the next sync removes it from
    NetSuite if it was there)."""
    ledger = services().ledger()
    payment = ledger.void_payment(company_id, payment_id)
    if as_json:
        print_json(payment_json(payment))
        return
    numbers = invoice_numbers(ledger, company_id)
    paid = ", ".join(numbers.get(i, str(i)) for i in payment.invoice_ids) or "no invoice"
    say(
        f"Voided payment {payment.id} ({money(payment.amount)} {payment.currency.upper()}); "
        f"the balance of {paid} is back."
    )


@app.command("list")
def list_payments(
    company_id: CompanyOption,
    invoice_id: Annotated[int | None, typer.Option("--invoice", help="Only payments applied to it.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The company's payments and what each is applied to."""
    ledger = services().ledger()
    payments = ledger.list_payments(company_id, invoice_id=invoice_id).items
    if as_json:
        print_json([payment_json(p) for p in payments])
        return
    names, numbers = customer_names(ledger, company_id), invoice_numbers(ledger, company_id)
    print_table(
        f"Payments of company {company_id}",
        PAYMENT_COLUMNS,
        [payment_row(p, names, numbers) for p in payments],
    )
