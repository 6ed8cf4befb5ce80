"""Money survives the database to the last digit: SQLite's NUMERIC would go through float, ours does not."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.errors import InvalidInput
from application.ports import UnitOfWorkFactory
from domain.money import round_to_cents
from tests.integration.persistence import builders as make

# Up to 14 integer digits and 4 decimals: the ledger's amounts with room to spare.
_LIMIT = Decimal("99999999999999.9999")
signed_amounts = st.decimals(
    min_value=-_LIMIT, max_value=_LIMIT, places=4, allow_nan=False, allow_infinity=False
)
positive_amounts = st.decimals(
    min_value=Decimal("0.0001"), max_value=_LIMIT, places=4, allow_nan=False, allow_infinity=False
)

_examples = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _Ledger:
    """One company and customer per test, made once (fixtures are per test, not per example)."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory
        self.numbers = itertools.count(1)
        with uow_factory() as uow:
            company = uow.companies.add(make.company())
            assert company.id is not None
            customer = uow.customers.add(make.customer(company.id))
            assert customer.id is not None
            uow.commit()
        self.company_id, self.customer_id = company.id, customer.id


@pytest.fixture
def ledger(uow_factory: UnitOfWorkFactory) -> _Ledger:
    return _Ledger(uow_factory)


@_examples
@given(unit_cost=signed_amounts, quantity=positive_amounts, amount_paid=positive_amounts)
def test_invoice_amounts_round_trip_exactly(
    ledger: _Ledger, unit_cost: Decimal, quantity: Decimal, amount_paid: Decimal
) -> None:
    invoice = make.invoice(
        ledger.company_id,
        ledger.customer_id,
        f"INV-{next(ledger.numbers)}",
        items=[make.line("Line", str(quantity), str(unit_cost))],
        amount_paid=amount_paid,
    )
    with ledger.uow_factory() as uow:
        uow.invoices.add(invoice)
        uow.commit()
    assert invoice.id is not None
    with ledger.uow_factory() as uow:
        stored = uow.invoices.get(ledger.company_id, invoice.id)
    assert stored is not None
    [line] = stored.items
    assert (line.unit_cost, line.quantity, stored.amount_paid) == (unit_cost, quantity, amount_paid)
    assert all(isinstance(value, Decimal) for value in (line.unit_cost, line.quantity, stored.amount_paid))
    assert stored.total.amount == round_to_cents(quantity * unit_cost)  # the line, booked in cents


@_examples
@given(amount=positive_amounts, applied_share=st.integers(min_value=1, max_value=100))
def test_payment_amounts_round_trip_exactly(ledger: _Ledger, amount: Decimal, applied_share: int) -> None:
    invoice = make.invoice(
        ledger.company_id,
        ledger.customer_id,
        f"INV-{next(ledger.numbers)}",
        items=[make.line("Line", "1", str(_LIMIT))],
    )
    applied = max(Decimal("0.0001"), (amount * applied_share / 100).quantize(Decimal("0.0001")))
    applied = min(applied, amount)
    with ledger.uow_factory() as uow:
        uow.invoices.add(invoice)
        assert invoice.id is not None
        payment = uow.payments.add(
            make.payment(ledger.company_id, ledger.customer_id, {invoice.id: str(applied)}, amount=amount)
        )
        uow.commit()
    assert payment.id is not None
    with ledger.uow_factory() as uow:
        stored = uow.payments.get(ledger.company_id, payment.id)
    assert stored is not None
    assert (stored.amount, stored.applied_to[0].amount) == (amount, applied)
    assert stored.unapplied.amount == amount - applied


def test_sql_backends_agree_on_the_digits(sql_uow_factory: UnitOfWorkFactory) -> None:
    """Both SQL backends return one canonical spelling: no float noise, no padding to six places."""
    ledger = _Ledger(sql_uow_factory)
    costs = ["10.50", "-0.0001", "12345678901234.1234", "100", "0.000000", "7.100000"]
    invoice = make.invoice(
        ledger.company_id, ledger.customer_id, "INV-1", items=[make.line("L", "1", cost) for cost in costs]
    )
    with sql_uow_factory() as uow:
        uow.invoices.add(invoice)
        uow.commit()
    assert invoice.id is not None
    with sql_uow_factory() as uow:
        stored = uow.invoices.get(ledger.company_id, invoice.id)
    assert stored is not None
    assert [str(item.unit_cost) for item in stored.items] == [
        "10.5",
        "-0.0001",
        "12345678901234.1234",
        "100",
        "0",
        "7.1",
    ]


@pytest.mark.parametrize(
    ("unit_cost", "why"),
    [("0.0000001", "6 after"), ("100000000000000", "14 digits before"), ("-100000000000000.5", "14 digits")],
)
def test_an_amount_the_columns_cannot_hold_is_refused_not_rounded(
    sql_uow_factory: UnitOfWorkFactory, unit_cost: str, why: str
) -> None:
    ledger = _Ledger(sql_uow_factory)
    invoice = make.invoice(
        ledger.company_id, ledger.customer_id, "INV-1", items=[make.line("L", "1", unit_cost)]
    )
    with sql_uow_factory() as uow:
        with pytest.raises(InvalidInput, match=why) as refused:
            uow.invoices.add(invoice)
        assert refused.value.param == "items"
        assert uow.invoices.count(ledger.company_id) == 0
