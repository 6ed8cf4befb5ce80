"""Links between local records and their NetSuite twins."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import link_from_row, link_row, write_link
from adapters.persistence.repositories._base import SqlRepository, chunks
from adapters.persistence.tables import LinkRow
from application.errors import NotFound
from domain.link import Link
from domain.records import RecordKind


def _taken(link: Link) -> dict[str, str]:
    kind = link.kind.value
    return {
        "uq_links_company_id_kind_local_id": (
            f"The {kind} {link.local_id} is already linked to a NetSuite {kind}."
        ),
        "uq_links_company_id_kind_netsuite_id": (
            f"The NetSuite {kind} {link.netsuite_id} is already linked to another {kind}."
        ),
    }


class SqlLinkRepository(SqlRepository):
    def save(self, link: Link) -> Link:
        """Insert a new link (no id) or write an existing one back."""
        missing = f"Company {link.company_id} does not exist."
        if link.id is None:
            row = link_row(link)
            with written_or_conflict(self._session, _taken(link), missing=missing):
                self._session.add(row)
                self._session.flush()
            link.id = row.id
            return link
        found = self._session.scalars(
            select(LinkRow).where(LinkRow.company_id == link.company_id, LinkRow.id == link.id)
        ).one_or_none()
        if found is None:
            raise NotFound(f"Link {link.id} was not found.")
        with written_or_conflict(self._session, _taken(link), missing=missing):
            write_link(found, link)
            self._session.flush()
        return link

    def get(self, company_id: int, kind: RecordKind, local_id: int) -> Link | None:
        row = self._session.scalars(
            select(LinkRow).where(
                LinkRow.company_id == company_id, LinkRow.kind == kind.value, LinkRow.local_id == local_id
            )
        ).one_or_none()
        return link_from_row(row) if row is not None else None

    def by_netsuite_id(self, company_id: int, kind: RecordKind, netsuite_id: str) -> Link | None:
        row = self._session.scalars(
            select(LinkRow).where(
                LinkRow.company_id == company_id,
                LinkRow.kind == kind.value,
                LinkRow.netsuite_id == str(netsuite_id),
            )
        ).one_or_none()
        return link_from_row(row) if row is not None else None

    def by_local_ids(self, company_id: int, kind: RecordKind, local_ids: Collection[int]) -> dict[int, Link]:
        found: dict[int, Link] = {}
        for chunk in chunks(local_ids):
            rows = self._session.scalars(
                select(LinkRow).where(
                    LinkRow.company_id == company_id, LinkRow.kind == kind.value, LinkRow.local_id.in_(chunk)
                )
            )
            found.update((row.local_id, link_from_row(row)) for row in rows)
        return found

    def by_netsuite_ids(
        self, company_id: int, kind: RecordKind, netsuite_ids: Collection[str]
    ) -> dict[str, Link]:
        found: dict[str, Link] = {}
        for chunk in chunks([str(netsuite_id) for netsuite_id in netsuite_ids]):
            rows = self._session.scalars(
                select(LinkRow).where(
                    LinkRow.company_id == company_id,
                    LinkRow.kind == kind.value,
                    LinkRow.netsuite_id.in_(chunk),
                )
            )
            found.update((row.netsuite_id, link_from_row(row)) for row in rows)
        return found

    def count(self, company_id: int) -> int:
        counted = self._session.scalar(
            select(func.count()).select_from(LinkRow).where(LinkRow.company_id == company_id)
        )
        return int(counted or 0)

    def list(self, company_id: int, kind: RecordKind) -> list[Link]:
        rows = self._session.scalars(
            select(LinkRow)
            .where(LinkRow.company_id == company_id, LinkRow.kind == kind.value)
            .order_by(LinkRow.id)
        )
        return [link_from_row(row) for row in rows]
