"""How a payment recorded in NetSuite lands on Invoiced: only what applies to invoices Invoiced knows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import PaymentRuleViolation
from domain.invoice import Invoice
from domain.link import Link
from domain.money import Money
from domain.netsuite import NetSuitePayment, NetSuitePaymentApplication
from domain.payment import Payment, PaymentApplication, PaymentMethod, apply_payment, void_payment
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin


@dataclass(frozen=True, slots=True)
class PaymentFromNetSuite:
    """The part of a NetSuite payment Invoiced takes: applications to known invoices, and the amount
    less what went to invoices Invoiced does not know."""

    applications: tuple[PaymentApplication, ...]
    amount: Decimal
    dropped: tuple[NetSuitePaymentApplication, ...] = ()

    @property
    def nothing_known(self) -> bool:
        return not self.applications


def already_in_imported_balance(payment: NetSuitePayment, invoice_link: Link) -> bool | None:
    """An invoice imported from NetSuite came with what was still owed at that moment, so a payment
    NetSuite last changed before the import is already counted in its balance (never applied twice).
    Both times are NetSuite's (this server's clock may be minutes off; token auth allows five). NetSuite
    keeps whole seconds, so a payment changed in the very second of the import cannot be told by time:
    None says so, and the caller compares balances instead."""
    if invoice_link.origin is not Origin.NETSUITE or payment.last_modified is None:
        return False
    as_of = invoice_link.netsuite_as_of or invoice_link.first_synced_at  # links older than as_of
    changed, imported = payment.last_modified.replace(microsecond=0), as_of.replace(microsecond=0)
    if changed == imported:
        return None
    return changed < imported


def counted_by_balances(local_balance: Decimal, netsuite_remaining: Decimal) -> bool:
    """For a payment changed in the second of its invoice's import: when Invoiced already owes what
    NetSuite says remains, the payment is inside the imported balance."""
    return local_balance == netsuite_remaining


def plan_payment_from_netsuite(
    payment: NetSuitePayment, local_invoice_ids: Mapping[str, int], counted: Collection[str] = ()
) -> PaymentFromNetSuite:
    """Keep the applications to linked invoices (merged per invoice); drop the others — unknown to
    Invoiced, or already `counted` in an imported invoice's balance — and reduce the amount by what
    they carried. A payment with nothing left is left alone by the caller."""
    known: dict[int, Decimal] = {}
    dropped: list[NetSuitePaymentApplication] = []
    for application in payment.applications:
        if application.amount <= 0:
            continue
        local_id = local_invoice_ids.get(application.invoice_internal_id)
        if local_id is None or application.invoice_internal_id in counted:
            dropped.append(application)
        else:
            known[local_id] = known.get(local_id, Decimal("0")) + application.amount
    applications = tuple(PaymentApplication(invoice_id, amount) for invoice_id, amount in known.items())
    applied = sum((a.amount for a in applications), Decimal("0"))
    amount = max(payment.amount - sum((d.amount for d in dropped), Decimal("0")), applied)
    return PaymentFromNetSuite(applications, amount, tuple(dropped))


@dataclass(frozen=True, slots=True)
class Overpayment:
    invoice: Invoice
    applying: Money
    balance: Money


def overpayments(plan: PaymentFromNetSuite, invoices: Mapping[int, Invoice]) -> list[Overpayment]:
    """Applications that are more than their invoice's balance on Invoiced."""
    found = []
    for application in plan.applications:
        invoice = invoices[application.invoice_id]
        if invoice.voided or invoice.draft:
            continue  # the ledger's own rule says why (a voided or draft invoice takes no payment)
        applying = Money(application.amount, invoice.currency)
        if application.amount > invoice.balance.amount:
            found.append(Overpayment(invoice, applying, invoice.balance))
    return found


def overpayment_problem(label: str, found: list[Overpayment]) -> RecordProblem:
    parts = "; ".join(
        f"{o.invoice.label}: it applies {o.applying} but the balance on Invoiced is {o.balance}"
        for o in found
    )
    return RecordProblem(
        message=f"{label} would overpay {parts}. Nothing of this payment was applied.",
        code=ProblemCode.OVERPAYMENT,
        hint=(
            "Check the payments on that invoice in both systems (a payment may have been recorded twice), "
            "correct it in NetSuite or on Invoiced, then retry."
        ),
    )


def payment_from_netsuite(
    payment: NetSuitePayment,
    plan: PaymentFromNetSuite,
    *,
    company_id: int,
    customer_id: int,
    invoices: Mapping[int, Invoice],
    now: dt.datetime,
) -> Payment:
    """A new Invoiced payment (origin netsuite) applied to its invoices, all or nothing.
    Raises a DomainError when the ledger refuses it."""
    local = Payment(
        company_id=company_id,
        customer_id=customer_id,
        currency=payment.currency,
        amount=plan.amount,
        date=payment.date,
        created_at=now,
        updated_at=now,
        applied_to=list(plan.applications),
        method=PaymentMethod.OTHER,
        reference=payment.reference or payment.tran_id,
        notes=payment.memo or None,
        origin=Origin.NETSUITE,
    )
    apply_payment(local, invoices)
    return local


def revise_payment_from_netsuite(
    local: Payment,
    payment: NetSuitePayment,
    plan: PaymentFromNetSuite,
    invoices: Mapping[int, Invoice],
    now: dt.datetime,
) -> bool:
    """Bring an already imported payment in line with NetSuite (voided there → voided here; new
    applications → re-applied). Returns whether anything changed; raises a DomainError when the
    ledger refuses the change (the caller then keeps nothing)."""
    if local.voided:
        return False
    if payment.voided or plan.nothing_known:
        void_payment(local, invoices, now)
        return True
    same = (
        sorted((a.invoice_id, a.amount) for a in local.applied_to)
        == sorted((a.invoice_id, a.amount) for a in plan.applications)
        and local.amount == plan.amount
        and local.date == payment.date
    )
    if same:
        return False
    for application in local.applied_to:
        invoice = invoices.get(application.invoice_id)
        if invoice is not None:
            invoice.refund(Money(application.amount, local.currency))
    revised = Payment(
        company_id=local.company_id,
        customer_id=local.customer_id,
        currency=local.currency,
        amount=plan.amount,
        date=payment.date,
        created_at=local.created_at,
        updated_at=now,
        applied_to=list(plan.applications),
        origin=Origin.NETSUITE,
    )
    apply_payment(revised, invoices)
    local.amount, local.applied_to, local.date = revised.amount, revised.applied_to, revised.date
    local.version += 1
    local.updated_at = now
    return True


def refused_problem(label: str, error: PaymentRuleViolation | Exception) -> RecordProblem:
    return RecordProblem(
        message=f"{label} could not be applied on Invoiced: {error}",
        code=ProblemCode.PAYMENT_REFUSED,
        hint="Correct the payment in NetSuite or the invoice on Invoiced, then retry.",
    )


def mixed_customers_problem(label: str) -> RecordProblem:
    return RecordProblem(
        message=f"{label} is applied to invoices that belong to different customers on Invoiced.",
        code=ProblemCode.PAYMENT_REFUSED,
        hint="Check that these invoices' customers are linked to the same NetSuite customer, then retry.",
    )
