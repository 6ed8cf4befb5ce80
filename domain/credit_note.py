"""Credit notes: what a company owes a customer back, spent by applying it to the customer's invoices.

As Invoiced has it: a "negative invoice" whose amounts are all positive (lines, discounts, taxes,
total), with a number unique per company, applied to invoices through a payment's `applied_to`
entry of type `credit_note`; its balance is what is left to apply, and its status is computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from domain.adjustments import Discount, Tax
from domain.errors import CreditNoteRuleViolation
from domain.invoice import (
    LineItem,
    check_document,
    document_discount,
    document_subtotal,
    document_tax,
)
from domain.metadata import clean_metadata
from domain.money import Money, normalize_currency, to_decimal
from domain.records import Origin

MAX_NUMBER_LENGTH = 32


class CreditNoteStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    CLOSED = "closed"
    VOIDED = "voided"


@dataclass(slots=True)
class CreditNote:
    """A credit note. `version` counts changes to the document and to where it is applied (both are
    written on NetSuite's credit memo); `amount_applied` is what payments have applied of it."""

    company_id: int
    customer_id: int
    number: str
    currency: str
    date: dt.date
    items: list[LineItem]
    created_at: dt.datetime
    updated_at: dt.datetime
    discounts: list[Discount] = field(default_factory=list)
    taxes: list[Tax] = field(default_factory=list)
    draft: bool = False
    closed: bool = False
    voided: bool = False
    amount_applied: Decimal = Decimal("0")
    notes: str | None = None
    origin: Origin = Origin.INVOICED
    version: int = 1
    id: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.currency = normalize_currency(self.currency)
        self.number = _valid_number(self.number)
        self.origin = Origin(self.origin)
        self.metadata = clean_metadata(self.metadata)
        self.amount_applied = to_decimal(self.amount_applied)
        self.items = list(self.items)
        self.discounts = list(self.discounts)
        self.taxes = list(self.taxes)
        check_document(self.label, self.items, self.discounts, self.taxes)
        if self.amount_applied < 0 or self.amount_applied > self.total.amount:
            raise CreditNoteRuleViolation(
                f"{self.label} totals {self.total}; {self.amount_applied} of it cannot be applied."
            )

    @property
    def label(self) -> str:
        return f"Credit note {self.number}"

    @property
    def subtotal(self) -> Money:
        return Money(document_subtotal(self.items), self.currency)

    @property
    def discount(self) -> Money:
        return Money(document_discount(self.items, self.discounts), self.currency)

    @property
    def tax(self) -> Money:
        return Money(document_tax(self.items, self.taxes), self.currency)

    @property
    def total(self) -> Money:
        return self.subtotal - self.discount + self.tax

    @property
    def applied(self) -> Money:
        return Money(self.amount_applied, self.currency)

    @property
    def balance(self) -> Money:
        """What is left to apply; a voided credit note has none."""
        if self.voided:
            return Money.zero(self.currency)
        return self.total - self.applied

    @property
    def status(self) -> CreditNoteStatus:
        """voided, draft, paid (nothing left to apply), closed, open — first match wins."""
        if self.voided:
            return CreditNoteStatus.VOIDED
        if self.draft:
            return CreditNoteStatus.DRAFT
        if not self.balance.is_positive:
            return CreditNoteStatus.PAID
        if self.closed:
            return CreditNoteStatus.CLOSED
        return CreditNoteStatus.OPEN

    def _changed(self, now: dt.datetime) -> None:
        self.version += 1
        self.updated_at = now

    def _ensure_editable(self) -> None:
        if self.voided:
            raise CreditNoteRuleViolation(f"{self.label} is voided and can no longer be edited.")

    def revise(
        self,
        now: dt.datetime,
        *,
        items: list[LineItem] | None = None,
        discounts: list[Discount] | None = None,
        taxes: list[Tax] | None = None,
        date: dt.date | None = None,
        customer_id: int | None = None,
        number: str | None = None,
        draft: bool | None = None,
        closed: bool | None = None,
        notes: str | None = None,
        metadata: Mapping[str, object] | None = None,
    ) -> None:
        """Edit the document. Guards: voided is frozen, issued cannot go back to draft, the total
        cannot fall below what is already applied, an applied credit stays with its customer."""
        self._ensure_editable()
        if draft is True and not self.draft:
            raise CreditNoteRuleViolation(
                f"Cannot save {self.label} as a draft because it has already been issued."
            )
        new_items = list(items) if items is not None else self.items
        new_discounts = list(discounts) if discounts is not None else self.discounts
        new_taxes = list(taxes) if taxes is not None else self.taxes
        check_document(self.label, new_items, new_discounts, new_taxes)
        new_total = (
            document_subtotal(new_items)
            - document_discount(new_items, new_discounts)
            + document_tax(new_items, new_taxes)
        )
        if new_total < self.amount_applied:
            raise CreditNoteRuleViolation(
                f"{self.label} has {self.applied} applied to invoices; its total cannot be less than that."
            )
        if customer_id is not None and customer_id != self.customer_id and self.amount_applied:
            raise CreditNoteRuleViolation(
                f"{self.label} is applied to invoices; void those applications before moving it to "
                "another customer."
            )
        self.items, self.discounts, self.taxes = new_items, new_discounts, new_taxes
        if date is not None:
            self.date = date
        if customer_id is not None:
            self.customer_id = customer_id
        if number is not None:
            self.number = _valid_number(number)
        if draft is False:
            self.draft = False
        if closed is not None:
            self.closed = closed
        if notes is not None:
            self.notes = notes or None
        if metadata is not None:
            self.metadata = clean_metadata(metadata)
        self._changed(now)

    def void(self, now: dt.datetime) -> None:
        """Void the credit note; not while it is applied to invoices (as an invoice with credits
        applied cannot be voided either)."""
        if self.voided:
            raise CreditNoteRuleViolation(f"{self.label} is already voided.")
        if self.amount_applied:
            raise CreditNoteRuleViolation(
                f"{self.label} has {self.applied} applied to invoices; void the payments that apply it first."
            )
        self.voided = True
        self._changed(now)

    def spend(self, amount: Money, now: dt.datetime) -> None:
        """Apply part of this credit to an invoice; never more than is left of it."""
        if self.voided:
            raise CreditNoteRuleViolation(f"{self.label} is voided and cannot be applied.")
        if self.draft:
            raise CreditNoteRuleViolation(f"{self.label} is a draft; issue it before applying it.")
        if self.closed:
            raise CreditNoteRuleViolation(f"{self.label} is closed and cannot be applied.")
        if amount.currency != self.currency:
            raise CreditNoteRuleViolation(
                f"{self.label} is in {self.currency.upper()}; it cannot pay "
                f"{amount.currency.upper()} amounts."
            )
        if amount > self.balance:
            raise CreditNoteRuleViolation(
                f"Applying {amount} of {self.label} is more than is left of it: its balance is "
                f"{self.balance}."
            )
        self.amount_applied += amount.amount
        self._changed(now)

    def restore(self, amount: Money, now: dt.datetime) -> None:
        """Give back an application (the payment that made it was voided)."""
        if amount.amount > self.amount_applied:
            raise CreditNoteRuleViolation(
                f"Cannot give back {amount} to {self.label}: only {self.applied} was applied."
            )
        self.amount_applied -= amount.amount
        self._changed(now)


def _valid_number(number: str) -> str:
    cleaned = (number or "").strip()
    if not cleaned:
        raise CreditNoteRuleViolation("A credit note needs a number.")
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise CreditNoteRuleViolation(f"A credit note number can be at most {MAX_NUMBER_LENGTH} characters.")
    return cleaned
