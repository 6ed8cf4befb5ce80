"""`invoiced-netsuite credit-note ...`: credit notes, and applying them to a customer's invoices."""

from __future__ import annotations

from typing import Annotated

import typer

from application.credit_notes import CreditNotes
from application.errors import InvalidInput
from application.ports import CreditNoteFilter
from domain.credit_note import CreditNote
from entrypoints.cli.company import CompanyOption
from entrypoints.cli.context import services
from entrypoints.cli.invoice import DiscountOption, TaxOption, customer_names
from entrypoints.cli.output import JsonOption, print_json, print_table, say
from entrypoints.cli.parsing import (
    ITEM_FORMAT,
    parse_adjustment,
    parse_credit_applications,
    parse_date,
    parse_item,
)
from entrypoints.cli.views import (
    CREDIT_NOTE_COLUMNS,
    LINE_COLUMNS,
    credit_note_json,
    credit_note_row,
    line_row,
    money,
)

app = typer.Typer(
    help="Credit notes: what is owed back to a customer, applied to its invoices.", no_args_is_help=True
)

CreditNoteArgument = Annotated[int, typer.Argument(help="The credit note's id (see `credit-note list`).")]


def _credit_notes() -> CreditNotes:
    services().prepare()
    notes: CreditNotes = services().container.credit_notes()
    return notes


def show(note: CreditNote, heading: str, as_json: bool) -> None:
    if as_json:
        print_json(credit_note_json(note))
        return
    currency = note.currency.upper()
    say(
        f"{heading} {note.number} (id {note.id}): {note.status.value}, total {money(note.total.amount)} "
        f"{currency}, applied {money(note.applied.amount)} {currency}, balance {money(note.balance.amount)} "
        f"{currency}"
    )
    print_table(None, LINE_COLUMNS, [line_row(line) for line in note.items])


@app.command("add")
def add_credit_note(
    company_id: CompanyOption,
    customer_id: Annotated[int, typer.Option("--customer", help="The customer's id.")],
    items: Annotated[
        list[str] | None, typer.Option("--item", help=f"A line as {ITEM_FORMAT}; repeat for more lines.")
    ] = None,
    discounts: DiscountOption = None,
    taxes: TaxOption = None,
    draft: Annotated[bool, typer.Option("--draft", help="Keep it as a draft (not yet issued).")] = False,
    currency: Annotated[
        str | None, typer.Option("--currency", help="ISO code (default: the customer's, else usd).")
    ] = None,
    note_date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    number: Annotated[
        str | None, typer.Option("--number", help="Credit note number (default: the next CN-00001).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Issue a credit note: one --item per line (amounts positive, as on an invoice)."""
    if not items:
        raise InvalidInput(f"A credit note needs at least one --item {ITEM_FORMAT}.", param="--item")
    note = _credit_notes().create(
        company_id,
        customer_id,
        [parse_item(item) for item in items],
        number=number,
        currency=currency,
        date=parse_date(note_date, "--date"),
        draft=draft,
        discounts=[parse_adjustment(d, "--discount") for d in discounts or []],
        taxes=[parse_adjustment(t, "--tax") for t in taxes or []],
    )
    show(note, "Drafted credit note" if note.draft else "Issued credit note", as_json)


@app.command("list")
def list_credit_notes(
    company_id: CompanyOption,
    customer_id: Annotated[int | None, typer.Option("--customer", help="Only this customer's.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The company's credit notes, with what is applied and what is left."""
    notes = _credit_notes().list(company_id, CreditNoteFilter(customer_id=customer_id)).items
    if as_json:
        print_json([credit_note_json(n) for n in notes])
        return
    names = customer_names(services().ledger(), company_id)
    print_table(
        f"Credit notes of company {company_id}",
        CREDIT_NOTE_COLUMNS,
        [credit_note_row(n, names) for n in notes],
    )


@app.command("apply")
def apply_credit_note(
    company_id: CompanyOption,
    credit_note_id: CreditNoteArgument,
    invoice_ids: Annotated[
        list[int] | None, typer.Option("--invoice", help="An invoice it pays; repeat with its own --amount.")
    ] = None,
    amounts: Annotated[
        list[str] | None,
        typer.Option("--amount", help="The credit applied to the --invoice before it, e.g. 10.00."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Apply a credit note to one or more of its customer's invoices (all or nothing)."""
    applications = parse_credit_applications(invoice_ids or [], amounts or [], credit_note_id)
    services().ledger().record_payment(company_id, applied_to=applications)
    show(_credit_notes().get(company_id, credit_note_id), "Applied credit note", as_json)


@app.command("void")
def void_credit_note(
    company_id: CompanyOption, credit_note_id: CreditNoteArgument, as_json: JsonOption = False
) -> None:
    """Void a credit note (void the payments that apply it first)."""
    show(_credit_notes().void(company_id, credit_note_id), "Voided credit note", as_json)
