"""NetSuite → Invoiced: credit memos recorded in NetSuite and applied to invoices Invoiced knows come
over as credit notes applied to those invoices. Ours are never read back (no echoes: our external id
prefix, and links of origin invoiced); one already imported is left as it is."""

from __future__ import annotations

from datetime import datetime

from application.errors import ApplicationError
from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from domain.errors import DomainError
from domain.link import Link
from domain.netsuite import NetSuiteCreditMemo
from domain.payment import apply_payment
from domain.policies.credit_notes_from_netsuite import (
    credit_applications_payment,
    credit_for_several_customers,
    credit_label,
    credit_note_from_netsuite,
    credit_number_taken,
    credit_refused,
    known_applications,
)
from domain.policies.problems import RecordProblem
from domain.records import Origin, RecordKind


def import_credit_memos(ctx: RunContext) -> list[datetime | None]:
    """Bring the credit memos changed since the watermark that apply to invoices Invoiced knows.
    Returns the modification times of those that failed (they hold the watermark back). A retry of
    one record reads nothing here: the next sync brings a credit memo whose invoice is now known."""
    if ctx.scope is not None:
        return []
    window = ctx.read_window()
    changed = ctx.gateway.credit_memos_modified_since(
        window.since, not_ours=ctx.our_prefix, since_offset=window.suiteql_offset
    )
    memos = [m for m in changed if not ctx.written_by_us(m.external_id) and not m.voided and m.applications]
    if not memos:
        return []
    invoice_ids = {a.invoice_internal_id for m in memos for a in m.applications}
    with ctx.uow() as uow:
        memo_links = uow.links.by_netsuite_ids(
            ctx.company_id, RecordKind.CREDIT_NOTE, [m.internal_id for m in memos]
        )
        invoice_links = uow.links.by_netsuite_ids(ctx.company_id, RecordKind.INVOICE, invoice_ids)
    failed: list[datetime | None] = []
    for done, memo in enumerate(memos):
        ctx.progress(done, len(memos), Stage.CREDIT_NOTES_FROM_NETSUITE)
        ref = RecordRef.netsuite(RecordKind.CREDIT_NOTE, memo.internal_id, credit_label(memo))
        if memo.internal_id in memo_links or ctx.errors.is_ignored(ref):
            continue  # imported already, or written by us, or ignored by the user
        problem = _import(ctx, ref, memo, invoice_links)
        if problem is not None:
            ctx.errors.fail(ref, problem)
            failed.append(memo.last_modified)
    ctx.progress(len(memos), len(memos), Stage.CREDIT_NOTES_FROM_NETSUITE)
    return failed


def _import(
    ctx: RunContext, ref: RecordRef, memo: NetSuiteCreditMemo, invoice_links: dict[str, Link]
) -> RecordProblem | None:
    applied = known_applications(memo, invoice_links)
    if not applied:
        return None  # applied only to invoices Invoiced does not know (or already counted)
    now = ctx.now()
    with ctx.uow() as uow:
        invoices = {i.id: i for i in uow.invoices.by_ids(ctx.company_id, list(applied)) if i.id is not None}
        customers = {i.customer_id for i in invoices.values()}
        if len(customers) != 1:
            return credit_for_several_customers(memo)
        existing = uow.credit_notes.by_number(ctx.company_id, memo.tran_id)
        if existing is not None:
            return credit_number_taken(memo, existing)
        item_names = ctx.item_names() if any(line.item_id for line in memo.lines) else {}
        try:
            note = credit_note_from_netsuite(
                memo, company_id=ctx.company_id, customer_id=customers.pop(), item_names=item_names, now=now
            )
            uow.credit_notes.add(note)
            assert note.id is not None
            payment = credit_applications_payment(memo, note, applied, now)
            apply_payment(payment, invoices, {note.id: note})
        except (DomainError, ApplicationError) as refused:
            return credit_refused(memo, str(refused))
        uow.payments.add(payment)
        for invoice in invoices.values():
            uow.invoices.update(invoice)
        uow.credit_notes.update(note)
        uow.links.save(
            Link(
                ctx.company_id,
                RecordKind.CREDIT_NOTE,
                note.id,
                memo.internal_id,
                Origin.NETSUITE,
                note.version,
                now,
                now,
                netsuite_as_of=memo.last_modified,
            )
        )
        ctx.errors.resolve(uow, ref)
        uow.commit()
    ctx.count(Count.CREDIT_NOTES_IMPORTED)
    return None
