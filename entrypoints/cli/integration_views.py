"""The NetSuite integration as the CLI shows it: JSON documents (an `id` on every object, ISO times,
never a secret) and table rows in a finance person's words."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from application.integration import ConnectionView
from application.integration.counts import describe_counts
from domain.integration import AuthMethod
from domain.sync import SyncError, SyncKind, SyncRun, SyncStatus

# -- JSON ---------------------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def auth_json(view: ConnectionView, today: date | None = None) -> dict[str, Any]:
    """How the connection logs in, without a secret, and the certificate warning when one is due."""
    auth = view.auth
    document: dict[str, Any] = {"method": auth.method.value}
    if auth.method is AuthMethod.OAUTH2:
        document |= {
            "client_id": auth.client_id,
            "certificate_id": auth.certificate_id,
            "certificate_expires_on": auth.certificate_expires_on.isoformat()
            if auth.certificate_expires_on
            else None,
            "certificate_warning": view.certificate_warning(today or date.today()),
        }
    return document


def settings_json(view: ConnectionView) -> dict[str, Any]:
    """The sync's settings; deposits go to `undeposited_funds` or to `deposit_account_id`."""
    settings = view.settings
    return {
        "id": view.company_id,
        "object": "netsuite_settings",
        "company": view.company_id,
        "account_id": view.account_id,
        "auth": auth_json(view),
        "auto_sync": settings.auto_sync,
        "interval_minutes": settings.interval_minutes,
        "start_date": settings.start_date.isoformat() if settings.start_date else None,
        "read_invoices": settings.read_invoices,
        "read_payments": settings.read_payments,
        "write_invoices": settings.write_invoices,
        "write_payments": settings.write_payments,
        "fallback_item_id": settings.fallback_item_id,
        "deposit_to": "undeposited_funds" if settings.deposits_to_undeposited_funds else "account",
        "deposit_account_id": settings.deposit_account_id,
        "subsidiary_id": settings.subsidiary_id,
        "concurrency_limit": settings.concurrency_limit,
        "external_id_prefix": settings.external_id_prefix,
        "next_sync_at": _iso(view.next_sync_at) if settings.auto_sync else None,
    }


def connection_json(view: ConnectionView) -> dict[str, Any]:
    """The connection without its secrets (one per company, so its id is the company's)."""
    return {
        "id": view.company_id,
        "object": "netsuite_connection",
        "company": view.company_id,
        "account_id": view.account_id,
        "base_url": view.base_url,
        "connected_at": _iso(view.connected_at),
        "auth": auth_json(view),
        "last_synced_at": _iso(view.watermark),
        "next_sync_at": _iso(view.next_sync_at) if view.settings.auto_sync else None,
        "settings": settings_json(view),
    }


def sync_error_json(error: SyncError) -> dict[str, Any]:
    return {
        "id": error.id,
        "object": "sync_error",
        "company": error.company_id,
        "sync": error.run_id,
        "record_type": error.record_kind.value,
        "record_id": error.record_id,
        "record_label": error.record_label,
        "direction": error.direction.value,
        "message": error.message,
        "code": error.code,
        "netsuite_code": error.netsuite_code,
        "hint": error.hint,
        "status": error.status.value,
        "occurrences": error.occurrences,
        "created_at": _iso(error.created_at),
        "updated_at": _iso(error.updated_at),
    }


def run_json(run: SyncRun, errors: list[SyncError] | None = None) -> dict[str, Any]:
    """A run with what moved per flow (`counts`); `errors` when the caller has them."""
    duration = run.duration_seconds
    document: dict[str, Any] = {
        "id": run.id,
        "object": "sync_run",
        "company": run.company_id,
        "kind": run.kind.value,
        "trigger": run.trigger.value,
        "status": run.status.value,
        "queued_at": _iso(run.queued_at),
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "duration_seconds": round(duration, 3) if duration is not None else None,
        "counts": dict(sorted(run.counts.items())),
        "error_count": run.error_count,
        "error": run.error,
    }
    if errors is not None:
        document["errors"] = [sync_error_json(e) for e in errors]
    return document


# -- words --------------------------------------------------------------------------------------------

# SyncRun.counts keys → (one, many), worded by direction.

KIND_WORDS: Mapping[SyncKind, str] = {
    SyncKind.ACCOUNTING_SYNC: "Accounting sync",
    SyncKind.INVOICE_IMPORT: "Invoice import",
    SyncKind.CUSTOMER_IMPORT: "Customer import",
    SyncKind.RECORD_RETRY: "Retry of one record",
}


def what_moved(run: SyncRun) -> str:
    """'3 invoices written to NetSuite, 1 payment imported from NetSuite' (or 'nothing to do')."""
    return ", ".join(describe_counts(run.counts)) or "nothing to do"


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment is not None else ""


def run_summary(run: SyncRun) -> str:
    """One sentence about a run, e.g. 'Accounting sync 4 succeeded in 1.2 s: 3 invoices written …'."""
    duration = run.duration_seconds
    took = f" in {duration:.1f} s" if duration is not None else ""
    title = f"{KIND_WORDS.get(run.kind, run.kind.value)} {run.id} {run.status.value}{took}"
    if run.status is SyncStatus.FAILED:
        return f"{title}: {run.error}"
    errors = f"; {run.error_count} record(s) did not sync (see `errors list`)" if run.error_count else ""
    return f"{title}: {what_moved(run)}{errors}"


# -- table rows ---------------------------------------------------------------------------------------

RUN_COLUMNS = ("ID", "When", "Type", "Trigger", "Status", "What moved", "Errors")
ERROR_COLUMNS = ("ID", "Record", "Direction", "What happened", "What to do", "Status", "Seen")
SETTING_COLUMNS = ("Setting", "Value")

_DIRECTIONS = {"to_netsuite": "Invoiced → NetSuite", "from_netsuite": "NetSuite → Invoiced"}


def run_row(run: SyncRun) -> tuple[object, ...]:
    moved = run.error if run.status is SyncStatus.FAILED else what_moved(run)
    return (
        run.id,
        when(run.started_at or run.queued_at),
        KIND_WORDS.get(run.kind, run.kind.value),
        run.trigger.value,
        run.status.value,
        moved,
        run.error_count,
    )


def error_row(error: SyncError) -> tuple[object, ...]:
    code = f" ({error.netsuite_code})" if error.netsuite_code else ""
    return (
        error.id,
        error.record_label,
        _DIRECTIONS.get(error.direction.value, error.direction.value),
        error.message + code,
        error.hint or "",
        error.status.value,
        f"{error.occurrences}×",
    )


def _on(value: bool) -> str:
    return "on" if value else "off"


def setting_rows(view: ConnectionView) -> list[tuple[object, ...]]:
    s = view.settings
    next_sync = when(view.next_sync_at) if s.auto_sync and view.next_sync_at else "—"
    return [
        ("NetSuite account", view.account_id),
        *_auth_rows(view),
        ("REST address", view.base_url or "NetSuite's own (from the account id)"),
        ("Connected", when(view.connected_at)),
        ("Reconcile to NetSuite (auto-sync)", _on(s.auto_sync)),
        ("Every", f"{s.interval_minutes} minutes"),
        ("Next automatic sync", next_sync),
        ("Only transactions dated on or after", s.start_date.isoformat() if s.start_date else "any date"),
        ("Import outstanding invoices from NetSuite (read invoices)", _on(s.read_invoices)),
        ("Sync payments recorded in NetSuite (read payments)", _on(s.read_payments)),
        ("Write invoices issued on Invoiced (write invoices)", _on(s.write_invoices)),
        ("Reconcile payments received on Invoiced (write payments)", _on(s.write_payments)),
        ("Fallback item for invoice lines", s.fallback_item_id or "none"),
        (
            "Deposit payments to",
            "Undeposited Funds"
            if s.deposits_to_undeposited_funds
            else f"NetSuite account {s.deposit_account_id}",
        ),
        ("Subsidiary for new customers", s.subsidiary_id or "the first active one"),
        ("NetSuite requests at once (concurrency limit)", s.concurrency_limit),
        ("External id prefix", s.external_id_prefix),
    ]


def _auth_rows(view: ConnectionView) -> list[tuple[object, ...]]:
    auth = view.auth
    rows: list[tuple[object, ...]] = [("Logs in with", auth.method.label)]
    if auth.method is AuthMethod.OAUTH2:
        expires = auth.certificate_expires_on.isoformat() if auth.certificate_expires_on else "not known"
        warning = view.certificate_warning(date.today())
        rows += [
            ("OAuth 2.0 client ID", auth.client_id or "—"),
            ("Certificate ID", auth.certificate_id or "—"),
            ("Certificate expires", f"{expires} — {warning}" if warning else expires),
        ]
    return rows
