"""Payments received, and how they are applied to invoices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.errors import PaymentRuleViolation
from domain.invoice import Invoice
from domain.money import Money, normalize_currency, sum_money, to_decimal
from domain.records import Origin


class PaymentMethod(StrEnum):
    """The payment methods Invoiced knows (and the NetSuite bundle maps)."""

    ACH = "ach"
    EFT = "eft"
    CASH = "cash"
    CHECK = "check"
    CREDIT_CARD = "credit_card"
    DIRECT_DEBIT = "direct_debit"
    OTHER = "other"
    PAYPAL = "paypal"
    WIRE_TRANSFER = "wire_transfer"


@dataclass(frozen=True, slots=True)
class PaymentApplication:
    """Part of a payment applied to one invoice."""

    invoice_id: int
    amount: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if self.amount <= 0:
            raise PaymentRuleViolation(
                "Each amount applied to an invoice must be above zero.", param="applied_to"
            )


@dataclass(slots=True)
class Payment:
    """A payment from a customer; what is not applied to invoices stays as its unapplied balance."""

    company_id: int
    customer_id: int
    currency: str
    amount: Decimal
    date: dt.date
    created_at: dt.datetime
    updated_at: dt.datetime
    applied_to: list[PaymentApplication]
    method: PaymentMethod = PaymentMethod.OTHER
    reference: str | None = None
    notes: str | None = None
    voided: bool = False
    origin: Origin = Origin.INVOICED
    version: int = 1
    id: int | None = None

    def __post_init__(self) -> None:
        self.currency = normalize_currency(self.currency)
        self.amount = to_decimal(self.amount)
        self.method = PaymentMethod(self.method)
        self.origin = Origin(self.origin)
        self.applied_to = list(self.applied_to)
        if self.amount <= 0:
            raise PaymentRuleViolation(f"A payment must be above zero, not {self.amount}.", param="amount")
        seen: set[int] = set()
        for application in self.applied_to:
            if application.invoice_id in seen:
                raise PaymentRuleViolation(
                    "A payment lists the same invoice twice; combine the amounts into one application.",
                    param="applied_to",
                )
            seen.add(application.invoice_id)
        if self.applied.amount > self.amount:
            raise PaymentRuleViolation(
                f"The payment is {self.total} but {self.applied} is applied to invoices; "
                "a payment cannot be applied beyond its amount.",
                param="amount",
            )

    @property
    def total(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def applied(self) -> Money:
        return sum_money([Money(a.amount, self.currency) for a in self.applied_to], self.currency)

    @property
    def unapplied(self) -> Money:
        """What is left of the payment after its applications (zero once voided)."""
        if self.voided:
            return Money.zero(self.currency)
        return self.total - self.applied

    @property
    def label(self) -> str:
        reference = f" {self.reference}" if self.reference else ""
        return (
            f"Payment{reference} of {self.total}"
            if self.id is None
            else f"Payment #{self.id}{reference} ({self.total})"
        )

    @property
    def invoice_ids(self) -> list[int]:
        return [a.invoice_id for a in self.applied_to]


def apply_payment(payment: Payment, invoices: Mapping[int, Invoice]) -> None:
    """Apply a new payment to its invoices, all or nothing: every invoice is checked before any changes."""
    if payment.voided:
        raise PaymentRuleViolation("A voided payment cannot be applied.")
    for application in payment.applied_to:
        invoice = invoices.get(application.invoice_id)
        if invoice is None:
            raise PaymentRuleViolation(
                f"Invoice {application.invoice_id} does not exist.", param="applied_to"
            )
        if invoice.customer_id != payment.customer_id:
            raise PaymentRuleViolation(
                f"{invoice.label} belongs to another customer; "
                "a payment applies only to its own customer's invoices.",
                param="applied_to",
            )
        # Check every rule on a scratch copy first so a failure leaves no invoice half-paid.
        scratch = Invoice(**{name: getattr(invoice, name) for name in Invoice.__dataclass_fields__})
        scratch.receive(Money(application.amount, payment.currency))
    for application in payment.applied_to:
        invoices[application.invoice_id].receive(Money(application.amount, payment.currency))


def void_payment(payment: Payment, invoices: Mapping[int, Invoice], now: dt.datetime) -> None:
    """Void a payment and give its applied amounts back to the invoices' balances."""
    if payment.voided:
        raise PaymentRuleViolation(f"{payment.label} is already voided.")
    for application in payment.applied_to:
        invoice = invoices.get(application.invoice_id)
        if invoice is not None:
            invoice.refund(Money(application.amount, payment.currency))
    payment.voided = True
    payment.version += 1
    payment.updated_at = now
