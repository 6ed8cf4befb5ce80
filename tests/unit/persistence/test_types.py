"""The column types: money keeps every digit, times are UTC, both the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from adapters.persistence.types import (
    AmountOutOfRange,
    ExactDecimal,
    UtcDateTime,
    canonical_amount,
    storable_amount,
)

SQLITE = sqlite.dialect()
POSTGRES = postgresql.dialect()


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("10.500000", "10.5"),
        ("100", "100"),
        ("1E+2", "100"),
        ("100.00", "100"),
        ("-0.000", "0"),
        ("-5.10", "-5.1"),
        ("0.000001", "0.000001"),
        ("12345678901234.123456", "12345678901234.123456"),
    ],
)
def test_an_amount_has_one_canonical_spelling(given: str, canonical: str) -> None:
    result = canonical_amount(Decimal(given))
    assert result == Decimal(given)
    assert format(result, "f") == canonical


def test_canonical_spelling_never_rounds_long_amounts() -> None:
    # Decimal.normalize() would round this to the context's 28 digits.
    long = Decimal("1.000000000000000000000000000001")
    assert canonical_amount(long) == long


@pytest.mark.parametrize(
    "amount", ["0.0000001", "100000000000000", "-100000000000000", "1.000000000000000000000000000001"]
)
def test_an_amount_that_would_be_rounded_or_overflow_is_refused(amount: str) -> None:
    with pytest.raises(AmountOutOfRange, match="14 digits before the decimal point and 6 after"):
        storable_amount(Decimal(amount))


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity")])
def test_a_non_finite_amount_is_refused(amount: Decimal) -> None:
    with pytest.raises(AmountOutOfRange, match="not a finite"):
        storable_amount(amount)


def test_sqlite_stores_money_as_fixed_point_text() -> None:
    money = ExactDecimal()
    assert money.process_bind_param(Decimal("1E+2"), SQLITE) == "100"
    assert money.process_bind_param(Decimal("-0.50"), SQLITE) == "-0.5"
    assert money.process_result_value("-0.5", SQLITE) == Decimal("-0.5")
    assert money.load_dialect_impl(SQLITE).__class__.__name__ == "String"


def test_postgres_stores_money_as_numeric_and_drops_the_padding() -> None:
    money = ExactDecimal()
    assert money.process_bind_param(Decimal("10.50"), POSTGRES) == Decimal("10.5")
    assert str(money.process_result_value(Decimal("10.500000"), POSTGRES)) == "10.5"
    assert money.process_bind_param(None, POSTGRES) is None


def test_times_are_stored_as_utc() -> None:
    utc = UtcDateTime()
    paris = datetime(2024, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert utc.process_bind_param(paris, SQLITE) == datetime(2024, 7, 1, 7, 30)
    assert utc.process_bind_param(paris, POSTGRES) == datetime(2024, 7, 1, 7, 30, tzinfo=UTC)


def test_times_come_back_as_aware_utc() -> None:
    utc = UtcDateTime()
    assert utc.process_result_value(datetime(2024, 7, 1, 7, 30), SQLITE) == datetime(
        2024, 7, 1, 7, 30, tzinfo=UTC
    )
    back = utc.process_result_value(
        datetime(2024, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=2))), POSTGRES
    )
    assert back is not None and back.tzinfo is UTC and back.hour == 7


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="no timezone"):
        UtcDateTime().process_bind_param(datetime(2024, 7, 1, 7, 30), SQLITE)
