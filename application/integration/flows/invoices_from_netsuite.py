"""NetSuite → Invoiced: outstanding invoices not yet linked, with the customers they need."""

from __future__ import annotations

from datetime import datetime

from application.errors import ApplicationError
from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from application.integration.flows.customers_from_netsuite import link_local_customers
from application.integration.problems import not_importable
from application.ports import UnitOfWork
from domain.errors import DomainError
from domain.invoice import Invoice
from domain.link import Link
from domain.netsuite import NetSuiteInvoice, NetSuiteInvoiceStatus
from domain.policies.customers import count_namesakes
from domain.policies.invoices_from_netsuite import invoice_from_netsuite, number_clash
from domain.policies.labels import netsuite_invoice_label
from domain.policies.problems import RecordProblem
from domain.policies.watermark import ReadWindow
from domain.records import Origin, RecordKind
from domain.sync import SyncDirection

# Invoices kept per transaction: few commits, and a bounded amount of work lost to a failure.
IMPORT_BATCH = 200


def _invoices_to_consider(ctx: RunContext, incremental: bool) -> list[NetSuiteInvoice] | None:
    scope = ctx.scope
    if scope is None:
        window = ctx.read_window() if incremental else ReadWindow(None, None)
        return list(
            ctx.gateway.open_invoices(
                window.since, not_ours=ctx.our_prefix, since_offset=window.suiteql_offset
            )
        )
    if not scope.wants(RecordKind.INVOICE, SyncDirection.FROM_NETSUITE) or scope.netsuite_id is None:
        return None
    return ctx.gateway.invoices_by_ids([scope.netsuite_id])


def import_open_invoices(
    ctx: RunContext, *, respect_start_date: bool, incremental: bool = False
) -> list[datetime | None]:
    """Open NetSuite invoices that are neither linked nor written by us become invoices of origin
    netsuite, owing what NetSuite says remains. The accounting sync reads only those changed since its
    watermark (`incremental`) and skips those dated before the start date; the manual importer brings
    in every outstanding one. Returns the modification times of the invoices that failed or wait for
    their customer, which hold the watermark back so they are read again next time."""
    found = _invoices_to_consider(ctx, incremental)
    if not found:
        return []
    start_date = ctx.settings.start_date if respect_start_date else None
    candidates = [
        invoice
        for invoice in found
        if invoice.status is NetSuiteInvoiceStatus.OPEN
        and not ctx.written_by_us(invoice.external_id)
        and (start_date is None or invoice.date >= start_date)
    ]
    with ctx.uow() as uow:
        linked = uow.links.by_netsuite_ids(
            ctx.company_id, RecordKind.INVOICE, [invoice.internal_id for invoice in candidates]
        )
    refs = {
        invoice.internal_id: RecordRef.netsuite(
            RecordKind.INVOICE, invoice.internal_id, netsuite_invoice_label(invoice)
        )
        for invoice in candidates
    }
    new = [
        invoice
        for invoice in candidates
        if invoice.internal_id not in linked and not ctx.errors.is_ignored(refs[invoice.internal_id])
    ]
    if not new:
        return []
    # Read after the invoices: a NetSuite payment changed up to now is inside their amountRemaining.
    as_of = ctx.gateway.server_time()
    customers = _customers_for(ctx, new)
    item_names = ctx.item_names() if any(line.item_id for i in new for line in i.lines) else {}
    held_back: list[datetime | None] = []
    total = len(new)
    ctx.progress(0, total, Stage.INVOICES_FROM_NETSUITE)
    for start in range(0, total, IMPORT_BATCH):
        batch = new[start : start + IMPORT_BATCH]
        held_back.extend(_import_batch(ctx, batch, refs, customers, item_names, as_of))
        ctx.progress(start + len(batch), total, Stage.INVOICES_FROM_NETSUITE)
    return held_back


def _customers_for(ctx: RunContext, invoices: list[NetSuiteInvoice]) -> dict[str, int]:
    """NetSuite customer id → Invoiced customer id for these invoices: linked ones straight from
    the links; the others read from NetSuite in one batch, then matched by name or created."""
    wanted = {invoice.customer_internal_id for invoice in invoices}
    with ctx.uow() as uow:
        links = uow.links.by_netsuite_ids(ctx.company_id, RecordKind.CUSTOMER, wanted)
    resolved = {netsuite_id: link.local_id for netsuite_id, link in links.items()}
    missing = wanted - resolved.keys()
    if missing:
        remote = sorted(ctx.gateway.customers_by_ids(missing), key=lambda c: int(c.internal_id))
        resolved.update(link_local_customers(ctx, remote, count_namesakes(remote), update_linked=False))
    return resolved


def _import_batch(
    ctx: RunContext,
    batch: list[NetSuiteInvoice],
    refs: dict[str, RecordRef],
    customers: dict[str, int],
    item_names: dict[str, str],
    as_of: datetime,
) -> list[datetime | None]:
    """A batch of invoices in one transaction, each with its link; one that cannot be imported
    leaves nothing of itself behind and gets its error once the batch is kept."""
    held_back: list[datetime | None] = []
    failed: list[tuple[RecordRef, RecordProblem]] = []
    imported = 0
    with ctx.uow() as uow:
        numbers = [invoice.tran_id.strip() for invoice in batch]
        taken = {existing.number: existing for existing in uow.invoices.by_numbers(ctx.company_id, numbers)}
        for invoice in batch:
            customer_id = customers.get(invoice.customer_internal_id)
            if customer_id is None:  # the customer's own sync error says why
                ctx.count(Count.WAITING_FOR_CUSTOMER)
                held_back.append(invoice.last_modified)
                continue
            ref = refs[invoice.internal_id]
            problem = _import_invoice(uow, ctx, ref, invoice, customer_id, item_names, as_of, taken)
            if problem is None:
                imported += 1
            else:
                failed.append((ref, problem))
                held_back.append(invoice.last_modified)
        uow.commit()
    ctx.count(Count.INVOICES_IMPORTED, imported)
    for ref, problem in failed:
        ctx.errors.fail(ref, problem)
    return held_back


def _import_invoice(
    uow: UnitOfWork,
    ctx: RunContext,
    ref: RecordRef,
    invoice: NetSuiteInvoice,
    customer_id: int,
    item_names: dict[str, str],
    as_of: datetime,
    taken: dict[str, Invoice],
) -> RecordProblem | None:
    """The invoice goes in with its link or not at all; a number already used on Invoiced (`taken`,
    this batch's imports included) is never overwritten."""
    now = ctx.now()
    existing = taken.get(invoice.tran_id.strip())
    if existing is not None:
        return number_clash(ref.label, existing)
    try:
        local = uow.invoices.add(
            invoice_from_netsuite(
                invoice, company_id=ctx.company_id, customer_id=customer_id, item_names=item_names, now=now
            )
        )
    except (DomainError, ApplicationError) as refused:
        return not_importable(ref.label, refused)
    assert local.id is not None
    try:
        uow.links.save(
            Link(
                ctx.company_id,
                RecordKind.INVOICE,
                local.id,
                invoice.internal_id,
                Origin.NETSUITE,
                local.version,
                now,
                now,
                netsuite_as_of=as_of,
            )
        )
    except ApplicationError as refused:
        uow.invoices.delete(ctx.company_id, local.id)  # never an imported invoice without its link
        return not_importable(ref.label, refused)
    taken[local.number] = local
    ctx.errors.resolve(uow, ref)
    return None
