"""Invoices and their line items, with the ledger's rules for issuing, editing, voiding and paying."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from domain.address import Address
from domain.adjustments import Discount, Tax, total_discounts, total_taxes
from domain.errors import (
    CreditNoteRuleViolation,
    DocumentRuleViolation,
    InvoiceRuleViolation,
    PaymentRuleViolation,
)
from domain.metadata import clean_metadata
from domain.money import Money, normalize_currency, round_to_cents, to_decimal
from domain.records import Origin

MAX_NUMBER_LENGTH = 32
MAX_TEXT_LENGTH = 10_000
MAX_LINE_TYPE_LENGTH = 32
DEFAULT_NAME = "Invoice"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    NOT_SENT = "not_sent"
    SENT = "sent"
    PAST_DUE = "past_due"
    PAID = "paid"
    VOIDED = "voided"


@dataclass(frozen=True, slots=True)
class LineItem:
    """One line of an invoice or credit note. `netsuite_item_id` names the NetSuite item it came
    from or maps to; its discounts and taxes count in the document's total, not in its amount."""

    name: str
    quantity: Decimal
    unit_cost: Decimal
    description: str = ""
    netsuite_item_id: str | None = None
    discounts: tuple[Discount, ...] = ()
    taxes: tuple[Tax, ...] = ()
    id: int | None = None
    type: str | None = None
    catalog_item: str | None = None
    discountable: bool = True
    taxable: bool = True
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantity", to_decimal(self.quantity))
        object.__setattr__(self, "unit_cost", to_decimal(self.unit_cost))
        object.__setattr__(self, "discounts", tuple(self.discounts))
        object.__setattr__(self, "taxes", tuple(self.taxes))
        object.__setattr__(self, "metadata", clean_metadata(self.metadata, "items"))
        if self.type is not None and len(self.type) > MAX_LINE_TYPE_LENGTH:
            raise InvoiceRuleViolation(
                f"A line type can be at most {MAX_LINE_TYPE_LENGTH} characters.", param="items"
            )
        if not self.name.strip():
            raise DocumentRuleViolation("Every line item needs a name.", param="items")
        if self.quantity <= 0:
            raise DocumentRuleViolation(f"Line '{self.name}' needs a quantity above zero.", param="items")

    @property
    def amount(self) -> Decimal:
        """quantity × unit cost under the one rounding rule, as Invoiced and NetSuite both book a line;
        an unrounded total (1.5 × 0.33 = 0.495) could never be paid off in cents."""
        return round_to_cents(self.quantity * self.unit_cost)


def document_subtotal(items: Sequence[LineItem]) -> Decimal:
    return sum((line.amount for line in items), Decimal("0"))


def document_discount(items: Sequence[LineItem], discounts: Sequence[Discount]) -> Decimal:
    """Every discount on the document and on its lines."""
    return total_discounts(discounts) + sum((total_discounts(line.discounts) for line in items), Decimal("0"))


def document_tax(items: Sequence[LineItem], taxes: Sequence[Tax]) -> Decimal:
    """Every tax on the document and on its lines."""
    return total_taxes(taxes) + sum((total_taxes(line.taxes) for line in items), Decimal("0"))


def check_document(
    label: str, items: Sequence[LineItem], discounts: Sequence[Discount], taxes: Sequence[Tax]
) -> None:
    """Lines, discounts and taxes that can make a document: at least one line, and discounts that
    leave a total of at least zero."""
    if not items:
        raise DocumentRuleViolation(f"{label} needs at least one line item.", param="items")
    discount = document_discount(items, discounts)
    total = document_subtotal(items) - discount + document_tax(items, taxes)
    if discount and total < 0:
        raise DocumentRuleViolation(
            f"The discounts on {label} ({round_to_cents(discount)}) are "
            "more than its lines and taxes; a document cannot total below zero.",
            param="discounts",
        )


@dataclass(slots=True)
class Invoice:
    """An invoice. `version` counts changes to the document itself (lines, dates, customer, state);
    payments are separate records, so paying an invoice does not make it 'changed' for NetSuite."""

    company_id: int
    customer_id: int
    number: str
    currency: str
    date: dt.date
    items: list[LineItem]
    created_at: dt.datetime
    updated_at: dt.datetime
    due_date: dt.date | None = None
    draft: bool = False
    voided: bool = False
    amount_paid: Decimal = Decimal("0")
    payment_terms: str | None = None
    notes: str | None = None
    origin: Origin = Origin.INVOICED
    version: int = 1
    id: int | None = None
    discounts: list[Discount] = field(default_factory=list)
    taxes: list[Tax] = field(default_factory=list)
    # What credit notes have paid of it (applied through payments' credit_note entries).
    amount_credited: Decimal = Decimal("0")
    name: str = DEFAULT_NAME
    purchase_order: str | None = None
    sent: bool = False
    closed: bool = False
    autopay: bool = False
    ship_to: Address | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.currency = normalize_currency(self.currency)
        self.number = _valid_number(self.number)
        self.name = _valid_text(self.name, "name") or DEFAULT_NAME
        self.purchase_order = _valid_text(self.purchase_order, "purchase_order")
        self.metadata = clean_metadata(self.metadata)
        self.origin = Origin(self.origin)
        self.amount_paid = to_decimal(self.amount_paid)
        self.amount_credited = to_decimal(self.amount_credited)
        self.items = list(self.items)
        self.discounts = list(self.discounts)
        self.taxes = list(self.taxes)
        _check_lines(self.items)
        check_document(f"Invoice {self.number}", self.items, self.discounts, self.taxes)
        _check_dates(self.date, self.due_date)

    @property
    def label(self) -> str:
        """How a finance user recognises this invoice in a sync error."""
        return f"Invoice {self.number}"

    @property
    def subtotal(self) -> Money:
        return Money(document_subtotal(self.items), self.currency)

    @property
    def discount(self) -> Money:
        """Every discount, on the invoice and on its lines."""
        return Money(document_discount(self.items, self.discounts), self.currency)

    @property
    def tax(self) -> Money:
        """Every tax, on the invoice and on its lines."""
        return Money(document_tax(self.items, self.taxes), self.currency)

    @property
    def total(self) -> Money:
        return self.subtotal - self.discount + self.tax

    @property
    def paid(self) -> Money:
        return Money(self.amount_paid, self.currency)

    @property
    def credited(self) -> Money:
        return Money(self.amount_credited, self.currency)

    @property
    def balance(self) -> Money:
        """What is still owed: total − paid − credited, as Invoiced computes it; a voided invoice
        owes nothing."""
        if self.voided:
            return Money.zero(self.currency)
        return self.total - self.paid - self.credited

    @property
    def is_paid(self) -> bool:
        """Issued, not voided, and nothing left to pay."""
        return not self.draft and not self.voided and not self.balance.is_positive

    @property
    def is_closed(self) -> bool:
        """Closed as Invoiced closes: by hand (bad debt), or because it is paid or voided."""
        return self.closed or self.voided or self.is_paid

    def status(self, today: dt.date) -> InvoiceStatus:
        """Computed as Invoiced does, first match wins: voided, draft, paid, past due, sent, not sent."""
        if self.voided:
            return InvoiceStatus.VOIDED
        if self.draft:
            return InvoiceStatus.DRAFT
        if not self.balance.is_positive:
            return InvoiceStatus.PAID
        if self.due_date is not None and self.due_date < today:
            return InvoiceStatus.PAST_DUE
        return InvoiceStatus.SENT if self.sent else InvoiceStatus.NOT_SENT

    def _ensure_editable(self) -> None:
        if self.voided:
            raise InvoiceRuleViolation(f"{self.label} is voided and can no longer be edited.")
        if self.closed:
            raise InvoiceRuleViolation(
                f"{self.label} is closed; reopen it (closed: false) before editing it.", param="closed"
            )

    def _changed(self, now: dt.datetime) -> None:
        self.version += 1
        self.updated_at = now

    def revise(
        self,
        now: dt.datetime,
        *,
        items: list[LineItem] | None = None,
        discounts: list[Discount] | None = None,
        taxes: list[Tax] | None = None,
        date: dt.date | None = None,
        due_date: dt.date | None = None,
        customer_id: int | None = None,
        number: str | None = None,
        draft: bool | None = None,
        payment_terms: str | None = None,
        notes: str | None = None,
        details: Mapping[str, object] | None = None,
    ) -> None:
        """Edit the document. Guards: voided invoices are frozen, closed ones until reopened
        (`closed: false` in the same edit), an issued invoice cannot return to draft, lines may not total
        below what has already been paid or credited. `details` holds Invoiced's other fields by name."""
        details = dict(details or {})
        if details.get("closed") is False and not self.voided:
            self.closed = False
        self._ensure_editable()
        if draft is True and not self.draft:
            raise InvoiceRuleViolation(
                f"Cannot save {self.label} as a draft because it has already been issued.", param="draft"
            )
        if items is not None or discounts is not None or taxes is not None:
            new_items = list(items) if items is not None else self.items
            new_discounts = list(discounts) if discounts is not None else self.discounts
            new_taxes = list(taxes) if taxes is not None else self.taxes
            _check_lines(new_items)
            check_document(self.label, new_items, new_discounts, new_taxes)
            new_total = Money(
                document_subtotal(new_items)
                - document_discount(new_items, new_discounts)
                + document_tax(new_items, new_taxes),
                self.currency,
            )
            settled = self.paid + self.credited
            if new_total < settled:
                raise InvoiceRuleViolation(
                    f"{self.label} has {settled} paid or credited; its total cannot be less than that.",
                    param="items",
                )
            self.items, self.discounts, self.taxes = new_items, new_discounts, new_taxes
        new_date = date if date is not None else self.date
        new_due = due_date if due_date is not None else self.due_date
        _check_dates(new_date, new_due)
        self.date, self.due_date = new_date, new_due
        if customer_id is not None:
            if (self.amount_paid or self.amount_credited) and customer_id != self.customer_id:
                raise InvoiceRuleViolation(
                    f"{self.label} has payments or credits applied; void them before moving it to "
                    "another customer.",
                    param="customer",
                )
            self.customer_id = customer_id
        if number is not None:
            self.number = _valid_number(number)
        if draft is False:
            self.draft = False
        if payment_terms is not None:
            self.payment_terms = payment_terms or None
        if notes is not None:
            self.notes = notes or None
        self.set_details(details)
        self._changed(now)

    def set_details(self, details: Mapping[str, object]) -> None:
        """Set Invoiced's descriptive fields by name: name, purchase_order, sent, closed, autopay,
        ship_to (an Address), metadata. Closing needs an issued invoice."""
        for key, value in details.items():
            if key == "name":
                self.name = _valid_text(value, key) or DEFAULT_NAME
            elif key == "purchase_order":
                self.purchase_order = _valid_text(value, key)
            elif key in ("sent", "autopay"):
                setattr(self, key, _flag(value, key))
            elif key == "closed":
                closing = _flag(value, key)
                if closing and self.draft:
                    raise InvoiceRuleViolation(
                        f"{self.label} is a draft: issue it before closing it, or delete it.", param="closed"
                    )
                self.closed = closing
            elif key == "ship_to":
                if value is not None and not isinstance(value, Address):
                    raise InvoiceRuleViolation("ship_to must be an address object.", param="ship_to")
                self.ship_to = value
            elif key == "metadata":
                if value is not None and not isinstance(value, Mapping):
                    raise InvoiceRuleViolation("metadata must be an object of keys and values.", param=key)
                self.metadata = clean_metadata(value)
            else:
                raise InvoiceRuleViolation(f"Invoices have no field {key!r}.", param=key)

    def issue(self, now: dt.datetime) -> None:
        """Turn a draft into an issued (outstanding) invoice."""
        self._ensure_editable()
        if not self.draft:
            raise InvoiceRuleViolation(f"{self.label} has already been issued.", param="draft")
        self.draft = False
        self._changed(now)

    def void(self, now: dt.datetime) -> None:
        """Void the invoice; like Invoiced, not while payments or credit notes are applied to it."""
        if self.voided:
            raise InvoiceRuleViolation(f"{self.label} is already voided.")
        if self.amount_paid:
            raise InvoiceRuleViolation(
                f"{self.label} has {self.paid} in payments applied; void those payments first."
            )
        if self.amount_credited:
            raise InvoiceRuleViolation(
                f"{self.label} has {self.credited} in credit notes applied; void the payments that "
                "apply those credits first."
            )
        self.voided = True
        self._changed(now)

    def receive(self, amount: Money) -> None:
        """Apply part of a payment to this invoice; never more than its balance."""
        self._ensure_payable()
        if not amount.is_positive:
            raise PaymentRuleViolation(
                f"An amount applied to {self.label} must be above zero.", param="applied_to"
            )
        if amount.currency != self.currency:
            raise PaymentRuleViolation(
                f"{self.label} is in {self.currency.upper()}; a {amount.currency.upper()} payment "
                "cannot be applied to it.",
                param="applied_to",
            )
        if amount > self.balance:
            raise PaymentRuleViolation(
                f"Applying {amount} to {self.label} would overpay it: its balance is {self.balance}.",
                param="applied_to",
            )
        self.amount_paid += amount.amount

    def refund(self, amount: Money) -> None:
        """Take back an application (its payment was voided or changed)."""
        if amount.currency != self.currency:
            raise PaymentRuleViolation(f"{self.label} is in {self.currency.upper()}.")
        if amount.amount > self.amount_paid:
            raise PaymentRuleViolation(
                f"Cannot take back {amount} from {self.label}: only {self.paid} was applied."
            )
        self.amount_paid -= amount.amount

    def take_credit(self, amount: Money, credit_label: str) -> None:
        """Let a credit note pay part of this invoice; never more than its balance."""
        self._ensure_payable()
        if not amount.is_positive:
            raise CreditNoteRuleViolation(f"A credit applied to {self.label} must be above zero.")
        if amount.currency != self.currency:
            raise CreditNoteRuleViolation(
                f"{credit_label} is in {amount.currency.upper()} and {self.label} in "
                f"{self.currency.upper()}; a credit applies only to an invoice in its own currency."
            )
        if amount > self.balance:
            raise CreditNoteRuleViolation(
                f"Applying {amount} of {credit_label} to {self.label} would overpay it: its balance "
                f"is {self.balance}."
            )
        self.amount_credited += amount.amount

    def give_back_credit(self, amount: Money) -> None:
        """Take back a credit application (the payment that made it was voided)."""
        if amount.amount > self.amount_credited:
            raise CreditNoteRuleViolation(
                f"Cannot take back {amount} of credit from {self.label}: only {self.credited} was applied."
            )
        self.amount_credited -= amount.amount

    def _ensure_payable(self) -> None:
        if self.voided:
            raise PaymentRuleViolation(
                f"{self.label} is voided and cannot take payments.", param="applied_to"
            )
        if self.closed:
            raise PaymentRuleViolation(
                f"{self.label} is closed and takes no further payments; reopen it first.", param="applied_to"
            )
        if self.draft:
            raise PaymentRuleViolation(
                f"{self.label} is a draft; issue it before applying payments.", param="applied_to"
            )


def _check_lines(items: Sequence[LineItem]) -> None:
    if not items:
        raise InvoiceRuleViolation("An invoice needs at least one line item.", param="items")


def _check_dates(invoice_date: dt.date, due_date: dt.date | None) -> None:
    if due_date is not None and due_date < invoice_date:
        raise InvoiceRuleViolation(
            f"The due date {due_date.isoformat()} is before the invoice date {invoice_date.isoformat()}.",
            param="due_date",
        )


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvoiceRuleViolation(f"{name} must be true or false.", param=name)
    return value


def _valid_text(value: object, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvoiceRuleViolation(f"{name} must be text.", param=name)
    if len(value) > MAX_TEXT_LENGTH:
        raise InvoiceRuleViolation(f"{name} can be at most {MAX_TEXT_LENGTH} characters.", param=name)
    return value.strip() or None


def _valid_number(number: str) -> str:
    cleaned = (number or "").strip()
    if not cleaned:
        raise InvoiceRuleViolation("An invoice needs a number.", param="number")
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise InvoiceRuleViolation(
            f"An invoice number can be at most {MAX_NUMBER_LENGTH} characters.", param="number"
        )
    return cleaned
