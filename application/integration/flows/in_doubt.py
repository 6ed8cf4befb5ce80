"""Writes in doubt: invoices and payments a sync sent to NetSuite but never settled (its worker was
killed, or NetSuite went away mid-batch). Each unlinked record is noted before it is sent; the next sync
looks the leftovers up by external id in one batched query per kind, links those NetSuite kept, and
forgets the rest. So "no link" means "not in NetSuite" again, and a later void always reaches NetSuite."""

from __future__ import annotations

import contextlib
from collections.abc import Collection

from application.errors import Conflict
from application.integration.context import RunContext
from domain.link import Link
from domain.pending import PendingWrite
from domain.records import Origin, RecordKind

# A record found in NetSuite after a lost answer is linked as never synced: NetSuite may hold an
# older version than the one last sent, so the next write sends it again (an upsert, so no duplicate).
NOT_SYNCED = 0


def note_writes_in_doubt(ctx: RunContext, kind: RecordKind, local_ids: Collection[int]) -> None:
    """Before sending: the records without a link may exist in NetSuite from the moment they go out."""
    if not local_ids:
        return
    now = ctx.now()
    with ctx.uow() as uow:
        linked = uow.links.by_local_ids(ctx.company_id, kind, local_ids)
        uow.pending_writes.add(
            [PendingWrite(ctx.company_id, kind, i, now) for i in local_ids if i not in linked]
        )
        uow.commit()


def settle_writes_in_doubt(ctx: RunContext, *, invoices: bool, payments: bool) -> None:
    """Link the writes in doubt that NetSuite kept and forget those it never did."""
    for kind, wanted in ((RecordKind.PAYMENT, payments), (RecordKind.INVOICE, invoices)):
        if wanted:
            _settle(ctx, kind)


def _settle(ctx: RunContext, kind: RecordKind) -> None:
    with ctx.uow() as uow:
        pending = [p.local_id for p in uow.pending_writes.list(ctx.company_id, kind)]
        linked = uow.links.by_local_ids(ctx.company_id, kind, pending) if pending else {}
    if not pending:
        return
    doubtful = {ctx.external_id(kind, i): i for i in pending if i not in linked}
    found = ctx.gateway.ids_by_external_id(kind, list(doubtful)) if doubtful else {}
    now = ctx.now()
    with ctx.uow() as uow:
        for external_id, local_id in doubtful.items():
            internal_id = found.get(external_id)
            if internal_id is not None:
                link = Link(
                    ctx.company_id, kind, local_id, internal_id, Origin.INVOICED, NOT_SYNCED, now, now
                )
                with contextlib.suppress(Conflict):  # its NetSuite record is linked already: keep that
                    uow.links.save(link)
        uow.pending_writes.remove(ctx.company_id, kind, pending)
        uow.commit()
