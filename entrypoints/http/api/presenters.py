"""Domain records → the API's bodies (Invoiced's field names, unix seconds, lower-case currencies)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from application.integration import ConnectionView, RecordSyncStatus, RunDetails
from application.integration.drift_repairs import DriftRepair
from application.ledger import CustomerBalance
from domain.address import ADDRESS_FIELDS, SHIP_TO_FIELDS
from domain.adjustments import Discount, Tax
from domain.customer import Customer
from domain.integration import IntegrationSettings
from domain.invoice import Invoice
from domain.money import round_to_cents
from domain.payment import Payment
from domain.policies.drift import DriftVerdict, SideTotals
from domain.sync import SyncError, SyncKind, SyncRun
from entrypoints.http.api import schemas
from entrypoints.http.api.errors import ApiError

IMPORT_TYPES = {SyncKind.INVOICE_IMPORT: "invoice", SyncKind.CUSTOMER_IMPORT: "customer"}
IMPORT_KINDS = {value: kind for kind, value in IMPORT_TYPES.items()}


def body(model: BaseModel) -> dict[str, Any]:
    """A response model as plain values, keeping Decimals for the encoder."""
    return model.model_dump(mode="python")


def timestamp(value: dt.datetime | dt.date | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    return int(dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC).timestamp())


def date_from(value: int | None, param: str) -> dt.date | None:
    """A unix-seconds request value → the UTC calendar date it falls on."""
    moment = datetime_from(value, param)
    return moment.date() if moment is not None else None


def datetime_from(value: int | None, param: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ApiError(
            400, f"Invalid {param}: {value} is not a unix timestamp in seconds.", param=param
        ) from None


def _id(value: int | None) -> int:
    assert value is not None, "stored records have ids"
    return value


def customer_model(c: Customer) -> schemas.CustomerOut:
    return schemas.CustomerOut(
        id=_id(c.id),
        name=c.name,
        number=c.number,
        email=c.email,
        type=c.type.value,
        currency=c.currency,
        payment_terms=c.payment_terms,
        autopay=c.autopay,
        phone=c.phone,
        language=c.language,
        notes=c.notes,
        tax_id=c.tax_id,
        taxable=c.taxable,
        credit_limit=round_to_cents(c.credit_limit) if c.credit_limit is not None else None,
        chase=c.chase,
        metadata=dict(c.metadata),
        origin=c.origin.value,
        created_at=timestamp(c.created_at) or 0,
        updated_at=timestamp(c.updated_at) or 0,
        **{name: getattr(c.address, name) for name in ADDRESS_FIELDS},
    )


def customer(c: Customer) -> dict[str, Any]:
    return body(customer_model(c))


def customer_balance(b: CustomerBalance) -> dict[str, Any]:
    return body(
        schemas.CustomerBalanceOut(
            currency=b.currency,
            total_outstanding=round_to_cents(b.total_outstanding),
            past_due=b.past_due,
            available_credits=Decimal("0.00"),
        )
    )


def invoice(i: Invoice, today: dt.date, expanded: Customer | None = None) -> dict[str, Any]:
    """The invoice; with `expanded`, its customer as an object instead of an id (expand=customer)."""
    balance = i.balance
    ship_to = (
        schemas.ShipToOut(**{name: getattr(i.ship_to, name) for name in SHIP_TO_FIELDS})
        if i.ship_to is not None
        else None
    )
    return body(
        schemas.InvoiceOut(
            id=_id(i.id),
            customer=customer_model(expanded) if expanded is not None else i.customer_id,
            name=i.name,
            number=i.number,
            purchase_order=i.purchase_order,
            currency=i.currency,
            date=timestamp(i.date) or 0,
            due_date=timestamp(i.due_date),
            payment_terms=i.payment_terms,
            status=i.status(today).value,
            draft=i.draft,
            sent=i.sent,
            closed=i.is_closed,
            voided=i.voided,
            paid=i.is_paid,
            autopay=i.autopay,
            items=[
                schemas.LineItemOut(
                    id=_id(line.id),
                    type=line.type,
                    catalog_item=line.catalog_item,
                    name=line.name,
                    description=line.description,
                    quantity=line.quantity,
                    unit_cost=line.unit_cost,
                    amount=round_to_cents(line.amount),
                    discountable=line.discountable,
                    taxable=line.taxable,
                    metadata=dict(line.metadata),
                    discounts=discounts(line.discounts),
                    taxes=taxes(line.taxes),
                )
                for line in i.items
            ],
            discounts=discounts(i.discounts),
            taxes=taxes(i.taxes),
            subtotal=round_to_cents(i.subtotal.amount),
            total=round_to_cents(i.total.amount),
            amount_paid=round_to_cents(i.amount_paid),
            amount_credited=round_to_cents(i.amount_credited),
            balance=round_to_cents(balance.amount),
            notes=i.notes,
            ship_to=ship_to,
            url=None,
            payment_url=None,
            pdf_url=None,
            metadata=dict(i.metadata),
            origin=i.origin.value,
            created_at=timestamp(i.created_at) or 0,
            updated_at=timestamp(i.updated_at) or 0,
        )
    )


def discounts(given: Sequence[Discount]) -> list[schemas.DiscountOut]:
    return [schemas.DiscountOut(amount=round_to_cents(d.amount), coupon=d.coupon) for d in given]


def taxes(given: Sequence[Tax]) -> list[schemas.TaxOut]:
    return [schemas.TaxOut(amount=round_to_cents(t.amount), tax_rate=t.tax_rate) for t in given]


def payment(p: Payment, expanded: Customer | None = None) -> dict[str, Any]:
    presented = body(
        schemas.PaymentOut(
            id=_id(p.id),
            customer=customer_model(expanded) if expanded is not None else p.customer_id,
            date=timestamp(p.date) or 0,
            currency=p.currency,
            amount=round_to_cents(p.amount),
            balance=round_to_cents(p.unapplied.amount),
            method=p.method.value,
            reference=p.reference,
            notes=p.notes,
            source=(p.source.value if p.source is not None else "keyed"),
            metadata=dict(p.metadata),
            voided=p.voided,
            applied_to=[
                schemas.ApplicationOut(
                    type="credit_note" if a.is_credit else "invoice",
                    invoice=a.invoice_id,
                    credit_note=a.credit_note_id,
                    document_type="invoice" if a.is_credit else None,
                    amount=round_to_cents(a.amount),
                )
                for a in p.applied_to
            ],
            origin=p.origin.value,
            created_at=timestamp(p.created_at) or 0,
            updated_at=timestamp(p.updated_at) or 0,
        )
    )
    # A cash entry is {type, invoice, amount}, as Invoiced shows it; only credit_note entries name
    # the credit note and the document type.
    for entry in presented["applied_to"]:
        if entry["type"] == "invoice":
            entry.pop("credit_note")
            entry.pop("document_type")
    return presented


def sync_error_model(e: SyncError) -> schemas.SyncErrorOut:
    return schemas.SyncErrorOut(
        id=_id(e.id),
        record_type=e.record_kind.value,
        record_id=e.record_id,
        record_label=e.record_label,
        direction=e.direction.value,
        message=e.message,
        code=e.code,
        netsuite_code=e.netsuite_code,
        hint=e.hint,
        status=e.status.value,
        occurrences=e.occurrences,
        sync=e.run_id,
        created_at=timestamp(e.created_at) or 0,
        updated_at=timestamp(e.updated_at) or 0,
    )


def sync_error(e: SyncError) -> dict[str, Any]:
    return body(sync_error_model(e))


def accounting_sync_status(status: RecordSyncStatus) -> dict[str, Any]:
    return body(
        schemas.AccountingSyncStatusOut(
            synced=status.synced,
            accounting_id=status.netsuite_id,
            source=status.origin.value,
            first_synced=timestamp(status.first_synced_at),
            last_synced=timestamp(status.last_synced_at),
            error=sync_error_model(status.open_error) if status.open_error is not None else None,
        )
    )


def _run_fields(run: SyncRun) -> dict[str, Any]:
    duration = run.duration_seconds
    return {
        "id": _id(run.id),
        "kind": run.kind.value,
        "trigger": run.trigger.value,
        "status": run.status.value,
        "queued_at": timestamp(run.queued_at) or 0,
        "started_at": timestamp(run.started_at),
        "finished_at": timestamp(run.finished_at),
        "duration_seconds": round(duration) if duration is not None else None,
        "counts": dict(run.counts),
        "error_count": run.error_count,
        "error": run.error,
    }


def sync_run(run: SyncRun) -> dict[str, Any]:
    if run.kind in IMPORT_TYPES:
        return import_run(run)
    return body(schemas.SyncRunOut(object="sync", **_run_fields(run)))


def import_run(run: SyncRun) -> dict[str, Any]:
    return body(schemas.ImportOut(object="import", type=IMPORT_TYPES[run.kind], **_run_fields(run)))


def run_details(details: RunDetails) -> dict[str, Any]:
    """A run with the sync errors it left."""
    return {**sync_run(details.run), "errors": [sync_error(e) for e in details.errors]}


def integration_settings(s: IntegrationSettings) -> schemas.IntegrationSettingsOut:
    return schemas.IntegrationSettingsOut(
        auto_sync=s.auto_sync,
        interval_minutes=s.interval_minutes,
        start_date=timestamp(s.start_date),
        read_invoices=s.read_invoices,
        read_payments=s.read_payments,
        write_invoices=s.write_invoices,
        write_payments=s.write_payments,
        write_credit_notes=s.write_credit_notes,
        fallback_item_id=s.fallback_item_id,
        discount_item_id=s.discount_item_id,
        tax_item_id=s.tax_item_id,
        deposit_account_id=s.deposit_account_id,
        subsidiary_id=s.subsidiary_id,
        concurrency_limit=s.concurrency_limit,
        external_id_prefix=s.external_id_prefix,
    )


def integration(c: ConnectionView) -> dict[str, Any]:
    """The connection without its secrets."""
    return body(
        schemas.IntegrationOut(
            connected=True,
            account_id=c.account_id,
            auth=schemas.IntegrationAuthOut(
                method=c.auth.method.value,
                client_id=c.auth.client_id,
                certificate_id=c.auth.certificate_id,
                certificate_expires=timestamp(c.auth.certificate_expires_on),
                certificate_warning=c.certificate_warning(dt.datetime.now(dt.UTC).date()),
            ),
            base_url=c.base_url,
            connected_at=timestamp(c.connected_at) or 0,
            last_synced=timestamp(c.watermark),
            next_scheduled_sync=timestamp(c.next_sync_at) if c.settings.auto_sync else None,
            settings=integration_settings(c.settings),
        )
    )


def drift_report(verdict: DriftVerdict) -> schemas.DriftReportOut:
    def side(totals: SideTotals) -> schemas.DriftSideOut:
        return schemas.DriftSideOut(
            totals={c.lower(): a for c, a in totals.totals.items()},
            balances={c.lower(): a for c, a in totals.balances.items()},
        )

    return schemas.DriftReportOut(
        in_agreement=verdict.in_agreement,
        summary=verdict.summary,
        invoices_compared=verdict.compared,
        payments_compared=verdict.payments_compared,
        open_errors=verdict.open_errors,
        invoiced=side(verdict.invoiced),
        netsuite=side(verdict.netsuite),
        invoice_differences=[
            schemas.InvoiceDriftOut(
                invoice=d.local_id,
                number=d.number,
                netsuite_id=d.netsuite_id,
                currency=d.currency.lower(),
                invoiced_total=d.invoiced_total,
                netsuite_total=d.netsuite_total,
                invoiced_balance=d.invoiced_balance,
                netsuite_balance=d.netsuite_balance,
                cause=d.cause.value,
                what_to_do=d.what_to_do,
                repairable=d.repairable,
            )
            for d in verdict.differences
        ],
        payment_differences=[
            schemas.PaymentDriftOut(
                payment=d.local_id,
                label=d.label,
                netsuite_id=d.netsuite_id,
                currency=d.currency.lower(),
                invoiced_amount=d.invoiced_amount,
                netsuite_amount=d.netsuite_amount,
                invoiced_applied=dict(d.invoiced_applied),
                netsuite_applied=None if d.netsuite_applied is None else dict(d.netsuite_applied),
                cause=d.cause.value,
                what_to_do=d.what_to_do,
                repairable=d.repairable,
            )
            for d in verdict.payment_differences
        ],
    )


def drift_repair(repair: DriftRepair) -> dict[str, Any]:
    run = None if repair.run is None else schemas.SyncRunOut(object="sync", **_run_fields(repair.run))
    return body(
        schemas.DriftRepairOut(
            summary=repair.summary,
            attempted=len(repair.attempted),
            sync=run,
            report=drift_report(repair.after),
        )
    )
