"""Where a record opens in NetSuite's own user interface (the pages a NetSuite user works in)."""

from __future__ import annotations

from domain.records import RecordKind

# NetSuite's UI pages for each kind of record, by internal id.
_PAGES = {
    RecordKind.INVOICE: "app/accounting/transactions/custinvc.nl",
    RecordKind.PAYMENT: "app/accounting/transactions/custpymt.nl",
    RecordKind.CUSTOMER: "app/common/entity/custjob.nl",
    RecordKind.CREDIT_NOTE: "app/accounting/transactions/custcred.nl",
}


def netsuite_ui_host(account_id: str) -> str:
    """`1234567_SB1` → `1234567-sb1.app.netsuite.com` (NetSuite's account-specific UI domain)."""
    return f"{account_id.strip().lower().replace('_', '-')}.app.netsuite.com"


def netsuite_ui_url(account_id: str, kind: RecordKind, internal_id: str) -> str | None:
    """The record's page in NetSuite, or None for a kind NetSuite's UI has no page for here."""
    page = _PAGES.get(RecordKind(kind))
    if page is None:
        return None
    return f"https://{netsuite_ui_host(account_id)}/{page}?id={internal_id}"
