"""Which records voided on Invoiced are removed from NetSuite, and what a refusal tells the user.

NetSuite's REST API has no void for transactions, so a payment or invoice we wrote there and that was
voided on Invoiced afterwards is deleted (by our external id). Its link stays, marked synced at the
voided version: a voided record can never change again, so a link that is not behind it means "removed
from NetSuite", and the next sync leaves it alone (nothing is deleted twice).
"""

from __future__ import annotations

import datetime as dt

from domain.credit_note import CreditNote
from domain.invoice import Invoice
from domain.link import Link
from domain.netsuite import NetSuiteProblem
from domain.payment import Payment
from domain.policies.problems import ProblemCode, RecordProblem, without_netsuite_preamble
from domain.records import Origin, RecordKind

# NetSuite's words when other records hang on the one to delete ("…because it has dependent records").
_DEPENDANTS = ("depend",)
_PAYMENTS_APPLIED = ("depend", "payment", "applied")


def _voided_and_ours(
    record: Invoice | Payment | CreditNote, link: Link | None, start_date: dt.date | None
) -> bool:
    if record.origin is not Origin.INVOICED or not record.voided:
        return False  # records from NetSuite are NetSuite's: their void stays on Invoiced
    if link is None or link.origin is not Origin.INVOICED:
        return False  # never written to NetSuite, so nothing to remove
    if start_date is not None and record.date < start_date:
        return False  # the start date limits what is reconciled, voids included
    return link.is_behind(record.version)


def payment_needs_removal(payment: Payment, link: Link | None, start_date: dt.date | None) -> bool:
    """A payment received on Invoiced, reconciled to NetSuite, then voided on Invoiced: its
    customerPayment comes out of NetSuite so the invoices there owe again. Payments that came from
    NetSuite are never pushed (no echoes)."""
    return _voided_and_ours(payment, link, start_date)


def invoice_needs_removal(invoice: Invoice, link: Link | None, start_date: dt.date | None) -> bool:
    """An invoice issued on Invoiced, written to NetSuite, then voided on Invoiced. Invoices imported
    from NetSuite are never written back, voided or not."""
    return _voided_and_ours(invoice, link, start_date)


def credit_note_needs_removal(note: CreditNote, link: Link | None, start_date: dt.date | None) -> bool:
    """A credit note issued on Invoiced, written to NetSuite as a credit memo, then voided on Invoiced:
    the credit memo comes out of NetSuite (what it applied is owed again there too)."""
    return _voided_and_ours(note, link, start_date)


def removed_from_netsuite(record: Invoice | Payment | CreditNote, link: Link | None) -> bool:
    """True once a voided record we had written to NetSuite was removed from there."""
    return (
        record.origin is Origin.INVOICED
        and record.voided
        and link is not None
        and link.origin is Origin.INVOICED
        and not link.is_behind(record.version)
    )


def removal_refused(kind: RecordKind, label: str, problem: NetSuiteProblem) -> RecordProblem:
    """NetSuite would not delete a record voided on Invoiced: its message and code, and what to do."""
    message = without_netsuite_preamble(problem.message)
    if problem.passing:
        return RecordProblem(
            message=f"{label} was voided on Invoiced, but NetSuite did not take its removal: {message}",
            code=ProblemCode.NETSUITE_REJECTED,
            hint="Nothing to do: the removal is sent again by the next sync.",
        )
    words = message.lower()
    if RecordKind(kind) is RecordKind.INVOICE:
        hint = (
            "Void or delete the NetSuite payments applied to it first, or void the invoice in NetSuite "
            "by hand, then retry."
            if any(word in words for word in _PAYMENTS_APPLIED)
            else "Correct what NetSuite's message points at, or void the invoice in NetSuite by hand, "
            "then retry."
        )
    elif RecordKind(kind) is RecordKind.CREDIT_NOTE:
        hint = (
            "Correct what NetSuite's message points at, or void the credit memo in NetSuite by hand, "
            "then retry."
        )
    else:
        hint = (
            "Undo what depends on it in NetSuite first (a bank deposit that includes it, say), or void "
            "the payment in NetSuite by hand, then retry."
            if any(word in words for word in _DEPENDANTS)
            else "Correct what NetSuite's message points at, or void the payment in NetSuite by hand, "
            "then retry."
        )
    return RecordProblem(
        message=f"{label} was voided on Invoiced, but NetSuite would not remove it: {message}",
        code=ProblemCode.NETSUITE_REJECTED,
        hint=hint,
        netsuite_code=problem.code,
    )
