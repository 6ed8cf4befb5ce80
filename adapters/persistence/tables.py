"""The SQL tables (SQLModel). Rows are persistence details: mappers.py turns them into domain objects.

Enums are stored as their string values; money uses ExactDecimal and times UtcDateTime (types.py).
Constraint names are explicit so a violation can be told apart and explained (errors.py).
"""

# No `from __future__ import annotations`: SQLModel resolves relationship annotations at class creation.

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, ForeignKey, Index, MetaData, Text, UniqueConstraint, text
from sqlalchemy.orm import registry
from sqlmodel import Field, Relationship, SQLModel

from adapters.persistence.types import ExactDecimal, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Our own registry keeps these tables out of SQLModel's process-wide default metadata.
metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TableBase(SQLModel, registry=registry(metadata=metadata)):
    pass


def _metadata_column() -> dict[str, str]:
    # `metadata` is SQLAlchemy's own attribute on table classes, so the field is named metadata_json.
    return Field(
        default_factory=dict, sa_column=Column("metadata", JSON, nullable=False, server_default="{}")
    )


def _company_fk() -> int:
    return Field(sa_column_args=[ForeignKey("companies.id", ondelete="CASCADE")], nullable=False)


class CompanyRow(TableBase, table=True):
    __tablename__ = "companies"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=Text)
    email: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    netsuite_account_id: str | None = Field(default=None, max_length=32)


class ApiKeyRow(TableBase, table=True):
    __tablename__ = "api_keys"
    __table_args__ = (
        UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
        Index("ix_api_keys_company_id", "company_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    key_hash: str = Field(max_length=128)
    prefix: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UtcDateTime)
    revoked: bool = False


class CustomerRow(TableBase, table=True):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("company_id", "number", name="uq_customers_company_id_number"),
        # What a sync asks of the ledger (origin, then id and version against the links) from the index.
        Index("ix_customers_sync", "company_id", "origin", "id", "version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    number: str = Field(max_length=32)
    name: str = Field(max_length=255)
    email: str | None = Field(default=None, sa_type=Text)
    type: str = Field(max_length=16)
    currency: str | None = Field(default=None, max_length=3)
    payment_terms: str | None = Field(default=None, sa_type=Text)
    origin: str = Field(max_length=16)
    version: int
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    attention_to: str | None = Field(default=None, sa_type=Text)
    address1: str | None = Field(default=None, sa_type=Text)
    address2: str | None = Field(default=None, sa_type=Text)
    city: str | None = Field(default=None, sa_type=Text)
    state: str | None = Field(default=None, sa_type=Text)
    postal_code: str | None = Field(default=None, sa_type=Text)
    country: str | None = Field(default=None, max_length=2)
    phone: str | None = Field(default=None, sa_type=Text)
    notes: str | None = Field(default=None, sa_type=Text)
    tax_id: str | None = Field(default=None, sa_type=Text)
    language: str | None = Field(default=None, max_length=2)
    autopay: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    taxable: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})
    chase: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})
    credit_limit: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    metadata_json: dict[str, str] = _metadata_column()


class InvoiceRow(TableBase, table=True):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("company_id", "number", name="uq_invoices_company_id_number"),
        Index("ix_invoices_company_id_customer_id", "company_id", "customer_id"),
        Index("ix_invoices_company_id_updated_at", "company_id", "updated_at"),
        Index("ix_invoices_customer_id", "customer_id"),
        # A sync's selection (issued, not voided, dated, id and version against the links) from the index.
        Index("ix_invoices_sync", "company_id", "origin", "voided", "draft", "id", "version", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    customer_id: int = Field(sa_column_args=[ForeignKey("customers.id")], nullable=False)
    number: str = Field(max_length=32)
    currency: str = Field(max_length=3)
    date: date
    due_date: date | None = None
    draft: bool
    voided: bool
    amount_paid: Decimal = Field(sa_type=ExactDecimal)
    amount_credited: Decimal = Field(default=Decimal("0"), sa_type=ExactDecimal)
    payment_terms: str | None = Field(default=None, sa_type=Text)
    notes: str | None = Field(default=None, sa_type=Text)
    origin: str = Field(max_length=16)
    version: int
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    # [{"amount": "10.00", "coupon": …}] / [{"amount": "8.25", "tax_rate": …}]: amounts as strings.
    discounts: list[dict[str, str | None]] = Field(default_factory=list, sa_type=JSON)
    taxes: list[dict[str, str | None]] = Field(default_factory=list, sa_type=JSON)
    name: str = Field(default="Invoice", sa_type=Text, sa_column_kwargs={"server_default": "Invoice"})
    purchase_order: str | None = Field(default=None, sa_type=Text)
    sent: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    closed: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    # Derived from the lines and payments on every write, so lists can filter on it in SQL.
    paid: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    autopay: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    ship_to: dict[str, str] | None = Field(default=None, sa_type=JSON)
    metadata_json: dict[str, str] = _metadata_column()

    # Loaded with one extra IN query per batch of invoices, never one query per invoice.
    lines: list["InvoiceLineRow"] = Relationship(
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "InvoiceLineRow.position",
            "lazy": "selectin",
        }
    )


class InvoiceLineRow(TableBase, table=True):
    __tablename__ = "invoice_line_items"
    __table_args__ = (Index("ix_invoice_line_items_invoice_id", "invoice_id"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int | None = Field(
        default=None, sa_column_args=[ForeignKey("invoices.id", ondelete="CASCADE")], nullable=False
    )
    position: int
    name: str = Field(sa_type=Text)
    description: str = Field(sa_type=Text)
    quantity: Decimal = Field(sa_type=ExactDecimal)
    unit_cost: Decimal = Field(sa_type=ExactDecimal)
    netsuite_item_id: str | None = Field(default=None, max_length=64)
    discounts: list[dict[str, str | None]] = Field(default_factory=list, sa_type=JSON)
    taxes: list[dict[str, str | None]] = Field(default_factory=list, sa_type=JSON)
    type: str | None = Field(default=None, max_length=32)
    catalog_item: str | None = Field(default=None, sa_type=Text)
    discountable: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})
    taxable: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})
    metadata_json: dict[str, str] = _metadata_column()


class CreditNoteRow(TableBase, table=True):
    """A credit note; its lines, discounts and taxes are JSON (amounts as decimal strings), read and
    written with the document, never queried on their own."""

    __tablename__ = "credit_notes"
    __table_args__ = (
        UniqueConstraint("company_id", "number", name="uq_credit_notes_company_id_number"),
        Index("ix_credit_notes_company_id_customer_id", "company_id", "customer_id"),
        Index("ix_credit_notes_customer_id", "customer_id"),
        Index("ix_credit_notes_sync", "company_id", "origin", "voided", "draft", "id", "version", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    customer_id: int = Field(sa_column_args=[ForeignKey("customers.id")], nullable=False)
    number: str = Field(max_length=32)
    currency: str = Field(max_length=3)
    date: date
    draft: bool
    closed: bool
    voided: bool
    amount_applied: Decimal = Field(sa_type=ExactDecimal)
    notes: str | None = Field(default=None, sa_type=Text)
    origin: str = Field(max_length=16)
    version: int
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    items: list[dict[str, object]] = Field(default_factory=list, sa_type=JSON)
    discounts: list[dict[str, str | None]] = Field(default_factory=list, sa_type=JSON)
    taxes: list[dict[str, str | None]] = Field(default_factory=list, sa_type=JSON)
    metadata_json: dict[str, str] = _metadata_column()


class PaymentRow(TableBase, table=True):
    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_company_id_origin", "company_id", "origin"),
        Index("ix_payments_customer_id", "customer_id"),
        Index("ix_payments_sync", "company_id", "origin", "voided", "id", "version", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    customer_id: int = Field(sa_column_args=[ForeignKey("customers.id")], nullable=False)
    currency: str = Field(max_length=3)
    amount: Decimal = Field(sa_type=ExactDecimal)
    date: date
    method: str = Field(max_length=32)
    reference: str | None = Field(default=None, sa_type=Text)
    notes: str | None = Field(default=None, sa_type=Text)
    voided: bool
    origin: str = Field(max_length=16)
    version: int
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    source: str = Field(default="keyed", max_length=32, sa_column_kwargs={"server_default": "keyed"})
    metadata_json: dict[str, str] = _metadata_column()

    applications: list["PaymentApplicationRow"] = Relationship(
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "PaymentApplicationRow.position",
            "lazy": "selectin",
        }
    )


class PaymentApplicationRow(TableBase, table=True):
    __tablename__ = "payment_applications"
    __table_args__ = (
        Index("ix_payment_applications_payment_id", "payment_id"),
        Index("ix_payment_applications_invoice_id", "invoice_id"),
        Index("ix_payment_applications_credit_note_id", "credit_note_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int | None = Field(
        default=None, sa_column_args=[ForeignKey("payments.id", ondelete="CASCADE")], nullable=False
    )
    position: int
    invoice_id: int = Field(sa_column_args=[ForeignKey("invoices.id")], nullable=False)
    amount: Decimal = Field(sa_type=ExactDecimal)
    # Set when the entry applies a credit note to the invoice (Invoiced's type=credit_note).
    credit_note_id: int | None = Field(default=None, sa_column_args=[ForeignKey("credit_notes.id")])


class LinkRow(TableBase, table=True):
    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("company_id", "kind", "local_id", name="uq_links_company_id_kind_local_id"),
        UniqueConstraint("company_id", "kind", "netsuite_id", name="uq_links_company_id_kind_netsuite_id"),
        # Whether a record is behind its link is answered from this index alone.
        Index("ix_links_sync", "company_id", "kind", "local_id", "synced_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    kind: str = Field(max_length=16)
    local_id: int
    netsuite_id: str = Field(max_length=64)
    origin: str = Field(max_length=16)
    synced_version: int
    first_synced_at: datetime = Field(sa_type=UtcDateTime)
    last_synced_at: datetime = Field(sa_type=UtcDateTime)
    netsuite_as_of: datetime | None = Field(default=None, sa_type=UtcDateTime)


class PendingWriteRow(TableBase, table=True):
    """A write sent to NetSuite whose answer was not settled yet (domain.pending)."""

    __tablename__ = "pending_writes"

    company_id: int = Field(sa_column_args=[ForeignKey("companies.id", ondelete="CASCADE")], primary_key=True)
    kind: str = Field(max_length=16, primary_key=True)
    local_id: int = Field(primary_key=True)
    sent_at: datetime = Field(sa_type=UtcDateTime)


class CompanyLockRow(TableBase, table=True):
    """Who holds a company's sync lock, until when (without Redis: shared by every process on this
    database). A holder renews `expires_at` while it lives."""

    __tablename__ = "company_locks"

    company_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(sa_type=UtcDateTime)


ACTIVE_RUN = "status IN ('queued', 'running')"


class SyncRunRow(TableBase, table=True):
    __tablename__ = "sync_runs"
    __table_args__ = (
        Index("ix_sync_runs_company_id_kind_status", "company_id", "kind", "status"),
        # At most one queued or running run per company and kind, whatever number of processes ask.
        Index(
            "uq_sync_runs_one_active_per_kind",
            "company_id",
            "kind",
            unique=True,
            sqlite_where=text(ACTIVE_RUN),
            postgresql_where=text(ACTIVE_RUN),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    kind: str = Field(max_length=32)
    trigger: str = Field(max_length=16)
    status: str = Field(max_length=16)
    queued_at: datetime = Field(sa_type=UtcDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    counts: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    error_count: int
    error: str | None = Field(default=None, sa_type=Text)
    watermark: datetime | None = Field(default=None, sa_type=UtcDateTime)


class SyncErrorRow(TableBase, table=True):
    __tablename__ = "sync_errors"
    __table_args__ = (
        Index("ix_sync_errors_company_id_record_kind_record_id", "company_id", "record_kind", "record_id"),
        Index("ix_sync_errors_company_id_status", "company_id", "status"),
        Index("ix_sync_errors_run_id", "run_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    run_id: int | None = Field(default=None, sa_column_args=[ForeignKey("sync_runs.id", ondelete="SET NULL")])
    record_kind: str = Field(max_length=16)
    record_id: str = Field(max_length=64)
    record_label: str = Field(sa_type=Text)
    direction: str = Field(max_length=16)
    message: str = Field(sa_type=Text)
    code: str = Field(max_length=64)
    netsuite_code: str | None = Field(default=None, max_length=64)
    hint: str | None = Field(default=None, sa_type=Text)
    status: str = Field(max_length=16)
    occurrences: int
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class NetSuiteConnectionRow(TableBase, table=True):
    """One per company. Settings are columns so the scheduler can query auto_sync and next_sync_at."""

    __tablename__ = "netsuite_connections"
    __table_args__ = (
        UniqueConstraint("company_id", name="uq_netsuite_connections_company_id"),
        Index("ix_netsuite_connections_next_sync_at", "next_sync_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    account_id: str = Field(max_length=32)
    sealed_credentials: str = Field(sa_type=Text)
    connected_at: datetime = Field(sa_type=UtcDateTime)
    base_url: str | None = Field(default=None, sa_type=Text)
    watermark: datetime | None = Field(default=None, sa_type=UtcDateTime)
    watermark_offset_minutes: int | None = None
    next_sync_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    auto_sync: bool
    interval_minutes: int
    start_date: date | None = None
    read_invoices: bool
    read_payments: bool
    write_invoices: bool
    write_payments: bool
    write_credit_notes: bool = True
    fallback_item_id: str | None = Field(default=None, max_length=64)
    discount_item_id: str | None = Field(default=None, max_length=64)
    tax_item_id: str | None = Field(default=None, max_length=64)
    deposit_account_id: str | None = Field(default=None, max_length=64)
    subsidiary_id: str | None = Field(default=None, max_length=64)
    concurrency_limit: int
    external_id_prefix: str = Field(max_length=12)
    auth_method: str = Field(default="tba", max_length=16, sa_column_kwargs={"server_default": "tba"})
    oauth2_client_id: str | None = Field(default=None, max_length=128)
    certificate_id: str | None = Field(default=None, max_length=128)
    certificate_expires_on: date | None = None


class DashboardSessionRow(TableBase, table=True):
    """A signed-in dashboard session; the cookie carries the token, this table only its hash."""

    __tablename__ = "dashboard_sessions"
    __table_args__ = (Index("ix_dashboard_sessions_expires_at", "expires_at"),)

    token_hash: str = Field(max_length=64, primary_key=True)
    company_id: int = _company_fk()
    signed_in_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)


class IdempotencyKeyRow(TableBase, table=True):
    """A request made with an Idempotency-Key and, once answered, its answer (kept for a day)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("company_id", "key", name="uq_idempotency_keys_company_id_key"),
        Index("ix_idempotency_keys_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = _company_fk()
    key: str = Field(max_length=255)
    fingerprint: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)
    status: int | None = None
    body: str | None = Field(default=None, sa_type=Text)
    content_type: str | None = Field(default=None, max_length=255)
