"""Small builders of domain records for the persistence tests (sensible defaults, override what matters)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.company import ApiKey, Company
from domain.customer import Customer
from domain.integration import IntegrationSettings, NetSuiteConnection
from domain.invoice import Invoice, LineItem
from domain.link import Link
from domain.payment import Payment, PaymentApplication
from domain.records import Origin, RecordKind
from domain.sync import SyncDirection, SyncError, SyncKind, SyncRun, SyncTrigger

NOW = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


def company(name: str = "Acme Corp", **overrides: Any) -> Company:
    return Company(**{"name": name, "created_at": NOW, "email": "ar@acme.test", **overrides})


def api_key(company_id: int, key_hash: str = "hash-1", **overrides: Any) -> ApiKey:
    return ApiKey(
        **{"company_id": company_id, "key_hash": key_hash, "prefix": "sk_1", "created_at": NOW, **overrides}
    )


def customer(company_id: int, number: str = "CUST-0001", **overrides: Any) -> Customer:
    fields: dict[str, Any] = {
        "company_id": company_id,
        "name": f"Customer {number}",
        "number": number,
        "created_at": NOW,
        "updated_at": NOW,
        "email": "billing@customer.test",
    }
    return Customer(**{**fields, **overrides})


def line(
    name: str = "Consulting", quantity: str = "2", unit_cost: str = "150.25", **overrides: Any
) -> LineItem:
    return LineItem(
        **{"name": name, "quantity": Decimal(quantity), "unit_cost": Decimal(unit_cost), **overrides}
    )


def invoice(company_id: int, customer_id: int, number: str = "INV-0001", **overrides: Any) -> Invoice:
    fields: dict[str, Any] = {
        "company_id": company_id,
        "customer_id": customer_id,
        "number": number,
        "currency": "usd",
        "date": date(2024, 5, 1),
        "due_date": date(2024, 5, 31),
        "items": [line()],
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Invoice(**{**fields, **overrides})


def payment(
    company_id: int, customer_id: int, applied: dict[int, str] | None = None, **overrides: Any
) -> Payment:
    applications = [
        PaymentApplication(invoice_id, Decimal(amount)) for invoice_id, amount in (applied or {}).items()
    ]
    fields: dict[str, Any] = {
        "company_id": company_id,
        "customer_id": customer_id,
        "currency": "usd",
        "amount": Decimal("100"),
        "date": date(2024, 5, 10),
        "created_at": NOW,
        "updated_at": NOW,
        "applied_to": applications,
    }
    return Payment(**{**fields, **overrides})


def link(company_id: int, local_id: int, netsuite_id: str, kind: RecordKind = RecordKind.INVOICE) -> Link:
    return Link(
        company_id=company_id,
        kind=kind,
        local_id=local_id,
        netsuite_id=netsuite_id,
        origin=Origin.INVOICED,
        synced_version=1,
        first_synced_at=NOW,
        last_synced_at=NOW,
    )


def sync_run(company_id: int, kind: SyncKind = SyncKind.ACCOUNTING_SYNC, **overrides: Any) -> SyncRun:
    return SyncRun(
        **{
            "company_id": company_id,
            "kind": kind,
            "trigger": SyncTrigger.MANUAL,
            "queued_at": NOW,
            **overrides,
        }
    )


def sync_error(company_id: int, run_id: int | None, record_id: str = "7", **overrides: Any) -> SyncError:
    fields: dict[str, Any] = {
        "company_id": company_id,
        "run_id": run_id,
        "record_kind": RecordKind.INVOICE,
        "record_id": record_id,
        "record_label": f"Invoice INV-{record_id}",
        "direction": SyncDirection.TO_NETSUITE,
        "message": "Invalid field value",
        "code": "netsuite_rejected",
        "created_at": NOW,
        "updated_at": NOW,
        "netsuite_code": "INVALID_FLD_VALUE",
        "hint": "Check the item mapping.",
    }
    return SyncError(**{**fields, **overrides})


def connection(
    company_id: int, *, next_sync_in: timedelta | None = None, auto_sync: bool = True, **settings: Any
) -> NetSuiteConnection:
    return NetSuiteConnection(
        company_id=company_id,
        account_id="1234567_sb1",
        sealed_credentials="sealed:abc",
        connected_at=NOW,
        settings=IntegrationSettings(auto_sync=auto_sync, **settings),
        next_sync_at=None if next_sync_in is None else NOW + next_sync_in,
    )
