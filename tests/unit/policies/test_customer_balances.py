from decimal import Decimal

from domain.policies.customer_balances import (
    BalanceCause,
    CustomerOpenBalance,
    compare_customer_balances,
)


def _acme(currency: str = "USD", open_invoices: str = "100.00", credit: str = "0") -> CustomerOpenBalance:
    return CustomerOpenBalance(
        7, "Acme", "501", currency, open_invoices=Decimal(open_invoices), unapplied_credit=Decimal(credit)
    )


def test_equal_balances_agree() -> None:
    assert compare_customer_balances([_acme(credit="25.00")], {("501", "USD"): Decimal("75.00")}) == []


def test_a_credit_applied_in_netsuite_shows_netsuite_owing_less() -> None:
    (diff,) = compare_customer_balances([_acme()], {("501", "USD"): Decimal("60.00")})
    assert diff.cause is BalanceCause.NETSUITE_OWES_LESS
    assert diff.difference == Decimal("-40.00")
    assert (diff.invoiced_balance, diff.netsuite_balance) == (Decimal("100.00"), Decimal("60.00"))
    assert "credit memo" in diff.what_to_do


def test_netsuite_owing_more() -> None:
    (diff,) = compare_customer_balances([_acme()], {("501", "USD"): Decimal("130.00")})
    assert diff.cause is BalanceCause.NETSUITE_OWES_MORE
    assert diff.difference == Decimal("30.00")


def test_nothing_open_in_netsuite_is_a_difference() -> None:
    (diff,) = compare_customer_balances([_acme()], {})
    assert diff.cause is BalanceCause.ONLY_ON_INVOICED
    assert diff.netsuite_balance == Decimal("0")


def test_a_linked_customer_owing_in_netsuite_in_a_currency_invoiced_lacks() -> None:
    diffs = compare_customer_balances(
        [_acme()], {("501", "USD"): Decimal("100.00"), ("501", "EUR"): Decimal("12.50")}
    )
    assert [(d.currency, d.cause, d.name) for d in diffs] == [("EUR", BalanceCause.ONLY_IN_NETSUITE, "Acme")]


def test_unlinked_netsuite_customers_are_not_compared() -> None:
    assert (
        compare_customer_balances([_acme()], {("501", "USD"): Decimal("100"), ("999", "USD"): Decimal("5")})
        == []
    )


def test_currencies_are_compared_apart() -> None:
    diffs = compare_customer_balances(
        [_acme("USD"), _acme("EUR", "50.00")],
        {("501", "USD"): Decimal("50.00"), ("501", "EUR"): Decimal("100.00")},
    )
    assert sorted((d.currency, d.cause) for d in diffs) == [
        ("EUR", BalanceCause.NETSUITE_OWES_MORE),
        ("USD", BalanceCause.NETSUITE_OWES_LESS),
    ]
