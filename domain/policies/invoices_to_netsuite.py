"""Which Invoiced invoices are written to NetSuite, and what is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from domain.credit_note import CreditNote
from domain.invoice import Invoice
from domain.link import Link
from domain.netsuite import InvoiceLineRecord, InvoiceRecord
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin


def invoice_needs_writing(invoice: Invoice, link: Link | None, start_date: dt.date | None) -> bool:
    """Issued (not draft, not voided) invoices created on Invoiced, dated on or after the start date,
    that changed since they were last written; with no link yet (first sync) every one of them."""
    if invoice.origin is not Origin.INVOICED or invoice.draft or invoice.voided:
        return False
    if start_date is not None and invoice.date < start_date:
        return False
    return link is None or link.is_behind(invoice.version)


def currency_problem(label: str, currency: str, netsuite_currencies: Collection[str]) -> RecordProblem | None:
    """A currency NetSuite does not have, caught before NetSuite answers with a bare 400."""
    if currency.lower() in {code.lower() for code in netsuite_currencies}:
        return None
    return RecordProblem(
        message=f"{label} is in {currency.upper()}, a currency this NetSuite account does not have.",
        code=ProblemCode.CURRENCY_NOT_IN_NETSUITE,
        hint=f"Add {currency.upper()} in NetSuite (Lists > Accounting > Currencies), then retry.",
    )


def item_problem(invoice: Invoice | CreditNote, fallback_item_id: str | None) -> RecordProblem | None:
    """Lines that map to no NetSuite item while no fallback item is set cannot be written."""
    unmapped = [line.name for line in invoice.items if not (line.netsuite_item_id or fallback_item_id)]
    if not unmapped:
        return None
    return RecordProblem(
        message=(
            f"{invoice.label} has lines with no NetSuite item ({', '.join(unmapped)}) "
            "and no fallback item is set."
        ),
        code=ProblemCode.NO_ITEM,
        hint="Set a fallback item id in the settings (the NetSuite internal id of an item), then retry.",
    )


def adjustment_problem(
    document: Invoice | CreditNote, discount_item_id: str | None, tax_item_id: str | None
) -> RecordProblem | None:
    """A document with discounts or taxes needs the setting's discount or tax item to carry them,
    or NetSuite's total would not be Invoiced's."""
    if document.discount.is_positive and not discount_item_id:
        return RecordProblem(
            message=(
                f"{document.label} has {document.discount} in discounts, and no discount item is set "
                "to write them on."
            ),
            code=ProblemCode.NO_DISCOUNT_ITEM,
            hint="Set the Default Discount Item Id in the NetSuite settings (the internal id of a "
            "Discount item), then retry.",
        )
    if document.tax.is_positive and not tax_item_id:
        return RecordProblem(
            message=f"{document.label} has {document.tax} in taxes, and no tax item is set to write them on.",
            code=ProblemCode.NO_TAX_ITEM,
            hint="Set the Default Tax Item Id in the NetSuite settings (the internal id of a sales tax "
            "item), then retry.",
        )
    return None


def document_lines(
    document: Invoice | CreditNote,
    *,
    fallback_item_id: str | None,
    discount_item_id: str | None,
    tax_item_id: str | None,
) -> tuple[InvoiceLineRecord, ...]:
    """Each line on its mapped NetSuite item (else the fallback), then one line with every discount
    on the discount item (negative) and one with every tax on the tax item, so NetSuite's total is
    Invoiced's to the cent. Call after item_problem and adjustment_problem found nothing."""
    lines = [
        InvoiceLineRecord(
            item_id=str(line.netsuite_item_id or fallback_item_id),
            description=line.description or line.name,
            quantity=line.quantity,
            rate=line.unit_cost,
        )
        for line in document.items
    ]
    if document.discount.is_positive:
        lines.append(
            InvoiceLineRecord(str(discount_item_id), "Discounts", Decimal("1"), -document.discount.amount)
        )
    if document.tax.is_positive:
        lines.append(InvoiceLineRecord(str(tax_item_id), "Taxes", Decimal("1"), document.tax.amount))
    return tuple(lines)


def invoice_record_for(
    invoice: Invoice,
    *,
    external_id: str,
    customer_internal_id: str,
    fallback_item_id: str | None,
    netsuite_currencies: Collection[str],
    subsidiary_id: str | None = None,
    discount_item_id: str | None = None,
    tax_item_id: str | None = None,
) -> InvoiceRecord | RecordProblem:
    """The NetSuite invoice for an Invoiced invoice, or why it cannot be written. Each line goes to
    its mapped NetSuite item, else to the fallback item from the settings; discounts and taxes go on
    the settings' discount and tax items."""
    problem = (
        currency_problem(invoice.label, invoice.currency, netsuite_currencies)
        or item_problem(invoice, fallback_item_id)
        or adjustment_problem(invoice, discount_item_id, tax_item_id)
    )
    if problem is not None:
        return problem
    lines = document_lines(
        invoice, fallback_item_id=fallback_item_id, discount_item_id=discount_item_id, tax_item_id=tax_item_id
    )
    return InvoiceRecord(
        external_id=external_id,
        customer_internal_id=customer_internal_id,
        tran_id=invoice.number,
        date=invoice.date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        lines=lines,
        memo=invoice.notes,
        subsidiary_id=subsidiary_id,
    )
