"""How an outstanding NetSuite invoice becomes an Invoiced invoice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from domain.adjustments import Discount, Tax
from domain.invoice import Invoice, LineItem
from domain.money import CENT
from domain.netsuite import NetSuiteCreditMemo, NetSuiteInvoice, NetSuiteInvoiceLine, NetSuiteLineKind
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


def _adjustment(line: NetSuiteInvoiceLine) -> Discount | Tax | None:
    """A discount or tax line NetSuite marked as one, as Invoiced's discount or tax; None when its
    amount cannot be one (zero, the wrong sign, fractions of a cent): it then goes to the balance."""
    amount = -line.amount if line.kind is NetSuiteLineKind.DISCOUNT else line.amount
    if amount <= 0 or amount != amount.quantize(CENT):
        return None
    name = line.description.strip() or None
    if line.kind is NetSuiteLineKind.DISCOUNT:
        return Discount(amount, coupon=name[:64] if name else None)
    return Tax(amount, tax_rate=name[:64] if name else None)


def document_from_netsuite(
    document: NetSuiteInvoice | NetSuiteCreditMemo, item_names: Mapping[str, str]
) -> tuple[list[LineItem], list[Discount], list[Tax]]:
    """The lines, discounts and taxes of a NetSuite invoice or credit memo: wherever NetSuite says a
    line is a discount or a tax, it becomes one; the other lines keep their real quantity and rate
    (the item id kept); one balancing line is added only when NetSuite's total still holds charges
    none of these do, so the totals agree."""
    discounts: list[Discount] = []
    taxes: list[Tax] = []
    plain: list[NetSuiteInvoiceLine] = []
    for line in document.lines:
        adjustment = _adjustment(line) if line.kind is not NetSuiteLineKind.ITEM else None
        if isinstance(adjustment, Discount):
            discounts.append(adjustment)
        elif isinstance(adjustment, Tax):
            taxes.append(adjustment)
        else:
            plain.append(line)
    items = _items(plain, item_names)
    counted = sum((item.amount for item in items), Decimal("0"))
    counted += sum((t.amount for t in taxes), Decimal("0")) - sum((d.amount for d in discounts), Decimal("0"))
    difference = document.total - counted
    if difference != 0 or not items:
        items.append(LineItem(BALANCING_LINE, Decimal("1"), difference))
    return items, discounts, taxes


def line_items_from_netsuite(invoice: NetSuiteInvoice, item_names: Mapping[str, str]) -> list[LineItem]:
    """The invoice's lines with their real quantity and rate (the item id kept), plus one balancing
    line when NetSuite's total holds charges its item lines do not, so the totals agree."""
    items = _items(invoice.lines, item_names)
    difference = invoice.total - sum((item.amount for item in items), Decimal("0"))
    if difference != 0 or not items:
        items.append(LineItem(BALANCING_LINE, Decimal("1"), difference))
    return items


def _items(lines: Sequence[NetSuiteInvoiceLine], item_names: Mapping[str, str]) -> list[LineItem]:
    items: list[LineItem] = []
    for line in lines:
        name = _line_name(line, item_names)
        description = line.description if line.description.strip() != name else ""
        if line.quantity > 0 and line.quantity * line.rate == line.amount:
            quantity, unit_cost = line.quantity, line.rate
        else:  # no usable quantity (discount lines, rounding): keep the line's amount exactly
            quantity, unit_cost = Decimal("1"), line.amount
        items.append(LineItem(name, quantity, unit_cost, description, line.item_id))
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
    items, discounts, taxes = document_from_netsuite(invoice, item_names)
    total = invoice.total
    paid = min(max(total - invoice.amount_remaining, Decimal("0")), max(total, Decimal("0")))
    due_date = invoice.due_date if invoice.due_date is None or invoice.due_date >= invoice.date else None
    return Invoice(
        company_id=company_id,
        customer_id=customer_id,
        number=invoice.tran_id,
        currency=invoice.currency,
        date=invoice.date,
        items=items,
        discounts=discounts,
        taxes=taxes,
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
