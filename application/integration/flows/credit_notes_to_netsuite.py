"""Invoiced → NetSuite credit notes: each issued credit note upserted as a credit memo by its external
id, applied to the invoices Invoiced applied it to (after the invoices are written, before payments,
so NetSuite's amount remaining is what Invoiced's balance is); voided ones removed from NetSuite."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from application.integration.flows.answers import answers_of
from application.ports import CreditNoteFilter, Unsynced
from domain.credit_note import CreditNote
from domain.netsuite import CreditMemoRecord, UpsertOutcome
from domain.policies.credit_notes_to_netsuite import (
    credit_applied,
    credit_memo_record_for,
    credit_note_needs_writing,
    unwritable_credit_note,
)
from domain.policies.problems import RecordProblem
from domain.records import Origin, RecordKind


def credit_notes_to_write(ctx: RunContext) -> list[CreditNote]:
    """The credit notes that need writing and can be: a currency or item NetSuite lacks, or a
    discount or tax with no item set for it, fails now, before their customer is created for nothing."""
    start_date = ctx.settings.start_date
    with ctx.uow() as uow:
        issued = uow.credit_notes.list(
            ctx.company_id,
            CreditNoteFilter(
                origin=Origin.INVOICED,
                draft=False,
                voided=False,
                date_from=start_date,
                unsynced=Unsynced.NEW_OR_CHANGED,
            ),
        )
        links = uow.links.by_local_ids(ctx.company_id, RecordKind.CREDIT_NOTE, [n.id for n in issued if n.id])
    wanted = [
        n
        for n in issued
        if n.id is not None
        and credit_note_needs_writing(n, links.get(n.id), start_date)
        and ctx.wants_local(RecordKind.CREDIT_NOTE, n.id, n.customer_id)
        and not ctx.errors.is_ignored(RecordRef.local(RecordKind.CREDIT_NOTE, n.id, n.label))
    ]
    if not wanted:
        return []
    settings = ctx.settings
    writable = []
    for note in wanted:
        problem = unwritable_credit_note(
            note,
            fallback_item_id=settings.fallback_item_id,
            discount_item_id=settings.discount_item_id,
            tax_item_id=settings.tax_item_id,
            netsuite_currencies=ctx.netsuite_currencies(),
        )
        if problem is None:
            writable.append(note)
        else:
            ctx.errors.fail(RecordRef.local(RecordKind.CREDIT_NOTE, note.id or 0, note.label), problem)
    return writable


def write_credit_notes(
    ctx: RunContext,
    notes: list[CreditNote],
    customers: Mapping[int, str],
    settle_all: Callable[..., None],
) -> None:
    """Upsert the credit memos in one batch; `settle_all` (to_netsuite's, the one settling rule for
    every kind) links each one written or records NetSuite's refusal."""
    note_ids = [n.id for n in notes if n.id is not None]
    with ctx.uow() as uow:  # read after the invoices were written, so this run's invoices count
        applying = uow.payments.applying_credit_notes(ctx.company_id, note_ids)
        applied = {note_id: credit_applied(note_id, applying) for note_id in note_ids}
        invoice_ids = {invoice_id for per_invoice in applied.values() for invoice_id in per_invoice}
        invoice_links = uow.links.by_local_ids(ctx.company_id, RecordKind.INVOICE, invoice_ids)
        labels = {i.id: i.label for i in uow.invoices.by_ids(ctx.company_id, invoice_ids) if i.id}
    netsuite_ids = {local_id: link.netsuite_id for local_id, link in invoice_links.items()}
    settings = ctx.settings
    records: list[CreditMemoRecord] = []
    pending: dict[str, CreditNote] = {}
    for note in notes:
        assert note.id is not None
        customer_netsuite_id = customers.get(note.customer_id)
        if customer_netsuite_id is None:  # its customer's own sync error says why
            ctx.count(Count.WAITING_FOR_CUSTOMER)
            continue
        record = credit_memo_record_for(
            note,
            external_id=ctx.external_id(RecordKind.CREDIT_NOTE, note.id),
            customer_internal_id=customer_netsuite_id,
            applied=applied.get(note.id, {}),
            invoice_netsuite_ids=netsuite_ids,
            invoice_labels=labels,
            fallback_item_id=settings.fallback_item_id,
            discount_item_id=settings.discount_item_id,
            tax_item_id=settings.tax_item_id,
            netsuite_currencies=ctx.netsuite_currencies(),
            subsidiary_id=settings.subsidiary_id,
        )
        if isinstance(record, RecordProblem):
            ctx.errors.fail(RecordRef.local(RecordKind.CREDIT_NOTE, note.id, note.label), record)
            continue
        records.append(record)
        pending[record.external_id] = note
    if not records:
        return
    ctx.progress(0, len(records), Stage.CREDIT_NOTES_TO_NETSUITE)
    outcomes, cut = answers_of(lambda: ctx.gateway.upsert_credit_memos(records), UpsertOutcome)
    settle_all(
        ctx,
        RecordKind.CREDIT_NOTE,
        pending,
        outcomes,
        Stage.CREDIT_NOTES_TO_NETSUITE,
        Count.CREDIT_NOTES_WRITTEN,
        cut=cut,
    )
