"""Which credit notes issued on Invoiced are written to NetSuite as credit memos, and what is written.

The credit memo carries the credit note's lines (discounts and taxes on the settings' items, as for
invoices) and, in its apply list, every credit application made on Invoiced (payments' credit_note
entries that are not voided), each on the NetSuite twin of its invoice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal

from domain.credit_note import CreditNote
from domain.link import Link
from domain.netsuite import CreditMemoRecord, PaymentApplicationRecord
from domain.payment import Payment
from domain.policies.invoices_to_netsuite import (
    adjustment_problem,
    currency_problem,
    document_lines,
    item_problem,
)
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin


def credit_note_needs_writing(note: CreditNote, link: Link | None, start_date: dt.date | None) -> bool:
    """Issued credit notes created on Invoiced (never ones imported from NetSuite), not voided, dated
    on or after the start date, changed since they were last written (their applications count as
    changes: NetSuite keeps them on the credit memo)."""
    if note.origin is not Origin.INVOICED or note.draft or note.voided:
        return False
    if start_date is not None and note.date < start_date:
        return False
    return link is None or link.is_behind(note.version)


def credit_applied(note_id: int, payments: Iterable[Payment]) -> dict[int, Decimal]:
    """What this credit note pays of each invoice, over the payments that apply it and are not voided."""
    applied: dict[int, Decimal] = {}
    for payment in payments:
        if payment.voided:
            continue
        for application in payment.credit_applications:
            if application.credit_note_id == note_id:
                applied[application.invoice_id] = applied.get(application.invoice_id, Decimal(0)) + (
                    application.amount
                )
    return applied


def unwritable_credit_note(
    note: CreditNote,
    *,
    fallback_item_id: str | None,
    discount_item_id: str | None,
    tax_item_id: str | None,
    netsuite_currencies: Collection[str],
) -> RecordProblem | None:
    return (
        currency_problem(note.label, note.currency, netsuite_currencies)
        or item_problem(note, fallback_item_id)
        or adjustment_problem(note, discount_item_id, tax_item_id)
    )


def waiting_for_credited_invoices(note: CreditNote, invoice_labels: list[str]) -> RecordProblem:
    return RecordProblem(
        message=(
            f"{note.label} is applied to {', '.join(invoice_labels)}, "
            f"which {'is' if len(invoice_labels) == 1 else 'are'} not in NetSuite yet."
        ),
        code=ProblemCode.INVOICE_NOT_IN_NETSUITE,
        hint=(
            "Nothing to do if the invoice is being written: the credit memo goes through by itself once "
            "it is in NetSuite. Otherwise fix the invoice's own sync error first."
        ),
    )


def credit_memo_record_for(
    note: CreditNote,
    *,
    external_id: str,
    customer_internal_id: str,
    applied: Mapping[int, Decimal],
    invoice_netsuite_ids: Mapping[int, str],
    invoice_labels: Mapping[int, str],
    fallback_item_id: str | None,
    discount_item_id: str | None,
    tax_item_id: str | None,
    netsuite_currencies: Collection[str],
    subsidiary_id: str | None = None,
) -> CreditMemoRecord | RecordProblem:
    """The NetSuite credit memo for a credit note, applied where Invoiced applied it, or why not."""
    problem = unwritable_credit_note(
        note,
        fallback_item_id=fallback_item_id,
        discount_item_id=discount_item_id,
        tax_item_id=tax_item_id,
        netsuite_currencies=netsuite_currencies,
    )
    if problem is not None:
        return problem
    missing = [invoice_id for invoice_id in applied if invoice_id not in invoice_netsuite_ids]
    if missing:
        return waiting_for_credited_invoices(
            note, [invoice_labels.get(i, f"invoice #{i}") for i in sorted(missing)]
        )
    return CreditMemoRecord(
        external_id=external_id,
        customer_internal_id=customer_internal_id,
        tran_id=note.number,
        date=note.date,
        currency=note.currency,
        lines=document_lines(
            note,
            fallback_item_id=fallback_item_id,
            discount_item_id=discount_item_id,
            tax_item_id=tax_item_id,
        ),
        applications=tuple(
            PaymentApplicationRecord(invoice_netsuite_ids[invoice_id], amount)
            for invoice_id, amount in sorted(applied.items())
        ),
        memo=note.notes,
        subsidiary_id=subsidiary_id,
    )
