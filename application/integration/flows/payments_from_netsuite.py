"""NetSuite → Invoiced: payments recorded in NetSuite on invoices Invoiced knows."""

from __future__ import annotations

from datetime import datetime

from application.errors import ApplicationError
from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from domain.errors import DomainError
from domain.invoice import Invoice
from domain.link import Link
from domain.netsuite import NetSuitePayment
from domain.policies.labels import netsuite_payment_label
from domain.policies.payments_from_netsuite import (
    PaymentFromNetSuite,
    already_in_imported_balance,
    counted_by_balances,
    mixed_customers_problem,
    overpayment_problem,
    overpayments,
    payment_from_netsuite,
    plan_payment_from_netsuite,
    refused_problem,
    revise_payment_from_netsuite,
)
from domain.policies.problems import RecordProblem
from domain.policies.watermark import ReadWindow
from domain.records import Origin, RecordKind
from domain.sync import SyncDirection


def _payments_to_consider(ctx: RunContext) -> list[NetSuitePayment]:
    scope = ctx.scope
    if scope is None:
        window = ctx.read_window()
        changed = ctx.gateway.payments_modified_since(
            window.since, not_ours=ctx.our_prefix, since_offset=window.suiteql_offset
        )
        return [p for p in changed if not ctx.written_by_us(p.external_id)]
    if not scope.wants(RecordKind.PAYMENT, SyncDirection.FROM_NETSUITE) or scope.netsuite_id is None:
        return []
    # A failed payment holds the watermark back, so it is normally found since the watermark;
    # one that was ignored for a while may be older, and a retry is worth one full read.
    window = ctx.read_window()
    starts = (window, ReadWindow(None, None)) if window.since is not None else (window,)
    for start in starts:
        found = [
            p
            for p in ctx.gateway.payments_modified_since(start.since, since_offset=start.suiteql_offset)
            if p.internal_id == scope.netsuite_id
        ]
        if found:
            return found
    return []


def sync_payments_from_netsuite(ctx: RunContext) -> list[datetime | None]:
    """Apply NetSuite payments changed since the watermark to the invoices Invoiced knows, and bring
    already imported ones up to date. Returns the modification times of the payments that failed,
    which hold the watermark back so they are read again next time."""
    payments = _payments_to_consider(ctx)
    if not payments:
        return []
    invoice_ids = {a.invoice_internal_id for p in payments for a in p.applications}
    with ctx.uow() as uow:
        payment_links = uow.links.by_netsuite_ids(
            ctx.company_id, RecordKind.PAYMENT, [p.internal_id for p in payments]
        )
        invoice_links = uow.links.by_netsuite_ids(ctx.company_id, RecordKind.INVOICE, invoice_ids)
    local_invoice_ids = {netsuite_id: link.local_id for netsuite_id, link in invoice_links.items()}
    reflected = _reflected_in_imported_balances(ctx, payments, payment_links, invoice_links)
    failed: list[datetime | None] = []
    total = len(payments)
    for done, payment in enumerate(payments):
        ctx.progress(done, total, Stage.PAYMENTS_FROM_NETSUITE)
        ref = RecordRef.netsuite(RecordKind.PAYMENT, payment.internal_id, netsuite_payment_label(payment))
        link = payment_links.get(payment.internal_id)
        if ctx.errors.is_ignored(ref) or (link is not None and link.origin is Origin.INVOICED):
            continue  # ignored by the user, or a payment we wrote ourselves (no echoes)
        counted = {
            a.invoice_internal_id
            for a in payment.applications
            if a.invoice_internal_id in invoice_links
            and _counted(payment, invoice_links[a.invoice_internal_id], reflected)
        }
        plan = plan_payment_from_netsuite(payment, local_invoice_ids, counted if link is None else ())
        if link is None:
            if plan.nothing_known or payment.voided:
                continue  # nothing Invoiced knows (or a void of something never imported)
            problem = _import_payment(ctx, ref, payment, plan)
        else:
            problem = _revise_payment(ctx, ref, payment, plan, link)
        if problem is not None:
            ctx.errors.fail(ref, problem)
            failed.append(payment.last_modified)
    ctx.progress(total, total, Stage.PAYMENTS_FROM_NETSUITE)
    return failed


def _counted(payment: NetSuitePayment, invoice_link: Link, reflected: set[str]) -> bool:
    verdict = already_in_imported_balance(payment, invoice_link)
    return verdict if verdict is not None else invoice_link.netsuite_id in reflected


def _reflected_in_imported_balances(
    ctx: RunContext,
    payments: list[NetSuitePayment],
    payment_links: dict[str, Link],
    invoice_links: dict[str, Link],
) -> set[str]:
    """NetSuite ids of imported invoices whose Invoiced balance already equals what NetSuite says
    remains, asked only for invoices a new payment touched in the very second of their import (one
    batched read; none at all in the usual case)."""
    unsure = {
        a.invoice_internal_id
        for p in payments
        if p.internal_id not in payment_links
        for a in p.applications
        if a.invoice_internal_id in invoice_links
        and already_in_imported_balance(p, invoice_links[a.invoice_internal_id]) is None
    }
    if not unsure:
        return set()
    remaining = {i.internal_id: i.amount_remaining for i in ctx.gateway.invoices_by_ids(unsure)}
    with ctx.uow() as uow:
        local = uow.invoices.by_ids(ctx.company_id, [invoice_links[i].local_id for i in unsure])
    balances = {invoice.id: invoice.balance.amount for invoice in local}
    return {
        netsuite_id
        for netsuite_id in unsure
        if netsuite_id in remaining
        and invoice_links[netsuite_id].local_id in balances
        and counted_by_balances(balances[invoice_links[netsuite_id].local_id], remaining[netsuite_id])
    }


def _import_payment(
    ctx: RunContext, ref: RecordRef, payment: NetSuitePayment, plan: PaymentFromNetSuite
) -> RecordProblem | None:
    """A new payment of origin netsuite, applied to its invoices, with its link: all or nothing."""
    now = ctx.now()
    with ctx.uow() as uow:
        invoices = _invoices(
            ctx, uow.invoices.by_ids(ctx.company_id, [a.invoice_id for a in plan.applications])
        )
        customers = {invoices[a.invoice_id].customer_id for a in plan.applications}
        if len(customers) != 1:
            return mixed_customers_problem(ref.label)
        too_much = overpayments(plan, invoices)
        if too_much:
            return overpayment_problem(ref.label, too_much)
        try:
            local = payment_from_netsuite(
                payment,
                plan,
                company_id=ctx.company_id,
                customer_id=customers.pop(),
                invoices=invoices,
                now=now,
            )
            local = uow.payments.add(local)
            assert local.id is not None
            for application in local.applied_to:
                uow.invoices.update(invoices[application.invoice_id])
            uow.links.save(
                Link(
                    ctx.company_id,
                    RecordKind.PAYMENT,
                    local.id,
                    payment.internal_id,
                    Origin.NETSUITE,
                    local.version,
                    now,
                    now,
                )
            )
        except (DomainError, ApplicationError) as refused:
            return refused_problem(ref.label, refused)
        ctx.errors.resolve(uow, ref)
        uow.commit()
    ctx.count(Count.PAYMENTS_IMPORTED)
    return None


def _revise_payment(
    ctx: RunContext, ref: RecordRef, payment: NetSuitePayment, plan: PaymentFromNetSuite, link: Link
) -> RecordProblem | None:
    """An imported payment NetSuite changed (voided, re-applied) is brought in line, never duplicated."""
    now = ctx.now()
    with ctx.uow() as uow:
        local = uow.payments.get(ctx.company_id, link.local_id)
        if local is None:
            return None
        touched = set(local.invoice_ids) | {a.invoice_id for a in plan.applications}
        invoices = _invoices(ctx, uow.invoices.by_ids(ctx.company_id, touched))
        try:
            changed = revise_payment_from_netsuite(local, payment, plan, invoices, now)
        except DomainError as refused:
            return refused_problem(ref.label, refused)
        if changed:
            uow.payments.update(local)
            for invoice in invoices.values():
                uow.invoices.update(invoice)
            link.mark_synced(local.version, now)
            uow.links.save(link)
        ctx.errors.resolve(uow, ref)
        uow.commit()
    if changed:
        ctx.count(Count.PAYMENTS_UPDATED)
    return None


def _invoices(ctx: RunContext, invoices: list[Invoice]) -> dict[int, Invoice]:
    return {invoice.id: invoice for invoice in invoices if invoice.id is not None}
