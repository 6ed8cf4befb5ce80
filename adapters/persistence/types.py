"""Column types that keep money exact and time in UTC on both SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Numeric, String
from sqlalchemy.types import TypeDecorator, TypeEngine

AMOUNT_PRECISION = 20
AMOUNT_SCALE = 6
MAX_INTEGER_DIGITS = AMOUNT_PRECISION - AMOUNT_SCALE
_LIMIT = Decimal(10) ** MAX_INTEGER_DIGITS


class AmountOutOfRange(ValueError):
    """An amount the ledger's columns cannot hold exactly."""


def canonical_amount(value: Decimal) -> Decimal:
    """The one spelling of an amount that every backend returns: no trailing zeros, no exponent."""
    # Done on the digits, not with normalize()/quantize(), which round to the context's precision.
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), "canonical_amount needs a finite Decimal"
    kept = list(digits)
    if exponent > 0:
        kept += [0] * exponent
        exponent = 0
    while exponent < 0 and len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    if not any(kept):
        return Decimal(0)
    return Decimal((sign, tuple(kept), exponent))


def storable_amount(value: Decimal) -> Decimal:
    """Return the canonical amount, or raise AmountOutOfRange when storing it would round or overflow."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise AmountOutOfRange(f"{value!r} is not a finite decimal amount.")
    canonical = canonical_amount(value)
    exponent = canonical.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > AMOUNT_SCALE or abs(canonical) >= _LIMIT:
        raise AmountOutOfRange(
            f"{value:f} cannot be kept exactly: amounts have at most {MAX_INTEGER_DIGITS} digits "
            f"before the decimal point and {AMOUNT_SCALE} after."
        )
    return canonical


class ExactDecimal(TypeDecorator[Decimal]):
    """NUMERIC(20, 6) on PostgreSQL; text on SQLite, whose NUMERIC affinity would go through float.

    Values come back canonical (see `canonical_amount`) so both backends agree to the digit."""

    impl = Numeric(AMOUNT_PRECISION, AMOUNT_SCALE, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(AMOUNT_PRECISION, AMOUNT_SCALE, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = storable_amount(value)
        return format(amount, "f") if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        # SQLite hands back our text; PostgreSQL a Decimal padded to the column's scale.
        return canonical_amount(Decimal(value) if isinstance(value, str) else value)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out. SQLite keeps no offset, so it stores naive UTC and we re-attach it."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{value!r} has no timezone; the ledger only stores timezone-aware UTC times.")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    @property
    def python_type(self) -> type[datetime]:
        return datetime
