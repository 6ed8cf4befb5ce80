"""A write sent to NetSuite whose answer was not settled: until then, the record may exist there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.records import RecordKind


@dataclass(frozen=True, slots=True)
class PendingWrite:
    """Noted before an unlinked invoice or payment is sent, removed when its link is saved or NetSuite
    refused it. One left behind (a killed worker, a batch cut short) means "may be in NetSuite": the
    next sync looks it up by external id, so a later void still reaches NetSuite."""

    company_id: int
    kind: RecordKind
    local_id: int
    sent_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", RecordKind(self.kind))
