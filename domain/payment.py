"""Payments received, and how they are applied to invoices."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from domain.credit_note import CreditNote
from domain.errors import CreditNoteRuleViolation, PaymentRuleViolation
from domain.invoice import Invoice
from domain.metadata import clean_metadata
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


class PaymentSource(StrEnum):
    """How a payment came to be recorded (Invoiced's `source`)."""

    KEYED = "keyed"
    IMPORTED = "imported"
    BANK_FEED = "bank_feed"
    CHECK_LOCKBOX = "check_lockbox"
    REMITTANCE_ADVICE = "remittance_advice"
    NETWORK = "network"
    ACCOUNTING_SYSTEM = "accounting_system"


@dataclass(frozen=True, slots=True)
class PaymentApplication:
    """Part of a payment applied to one invoice: cash, or (with `credit_note_id`) a credit note's
    balance spent on the invoice, Invoiced's `applied_to` entry of type `credit_note`."""

    invoice_id: int
    amount: Decimal
    credit_note_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if self.amount <= 0:
            raise PaymentRuleViolation(
                "Each amount applied to an invoice must be above zero.", param="applied_to"
            )

    @property
    def is_credit(self) -> bool:
        return self.credit_note_id is not None


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
    source: PaymentSource | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.currency = normalize_currency(self.currency)
        self.amount = to_decimal(self.amount)
        self.method = PaymentMethod(self.method)
        self.origin = Origin(self.origin)
        if self.source is None:  # recorded by hand here, or brought from NetSuite by the sync
            self.source = (
                PaymentSource.KEYED if self.origin is Origin.INVOICED else PaymentSource.ACCOUNTING_SYSTEM
            )
        self.source = PaymentSource(self.source)
        self.metadata = clean_metadata(self.metadata)
        self.applied_to = list(self.applied_to)
        only_credits = bool(self.applied_to) and all(a.is_credit for a in self.applied_to)
        if self.amount < 0 or (self.amount == 0 and not only_credits):
            raise PaymentRuleViolation(f"A payment must be above zero, not {self.amount}.", param="amount")
        seen: set[tuple[int, int | None]] = set()
        for application in self.applied_to:
            key = (application.invoice_id, application.credit_note_id)
            if key in seen:
                raise PaymentRuleViolation(
                    "A payment lists the same invoice twice; combine the amounts into one application.",
                    param="applied_to",
                )
            seen.add(key)
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
    def cash_applications(self) -> list[PaymentApplication]:
        """The money received applied to invoices (what a NetSuite customer payment carries)."""
        return [a for a in self.applied_to if not a.is_credit]

    @property
    def credit_applications(self) -> list[PaymentApplication]:
        """Credit notes applied to invoices (non-cash; NetSuite applies them on the credit memo)."""
        return [a for a in self.applied_to if a.is_credit]

    @property
    def credit_note_ids(self) -> list[int]:
        return sorted({a.credit_note_id for a in self.applied_to if a.credit_note_id is not None})

    @property
    def applied(self) -> Money:
        """The cash applied to invoices; credit-note applications spend the credit, not the payment."""
        return sum_money([Money(a.amount, self.currency) for a in self.cash_applications], self.currency)

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

    def amend(
        self,
        now: dt.datetime,
        *,
        method: PaymentMethod | None = None,
        reference: str | None = None,
        notes: str | None = None,
        metadata: Mapping[str, object] | None = None,
        clear: frozenset[str] = frozenset(),
    ) -> None:
        """Change what describes the payment (never its amount or applications); `clear` names the
        text fields to empty. A voided payment is final."""
        if self.voided:
            raise PaymentRuleViolation(f"{self.label} is voided and can no longer be changed.")
        if method is not None:
            self.method = PaymentMethod(method)
        if reference is not None or "reference" in clear:
            self.reference = (reference or "").strip() or None
        if notes is not None or "notes" in clear:
            self.notes = (notes or "").strip() or None
        if metadata is not None or "metadata" in clear:
            self.metadata = clean_metadata(metadata)
        self.version += 1
        self.updated_at = now


def apply_payment(
    payment: Payment,
    invoices: Mapping[int, Invoice],
    credit_notes: Mapping[int, CreditNote] | None = None,
) -> None:
    """Apply a new payment to its invoices, all or nothing: every rule is checked on scratch copies
    of the invoices and credit notes before any of them changes."""
    if payment.voided:
        raise PaymentRuleViolation("A voided payment cannot be applied.")
    notes = credit_notes or {}
    scratch_invoices = {key: dataclasses.replace(invoice) for key, invoice in invoices.items()}
    scratch_notes = {key: dataclasses.replace(note) for key, note in notes.items()}
    _apply_all(payment, scratch_invoices, scratch_notes)
    _apply_all(payment, invoices, notes)


def _apply_all(
    payment: Payment, invoices: Mapping[int, Invoice], credit_notes: Mapping[int, CreditNote]
) -> None:
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
        amount = Money(application.amount, payment.currency)
        if application.credit_note_id is None:
            invoice.receive(amount)
            continue
        note = credit_notes.get(application.credit_note_id)
        if note is None:
            raise CreditNoteRuleViolation(
                f"Credit note {application.credit_note_id} does not exist.", param="applied_to"
            )
        if note.customer_id != invoice.customer_id:
            raise CreditNoteRuleViolation(
                f"{note.label} belongs to another customer than {invoice.label}; a credit applies "
                "only to its own customer's invoices.",
                param="applied_to",
            )
        if note.currency != invoice.currency:
            raise CreditNoteRuleViolation(
                f"{note.label} is in {note.currency.upper()} and {invoice.label} in "
                f"{invoice.currency.upper()}; a credit applies only to an invoice in its own currency.",
                param="applied_to",
            )
        note.spend(Money(application.amount, note.currency), payment.updated_at)
        invoice.take_credit(Money(application.amount, invoice.currency), note.label)


def void_payment(
    payment: Payment,
    invoices: Mapping[int, Invoice],
    now: dt.datetime,
    credit_notes: Mapping[int, CreditNote] | None = None,
) -> None:
    """Void a payment: its cash goes back to the invoices' balances, and the credit it applied goes
    back from the invoices to the credit notes."""
    if payment.voided:
        raise PaymentRuleViolation(f"{payment.label} is already voided.")
    notes = credit_notes or {}
    for application in payment.applied_to:
        invoice = invoices.get(application.invoice_id)
        amount = Money(application.amount, payment.currency)
        if application.credit_note_id is None:
            if invoice is not None:
                invoice.refund(amount)
            continue
        if invoice is not None:
            invoice.give_back_credit(amount)
        note = notes.get(application.credit_note_id)
        if note is not None:
            note.restore(amount, now)
    payment.voided = True
    payment.version += 1
    payment.updated_at = now
