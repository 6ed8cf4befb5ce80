"""Small builders for policy tests: ledger records and NetSuite records with sensible defaults."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.customer import Customer
from domain.invoice import Invoice, LineItem
from domain.link import Link
from domain.netsuite import (
    NetSuiteCustomer,
    NetSuiteInvoice,
    NetSuiteInvoiceLine,
    NetSuiteInvoiceStatus,
    NetSuitePayment,
    NetSuitePaymentApplication,
)
from domain.payment import Payment, PaymentApplication
from domain.records import Origin, RecordKind

NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
D = Decimal


def customer(name: str = "Acme", number: str = "C-1", id: int = 1, **kw: object) -> Customer:
    return Customer(1, name, number, NOW, NOW, id=id, **kw)  # type: ignore[arg-type]


def invoice(
    id: int = 10,
    amount: str = "100.00",
    *,
    customer_id: int = 1,
    number: str | None = None,
    on: dt.date = TODAY,
    **kw: object,
) -> Invoice:
    return Invoice(
        1,
        customer_id,
        number or f"INV-{id}",
        kw.pop("currency", "usd"),  # type: ignore[arg-type]
        on,
        [LineItem("Consulting", D("1"), D(amount), netsuite_item_id=kw.pop("item_id", None))],  # type: ignore[arg-type]
        NOW,
        NOW,
        id=id,
        **kw,  # type: ignore[arg-type]
    )


def payment(
    id: int = 50, applications: dict[int, str] | None = None, amount: str | None = None, **kw: object
) -> Payment:
    applied = [PaymentApplication(i, D(a)) for i, a in (applications or {10: "40"}).items()]
    total = D(amount) if amount is not None else sum((a.amount for a in applied), D("0"))
    return Payment(
        1,
        kw.pop("customer_id", 1),
        kw.pop("currency", "usd"),
        total,
        kw.pop("on", TODAY),
        NOW,
        NOW,
        applied,
        id=id,
        **kw,
    )  # type: ignore[arg-type]


def link(
    kind: RecordKind,
    local_id: int,
    netsuite_id: str = "900",
    *,
    version: int = 1,
    origin: Origin = Origin.INVOICED,
    at: dt.datetime = NOW,
) -> Link:
    return Link(1, kind, local_id, netsuite_id, origin, version, at, at)


def ns_customer(internal_id: str = "301", name: str = "Acme", **kw: object) -> NetSuiteCustomer:
    return NetSuiteCustomer(internal_id, name, **kw)  # type: ignore[arg-type]


def ns_invoice(
    internal_id: str = "8901",
    lines: tuple[tuple[str | None, str, str], ...] = (("201", "1", "100.00"),),
    *,
    total: str | None = None,
    remaining: str | None = None,
    tran_id: str = "NS-1",
    on: dt.date = TODAY,
    due: dt.date | None = None,
    currency: str = "usd",
) -> NetSuiteInvoice:
    built = tuple(NetSuiteInvoiceLine(item, "", D(q), D(r), D(q) * D(r)) for item, q, r in lines)
    full = D(total) if total is not None else sum((l.amount for l in built), D("0"))
    return NetSuiteInvoice(
        internal_id,
        tran_id,
        "301",
        currency,
        on,
        due,
        built,
        full,
        D(remaining) if remaining is not None else full,
        NetSuiteInvoiceStatus.OPEN,
    )


def ns_payment(
    applications: dict[str, str],
    amount: str | None = None,
    *,
    internal_id: str = "9001",
    voided: bool = False,
    modified: dt.datetime = NOW,
) -> NetSuitePayment:
    apps = tuple(NetSuitePaymentApplication(i, D(a)) for i, a in applications.items())
    total = D(amount) if amount is not None else sum((a.amount for a in apps), D("0"))
    return NetSuitePayment(
        internal_id, "301", "usd", TODAY, total, apps, tran_id="PYMT1", voided=voided, last_modified=modified
    )
