"""Customers on the Invoiced side of the ledger."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from domain.address import ADDRESS_FIELDS, Address
from domain.errors import CustomerRuleViolation, DomainError
from domain.metadata import clean_metadata
from domain.money import normalize_currency, to_decimal
from domain.records import Origin

MAX_NUMBER_LENGTH = 32
MAX_NAME_LENGTH = 255


class CustomerType(StrEnum):
    COMPANY = "company"
    PERSON = "person"


@dataclass(slots=True)
class Customer:
    """A customer; `number` is unique within its company, names are not."""

    company_id: int
    name: str
    number: str
    created_at: datetime
    updated_at: datetime
    email: str | None = None
    type: CustomerType = CustomerType.COMPANY
    currency: str | None = None
    payment_terms: str | None = None
    origin: Origin = Origin.INVOICED
    version: int = 1
    id: int | None = None
    address: Address = field(default_factory=Address)
    phone: str | None = None
    notes: str | None = None
    tax_id: str | None = None
    language: str | None = None
    autopay: bool = False
    taxable: bool = True
    chase: bool = True
    credit_limit: Decimal | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = _valid_name(self.name)
        self.number = _valid_number(self.number)
        self.type = CustomerType(self.type)
        self.origin = Origin(self.origin)
        if self.currency is not None:
            self.currency = normalize_currency(self.currency)
        self.metadata = clean_metadata(self.metadata)
        self.language = _valid_language(self.language)
        self.credit_limit = _valid_credit_limit(self.credit_limit)
        for name in TEXT_DETAILS:
            setattr(self, name, _text(getattr(self, name), name))

    @property
    def label(self) -> str:
        """How a finance user recognises this customer in a sync error."""
        return f"Customer {self.name} ({self.number})"

    def change(
        self,
        now: datetime,
        *,
        name: str | None = None,
        email: str | None = None,
        currency: str | None = None,
        payment_terms: str | None = None,
        type: CustomerType | None = None,
    ) -> None:
        """Apply an edit and count it as a new version."""
        if name is not None:
            self.name = _valid_name(name)
        if email is not None:
            self.email = email or None
        if currency is not None:
            self.currency = normalize_currency(currency)
        if payment_terms is not None:
            self.payment_terms = payment_terms or None
        if type is not None:
            self.type = CustomerType(type)
        self.version += 1
        self.updated_at = now

    def set_details(self, details: Mapping[str, object]) -> None:
        """Set the contact, address, tax and collection details named in `details` (Invoiced's field
        names; null clears a text field). Unknown names are refused, naming the field."""
        address_changes: dict[str, object] = {}
        for name, value in details.items():
            if name in ADDRESS_FIELDS:
                address_changes[name] = value
            elif name == "metadata":
                self.metadata = clean_metadata(value if value is None else _mapping(value))
            elif name == "language":
                self.language = _valid_language(value)
            elif name == "credit_limit":
                self.credit_limit = _valid_credit_limit(value)
            elif name in FLAG_DETAILS:
                if not isinstance(value, bool):
                    raise CustomerRuleViolation(f"{name} must be true or false.", param=name)
                setattr(self, name, value)
            elif name in TEXT_DETAILS:
                setattr(self, name, _text(value, name))
            else:
                raise CustomerRuleViolation(f"Customers have no field {name!r}.", param=name)
        if address_changes:
            self.address = replace(self.address, **address_changes)  # type: ignore[arg-type]


TEXT_DETAILS = ("phone", "notes", "tax_id")
FLAG_DETAILS = ("autopay", "taxable", "chase")
DETAIL_FIELDS = (*ADDRESS_FIELDS, *TEXT_DETAILS, *FLAG_DETAILS, "language", "credit_limit", "metadata")
MAX_DETAIL_LENGTH = 10_000


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise CustomerRuleViolation("metadata must be an object of keys and values.", param="metadata")
    return value


def _text(value: object, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CustomerRuleViolation(f"{name} must be text.", param=name)
    cleaned = value.strip()
    if len(cleaned) > MAX_DETAIL_LENGTH:
        raise CustomerRuleViolation(f"{name} can be at most {MAX_DETAIL_LENGTH} characters.", param=name)
    return cleaned or None


def _valid_language(value: object) -> str | None:
    text = _text(value, "language")
    if text is None:
        return None
    if len(text) != 2 or not text.isalpha() or not text.isascii():
        raise CustomerRuleViolation(
            f"language must be a two-letter ISO 639-1 code such as en or fr, not {text!r}.", param="language"
        )
    return text.lower()


def _valid_credit_limit(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        limit = to_decimal(value)
    except DomainError as error:
        raise CustomerRuleViolation(f"credit_limit: {error}", param="credit_limit") from None
    if limit < 0:
        raise CustomerRuleViolation("credit_limit cannot be negative.", param="credit_limit")
    return limit


def _valid_name(name: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise CustomerRuleViolation("A customer needs a name.", param="name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CustomerRuleViolation(
            f"A customer name can be at most {MAX_NAME_LENGTH} characters.", param="name"
        )
    return cleaned


def _valid_number(number: str) -> str:
    cleaned = (number or "").strip()
    if not cleaned:
        raise CustomerRuleViolation("A customer needs an account number.", param="number")
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise CustomerRuleViolation(
            f"A customer number can be at most {MAX_NUMBER_LENGTH} characters.", param="number"
        )
    return cleaned
