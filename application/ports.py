"""The ports: what the use cases need from the outside world, named by role, in domain types only."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import Protocol, Self

from domain.company import ApiKey, Company, DashboardSession
from domain.credit_note import CreditNote
from domain.customer import Customer
from domain.integration import Credentials, NetSuiteConnection
from domain.invoice import Invoice
from domain.link import Link
from domain.netsuite import (
    CreditMemoRecord,
    CustomerRecord,
    InvoiceRecord,
    NetSuiteCreditMemo,
    NetSuiteCurrency,
    NetSuiteCustomer,
    NetSuiteInvoice,
    NetSuiteItem,
    NetSuitePayment,
    PaymentRecord,
    RemovalOutcome,
    UpsertOutcome,
)
from domain.payment import Payment
from domain.pending import PendingWrite
from domain.policies.drift import NetSuiteInvoiceAmounts, NetSuitePaymentAmounts
from domain.records import Origin, RecordKind
from domain.sync import SyncError, SyncErrorStatus, SyncKind, SyncRun

# ---------------------------------------------------------------------------------------------
# Repositories: every query is scoped to one company; `add` assigns the id and returns the record.
# ---------------------------------------------------------------------------------------------


class CompanyRepository(Protocol):
    def add(self, company: Company) -> Company: ...
    def get(self, company_id: int) -> Company | None: ...
    def update(self, company: Company) -> None: ...
    def list(self) -> list[Company]: ...
    def add_api_key(self, key: ApiKey) -> ApiKey: ...
    def company_for_key_hash(self, key_hash: str) -> Company | None: ...


class Unsynced(StrEnum):
    """Records a sync wants, judged in the store against their links so that the work grows with
    what changed, not with the ledger."""

    NEW_OR_CHANGED = "new_or_changed"  # no link yet, or edited after the version its link last synced
    CHANGED = "changed"  # linked, and edited after the version its link last synced


@dataclass(frozen=True, slots=True)
class SortOrder:
    """A list's order: one of the record's fields, ascending unless `descending`; ties go by id."""

    field: str = "id"
    descending: bool = False


CUSTOMER_SORT_FIELDS = frozenset({"id", "name", "number", "created_at", "updated_at"})
INVOICE_SORT_FIELDS = frozenset({"id", "number", "date", "due_date", "created_at", "updated_at"})
PAYMENT_SORT_FIELDS = frozenset({"id", "date", "created_at", "updated_at"})


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """Optional filters for listing customers (exact matches); None means 'any'. `metadata` pairs must
    all match; a record without the key is left out."""

    number: str | None = None
    name: str | None = None
    email: str | None = None
    type: str | None = None
    currency: str | None = None
    origin: Origin | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    updated_after: datetime | None = None
    unsynced: Unsynced | None = None
    sort: SortOrder = SortOrder()


class CustomerRepository(Protocol):
    def add(self, customer: Customer) -> Customer: ...
    def get(self, company_id: int, customer_id: int) -> Customer | None: ...
    def update(self, customer: Customer) -> None: ...
    def delete(self, company_id: int, customer_id: int) -> None: ...
    def by_number(self, company_id: int, number: str) -> Customer | None: ...
    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Customer]: ...
    def list(
        self,
        company_id: int,
        where: CustomerFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Customer]: ...
    def count(self, company_id: int, where: CustomerFilter | None = None) -> int: ...


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    """Optional filters for listing invoices; None means 'any'. `closed` is Invoiced's: closed by hand,
    paid, or voided. `date_from`/`date_to` bound the invoice date, both inclusive."""

    customer_id: int | None = None
    origin: Origin | None = None
    draft: bool | None = None
    voided: bool | None = None
    number: str | None = None
    updated_after: datetime | None = None
    paid: bool | None = None
    closed: bool | None = None
    sent: bool | None = None
    currency: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    unsynced: Unsynced | None = None
    sort: SortOrder = SortOrder()


class InvoiceRepository(Protocol):
    def add(self, invoice: Invoice) -> Invoice: ...
    def get(self, company_id: int, invoice_id: int) -> Invoice | None: ...
    def update(self, invoice: Invoice) -> None: ...
    def by_number(self, company_id: int, number: str) -> Invoice | None: ...
    def by_numbers(self, company_id: int, numbers: Collection[str]) -> list[Invoice]: ...
    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Invoice]: ...
    def list(
        self,
        company_id: int,
        where: InvoiceFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Invoice]: ...
    def count(self, company_id: int, where: InvoiceFilter | None = None) -> int: ...
    def delete(self, company_id: int, invoice_id: int) -> None: ...


@dataclass(frozen=True, slots=True)
class PaymentFilter:
    """Optional filters for listing payments; None means 'any'."""

    customer_id: int | None = None
    invoice_id: int | None = None
    method: str | None = None
    source: str | None = None
    currency: str | None = None
    voided: bool | None = None
    origin: Origin | None = None
    updated_after: datetime | None = None
    date_from: date | None = None
    date_to: date | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    unsynced: Unsynced | None = None
    sort: SortOrder = SortOrder()


@dataclass(frozen=True, slots=True)
class CreditNoteFilter:
    """Optional filters for listing credit notes; None means 'any'."""

    customer_id: int | None = None
    origin: Origin | None = None
    draft: bool | None = None
    voided: bool | None = None
    number: str | None = None
    updated_after: datetime | None = None
    date_from: date | None = None
    unsynced: Unsynced | None = None


class CreditNoteRepository(Protocol):
    def add(self, note: CreditNote) -> CreditNote: ...
    def get(self, company_id: int, note_id: int) -> CreditNote | None: ...
    def update(self, note: CreditNote) -> None: ...
    def by_number(self, company_id: int, number: str) -> CreditNote | None: ...
    def by_ids(self, company_id: int, ids: Collection[int]) -> list[CreditNote]: ...
    def list(
        self,
        company_id: int,
        where: CreditNoteFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[CreditNote]: ...
    def count(self, company_id: int, where: CreditNoteFilter | None = None) -> int: ...


class PaymentRepository(Protocol):
    def add(self, payment: Payment) -> Payment: ...
    def get(self, company_id: int, payment_id: int) -> Payment | None: ...
    def update(self, payment: Payment) -> None: ...
    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Payment]: ...
    def applying_credit_notes(self, company_id: int, credit_note_ids: Collection[int]) -> list[Payment]:
        """The payments with an entry applying one of these credit notes (voided ones too)."""
        ...

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
    ) -> list[Payment]: ...
    def count(self, company_id: int, where: PaymentFilter | None = None) -> int: ...


class LinkRepository(Protocol):
    def save(self, link: Link) -> Link: ...
    def get(self, company_id: int, kind: RecordKind, local_id: int) -> Link | None: ...
    def by_netsuite_id(self, company_id: int, kind: RecordKind, netsuite_id: str) -> Link | None: ...
    def by_local_ids(
        self, company_id: int, kind: RecordKind, local_ids: Collection[int]
    ) -> dict[int, Link]: ...
    def by_netsuite_ids(
        self, company_id: int, kind: RecordKind, netsuite_ids: Collection[str]
    ) -> dict[str, Link]: ...
    def list(self, company_id: int, kind: RecordKind) -> list[Link]: ...
    def count(self, company_id: int) -> int:
        """How many records of the company are linked to NetSuite, of every kind."""
        ...


class PendingWriteRepository(Protocol):
    """Writes sent to NetSuite whose answer was not settled yet (see domain.pending)."""

    def add(self, pending: Collection[PendingWrite]) -> None:
        """Note these writes (one already noted stays as it is)."""
        ...

    def remove(self, company_id: int, kind: RecordKind, local_ids: Collection[int]) -> None: ...
    def list(self, company_id: int, kind: RecordKind) -> list[PendingWrite]: ...


class SyncRunRepository(Protocol):
    def add(self, run: SyncRun) -> SyncRun: ...
    def get(self, company_id: int, run_id: int) -> SyncRun | None: ...
    def update(self, run: SyncRun) -> None: ...
    def active(self, company_id: int, kind: SyncKind) -> SyncRun | None:
        """The queued or running run of this kind, if any."""
        ...

    def recent(self, company_id: int, *, kind: SyncKind | None = None, limit: int = 20) -> list[SyncRun]: ...


class SyncErrorRepository(Protocol):
    def add(self, error: SyncError) -> SyncError: ...
    def get(self, company_id: int, error_id: int) -> SyncError | None: ...
    def update(self, error: SyncError) -> None: ...
    def for_record(self, company_id: int, kind: RecordKind, record_id: str) -> SyncError | None: ...
    def list(
        self,
        company_id: int,
        *,
        status: SyncErrorStatus | None = None,
        run_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[SyncError]: ...


class ConnectionRepository(Protocol):
    def get(self, company_id: int) -> NetSuiteConnection | None: ...
    def save(self, connection: NetSuiteConnection) -> NetSuiteConnection: ...
    def delete(self, company_id: int) -> None: ...
    def claim_due(self, now: datetime, limit: int = 100) -> list[NetSuiteConnection]:
        """Atomically take the connections whose auto-sync is due and move their next_sync_at on,
        so two schedulers never claim the same one."""
        ...


class DashboardSessionRepository(Protocol):
    """Signed-in dashboard sessions by the hash of their token."""

    def add(self, session: DashboardSession) -> None: ...
    def get(self, token_hash: str) -> DashboardSession | None: ...
    def remove(self, token_hash: str) -> None: ...
    def remove_expired(self, now: datetime) -> int:
        """Forget the sessions that ended before `now`; how many there were."""
        ...


@dataclass(frozen=True, slots=True)
class StoredRequest:
    """A request made with an Idempotency-Key, and (once it has answered) its answer."""

    company_id: int
    key: str
    fingerprint: str
    created_at: datetime
    status: int | None = None
    body: str | None = None
    content_type: str | None = None


class IdempotencyKeyRepository(Protocol):
    def claim(self, request: StoredRequest, *, expired_before: datetime) -> StoredRequest | None:
        """Record the key for this request and return None, or return the request already recorded
        under the key (one recorded before `expired_before` is forgotten and the key claimed anew).
        Two concurrent claims of one key: exactly one gets None."""
        ...

    def get(self, company_id: int, key: str) -> StoredRequest | None: ...
    def record_answer(self, company_id: int, key: str, status: int, body: str, content_type: str) -> None: ...
    def release(self, company_id: int, key: str) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: nothing is kept unless `commit()` is called before the block ends."""

    companies: CompanyRepository
    customers: CustomerRepository
    invoices: InvoiceRepository
    credit_notes: CreditNoteRepository
    payments: PaymentRepository
    links: LinkRepository
    pending_writes: PendingWriteRepository
    sync_runs: SyncRunRepository
    sync_errors: SyncErrorRepository
    connections: ConnectionRepository
    idempotency_keys: IdempotencyKeyRepository
    dashboard_sessions: DashboardSessionRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


# ---------------------------------------------------------------------------------------------
# NetSuite
# ---------------------------------------------------------------------------------------------


class NetSuiteGateway(Protocol):
    """One NetSuite account, in the sync's terms. Reads page through SuiteQL (never one request per
    record); batch writes upsert (or delete) by external id concurrently within the account's
    concurrency limit. Raises NetSuiteAuthError / NetSuiteUnavailable / NetSuiteBadResponse for
    run-level problems and NetSuiteRejected for a single refused request; batch writes report refusals
    per record instead; a run-level failure that cuts a batch short carries in `arrived` the outcomes
    that had come in."""

    def server_time(self) -> datetime: ...
    def suiteql_offset(self) -> timedelta:
        """How far SuiteQL's clock (the integration user's Time Zone preference) runs ahead of UTC
        now, measured against serverTime. SuiteQL reads and writes times on that clock."""
        ...

    def concurrency_limit(self) -> int | None:
        """The account's limit from governanceLimits, or None when the role may not read it."""
        ...

    def currencies(self) -> list[NetSuiteCurrency]: ...
    def items(self) -> list[NetSuiteItem]: ...
    def customers(self, *, include_inactive: bool = False) -> Iterator[NetSuiteCustomer]: ...
    def customers_named(self, names: Collection[str]) -> list[NetSuiteCustomer]:
        """Customers whose name matches one of `names` (case-insensitively), in batched queries."""
        ...

    def customers_by_ids(self, internal_ids: Collection[str]) -> list[NetSuiteCustomer]: ...
    def open_invoices(
        self,
        modified_since: datetime | None = None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuiteInvoice]:
        """Open invoices with their lines; only those changed at or after `modified_since` when given
        (written on SuiteQL's clock with `since_offset`, the offset it had then; its current one when
        None), and none whose externalId starts with `not_ours` (what we wrote is never read back)."""
        ...

    def invoices_by_ids(self, internal_ids: Collection[str]) -> list[NetSuiteInvoice]: ...
    def invoice_amounts(self, internal_ids: Collection[str]) -> list[NetSuiteInvoiceAmounts]:
        """Total and amount remaining of these invoices (one query per 1000 ids, no lines); ids
        NetSuite no longer has are left out."""
        ...

    def payment_amounts(self, internal_ids: Collection[str]) -> list[NetSuitePaymentAmounts]:
        """Amount and applications of these customer payments (SuiteQL pages of about 1000
        payments, applications joined in); ids NetSuite no longer has are left out."""
        ...

    def payments_modified_since(
        self,
        since: datetime | None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuitePayment]:
        """Customer payments changed at or after `since` (all when None; `since_offset` as for
        `open_invoices`), with their applications; none whose externalId starts with `not_ours`."""
        ...

    def credit_memos_modified_since(
        self,
        since: datetime | None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuiteCreditMemo]:
        """Credit memos changed at or after `since` (all when None; `since_offset` as for
        `open_invoices`), with their lines and the invoices they are applied to; none whose
        externalId starts with `not_ours`."""
        ...

    def upsert_customers(self, records: Sequence[CustomerRecord]) -> list[UpsertOutcome]: ...
    def upsert_invoices(self, records: Sequence[InvoiceRecord]) -> list[UpsertOutcome]: ...
    def upsert_payments(self, records: Sequence[PaymentRecord]) -> list[UpsertOutcome]: ...
    def upsert_credit_memos(self, records: Sequence[CreditMemoRecord]) -> list[UpsertOutcome]:
        """Our credit memos by external id, each with its whole apply list (it replaces NetSuite's)."""
        ...

    def remove_credit_memos(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        """Delete our credit memos by external id (the invoices they paid owe again), as
        `remove_invoices`."""
        ...

    def remove_invoices(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        """Delete our invoices by external id, one outcome per id in order; one already gone counts as
        removed. NetSuite refuses an invoice that still has payments applied (a per-record problem)."""
        ...

    def remove_payments(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        """Delete our customer payments by external id (their invoices owe again), as `remove_invoices`."""
        ...

    def ids_by_external_id(self, kind: RecordKind, external_ids: Collection[str]) -> dict[str, str]:
        """NetSuite internal ids of the invoices or customer payments carrying these external ids (the
        ones NetSuite has), in batched queries: how a write whose answer was lost is settled."""
        ...


@dataclass(frozen=True, slots=True)
class NetSuiteAccess:
    """Everything needed to open a gateway to one account."""

    account_id: str
    credentials: Credentials
    base_url: str | None = None
    concurrency_limit: int = 5


class NetSuiteGatewayFactory(Protocol):
    def __call__(self, access: NetSuiteAccess) -> NetSuiteGateway: ...


# ---------------------------------------------------------------------------------------------
# Everything else
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str | None = None


class Notifier(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class JobQueue(Protocol):
    """Hands work to the background workers; each job is idempotent under redelivery."""

    def enqueue_sync(self, company_id: int, run_id: int) -> None: ...
    def enqueue_import(self, company_id: int, run_id: int) -> None: ...
    def enqueue_error_retry(self, company_id: int, error_id: int) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
        ...

    def today(self) -> date: ...


class SecretBox(Protocol):
    """Encrypts secrets at rest."""

    def seal(self, plaintext: str) -> str: ...
    def unseal(self, token: str) -> str: ...


class CompanyLocks(Protocol):
    """Mutual exclusion per company across every worker process (one sync per company at a time)."""

    def hold(self, company_id: int, *, ttl_seconds: int | None = None) -> AbstractContextManager[bool]:
        """Yields True when this caller got the lock, False when someone else holds it. The lock lasts
        `ttl_seconds` (the adapter's own lifetime when None) unless its live holder renews it, which
        it does all along, so only a dead holder's lock ever expires."""
        ...


class FailedSignIns(Protocol):
    """Failed authentications (wrong API keys) counted per subject, such as a client's address or the
    first characters of the key tried, over a window; shared by every process that serves requests."""

    def retry_after(self, subjects: Sequence[str]) -> int | None:
        """Seconds until every subject may try again, or None when none of them is over the limit."""
        ...

    def record_failure(self, subjects: Sequence[str]) -> None:
        """Count one failed attempt against each subject."""
        ...
