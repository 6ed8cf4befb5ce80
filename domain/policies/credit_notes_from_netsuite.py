"""How a NetSuite credit memo applied to invoices Invoiced knows becomes an Invoiced credit note.

The credit note is NetSuite's (origin netsuite, never written back); its applications to the invoices
Invoiced knows become a payment of credit_note entries, as Invoiced's own NetSuite integration brings
them ("synthetic payments with type=credit_note"). An application NetSuite made before one of those
invoices was imported is already inside that invoice's imported balance and is not applied twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from domain.credit_note import CreditNote
from domain.link import Link
from domain.netsuite import NetSuiteCreditMemo
from domain.payment import Payment, PaymentApplication
from domain.policies.invoices_from_netsuite import document_from_netsuite
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin


def credit_label(memo: NetSuiteCreditMemo) -> str:
    return f"NetSuite credit memo {memo.tran_id}"


def inside_imported_balance(memo: NetSuiteCreditMemo, invoice_link: Link) -> bool:
    """An invoice imported from NetSuite came with what was owed then: a credit memo NetSuite last
    changed before (or in the second of) that import is already counted in its balance."""
    if invoice_link.origin is not Origin.NETSUITE or memo.last_modified is None:
        return False
    as_of = invoice_link.netsuite_as_of or invoice_link.first_synced_at
    return memo.last_modified.replace(microsecond=0) <= as_of.replace(microsecond=0)


def known_applications(memo: NetSuiteCreditMemo, invoice_links: Mapping[str, Link]) -> dict[int, Decimal]:
    """What the credit memo applies to each invoice Invoiced knows (local id → amount), leaving out
    invoices Invoiced does not know and credits already inside an imported balance."""
    applied: dict[int, Decimal] = {}
    for application in memo.applications:
        link = invoice_links.get(application.invoice_internal_id)
        if link is None or inside_imported_balance(memo, link):
            continue
        applied[link.local_id] = applied.get(link.local_id, Decimal(0)) + application.amount
    return applied


def credit_note_from_netsuite(
    memo: NetSuiteCreditMemo,
    *,
    company_id: int,
    customer_id: int,
    item_names: Mapping[str, str],
    now: dt.datetime,
) -> CreditNote:
    """A new Invoiced credit note (origin netsuite) with NetSuite's lines, discounts and taxes.
    Raises a DomainError when NetSuite's values cannot make one."""
    items, discounts, taxes = document_from_netsuite(memo, item_names)
    return CreditNote(
        company_id=company_id,
        customer_id=customer_id,
        number=memo.tran_id,
        currency=memo.currency,
        date=memo.date,
        items=items,
        created_at=now,
        updated_at=now,
        discounts=discounts,
        taxes=taxes,
        notes=memo.memo or None,
        origin=Origin.NETSUITE,
    )


def credit_applications_payment(
    memo: NetSuiteCreditMemo, note: CreditNote, applied: Mapping[int, Decimal], now: dt.datetime
) -> Payment:
    """The payment of credit_note entries that applies the credit note where NetSuite applied it."""
    assert note.id is not None, "the credit note is stored first"
    return Payment(
        company_id=note.company_id,
        customer_id=note.customer_id,
        currency=note.currency,
        amount=Decimal(0),
        date=memo.date,
        created_at=now,
        updated_at=now,
        applied_to=[
            PaymentApplication(invoice_id, amount, credit_note_id=note.id)
            for invoice_id, amount in sorted(applied.items())
        ],
        reference=memo.tran_id,
        origin=Origin.NETSUITE,
    )


def credit_number_taken(memo: NetSuiteCreditMemo, existing: CreditNote) -> RecordProblem:
    return RecordProblem(
        message=(
            f"{credit_label(memo)} has the same number as {existing.label} on Invoiced, so it was not "
            "imported (nothing was overwritten)."
        ),
        code=ProblemCode.NUMBER_TAKEN,
        hint=(
            f"If they are the same credit, void {existing.label} on Invoiced; otherwise renumber one. "
            "Then retry."
        ),
    )


def credit_refused(memo: NetSuiteCreditMemo, reason: str) -> RecordProblem:
    return RecordProblem(
        message=f"{credit_label(memo)} could not be applied on Invoiced: {reason}",
        code=ProblemCode.OVERPAYMENT,
        hint="Check the invoices' balances on Invoiced against NetSuite, correct the one that is wrong, "
        "then retry.",
    )


def credit_for_several_customers(memo: NetSuiteCreditMemo) -> RecordProblem:
    return RecordProblem(
        message=f"{credit_label(memo)} is applied to invoices of different customers on Invoiced.",
        code=ProblemCode.INVALID_RECORD,
        hint="Correct the invoices' customers on Invoiced (or the credit memo in NetSuite), then retry.",
    )
