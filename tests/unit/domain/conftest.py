"""Builders for domain tests: valid defaults, override what the test is about."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.invoice import Invoice, LineItem
from domain.payment import Payment, PaymentApplication

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def line(name: str = "Widget", quantity: str = "2", unit_cost: str = "10.50") -> LineItem:
    return LineItem(name=name, quantity=Decimal(quantity), unit_cost=Decimal(unit_cost))


def invoice(**overrides: Any) -> Invoice:
    fields: dict[str, Any] = {
        "company_id": 1,
        "customer_id": 7,
        "number": "INV-00001",
        "currency": "usd",
        "date": date(2026, 3, 1),
        "due_date": date(2026, 3, 31),
        "items": [line()],
        "created_at": NOW,
        "updated_at": NOW,
        "id": 100,
    }
    fields.update(overrides)
    return Invoice(**fields)


def payment(amount: str = "21.00", applied: list[tuple[int, str]] | None = None, **overrides: Any) -> Payment:
    fields: dict[str, Any] = {
        "company_id": 1,
        "customer_id": 7,
        "currency": "usd",
        "amount": Decimal(amount),
        "date": date(2026, 3, 5),
        "created_at": NOW,
        "updated_at": NOW,
        "applied_to": [PaymentApplication(i, Decimal(a)) for i, a in (applied or [])],
    }
    fields.update(overrides)
    return Payment(**fields)


@pytest.fixture
def now() -> datetime:
    return NOW
