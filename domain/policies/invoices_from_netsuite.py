"""How an outstanding NetSuite invoice becomes an Invoiced invoice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from domain.invoice import Invoice, LineItem
from domain.netsuite import NetSuiteInvoice, NetSuiteInvoiceLine
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin

# A line NetSuite totals include but its item lines do not (tax, shipping, header discounts).
BALANCING_LINE = "Tax and other charges"


def _line_name(line: NetSuiteInvoiceLine, item_names: Mapping[str, str]) -> str:
    if line.item_id and item_names.get(line.item_id):
        return item_names[line.item_id]
    if line.description.strip():
        return line.description.strip()
    return f"Item {line.item_id}" if line.item_id else "Line"


def line_items_from_netsuite(invoice: NetSuiteInvoice, item_names: Mapping[str, str]) -> list[LineItem]:
    """The invoice's lines with their real quantity and rate (the item id kept), plus one balancing
    line when NetSuite's total holds charges its item lines do not, so the totals agree."""
    items: list[LineItem] = []
    for line in invoice.lines:
        name = _line_name(line, item_names)
        description = line.description if line.description.strip() != name else ""
        if line.quantity > 0 and line.quantity * line.rate == line.amount:
            quantity, unit_cost = line.quantity, line.rate
        else:  # no usable quantity (discount lines, rounding): keep the line's amount exactly
            quantity, unit_cost = Decimal("1"), line.amount
        items.append(LineItem(name, quantity, unit_cost, description, line.item_id))
    difference = invoice.total - sum((item.amount for item in items), Decimal("0"))
    if difference != 0 or not items:
        items.append(LineItem(BALANCING_LINE, Decimal("1"), difference))
    return items


def invoice_from_netsuite(
    invoice: NetSuiteInvoice,
    *,
    company_id: int,
    customer_id: int,
    item_names: Mapping[str, str],
    now: dt.datetime,
) -> Invoice:
    """A new Invoiced invoice (origin netsuite) whose balance is what NetSuite says is still owed.
    Raises a DomainError when NetSuite's values cannot make an invoice (a bad currency, a long number)."""
    items = line_items_from_netsuite(invoice, item_names)
    total = sum((item.amount for item in items), Decimal("0"))
    paid = min(max(total - invoice.amount_remaining, Decimal("0")), max(total, Decimal("0")))
    due_date = invoice.due_date if invoice.due_date is None or invoice.due_date >= invoice.date else None
    return Invoice(
        company_id=company_id,
        customer_id=customer_id,
        number=invoice.tran_id,
        currency=invoice.currency,
        date=invoice.date,
        items=items,
        created_at=now,
        updated_at=now,
        due_date=due_date,
        amount_paid=paid,
        notes=invoice.memo or None,
        origin=Origin.NETSUITE,
    )


def number_clash(netsuite_label: str, existing: Invoice) -> RecordProblem:
    """A NetSuite invoice whose number an Invoiced invoice already uses: reported, never overwritten."""
    return RecordProblem(
        message=(
            f"{netsuite_label} has the same number as {existing.label} on Invoiced, "
            "so it was not imported (nothing was overwritten)."
        ),
        code=ProblemCode.NUMBER_TAKEN,
        hint=(
            f"If they are the same invoice, void or renumber {existing.label} on Invoiced; "
            "otherwise renumber one of them. Then retry."
        ),
    )
