"""Invoiced → NetSuite voids: payments and invoices voided on Invoiced after we wrote them are deleted in
NetSuite (its REST API has no void for transactions), payments first, so an invoice whose payments were
voided can go in the same run. Driven by local state only (versions against links): a sync with no new
voids asks NetSuite nothing.

How "removed from NetSuite" is recorded: the record's link stays, with its synced version moved to the
voided version and its NetSuite id kept as a trace of what was removed. A voided record never changes
again, so the next sync finds the link up to date and deletes nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from application.integration.flows.answers import answers_of
from application.ports import CreditNoteFilter, InvoiceFilter, PaymentFilter, Unsynced
from domain.netsuite import RemovalOutcome
from domain.policies.removals import (
    credit_note_needs_removal,
    invoice_needs_removal,
    payment_needs_removal,
    removal_refused,
)
from domain.records import Origin, RecordKind


@dataclass(frozen=True, slots=True)
class _Voided:
    local_id: int
    label: str
    version: int


def remove_voided_from_netsuite(
    ctx: RunContext, *, invoices: bool, payments: bool, credit_notes: bool = False
) -> None:
    """Payments voided on Invoiced (when payments are written), credit notes (when they are), then
    invoices (when invoices are)."""
    if payments:
        _remove(
            ctx,
            RecordKind.PAYMENT,
            _voided_payments(ctx),
            ctx.gateway.remove_payments,
            Count.PAYMENTS_REMOVED,
            Stage.REMOVING_PAYMENTS,
        )
    if credit_notes:
        _remove(
            ctx,
            RecordKind.CREDIT_NOTE,
            _voided_credit_notes(ctx),
            ctx.gateway.remove_credit_memos,
            Count.CREDIT_NOTES_REMOVED,
            Stage.REMOVING_CREDIT_NOTES,
        )
    if invoices:
        _remove(
            ctx,
            RecordKind.INVOICE,
            _voided_invoices(ctx),
            ctx.gateway.remove_invoices,
            Count.INVOICES_REMOVED,
            Stage.REMOVING_INVOICES,
        )


def _wanted(ctx: RunContext, kind: RecordKind, local_id: int, label: str, customer_id: int) -> bool:
    return ctx.wants_local(kind, local_id, customer_id) and not ctx.errors.is_ignored(
        RecordRef.local(kind, local_id, label)
    )


def _voided_payments(ctx: RunContext) -> list[_Voided]:
    start_date = ctx.settings.start_date
    with ctx.uow() as uow:
        voided = uow.payments.list(
            ctx.company_id,
            where=PaymentFilter(
                origin=Origin.INVOICED, voided=True, date_from=start_date, unsynced=Unsynced.CHANGED
            ),
        )
        links = uow.links.by_local_ids(ctx.company_id, RecordKind.PAYMENT, [p.id for p in voided if p.id])
    return [
        _Voided(p.id, p.label, p.version)
        for p in voided
        if p.id is not None
        and payment_needs_removal(p, links.get(p.id), start_date)
        and _wanted(ctx, RecordKind.PAYMENT, p.id, p.label, p.customer_id)
    ]


def _voided_invoices(ctx: RunContext) -> list[_Voided]:
    start_date = ctx.settings.start_date
    with ctx.uow() as uow:
        voided = uow.invoices.list(
            ctx.company_id,
            InvoiceFilter(
                origin=Origin.INVOICED, voided=True, date_from=start_date, unsynced=Unsynced.CHANGED
            ),
        )
        links = uow.links.by_local_ids(ctx.company_id, RecordKind.INVOICE, [i.id for i in voided if i.id])
    return [
        _Voided(i.id, i.label, i.version)
        for i in voided
        if i.id is not None
        and invoice_needs_removal(i, links.get(i.id), start_date)
        and _wanted(ctx, RecordKind.INVOICE, i.id, i.label, i.customer_id)
    ]


def _voided_credit_notes(ctx: RunContext) -> list[_Voided]:
    start_date = ctx.settings.start_date
    with ctx.uow() as uow:
        voided = uow.credit_notes.list(
            ctx.company_id,
            CreditNoteFilter(
                origin=Origin.INVOICED, voided=True, date_from=start_date, unsynced=Unsynced.CHANGED
            ),
        )
        links = uow.links.by_local_ids(ctx.company_id, RecordKind.CREDIT_NOTE, [n.id for n in voided if n.id])
    return [
        _Voided(n.id, n.label, n.version)
        for n in voided
        if n.id is not None
        and credit_note_needs_removal(n, links.get(n.id), start_date)
        and _wanted(ctx, RecordKind.CREDIT_NOTE, n.id, n.label, n.customer_id)
    ]


def _remove(
    ctx: RunContext,
    kind: RecordKind,
    records: list[_Voided],
    remove: Callable[[Sequence[str]], list[RemovalOutcome]],
    counted: Count,
    stage: Stage,
) -> None:
    if not records:
        return
    by_external_id = {ctx.external_id(kind, r.local_id): r for r in records}
    total = len(by_external_id)
    ctx.progress(0, total, stage)
    outcomes, cut = answers_of(lambda: remove(list(by_external_id)), RemovalOutcome)
    for done, outcome in enumerate(outcomes, start=1):
        _settle(ctx, kind, by_external_id[outcome.external_id], outcome, counted)
        ctx.progress(done, total, stage)
    if cut is not None:
        raise cut  # what arrived is settled; the rest is removed by the next sync


def _settle(
    ctx: RunContext, kind: RecordKind, record: _Voided, outcome: RemovalOutcome, counted: Count
) -> None:
    """Gone from NetSuite: the link records the voided version, in one transaction with the error's
    resolution. Refused: a sync error naming the record, with NetSuite's words and what to do."""
    ref = RecordRef.local(kind, record.local_id, record.label)
    if outcome.problem is not None:
        ctx.errors.fail(ref, removal_refused(kind, record.label, outcome.problem))
        return
    with ctx.uow() as uow:
        link = uow.links.get(ctx.company_id, kind, record.local_id)
        if link is not None:
            link.mark_synced(record.version, ctx.now())
            uow.links.save(link)
        ctx.errors.resolve(uow, ref)
        uow.commit()
    ctx.count(counted)
