"""Which payments received on Invoiced are reconciled to NetSuite, and what is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from domain.link import Link
from domain.netsuite import PaymentApplicationRecord, PaymentRecord
from domain.payment import Payment
from domain.policies.invoices_to_netsuite import currency_problem
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin


def payment_needs_writing(payment: Payment, link: Link | None, start_date: dt.date | None) -> bool:
    """Payments received on Invoiced (never ones that came from NetSuite), not voided, with money
    received (a payment that only applies credit notes is written on the credit memos), dated on or
    after the start date, not yet reconciled or changed since."""
    if payment.origin is not Origin.INVOICED or payment.voided:
        return False
    if not payment.total.is_positive:
        return False  # it only applies credit notes: NetSuite applies those on the credit memo
    if start_date is not None and payment.date < start_date:
        return False
    return link is None or link.is_behind(payment.version)


def invoices_not_in_netsuite(payment: Payment, invoice_netsuite_ids: Mapping[int, str]) -> list[int]:
    """The invoices this payment is applied to that have no NetSuite twin yet."""
    return [a.invoice_id for a in payment.cash_applications if a.invoice_id not in invoice_netsuite_ids]


def waiting_for_invoices(payment: Payment, invoice_labels: list[str]) -> RecordProblem:
    """A payment whose invoice is not in NetSuite yet waits; the error clears once it goes through."""
    return RecordProblem(
        message=(
            f"{payment.label} is applied to {', '.join(invoice_labels)}, "
            f"which {'is' if len(invoice_labels) == 1 else 'are'} not in NetSuite yet."
        ),
        code=ProblemCode.INVOICE_NOT_IN_NETSUITE,
        hint=(
            "Nothing to do if the invoice is being written: the payment goes through by itself once "
            "it is in NetSuite. Otherwise fix the invoice's own sync error first."
        ),
    )


def payment_record_for(
    payment: Payment,
    *,
    external_id: str,
    customer_internal_id: str,
    invoice_netsuite_ids: Mapping[int, str],
    netsuite_currencies: Collection[str],
    deposit_account_id: str | None,
) -> PaymentRecord | RecordProblem:
    """The NetSuite customer payment applied to the invoices' NetSuite twins (all must be linked),
    deposited to the settings' account, or to undeposited funds when none is set."""
    problem = currency_problem(payment.label, payment.currency, netsuite_currencies)
    if problem is not None:
        return problem
    missing = invoices_not_in_netsuite(payment, invoice_netsuite_ids)
    if missing:
        return waiting_for_invoices(payment, [f"invoice #{invoice_id}" for invoice_id in missing])
    return PaymentRecord(
        external_id=external_id,
        customer_internal_id=customer_internal_id,
        date=payment.date,
        currency=payment.currency,
        amount=payment.amount,
        applications=tuple(
            PaymentApplicationRecord(invoice_netsuite_ids[a.invoice_id], a.amount)
            for a in payment.cash_applications
        ),
        reference=payment.reference,
        memo=payment.notes,
        deposit_account_id=deposit_account_id,
    )
