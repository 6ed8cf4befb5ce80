"""Explicit mappers between domain objects and table rows, in both directions.

`*_row` builds a new row; `write_*` copies a domain object onto an existing row (children replaced);
`*_from_row` builds the domain object. Amounts are checked here so an amount the columns cannot hold
exactly is refused with a clear InvalidInput instead of being rounded by the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from adapters.persistence.tables import (
    ApiKeyRow,
    CompanyRow,
    CreditNoteRow,
    CustomerRow,
    InvoiceLineRow,
    InvoiceRow,
    LinkRow,
    NetSuiteConnectionRow,
    PaymentApplicationRow,
    PaymentRow,
    SyncErrorRow,
    SyncRunRow,
)
from adapters.persistence.types import AmountOutOfRange, storable_amount
from application.errors import InvalidInput
from domain.address import ADDRESS_FIELDS, Address
from domain.adjustments import Discount, Tax
from domain.company import ApiKey, Company
from domain.credit_note import CreditNote
from domain.customer import Customer, CustomerType
from domain.integration import AuthMethod, ConnectionAuth, IntegrationSettings, NetSuiteConnection
from domain.invoice import Invoice, LineItem
from domain.link import Link
from domain.payment import Payment, PaymentApplication, PaymentMethod, PaymentSource
from domain.records import Origin, RecordKind
from domain.sync import (
    SyncDirection,
    SyncError,
    SyncErrorStatus,
    SyncKind,
    SyncRun,
    SyncStatus,
    SyncTrigger,
)


def _amount(value: Decimal, what: str, param: str) -> Decimal:
    try:
        return storable_amount(value)
    except AmountOutOfRange as error:
        raise InvalidInput(f"The {what} {error}", param=param) from None


# --- companies ------------------------------------------------------------------------------


def company_row(company: Company) -> CompanyRow:
    row = CompanyRow(name=company.name, created_at=company.created_at)
    write_company(row, company)
    return row


def write_company(row: CompanyRow, company: Company) -> None:
    row.name = company.name
    row.email = company.email
    row.created_at = company.created_at
    row.netsuite_account_id = company.netsuite_account_id


def company_from_row(row: CompanyRow) -> Company:
    return Company(
        name=row.name,
        created_at=row.created_at,
        email=row.email,
        id=row.id,
        netsuite_account_id=row.netsuite_account_id,
    )


def api_key_row(key: ApiKey) -> ApiKeyRow:
    return ApiKeyRow(
        company_id=key.company_id,
        key_hash=key.key_hash,
        prefix=key.prefix,
        created_at=key.created_at,
        revoked=key.revoked,
    )


def customer_row(customer: Customer) -> CustomerRow:
    row = CustomerRow(company_id=customer.company_id)
    write_customer(row, customer)
    return row


def write_customer(row: CustomerRow, customer: Customer) -> None:
    row.number = customer.number
    row.name = customer.name
    row.email = customer.email
    row.type = customer.type.value
    row.currency = customer.currency
    row.payment_terms = customer.payment_terms
    row.origin = customer.origin.value
    row.version = customer.version
    row.created_at = customer.created_at
    row.updated_at = customer.updated_at
    for name in ADDRESS_FIELDS:
        setattr(row, name, getattr(customer.address, name))
    row.phone = customer.phone
    row.notes = customer.notes
    row.tax_id = customer.tax_id
    row.language = customer.language
    row.autopay = customer.autopay
    row.taxable = customer.taxable
    row.chase = customer.chase
    row.credit_limit = (
        _amount(customer.credit_limit, "credit limit", "credit_limit")
        if customer.credit_limit is not None
        else None
    )
    row.metadata_json = dict(customer.metadata)


def _ship_to(value: dict[str, Any] | None) -> Address | None:
    return Address(**value) if value else None


def customer_from_row(row: CustomerRow) -> Customer:
    return Customer(
        company_id=row.company_id,
        name=row.name,
        number=row.number,
        created_at=row.created_at,
        updated_at=row.updated_at,
        email=row.email,
        type=CustomerType(row.type),
        currency=row.currency,
        payment_terms=row.payment_terms,
        origin=Origin(row.origin),
        version=row.version,
        id=row.id,
        address=Address(**{name: getattr(row, name) for name in ADDRESS_FIELDS}),
        phone=row.phone,
        notes=row.notes,
        tax_id=row.tax_id,
        language=row.language,
        autopay=row.autopay,
        taxable=row.taxable,
        chase=row.chase,
        credit_limit=row.credit_limit,
        metadata=dict(row.metadata_json or {}),
    )


# --- invoices -------------------------------------------------------------------------------


def invoice_row(invoice: Invoice) -> InvoiceRow:
    row = InvoiceRow(company_id=invoice.company_id)
    write_invoice(row, invoice)
    return row


def write_invoice(row: InvoiceRow, invoice: Invoice) -> None:
    row.customer_id = invoice.customer_id
    row.number = invoice.number
    row.currency = invoice.currency
    row.date = invoice.date
    row.due_date = invoice.due_date
    row.draft = invoice.draft
    row.voided = invoice.voided
    row.amount_credited = _amount(invoice.amount_credited, "amount credited", "applied_to")
    row.amount_paid = _amount(invoice.amount_paid, "amount paid", "amount_paid")
    row.payment_terms = invoice.payment_terms
    row.notes = invoice.notes
    row.origin = invoice.origin.value
    row.version = invoice.version
    row.created_at = invoice.created_at
    row.updated_at = invoice.updated_at
    row.discounts = discounts_json(invoice.discounts)
    row.taxes = taxes_json(invoice.taxes)
    row.name = invoice.name
    row.purchase_order = invoice.purchase_order
    row.sent = invoice.sent
    row.closed = invoice.closed
    row.paid = invoice.is_paid
    row.autopay = invoice.autopay
    row.ship_to = asdict(invoice.ship_to) if invoice.ship_to is not None else None
    row.metadata_json = dict(invoice.metadata)
    _write_lines(row, invoice.items)


def _write_lines(row: InvoiceRow, items: list[LineItem]) -> None:
    # A line keeps its row (and so its id) when it comes back with its id; other rows are reused
    # position by position, fewer statements than delete-all + insert-all.
    by_id = {line.id: line for line in row.lines if line.id is not None}
    kept_ids = {item.id for item in items if item.id is not None}
    spare = [line for line in row.lines if line.id not in kept_ids]
    lines: list[InvoiceLineRow] = []
    for position, item in enumerate(items):
        if item.id is not None and item.id in by_id:
            line = by_id[item.id]
        elif spare:
            line = spare.pop(0)
        else:
            line = InvoiceLineRow(position=position)
        lines.append(line)
        line.position = position
        line.name = item.name
        line.description = item.description
        line.quantity = _amount(item.quantity, "quantity", "items")
        line.unit_cost = _amount(item.unit_cost, "unit cost", "items")
        line.netsuite_item_id = item.netsuite_item_id
        line.discounts = discounts_json(item.discounts)
        line.taxes = taxes_json(item.taxes)
        line.type = item.type
        line.catalog_item = item.catalog_item
        line.discountable = item.discountable
        line.taxable = item.taxable
        line.metadata_json = dict(item.metadata)
    row.lines = lines


def discounts_json(discounts: Sequence[Discount]) -> list[dict[str, str | None]]:
    return [
        {"amount": str(_amount(d.amount, "discount", "discounts")), "coupon": d.coupon} for d in discounts
    ]


def taxes_json(taxes: Sequence[Tax]) -> list[dict[str, str | None]]:
    return [{"amount": str(_amount(t.amount, "tax", "taxes")), "tax_rate": t.tax_rate} for t in taxes]


def discounts_from_json(stored: Sequence[dict[str, str | None]] | None) -> list[Discount]:
    return [Discount(Decimal(str(d["amount"])), d.get("coupon")) for d in stored or []]


def taxes_from_json(stored: Sequence[dict[str, str | None]] | None) -> list[Tax]:
    return [Tax(Decimal(str(t["amount"])), t.get("tax_rate")) for t in stored or []]


def invoice_from_row(row: InvoiceRow) -> Invoice:
    return Invoice(
        company_id=row.company_id,
        customer_id=row.customer_id,
        number=row.number,
        currency=row.currency,
        date=row.date,
        items=[
            LineItem(
                name=line.name,
                quantity=line.quantity,
                unit_cost=line.unit_cost,
                description=line.description,
                netsuite_item_id=line.netsuite_item_id,
                discounts=tuple(discounts_from_json(line.discounts)),
                taxes=tuple(taxes_from_json(line.taxes)),
                id=line.id,
                type=line.type,
                catalog_item=line.catalog_item,
                discountable=line.discountable,
                taxable=line.taxable,
                metadata=dict(line.metadata_json or {}),
            )
            for line in row.lines
        ],
        discounts=discounts_from_json(row.discounts),
        taxes=taxes_from_json(row.taxes),
        amount_credited=row.amount_credited,
        created_at=row.created_at,
        updated_at=row.updated_at,
        due_date=row.due_date,
        draft=row.draft,
        voided=row.voided,
        amount_paid=row.amount_paid,
        payment_terms=row.payment_terms,
        notes=row.notes,
        origin=Origin(row.origin),
        version=row.version,
        id=row.id,
        name=row.name,
        purchase_order=row.purchase_order,
        sent=row.sent,
        closed=row.closed,
        autopay=row.autopay,
        ship_to=_ship_to(row.ship_to),
        metadata=dict(row.metadata_json or {}),
    )


# --- credit notes ---------------------------------------------------------------------------


def credit_note_row(note: CreditNote) -> CreditNoteRow:
    row = CreditNoteRow(company_id=note.company_id)
    write_credit_note(row, note)
    return row


def write_credit_note(row: CreditNoteRow, note: CreditNote) -> None:
    row.customer_id = note.customer_id
    row.number = note.number
    row.currency = note.currency
    row.date = note.date
    row.draft = note.draft
    row.closed = note.closed
    row.voided = note.voided
    row.amount_applied = _amount(note.amount_applied, "amount applied", "applied_to")
    row.notes = note.notes
    row.metadata_json = dict(note.metadata)
    row.origin = note.origin.value
    row.version = note.version
    row.created_at = note.created_at
    row.updated_at = note.updated_at
    row.items = [
        {
            "name": item.name,
            "description": item.description,
            "quantity": str(_amount(item.quantity, "quantity", "items")),
            "unit_cost": str(_amount(item.unit_cost, "unit cost", "items")),
            "netsuite_item_id": item.netsuite_item_id,
            "discounts": discounts_json(item.discounts),
            "taxes": taxes_json(item.taxes),
        }
        for item in note.items
    ]
    row.discounts = discounts_json(note.discounts)
    row.taxes = taxes_json(note.taxes)


def credit_note_from_row(row: CreditNoteRow) -> CreditNote:
    return CreditNote(
        company_id=row.company_id,
        customer_id=row.customer_id,
        number=row.number,
        currency=row.currency,
        date=row.date,
        items=[
            LineItem(
                name=str(item["name"]),
                quantity=Decimal(str(item["quantity"])),
                unit_cost=Decimal(str(item["unit_cost"])),
                description=str(item.get("description") or ""),
                netsuite_item_id=_optional_text(item.get("netsuite_item_id")),
                discounts=tuple(discounts_from_json(_adjustments(item.get("discounts")))),
                taxes=tuple(taxes_from_json(_adjustments(item.get("taxes")))),
            )
            for item in row.items
        ],
        created_at=row.created_at,
        updated_at=row.updated_at,
        discounts=discounts_from_json(row.discounts),
        taxes=taxes_from_json(row.taxes),
        draft=row.draft,
        closed=row.closed,
        voided=row.voided,
        amount_applied=row.amount_applied,
        notes=row.notes,
        origin=Origin(row.origin),
        version=row.version,
        id=row.id,
        metadata=dict(row.metadata_json or {}),
    )


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _adjustments(value: object) -> list[dict[str, str | None]]:
    return list(value) if isinstance(value, list) else []


# --- payments -------------------------------------------------------------------------------


def payment_row(payment: Payment) -> PaymentRow:
    row = PaymentRow(company_id=payment.company_id)
    write_payment(row, payment)
    return row


def write_payment(row: PaymentRow, payment: Payment) -> None:
    row.customer_id = payment.customer_id
    row.currency = payment.currency
    row.amount = _amount(payment.amount, "payment amount", "amount")
    row.date = payment.date
    row.method = payment.method.value
    row.reference = payment.reference
    row.notes = payment.notes
    row.voided = payment.voided
    row.origin = payment.origin.value
    row.version = payment.version
    row.created_at = payment.created_at
    row.updated_at = payment.updated_at
    row.source = (payment.source or PaymentSource.KEYED).value
    row.metadata_json = dict(payment.metadata)
    applications = list(row.applications)
    for position, application in enumerate(payment.applied_to):
        if position < len(applications):
            stored = applications[position]
        else:
            stored = PaymentApplicationRow(position=position)
            applications.append(stored)
        stored.position = position
        stored.invoice_id = application.invoice_id
        stored.amount = _amount(application.amount, "amount applied", "applied_to")
        stored.credit_note_id = application.credit_note_id
    row.applications = applications[: len(payment.applied_to)]


def payment_from_row(row: PaymentRow) -> Payment:
    return Payment(
        company_id=row.company_id,
        customer_id=row.customer_id,
        currency=row.currency,
        amount=row.amount,
        date=row.date,
        created_at=row.created_at,
        updated_at=row.updated_at,
        applied_to=[
            PaymentApplication(
                invoice_id=application.invoice_id,
                amount=application.amount,
                credit_note_id=application.credit_note_id,
            )
            for application in row.applications
        ],
        method=PaymentMethod(row.method),
        reference=row.reference,
        notes=row.notes,
        voided=row.voided,
        origin=Origin(row.origin),
        version=row.version,
        id=row.id,
        source=PaymentSource(row.source),
        metadata=dict(row.metadata_json or {}),
    )


# --- links ----------------------------------------------------------------------------------


def link_row(link: Link) -> LinkRow:
    row = LinkRow(company_id=link.company_id)
    write_link(row, link)
    return row


def write_link(row: LinkRow, link: Link) -> None:
    row.kind = link.kind.value
    row.local_id = link.local_id
    row.netsuite_id = link.netsuite_id
    row.origin = link.origin.value
    row.synced_version = link.synced_version
    row.first_synced_at = link.first_synced_at
    row.last_synced_at = link.last_synced_at
    row.netsuite_as_of = link.netsuite_as_of


def link_from_row(row: LinkRow) -> Link:
    return Link(
        company_id=row.company_id,
        kind=RecordKind(row.kind),
        local_id=row.local_id,
        netsuite_id=row.netsuite_id,
        origin=Origin(row.origin),
        synced_version=row.synced_version,
        first_synced_at=row.first_synced_at,
        last_synced_at=row.last_synced_at,
        id=row.id,
        netsuite_as_of=row.netsuite_as_of,
    )


# --- sync runs and errors -------------------------------------------------------------------


def sync_run_row(run: SyncRun) -> SyncRunRow:
    row = SyncRunRow(company_id=run.company_id)
    write_sync_run(row, run)
    return row


def write_sync_run(row: SyncRunRow, run: SyncRun) -> None:
    row.kind = run.kind.value
    row.trigger = run.trigger.value
    row.status = run.status.value
    row.queued_at = run.queued_at
    row.started_at = run.started_at
    row.finished_at = run.finished_at
    row.counts = dict(run.counts)  # a new dict, so the change is seen and the domain copy is not shared
    row.error_count = run.error_count
    row.error = run.error
    row.watermark = run.watermark


def sync_run_from_row(row: SyncRunRow) -> SyncRun:
    return SyncRun(
        company_id=row.company_id,
        kind=SyncKind(row.kind),
        trigger=SyncTrigger(row.trigger),
        queued_at=row.queued_at,
        status=SyncStatus(row.status),
        started_at=row.started_at,
        finished_at=row.finished_at,
        counts={str(flow): int(count) for flow, count in (row.counts or {}).items()},
        error_count=row.error_count,
        error=row.error,
        watermark=row.watermark,
        id=row.id,
    )


def sync_error_row(error: SyncError) -> SyncErrorRow:
    row = SyncErrorRow(company_id=error.company_id)
    write_sync_error(row, error)
    return row


def write_sync_error(row: SyncErrorRow, error: SyncError) -> None:
    row.run_id = error.run_id
    row.record_kind = error.record_kind.value
    row.record_id = error.record_id
    row.record_label = error.record_label
    row.direction = error.direction.value
    row.message = error.message
    row.code = error.code
    row.netsuite_code = error.netsuite_code
    row.hint = error.hint
    row.status = error.status.value
    row.occurrences = error.occurrences
    row.created_at = error.created_at
    row.updated_at = error.updated_at


def sync_error_from_row(row: SyncErrorRow) -> SyncError:
    return SyncError(
        company_id=row.company_id,
        run_id=row.run_id,
        record_kind=RecordKind(row.record_kind),
        record_id=row.record_id,
        record_label=row.record_label,
        direction=SyncDirection(row.direction),
        message=row.message,
        code=row.code,
        created_at=row.created_at,
        updated_at=row.updated_at,
        netsuite_code=row.netsuite_code,
        hint=row.hint,
        status=SyncErrorStatus(row.status),
        occurrences=row.occurrences,
        id=row.id,
    )


# --- NetSuite connections -------------------------------------------------------------------


def connection_row(connection: NetSuiteConnection) -> NetSuiteConnectionRow:
    row = NetSuiteConnectionRow(company_id=connection.company_id)
    write_connection(row, connection)
    return row


def write_connection(row: NetSuiteConnectionRow, connection: NetSuiteConnection) -> None:
    settings = connection.settings
    row.account_id = connection.account_id
    row.sealed_credentials = connection.sealed_credentials
    row.connected_at = connection.connected_at
    row.base_url = connection.base_url
    row.watermark = connection.watermark
    offset = connection.watermark_suiteql_offset
    row.watermark_offset_minutes = None if offset is None else round(offset.total_seconds() / 60)
    row.next_sync_at = connection.next_sync_at
    row.auto_sync = settings.auto_sync
    row.interval_minutes = settings.interval_minutes
    row.start_date = settings.start_date
    row.read_invoices = settings.read_invoices
    row.read_payments = settings.read_payments
    row.write_invoices = settings.write_invoices
    row.write_payments = settings.write_payments
    row.write_credit_notes = settings.write_credit_notes
    row.fallback_item_id = settings.fallback_item_id
    row.discount_item_id = settings.discount_item_id
    row.tax_item_id = settings.tax_item_id
    row.deposit_account_id = settings.deposit_account_id
    row.subsidiary_id = settings.subsidiary_id
    row.concurrency_limit = settings.concurrency_limit
    row.external_id_prefix = settings.external_id_prefix
    row.auth_method = connection.auth.method.value
    row.oauth2_client_id = connection.auth.client_id
    row.certificate_id = connection.auth.certificate_id
    row.certificate_expires_on = connection.auth.certificate_expires_on


def connection_from_row(row: NetSuiteConnectionRow) -> NetSuiteConnection:
    return NetSuiteConnection(
        company_id=row.company_id,
        account_id=row.account_id,
        sealed_credentials=row.sealed_credentials,
        connected_at=row.connected_at,
        base_url=row.base_url,
        settings=IntegrationSettings(
            auto_sync=row.auto_sync,
            interval_minutes=row.interval_minutes,
            start_date=row.start_date,
            read_invoices=row.read_invoices,
            read_payments=row.read_payments,
            write_invoices=row.write_invoices,
            write_payments=row.write_payments,
            write_credit_notes=row.write_credit_notes,
            fallback_item_id=row.fallback_item_id,
            discount_item_id=row.discount_item_id,
            tax_item_id=row.tax_item_id,
            deposit_account_id=row.deposit_account_id,
            subsidiary_id=row.subsidiary_id,
            concurrency_limit=row.concurrency_limit,
            external_id_prefix=row.external_id_prefix,
        ),
        watermark=row.watermark,
        next_sync_at=row.next_sync_at,
        id=row.id,
        watermark_suiteql_offset=(
            None if row.watermark_offset_minutes is None else timedelta(minutes=row.watermark_offset_minutes)
        ),
        auth=ConnectionAuth(
            method=AuthMethod(row.auth_method or AuthMethod.TBA.value),
            client_id=row.oauth2_client_id,
            certificate_id=row.certificate_id,
            certificate_expires_on=row.certificate_expires_on,
        ),
    )
