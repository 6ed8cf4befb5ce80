"""Deterministic external ids: the key that makes every write to NetSuite an idempotent upsert."""

from __future__ import annotations

from domain.records import RecordKind

_KIND_CODES: dict[RecordKind, str] = {
    RecordKind.CUSTOMER: "cus",
    RecordKind.INVOICE: "inv",
    RecordKind.PAYMENT: "pay",
    RecordKind.CREDIT_NOTE: "cred",
}


def our_external_id_prefix(prefix: str, company_id: int) -> str:
    """What every external id this company writes starts with, e.g. `invd-7-`."""
    return f"{prefix}-{company_id}-"


def external_id_for(prefix: str, company_id: int, kind: RecordKind, local_id: int) -> str:
    """The external id of a local record in NetSuite, e.g. `invd-7-inv-42`; the same record always
    gets the same id, so a retry after a timeout updates instead of creating a second record."""
    return f"{our_external_id_prefix(prefix, company_id)}{_KIND_CODES[RecordKind(kind)]}-{local_id}"


def written_by_us(external_id: str | None, prefix: str, company_id: int) -> bool:
    """True when a NetSuite record carries this company's prefix: we wrote it, so it is never
    imported back (no echoes)."""
    return bool(external_id) and str(external_id).startswith(our_external_id_prefix(prefix, company_id))
