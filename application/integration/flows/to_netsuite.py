"""Invoiced → NetSuite: voids first (payments, then invoices), then customers, then invoices issued on
Invoiced, then payments received on Invoiced; each batch upserted (or deleted) by deterministic external
id, each record's link committed on its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from application.errors import Conflict, NetSuiteError
from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from application.integration.flows.answers import answers_of
from application.integration.flows.credit_notes_to_netsuite import credit_notes_to_write, write_credit_notes
from application.integration.flows.customers_to_netsuite import customers_in_netsuite, write_customer_edits
from application.integration.flows.in_doubt import note_writes_in_doubt, settle_writes_in_doubt
from application.integration.flows.voids_to_netsuite import remove_voided_from_netsuite
from application.integration.problems import named_another_record, rejected_by_netsuite
from application.ports import InvoiceFilter, PaymentFilter, Unsynced
from domain.credit_note import CreditNote
from domain.invoice import Invoice
from domain.link import Link
from domain.netsuite import InvoiceRecord, NetSuiteProblem, PaymentRecord, UpsertOutcome
from domain.payment import Payment
from domain.policies.invoices_to_netsuite import (
    adjustment_problem,
    currency_problem,
    invoice_needs_writing,
    invoice_record_for,
    item_problem,
)
from domain.policies.payments_to_netsuite import (
    invoices_not_in_netsuite,
    payment_needs_writing,
    payment_record_for,
    waiting_for_invoices,
)
from domain.policies.problems import RecordProblem
from domain.records import Origin, RecordKind

# A write NetSuite's answer did not account for (no id, no refusal): tried again by the next sync.
NO_ANSWER = NetSuiteProblem("NetSuite's answer did not say whether it kept this record; it is sent again.")


@dataclass
class _Work:
    invoices: list[Invoice] = field(default_factory=list)
    credit_notes: list[CreditNote] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    customer_ids: set[int] = field(default_factory=set)
    currency_hints: dict[int, str] = field(default_factory=dict)


def _select(ctx: RunContext, *, invoices: bool, payments: bool, credit_notes: bool = False) -> _Work:
    """Reads the Invoiced side once: what needs writing, and which customers that takes. The store
    returns only records with no link or one behind their version; the policies still judge them."""
    work = _Work()
    start_date = ctx.settings.start_date
    with ctx.uow() as uow:
        if invoices:
            issued = uow.invoices.list(
                ctx.company_id,
                InvoiceFilter(
                    origin=Origin.INVOICED,
                    draft=False,
                    voided=False,
                    date_from=start_date,
                    unsynced=Unsynced.NEW_OR_CHANGED,
                ),
            )
            links = uow.links.by_local_ids(ctx.company_id, RecordKind.INVOICE, [i.id for i in issued if i.id])
            work.invoices = [
                i
                for i in issued
                if i.id is not None
                and invoice_needs_writing(i, links.get(i.id), start_date)
                and ctx.wants_local(RecordKind.INVOICE, i.id, i.customer_id)
                and not ctx.errors.is_ignored(RecordRef.local(RecordKind.INVOICE, i.id, i.label))
            ]
        if payments:
            received = uow.payments.list(
                ctx.company_id,
                where=PaymentFilter(
                    origin=Origin.INVOICED,
                    voided=False,
                    date_from=start_date,
                    unsynced=Unsynced.NEW_OR_CHANGED,
                ),
            )
            links = uow.links.by_local_ids(
                ctx.company_id, RecordKind.PAYMENT, [p.id for p in received if p.id]
            )
            work.payments = [
                p
                for p in received
                if p.id is not None
                and payment_needs_writing(p, links.get(p.id), start_date)
                and ctx.wants_local(RecordKind.PAYMENT, p.id, p.customer_id)
                and not ctx.errors.is_ignored(RecordRef.local(RecordKind.PAYMENT, p.id, p.label))
            ]
    if work.invoices or work.payments:
        _drop_unwritable(ctx, work)
    if credit_notes:
        work.credit_notes = credit_notes_to_write(ctx)
    for note in work.credit_notes:
        work.customer_ids.add(note.customer_id)
        work.currency_hints.setdefault(note.customer_id, note.currency)
    for invoice in work.invoices:
        work.customer_ids.add(invoice.customer_id)
        work.currency_hints.setdefault(invoice.customer_id, invoice.currency)
    for payment in work.payments:
        work.customer_ids.add(payment.customer_id)
        work.currency_hints.setdefault(payment.customer_id, payment.currency)
    scope = ctx.scope
    if scope is not None and scope.kind is RecordKind.CUSTOMER and scope.local_id is not None:
        work.customer_ids.add(scope.local_id)  # a retried customer is matched even with nothing to write
    return work


def _drop_unwritable(ctx: RunContext, work: _Work) -> None:
    """Records NetSuite could not take (a currency it lacks, lines with no item) fail now, before their
    customer is created in NetSuite for nothing."""
    currencies = ctx.netsuite_currencies()
    keep_invoices = []
    for invoice in work.invoices:
        problem = (
            currency_problem(invoice.label, invoice.currency, currencies)
            or item_problem(invoice, ctx.settings.fallback_item_id)
            or adjustment_problem(invoice, ctx.settings.discount_item_id, ctx.settings.tax_item_id)
        )
        if problem is None:
            keep_invoices.append(invoice)
        else:
            ctx.errors.fail(RecordRef.local(RecordKind.INVOICE, invoice.id or 0, invoice.label), problem)
    keep_payments = []
    for payment in work.payments:
        problem = currency_problem(payment.label, payment.currency, currencies)
        if problem is None:
            keep_payments.append(payment)
        else:
            ctx.errors.fail(RecordRef.local(RecordKind.PAYMENT, payment.id or 0, payment.label), problem)
    work.invoices, work.payments = keep_invoices, keep_payments


def write_to_netsuite(ctx: RunContext, *, invoices: bool, payments: bool, credit_notes: bool = False) -> None:
    """Voided payments, credit notes and invoices out of NetSuite (a voided payment first frees the
    amount a new one may need), customer edits, then customers (matched or created once each),
    invoices, credit notes (applied to the invoices) and payments. Customers go with the invoices'
    toggle."""
    settle_writes_in_doubt(ctx, invoices=invoices, payments=payments)
    remove_voided_from_netsuite(ctx, invoices=invoices, payments=payments, credit_notes=credit_notes)
    if invoices:
        write_customer_edits(ctx)
    work = _select(ctx, invoices=invoices, payments=payments, credit_notes=credit_notes)
    if not work.customer_ids:
        return
    customers = customers_in_netsuite(ctx, work.customer_ids, work.currency_hints)
    if work.invoices:
        _write_invoices(ctx, work.invoices, customers)
    if work.credit_notes:
        write_credit_notes(ctx, work.credit_notes, customers, _settle_all)
    if work.payments:
        _write_payments(ctx, work.payments, customers)


def _write_invoices(ctx: RunContext, invoices: list[Invoice], customers: Mapping[int, str]) -> None:
    records: list[InvoiceRecord] = []
    pending: dict[str, Invoice] = {}
    for invoice in invoices:
        assert invoice.id is not None
        customer_netsuite_id = customers.get(invoice.customer_id)
        if customer_netsuite_id is None:  # its customer's own sync error says why
            ctx.count(Count.WAITING_FOR_CUSTOMER)
            continue
        record = invoice_record_for(
            invoice,
            external_id=ctx.external_id(RecordKind.INVOICE, invoice.id),
            customer_internal_id=customer_netsuite_id,
            fallback_item_id=ctx.settings.fallback_item_id,
            netsuite_currencies=ctx.netsuite_currencies(),
            subsidiary_id=ctx.settings.subsidiary_id,
            discount_item_id=ctx.settings.discount_item_id,
            tax_item_id=ctx.settings.tax_item_id,
        )
        if isinstance(record, RecordProblem):
            ctx.errors.fail(RecordRef.local(RecordKind.INVOICE, invoice.id, invoice.label), record)
            continue
        records.append(record)
        pending[record.external_id] = invoice
    if records:
        ctx.progress(0, len(records), Stage.INVOICES_TO_NETSUITE)
        note_writes_in_doubt(ctx, RecordKind.INVOICE, [i.id for i in pending.values() if i.id is not None])
        outcomes, cut = answers_of(lambda: ctx.gateway.upsert_invoices(records), UpsertOutcome)
        _settle_all(
            ctx,
            RecordKind.INVOICE,
            pending,
            outcomes,
            Stage.INVOICES_TO_NETSUITE,
            Count.INVOICES_WRITTEN,
            cut=cut,
        )


def _write_payments(ctx: RunContext, payments: list[Payment], customers: Mapping[int, str]) -> None:
    invoice_ids = {invoice_id for p in payments for invoice_id in p.invoice_ids}
    with ctx.uow() as uow:  # read after the invoices were written, so this run's invoices count
        invoice_links = uow.links.by_local_ids(ctx.company_id, RecordKind.INVOICE, invoice_ids)
        labels = {i.id: i.label for i in uow.invoices.by_ids(ctx.company_id, invoice_ids)}
    netsuite_ids = {local_id: link.netsuite_id for local_id, link in invoice_links.items()}
    records: list[PaymentRecord] = []
    pending: dict[str, Payment] = {}
    for payment in payments:
        assert payment.id is not None
        ref = RecordRef.local(RecordKind.PAYMENT, payment.id, payment.label)
        missing = invoices_not_in_netsuite(payment, netsuite_ids)
        if missing:
            ctx.errors.fail(
                ref, waiting_for_invoices(payment, [labels.get(i, f"invoice #{i}") for i in missing])
            )
            continue
        customer_netsuite_id = customers.get(payment.customer_id)
        if customer_netsuite_id is None:
            ctx.count(Count.WAITING_FOR_CUSTOMER)
            continue
        record = payment_record_for(
            payment,
            external_id=ctx.external_id(RecordKind.PAYMENT, payment.id),
            customer_internal_id=customer_netsuite_id,
            invoice_netsuite_ids=netsuite_ids,
            netsuite_currencies=ctx.netsuite_currencies(),
            deposit_account_id=ctx.settings.deposit_account_id,
        )
        if isinstance(record, RecordProblem):
            ctx.errors.fail(ref, record)
            continue
        records.append(record)
        pending[record.external_id] = payment
    if records:
        ctx.progress(0, len(records), Stage.PAYMENTS_TO_NETSUITE)
        note_writes_in_doubt(ctx, RecordKind.PAYMENT, [p.id for p in pending.values() if p.id is not None])
        outcomes, cut = answers_of(lambda: ctx.gateway.upsert_payments(records), UpsertOutcome)
        _settle_all(
            ctx,
            RecordKind.PAYMENT,
            pending,
            outcomes,
            Stage.PAYMENTS_TO_NETSUITE,
            Count.PAYMENTS_WRITTEN,
            cut=cut,
        )


def _settle_all(
    ctx: RunContext,
    kind: RecordKind,
    pending: Mapping[str, Invoice | Payment | CreditNote],
    outcomes: list[UpsertOutcome],
    stage: Stage,
    counted: Count,
    cut: NetSuiteError | None = None,
) -> None:
    """Settle each record of a batch write (by its external id), reporting progress as it goes. A
    record the answer left out is not silently dropped: it gets an error and is tried next time. When
    a run-level failure (`cut`) stopped the batch, the answers that arrived are settled, then it is
    raised: the records never sent are simply tried again next time."""
    answered = {outcome.external_id: outcome for outcome in outcomes}
    for done, (external_id, record) in enumerate(pending.items(), start=1):
        assert record.id is not None
        outcome = answered.get(external_id)
        if outcome is None and cut is not None:
            continue
        outcome = outcome or UpsertOutcome(external_id, problem=NO_ANSWER)
        _settle(ctx, kind, record.id, record.label, record.version, outcome, counted)
        ctx.progress(done, len(pending), stage)
    if cut is not None:
        raise cut


def _settle(
    ctx: RunContext,
    kind: RecordKind,
    local_id: int,
    label: str,
    version: int,
    outcome: UpsertOutcome,
    counted: Count,
) -> None:
    """Link a written record at the version that was sent (a newer local edit stays behind and is
    sent next time), or record NetSuite's refusal."""
    ref = RecordRef.local(kind, local_id, label)
    if not outcome.succeeded or outcome.internal_id is None:
        ctx.errors.fail(ref, rejected_by_netsuite(label, outcome.problem or NO_ANSWER))
        return
    now = ctx.now()
    with ctx.uow() as uow:
        link = uow.links.get(ctx.company_id, kind, local_id)
        if link is None:
            link = Link(
                ctx.company_id, kind, local_id, outcome.internal_id, Origin.INVOICED, version, now, now
            )
        else:
            link.mark_synced(version, now, outcome.internal_id)
        try:
            uow.links.save(link)
        except Conflict:  # NetSuite named a record another of ours is linked to: never link two to one
            clash = outcome.internal_id
        else:
            uow.pending_writes.remove(ctx.company_id, kind, [local_id])
            ctx.errors.resolve(uow, ref)
            uow.commit()
            ctx.count(counted)
            return
    ctx.errors.fail(ref, named_another_record(kind, label, clash))
