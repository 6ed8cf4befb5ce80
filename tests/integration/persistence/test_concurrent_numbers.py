"""Invoices and customers created at the same moment without a number each get their own: numbers are
allocated so that concurrent creations never clash (they answered 409 "number already taken")."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.memory.clock import FixedClock
from adapters.persistence import SqlUnitOfWorkFactory
from application.ledger import Ledger, LineInput

CONCURRENT = 20


def _at_once(count: int, create: Callable[[int], str]) -> tuple[list[str], list[BaseException]]:
    start = threading.Barrier(count)
    numbers: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        try:
            start.wait(timeout=10)
            number = create(index)
            with lock:
                numbers.append(number)
        except BaseException as error:  # surfaced by the assertions
            with lock:
                failures.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return numbers, failures


@pytest.mark.postgres
@pytest.mark.integration
def test_concurrent_creations_without_a_number_all_succeed_with_distinct_numbers(
    postgres_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    # PostgreSQL runs the creations truly side by side (SQLite takes one writer at a time).
    ledger = Ledger(postgres_uow_factory, FixedClock(datetime(2026, 1, 15, 9, 0, tzinfo=UTC)))
    company = ledger.create_company("Acme Corp").company
    assert company.id is not None
    company_id = company.id
    first = ledger.create_customer(company_id, "First customer")
    assert first.id is not None
    customer_id = first.id

    customers, customer_failures = _at_once(
        CONCURRENT, lambda n: ledger.create_customer(company_id, f"Customer {n}").number
    )
    invoices, invoice_failures = _at_once(
        CONCURRENT,
        lambda n: (
            ledger.create_invoice(
                company_id, customer_id, [LineInput("Hours", Decimal("1"), Decimal("10"))]
            ).number
        ),
    )

    assert customer_failures == [] and invoice_failures == []
    assert len(set(customers)) == CONCURRENT and first.number not in customers
    assert sorted(invoices) == [f"INV-{n:05d}" for n in range(1, CONCURRENT + 1)]
