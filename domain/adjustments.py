"""Discounts and taxes on a document or one of its lines, and the totals they make.

As in Invoiced, both are amounts (a `coupon` or `tax_rate` may name where one came from, as a label
only); a document's subtotal is the sum of its line amounts, and its total is the subtotal less
every discount plus every tax, on the document and on its lines, all in cents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import DocumentRuleViolation
from domain.money import CENT, to_decimal

MAX_LABEL_LENGTH = 64


def _whole_cents(amount: object, what: str, param: str) -> Decimal:
    value = to_decimal(amount)
    if value <= 0:
        raise DocumentRuleViolation(f"A {what} must be an amount above zero, not {value}.", param=param)
    if value != value.quantize(CENT):
        raise DocumentRuleViolation(
            f"A {what} of {value} has a fraction of a cent: give it in cents, e.g. {value.quantize(CENT)}.",
            param=param,
        )
    return value


def _label(value: str | None, what: str) -> str | None:
    cleaned = (value or "").strip() or None
    if cleaned is not None and len(cleaned) > MAX_LABEL_LENGTH:
        raise DocumentRuleViolation(f"A {what} can be at most {MAX_LABEL_LENGTH} characters.")
    return cleaned


@dataclass(frozen=True, slots=True)
class Discount:
    """An amount taken off; `coupon` names the coupon it came from, if any."""

    amount: Decimal
    coupon: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _whole_cents(self.amount, "discount", "discounts"))
        object.__setattr__(self, "coupon", _label(self.coupon, "coupon"))


@dataclass(frozen=True, slots=True)
class Tax:
    """An amount of tax charged; `tax_rate` names the rate it came from, if any."""

    amount: Decimal
    tax_rate: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _whole_cents(self.amount, "tax", "taxes"))
        object.__setattr__(self, "tax_rate", _label(self.tax_rate, "tax rate"))


def total_discounts(discounts: Iterable[Discount]) -> Decimal:
    return sum((discount.amount for discount in discounts), Decimal("0"))


def total_taxes(taxes: Iterable[Tax]) -> Decimal:
    return sum((tax.amount for tax in taxes), Decimal("0"))
