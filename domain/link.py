"""A link ties a local record to its NetSuite twin and remembers which version was last synced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.records import Origin, RecordKind


@dataclass(slots=True)
class Link:
    """(company, kind, local id) ↔ NetSuite internal id, with the local version last synced."""

    company_id: int
    kind: RecordKind
    local_id: int
    netsuite_id: str
    origin: Origin
    synced_version: int
    first_synced_at: datetime
    last_synced_at: datetime
    id: int | None = None
    # NetSuite's own clock when the record was read from there (imports only): which NetSuite changes
    # its imported state already includes is judged on NetSuite's clock, never against ours.
    netsuite_as_of: datetime | None = None

    def __post_init__(self) -> None:
        self.kind = RecordKind(self.kind)
        self.origin = Origin(self.origin)
        self.netsuite_id = str(self.netsuite_id)

    def is_behind(self, version: int) -> bool:
        """True when the local record changed after it was last synced."""
        return version > self.synced_version

    def rewrite_on_next_sync(self) -> None:
        """NetSuite's copy no longer matches what was written (edited or deleted there): the next sync
        writes the record again, by the same external id, whatever its version."""
        self.synced_version = 0  # versions start at 1, so any record is ahead of 0

    def mark_synced(self, version: int, now: datetime, netsuite_id: str | None = None) -> None:
        self.synced_version = max(self.synced_version, version)
        self.last_synced_at = now
        if netsuite_id is not None:
            self.netsuite_id = str(netsuite_id)
