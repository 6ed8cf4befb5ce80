from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import CurrencyMismatch, InvalidMoney
from domain.money import Money, round_to_cents, to_decimal


def test_floats_are_refused_so_binary_rounding_never_enters_the_ledger() -> None:
    with pytest.raises(InvalidMoney, match="not floating-point"):
        Money.of(0.1, "usd")


def test_booleans_are_not_amounts() -> None:
    with pytest.raises(InvalidMoney):
        to_decimal(True)


@pytest.mark.parametrize("text", ["abc", "10,5", "", "NaN", "Infinity"])
def test_text_that_is_not_a_finite_number_is_refused(text: str) -> None:
    with pytest.raises(InvalidMoney):
        Money.of(text, "usd")


def test_unknown_currency_is_refused_with_a_hint() -> None:
    with pytest.raises(InvalidMoney, match="ISO-4217"):
        Money.of("1", "usx")


def test_currency_codes_are_kept_lower_case_as_invoiced_spells_them() -> None:
    assert Money.of("1", "EUR").currency == "eur"


def test_amounts_of_different_currencies_cannot_be_added() -> None:
    with pytest.raises(CurrencyMismatch, match="USD and EUR"):
        Money.of("1", "usd") + Money.of("1", "eur")


def test_amounts_of_different_currencies_cannot_be_compared() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "usd") < Money.of("2", "eur")


def test_arithmetic_is_exact() -> None:
    assert Money.of("0.1", "usd") + Money.of("0.2", "usd") == Money.of("0.3", "usd")


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [("2.345", "2.35"), ("2.344", "2.34"), ("-2.345", "-2.35"), ("0.005", "0.01"), ("10", "10.00")],
)
def test_the_one_rounding_rule_is_half_up_to_two_decimals(amount: str, rounded: str) -> None:
    assert round_to_cents(Decimal(amount)) == Decimal(rounded)
    assert str(Money.of(amount, "usd")) == f"{rounded} USD"


@given(st.decimals(min_value=-(10**14), max_value=10**14, places=4, allow_nan=False, allow_infinity=False))
def test_rounding_never_moves_an_amount_by_more_than_half_a_cent(amount: Decimal) -> None:
    assert abs(round_to_cents(amount) - amount) <= Decimal("0.005")


def test_very_large_amounts_round_too() -> None:
    assert round_to_cents(Decimal("99999999999999999999999999.995")) == Decimal(
        "100000000000000000000000000.00"
    )
