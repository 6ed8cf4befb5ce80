"""An in-memory unit of work: works on a private copy of the store and publishes it on commit.

Like the SQL adapter, repositories hand out copies and keep copies: a change to a record is kept only
when it is passed to `update`/`save`, and another company's record can never be written."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Self, TypeVar

from application.errors import Conflict, NotFound
from application.ports import (
    CreditNoteFilter,
    CustomerFilter,
    InvoiceFilter,
    PaymentFilter,
    SortOrder,
    StoredRequest,
    Unsynced,
)
from domain.company import ApiKey, Company, DashboardSession
from domain.credit_note import CreditNote
from domain.customer import Customer
from domain.integration import NetSuiteConnection
from domain.invoice import Invoice
from domain.link import Link
from domain.payment import Payment
from domain.pending import PendingWrite
from domain.records import Origin, RecordKind
from domain.sync import SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncStatus


@dataclass
class _Tables:
    companies: dict[int, Company] = field(default_factory=dict)
    api_keys: dict[int, ApiKey] = field(default_factory=dict)
    customers: dict[int, Customer] = field(default_factory=dict)
    invoices: dict[int, Invoice] = field(default_factory=dict)
    credit_notes: dict[int, CreditNote] = field(default_factory=dict)
    payments: dict[int, Payment] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)
    pending_writes: dict[tuple[int, RecordKind, int], PendingWrite] = field(default_factory=dict)
    runs: dict[int, SyncRun] = field(default_factory=dict)
    errors: dict[int, SyncError] = field(default_factory=dict)
    connections: dict[int, NetSuiteConnection] = field(default_factory=dict)
    dashboard_sessions: dict[str, DashboardSession] = field(default_factory=dict)
    idempotency_keys: dict[tuple[int, str], StoredRequest] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class InMemoryStore:
    """The 'database' shared by every unit of work of one test."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self.lock = threading.RLock()
        self.commits = 0

    def unit_of_work(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self)

    __call__ = unit_of_work


class _Repo:
    def __init__(self, tables: _Tables) -> None:
        self.t = tables


R = TypeVar("R")


def _copy(record: R) -> R:
    return copy.deepcopy(record)


def _copies(records: list[R]) -> list[R]:
    return [copy.deepcopy(record) for record in records]


def _owned(stored: object | None, company_id: int, label: str) -> None:
    """Refuse to overwrite a record that does not exist for this company (as the SQL adapter does)."""
    if stored is None or getattr(stored, "company_id", None) != company_id:
        raise NotFound(f"{label} was not found.")


def _synced_versions(t: _Tables, company_id: int, kind: RecordKind) -> dict[int, int]:
    return {
        l.local_id: l.synced_version
        for l in t.links.values()
        if l.company_id == company_id and l.kind == kind
    }


def _wanted_by_sync(
    t: _Tables, company_id: int, kind: RecordKind, wanted: Unsynced | None
) -> Callable[[int | None, int], bool]:
    """As the SQL adapter judges it: the link is missing or behind the version (NEW_OR_CHANGED), or
    present and behind (CHANGED)."""
    if wanted is None:
        return lambda _id, _version: True
    synced = _synced_versions(t, company_id, kind)
    if wanted is Unsynced.NEW_OR_CHANGED:
        return lambda local_id, version: synced.get(local_id or 0, -1) < version
    return lambda local_id, version: (local_id or 0) in synced and synced[local_id or 0] < version


class _Companies(_Repo):
    def add(self, company: Company) -> Company:
        company.id = self.t.new_id()
        self.t.companies[company.id] = _copy(company)
        return company

    def get(self, company_id: int) -> Company | None:
        return _copy(self.t.companies.get(company_id))

    def update(self, company: Company) -> None:
        if company.id not in self.t.companies:
            raise NotFound(f"Company {company.id} was not found.")
        assert company.id is not None
        self.t.companies[company.id] = _copy(company)

    def list(self) -> list[Company]:
        return _copies(sorted(self.t.companies.values(), key=lambda c: c.id or 0))

    def add_api_key(self, key: ApiKey) -> ApiKey:
        if any(other.key_hash == key.key_hash for other in self.t.api_keys.values()):
            raise Conflict("This API key is already registered; generate a new one.")
        key.id = self.t.new_id()
        self.t.api_keys[key.id] = _copy(key)
        return key

    def company_for_key_hash(self, key_hash: str) -> Company | None:
        for key in self.t.api_keys.values():
            if key.key_hash == key_hash and not key.revoked:
                return _copy(self.t.companies.get(key.company_id))
        return None


T = TypeVar("T")


def _page(items: list[T], offset: int, limit: int | None) -> list[T]:
    return items[offset:] if limit is None else items[offset : offset + limit]


def _in_order(records: list[T], sort: SortOrder) -> list[T]:
    """As the SQL adapter orders: by the field with missing values last, then by id the same way."""
    present = [r for r in records if getattr(r, sort.field) is not None]
    missing = [r for r in records if getattr(r, sort.field) is None]
    key = lambda r: (getattr(r, sort.field), getattr(r, "id", 0) or 0)  # noqa: E731
    by_id = lambda r: getattr(r, "id", 0) or 0  # noqa: E731
    return sorted(present, key=key, reverse=sort.descending) + sorted(
        missing, key=by_id, reverse=sort.descending
    )


def _metadata_matches(metadata: dict[str, str], pairs: tuple[tuple[str, str], ...]) -> bool:
    return all(metadata.get(key) == value for key, value in pairs)


def _customer_matches(customer: Customer, where: CustomerFilter | None) -> bool:
    if where is None:
        return True
    checks = [
        where.number is None or customer.number == where.number,
        where.name is None or customer.name == where.name,
        where.email is None or customer.email == where.email,
        where.type is None or customer.type.value == where.type,
        where.currency is None or customer.currency == where.currency,
        where.origin is None or customer.origin == where.origin,
        where.updated_after is None or customer.updated_at > where.updated_after,
        _metadata_matches(customer.metadata, where.metadata),
    ]
    return all(checks)


class _Customers(_Repo):
    def add(self, customer: Customer) -> Customer:
        if self.by_number(customer.company_id, customer.number) is not None:
            raise Conflict(f"The customer number {customer.number} has already been taken.", param="number")
        customer.id = self.t.new_id()
        self.t.customers[customer.id] = _copy(customer)
        return customer

    def get(self, company_id: int, customer_id: int) -> Customer | None:
        found = self.t.customers.get(customer_id)
        return _copy(found) if found is not None and found.company_id == company_id else None

    def update(self, customer: Customer) -> None:
        assert customer.id is not None
        _owned(self.t.customers.get(customer.id), customer.company_id, f"Customer {customer.id}")
        other = self.by_number(customer.company_id, customer.number)
        if other is not None and other.id != customer.id:
            raise Conflict(f"The customer number {customer.number} has already been taken.", param="number")
        self.t.customers[customer.id] = _copy(customer)

    def by_number(self, company_id: int, number: str) -> Customer | None:
        return _copy(
            next(
                (c for c in self.t.customers.values() if c.company_id == company_id and c.number == number),
                None,
            )
        )

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Customer]:
        wanted = set(ids)
        return _copies([c for c in self._all(company_id) if c.id in wanted])

    def _all(self, company_id: int) -> list[Customer]:
        return sorted(
            (c for c in self.t.customers.values() if c.company_id == company_id), key=lambda c: c.id or 0
        )

    def list(
        self,
        company_id: int,
        where: CustomerFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Customer]:
        sync = _wanted_by_sync(self.t, company_id, RecordKind.CUSTOMER, where.unsynced if where else None)
        found = [c for c in self._all(company_id) if _customer_matches(c, where) and sync(c.id, c.version)]
        return _copies(_page(_in_order(found, (where or CustomerFilter()).sort), offset, limit))

    def count(self, company_id: int, where: CustomerFilter | None = None) -> int:
        return len([c for c in self._all(company_id) if _customer_matches(c, where)])

    def delete(self, company_id: int, customer_id: int) -> None:
        _owned(self.t.customers.get(customer_id), company_id, f"Customer {customer_id}")
        del self.t.customers[customer_id]


def _matches(invoice: Invoice, where: InvoiceFilter | None) -> bool:
    if where is None:
        return True
    checks: list[bool] = [
        where.customer_id is None or invoice.customer_id == where.customer_id,
        where.origin is None or invoice.origin == where.origin,
        where.draft is None or invoice.draft == where.draft,
        where.voided is None or invoice.voided == where.voided,
        where.number is None or invoice.number == where.number,
        where.updated_after is None or invoice.updated_at > where.updated_after,
        where.paid is None or invoice.is_paid == where.paid,
        where.closed is None or invoice.is_closed == where.closed,
        where.sent is None or invoice.sent == where.sent,
        where.currency is None or invoice.currency == where.currency,
        where.date_from is None or invoice.date >= where.date_from,
        where.date_to is None or invoice.date <= where.date_to,
        _metadata_matches(invoice.metadata, where.metadata),
    ]
    return all(checks)


class _Invoices(_Repo):
    def add(self, invoice: Invoice) -> Invoice:
        if self.by_number(invoice.company_id, invoice.number) is not None:
            raise Conflict(f"The invoice number {invoice.number} has already been taken.", param="number")
        invoice.id = self.t.new_id()
        self._number_lines(invoice)
        self.t.invoices[invoice.id] = _copy(invoice)
        return invoice

    def _number_lines(self, invoice: Invoice) -> None:
        """Lines without an id get one, as rows do in the database."""
        invoice.items = [item if item.id else replace(item, id=self.t.new_id()) for item in invoice.items]

    def get(self, company_id: int, invoice_id: int) -> Invoice | None:
        found = self.t.invoices.get(invoice_id)
        return _copy(found) if found is not None and found.company_id == company_id else None

    def update(self, invoice: Invoice) -> None:
        assert invoice.id is not None
        _owned(self.t.invoices.get(invoice.id), invoice.company_id, f"Invoice {invoice.id}")
        other = self.by_number(invoice.company_id, invoice.number)
        if other is not None and other.id != invoice.id:
            raise Conflict(f"The invoice number {invoice.number} has already been taken.", param="number")
        self._number_lines(invoice)
        self.t.invoices[invoice.id] = _copy(invoice)

    def by_number(self, company_id: int, number: str) -> Invoice | None:
        return _copy(
            next(
                (i for i in self.t.invoices.values() if i.company_id == company_id and i.number == number),
                None,
            )
        )

    def by_numbers(self, company_id: int, numbers: Collection[str]) -> list[Invoice]:
        wanted = set(numbers)
        return _copies([i for i in self._all(company_id) if i.number in wanted])

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Invoice]:
        wanted = set(ids)
        return _copies([i for i in self._all(company_id) if i.id in wanted])

    def _all(self, company_id: int) -> list[Invoice]:
        return sorted(
            (i for i in self.t.invoices.values() if i.company_id == company_id), key=lambda i: i.id or 0
        )

    def list(
        self,
        company_id: int,
        where: InvoiceFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Invoice]:
        sync = _wanted_by_sync(self.t, company_id, RecordKind.INVOICE, where.unsynced if where else None)
        found = [i for i in self._all(company_id) if _matches(i, where) and sync(i.id, i.version)]
        return _copies(_page(_in_order(found, (where or InvoiceFilter()).sort), offset, limit))

    def count(self, company_id: int, where: InvoiceFilter | None = None) -> int:
        return len([i for i in self._all(company_id) if _matches(i, where)])

    def delete(self, company_id: int, invoice_id: int) -> None:
        _owned(self.t.invoices.get(invoice_id), company_id, f"Invoice {invoice_id}")
        del self.t.invoices[invoice_id]


def _payment_matches(payment: Payment, where: PaymentFilter) -> bool:
    checks = [
        where.customer_id is None or payment.customer_id == where.customer_id,
        where.invoice_id is None or where.invoice_id in payment.invoice_ids,
        where.method is None or payment.method.value == where.method,
        where.source is None or (payment.source is not None and payment.source.value == where.source),
        where.currency is None or payment.currency == where.currency,
        where.voided is None or payment.voided == where.voided,
        where.origin is None or payment.origin == where.origin,
        where.updated_after is None or payment.updated_at > where.updated_after,
        where.date_from is None or payment.date >= where.date_from,
        where.date_to is None or payment.date <= where.date_to,
        _metadata_matches(payment.metadata, where.metadata),
    ]
    return all(checks)


def _note_matches(note: CreditNote, where: CreditNoteFilter | None) -> bool:
    if where is None:
        return True
    checks: list[bool] = [
        where.customer_id is None or note.customer_id == where.customer_id,
        where.origin is None or note.origin == where.origin,
        where.draft is None or note.draft == where.draft,
        where.voided is None or note.voided == where.voided,
        where.number is None or note.number == where.number,
        where.updated_after is None or note.updated_at > where.updated_after,
        where.date_from is None or note.date >= where.date_from,
    ]
    return all(checks)


class _CreditNotes(_Repo):
    def add(self, note: CreditNote) -> CreditNote:
        if self.by_number(note.company_id, note.number) is not None:
            raise Conflict(f"The credit note number {note.number} has already been taken.")
        note.id = self.t.new_id()
        self.t.credit_notes[note.id] = _copy(note)
        return note

    def get(self, company_id: int, note_id: int) -> CreditNote | None:
        found = self.t.credit_notes.get(note_id)
        return _copy(found) if found is not None and found.company_id == company_id else None

    def update(self, note: CreditNote) -> None:
        assert note.id is not None
        _owned(self.t.credit_notes.get(note.id), note.company_id, f"Credit note {note.id}")
        other = self.by_number(note.company_id, note.number)
        if other is not None and other.id != note.id:
            raise Conflict(f"The credit note number {note.number} has already been taken.")
        self.t.credit_notes[note.id] = _copy(note)

    def by_number(self, company_id: int, number: str) -> CreditNote | None:
        return _copy(next((n for n in self._all(company_id) if n.number == number), None))

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[CreditNote]:
        wanted = set(ids)
        return _copies([n for n in self._all(company_id) if n.id in wanted])

    def _all(self, company_id: int) -> list[CreditNote]:
        return sorted(
            (n for n in self.t.credit_notes.values() if n.company_id == company_id), key=lambda n: n.id or 0
        )

    def list(
        self,
        company_id: int,
        where: CreditNoteFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[CreditNote]:
        sync = _wanted_by_sync(self.t, company_id, RecordKind.CREDIT_NOTE, where.unsynced if where else None)
        found = [n for n in self._all(company_id) if _note_matches(n, where) and sync(n.id, n.version)]
        return _copies(_page(found, offset, limit))

    def count(self, company_id: int, where: CreditNoteFilter | None = None) -> int:
        return len([n for n in self._all(company_id) if _note_matches(n, where)])


class _Payments(_Repo):
    def add(self, payment: Payment) -> Payment:
        payment.id = self.t.new_id()
        self.t.payments[payment.id] = _copy(payment)
        return payment

    def get(self, company_id: int, payment_id: int) -> Payment | None:
        found = self.t.payments.get(payment_id)
        return _copy(found) if found is not None and found.company_id == company_id else None

    def update(self, payment: Payment) -> None:
        assert payment.id is not None
        _owned(self.t.payments.get(payment.id), payment.company_id, f"Payment {payment.id}")
        self.t.payments[payment.id] = _copy(payment)

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Payment]:
        wanted = set(ids)
        return _copies([p for p in self._all(company_id) if p.id in wanted])

    def _all(self, company_id: int) -> list[Payment]:
        return sorted(
            (p for p in self.t.payments.values() if p.company_id == company_id), key=lambda p: p.id or 0
        )

    def list(
        self,
        company_id: int,
        *,
        origin: Origin | None = None,
        invoice_id: int | None = None,
        voided: bool | None = None,
        where: PaymentFilter | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Payment]:
        base = where or PaymentFilter()
        combined = replace(
            base,
            origin=origin if origin is not None else base.origin,
            invoice_id=invoice_id if invoice_id is not None else base.invoice_id,
            voided=voided if voided is not None else base.voided,
        )
        sync = _wanted_by_sync(self.t, company_id, RecordKind.PAYMENT, combined.unsynced)
        found = [p for p in self._all(company_id) if _payment_matches(p, combined) and sync(p.id, p.version)]
        return _copies(_page(_in_order(found, combined.sort), offset, limit))

    def applying_credit_notes(self, company_id: int, credit_note_ids: Collection[int]) -> list[Payment]:
        wanted = set(credit_note_ids)
        return _copies([p for p in self._all(company_id) if wanted & set(p.credit_note_ids)])

    def count(self, company_id: int, where: PaymentFilter | None = None) -> int:
        return len([p for p in self._all(company_id) if _payment_matches(p, where or PaymentFilter())])


class _Links(_Repo):
    def save(self, link: Link) -> Link:
        for other in self.t.links.values():
            same_local = (other.company_id, other.kind, other.local_id) == (
                link.company_id,
                link.kind,
                link.local_id,
            )
            same_remote = (other.company_id, other.kind, other.netsuite_id) == (
                link.company_id,
                link.kind,
                link.netsuite_id,
            )
            if other.id != link.id and (same_local or same_remote):
                raise Conflict(
                    f"{link.kind.value} {link.local_id} or NetSuite id {link.netsuite_id} is already linked."
                )
        if link.id is None:
            link.id = self.t.new_id()
        else:
            _owned(self.t.links.get(link.id), link.company_id, f"Link {link.id}")
        self.t.links[link.id] = _copy(link)
        return link

    def _of(self, company_id: int, kind: RecordKind) -> list[Link]:
        return [l for l in self.t.links.values() if l.company_id == company_id and l.kind == kind]

    def get(self, company_id: int, kind: RecordKind, local_id: int) -> Link | None:
        return _copy(next((l for l in self._of(company_id, kind) if l.local_id == local_id), None))

    def by_netsuite_id(self, company_id: int, kind: RecordKind, netsuite_id: str) -> Link | None:
        return _copy(next((l for l in self._of(company_id, kind) if l.netsuite_id == netsuite_id), None))

    def by_local_ids(self, company_id: int, kind: RecordKind, local_ids: Collection[int]) -> dict[int, Link]:
        wanted = set(local_ids)
        return {l.local_id: _copy(l) for l in self._of(company_id, kind) if l.local_id in wanted}

    def by_netsuite_ids(
        self, company_id: int, kind: RecordKind, netsuite_ids: Collection[str]
    ) -> dict[str, Link]:
        wanted = set(netsuite_ids)
        return {l.netsuite_id: _copy(l) for l in self._of(company_id, kind) if l.netsuite_id in wanted}

    def count(self, company_id: int) -> int:
        return sum(1 for link in self.t.links.values() if link.company_id == company_id)

    def list(self, company_id: int, kind: RecordKind) -> list[Link]:
        return _copies(sorted(self._of(company_id, kind), key=lambda l: l.id or 0))


class _PendingWrites(_Repo):
    def add(self, pending: Collection[PendingWrite]) -> None:
        for write in pending:
            self.t.pending_writes.setdefault((write.company_id, write.kind, write.local_id), write)

    def remove(self, company_id: int, kind: RecordKind, local_ids: Collection[int]) -> None:
        for local_id in local_ids:
            self.t.pending_writes.pop((company_id, kind, local_id), None)

    def list(self, company_id: int, kind: RecordKind) -> list[PendingWrite]:
        return sorted(
            (w for key, w in self.t.pending_writes.items() if key[:2] == (company_id, kind)),
            key=lambda w: w.local_id,
        )


_ACTIVE = (SyncStatus.QUEUED, SyncStatus.RUNNING)


class _Runs(_Repo):
    def add(self, run: SyncRun) -> SyncRun:
        clash = any(
            (r.company_id, r.kind) == (run.company_id, run.kind) and r.status in _ACTIVE
            for r in self.t.runs.values()
        )
        if run.status in _ACTIVE and clash:
            raise Conflict(f"A {run.kind.value} run is already queued or running.")
        run.id = self.t.new_id()
        self.t.runs[run.id] = _copy(run)
        return run

    def get(self, company_id: int, run_id: int) -> SyncRun | None:
        found = self.t.runs.get(run_id)
        return _copy(found) if found is not None and found.company_id == company_id else None

    def update(self, run: SyncRun) -> None:
        assert run.id is not None
        _owned(self.t.runs.get(run.id), run.company_id, f"Sync run {run.id}")
        self.t.runs[run.id] = _copy(run)

    def active(self, company_id: int, kind: SyncKind) -> SyncRun | None:
        return _copy(
            next(
                (
                    r
                    for r in sorted(self.t.runs.values(), key=lambda r: r.id or 0)
                    if r.company_id == company_id
                    and r.kind == kind
                    and r.status in (SyncStatus.QUEUED, SyncStatus.RUNNING)
                ),
                None,
            )
        )

    def recent(self, company_id: int, *, kind: SyncKind | None = None, limit: int = 20) -> list[SyncRun]:
        found = [
            r for r in self.t.runs.values() if r.company_id == company_id and (kind is None or r.kind == kind)
        ]
        return _copies(sorted(found, key=lambda r: r.id or 0, reverse=True)[:limit])


class _Errors(_Repo):
    def add(self, error: SyncError) -> SyncError:
        error.id = self.t.new_id()
        self.t.errors[error.id] = _copy(error)
        return error

    def get(self, company_id: int, error_id: int) -> SyncError | None:
        found = self.t.errors.get(error_id)
        return _copy(found) if found is not None and found.company_id == company_id else None

    def update(self, error: SyncError) -> None:
        assert error.id is not None
        _owned(self.t.errors.get(error.id), error.company_id, f"Sync error {error.id}")
        self.t.errors[error.id] = _copy(error)

    def for_record(self, company_id: int, kind: RecordKind, record_id: str) -> SyncError | None:
        """The record's newest sync error, whatever its status."""
        found = [
            e
            for e in self.t.errors.values()
            if e.company_id == company_id and e.record_kind == kind and e.record_id == record_id
        ]
        return _copy(max(found, key=lambda e: e.id or 0)) if found else None

    def list(
        self,
        company_id: int,
        *,
        status: SyncErrorStatus | None = None,
        run_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[SyncError]:
        found = [
            e
            for e in self.t.errors.values()
            if e.company_id == company_id
            and (status is None or e.status == status)
            and (run_id is None or e.run_id == run_id)
        ]
        return _copies(_page(sorted(found, key=lambda e: e.id or 0, reverse=True), offset, limit))


class _Connections(_Repo):
    def get(self, company_id: int) -> NetSuiteConnection | None:
        return _copy(self.t.connections.get(company_id))

    def save(self, connection: NetSuiteConnection) -> NetSuiteConnection:
        existing = self.t.connections.get(connection.company_id)
        connection.id = existing.id if existing is not None else self.t.new_id()
        self.t.connections[connection.company_id] = _copy(connection)
        return connection

    def delete(self, company_id: int) -> None:
        self.t.connections.pop(company_id, None)

    def claim_due(self, now: datetime, limit: int = 100) -> list[NetSuiteConnection]:
        due = sorted(
            (c for c in self.t.connections.values() if c.is_due(now)),
            key=lambda c: (c.next_sync_at, c.id or 0),
        )[:limit]
        for connection in due:
            connection.schedule_next(now)
        return _copies(due)


class _IdempotencyKeys(_Repo):
    def get(self, company_id: int, key: str) -> StoredRequest | None:
        return self.t.idempotency_keys.get((company_id, key))

    def claim(self, request: StoredRequest, *, expired_before: datetime) -> StoredRequest | None:
        known = self.t.idempotency_keys.get((request.company_id, request.key))
        if known is not None and known.created_at >= expired_before:
            return known
        self.t.idempotency_keys[(request.company_id, request.key)] = request
        return None

    def record_answer(self, company_id: int, key: str, status: int, body: str, content_type: str) -> None:
        known = self.t.idempotency_keys.get((company_id, key))
        if known is not None:
            self.t.idempotency_keys[(company_id, key)] = replace(
                known, status=status, body=body, content_type=content_type
            )

    def release(self, company_id: int, key: str) -> None:
        self.t.idempotency_keys.pop((company_id, key), None)


class _DashboardSessions(_Repo):
    def add(self, session: DashboardSession) -> None:
        self.t.dashboard_sessions[session.token_hash] = session

    def get(self, token_hash: str) -> DashboardSession | None:
        return self.t.dashboard_sessions.get(token_hash)

    def remove(self, token_hash: str) -> None:
        self.t.dashboard_sessions.pop(token_hash, None)

    def remove_expired(self, now: datetime) -> int:
        ended = [key for key, s in self.t.dashboard_sessions.items() if not s.is_live(now)]
        for key in ended:
            del self.t.dashboard_sessions[key]
        return len(ended)


class InMemoryUnitOfWork:
    """Changes stay private until commit; leaving the block without commit throws them away."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.committed = False

    def __enter__(self) -> Self:
        with self._store.lock:
            self._tables = copy.deepcopy(self._store.tables)
        self.companies = _Companies(self._tables)
        self.customers = _Customers(self._tables)
        self.invoices = _Invoices(self._tables)
        self.credit_notes = _CreditNotes(self._tables)
        self.payments = _Payments(self._tables)
        self.links = _Links(self._tables)
        self.pending_writes = _PendingWrites(self._tables)
        self.sync_runs = _Runs(self._tables)
        self.sync_errors = _Errors(self._tables)
        self.connections = _Connections(self._tables)
        self.dashboard_sessions = _DashboardSessions(self._tables)
        self.idempotency_keys = _IdempotencyKeys(self._tables)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        with self._store.lock:
            self._store.tables = copy.deepcopy(self._tables)
            self._store.commits += 1
        self.committed = True

    def rollback(self) -> None:
        with self._store.lock:
            self._tables = copy.deepcopy(self._store.tables)
        for name in (
            "companies",
            "customers",
            "invoices",
            "credit_notes",
            "payments",
            "links",
            "pending_writes",
            "sync_runs",
            "sync_errors",
            "connections",
            "dashboard_sessions",
            "idempotency_keys",
        ):
            getattr(self, name).t = self._tables
