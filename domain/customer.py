"""Customers on the Invoiced side of the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import CustomerRuleViolation
from domain.money import normalize_currency
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

    def __post_init__(self) -> None:
        self.name = _valid_name(self.name)
        self.number = _valid_number(self.number)
        self.type = CustomerType(self.type)
        self.origin = Origin(self.origin)
        if self.currency is not None:
            self.currency = normalize_currency(self.currency)

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
