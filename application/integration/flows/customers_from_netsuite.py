"""NetSuite → Invoiced customers: link by link, then by name, else create (origin netsuite)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from application.errors import ApplicationError
from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from application.integration.problems import not_importable
from domain.customer import Customer
from domain.errors import DomainError
from domain.link import Link
from domain.netsuite import NetSuiteCustomer
from domain.policies.customers import (
    CustomerMatchKind,
    count_namesakes,
    customer_from_netsuite,
    customer_number_for,
    customer_update_from_netsuite,
    match_local_customer,
)
from domain.policies.labels import netsuite_customer_label
from domain.policies.names import normalize_name
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin, RecordKind
from domain.sync import SyncDirection


def import_customers(ctx: RunContext) -> None:
    """The customer importer: the whole active A/R customer list (or the one customer of a retry)."""
    scope = ctx.scope
    if scope is not None:
        if not scope.wants(RecordKind.CUSTOMER, SyncDirection.FROM_NETSUITE) or scope.netsuite_id is None:
            return
        customers = ctx.gateway.customers_by_ids([scope.netsuite_id])
    else:
        customers = list(ctx.gateway.customers())
    wanted = [c for c in customers if not c.inactive and not ctx.written_by_us(c.external_id)]
    link_local_customers(ctx, wanted, count_namesakes(wanted), update_linked=True)


def _ambiguous(
    ref: RecordRef, customer: NetSuiteCustomer, locals_: Sequence[Customer], namesakes: int
) -> RecordProblem:
    if namesakes > 1:
        message = (
            f"{ref.label}: {namesakes} NetSuite customers are named {customer.name!r}, so it is not clear "
            f"which one is {locals_[0].label} on Invoiced."
        )
    else:
        numbers = ", ".join(c.number for c in locals_)
        message = (
            f"{ref.label}: {len(locals_)} customers on Invoiced are named {customer.name!r} ({numbers}), "
            "so it is not clear which one it is."
        )
    return RecordProblem(
        message=message,
        code=ProblemCode.AMBIGUOUS_CUSTOMER,
        hint=(
            "Rename one of them (on Invoiced or in NetSuite) so only one customer carries that name, "
            "then retry."
        ),
    )


def link_local_customers(
    ctx: RunContext,
    customers: Sequence[NetSuiteCustomer],
    namesakes: Mapping[str, int],
    *,
    update_linked: bool,
) -> dict[str, int]:
    """Find or create the Invoiced customer of each NetSuite customer; returns NetSuite id → local id
    for those that resolved. Each new customer and its link commit together."""
    total = len(customers)
    with ctx.uow() as uow:
        links = uow.links.by_netsuite_ids(
            ctx.company_id, RecordKind.CUSTOMER, [c.internal_id for c in customers]
        )
        local = uow.customers.list(ctx.company_id)
        linked_local_ids = {link.local_id for link in uow.links.list(ctx.company_id, RecordKind.CUSTOMER)}
    by_id = {c.id: c for c in local if c.id is not None}
    taken = {c.number for c in local}
    resolved: dict[str, int] = {}
    for done, customer in enumerate(customers):
        ctx.progress(done, total, Stage.CUSTOMERS_FROM_NETSUITE)
        ref = RecordRef.netsuite(RecordKind.CUSTOMER, customer.internal_id, netsuite_customer_label(customer))
        if ctx.errors.is_ignored(ref):
            continue
        link = links.get(customer.internal_id)
        same_name = namesakes.get(normalize_name(customer.name), 1)
        match = match_local_customer(customer, link, local, linked_local_ids, same_name)
        if match.kind is CustomerMatchKind.AMBIGUOUS:
            ctx.errors.fail(ref, _ambiguous(ref, customer, match.candidates, same_name))
            continue
        if match.kind is CustomerMatchKind.LINKED and link is not None:
            resolved[customer.internal_id] = link.local_id
            existing = by_id.get(link.local_id)
            if update_linked:
                changed = (
                    existing is not None
                    and existing.origin is Origin.NETSUITE
                    and _update_from_netsuite(ctx, ref, existing, customer)
                )
                if not changed:  # the importer says how many it found already here
                    ctx.count(Count.CUSTOMERS_UNCHANGED)
            continue
        outcome = _link_or_create(ctx, ref, customer, match.local_id, by_id, taken)
        if isinstance(outcome, RecordProblem):
            ctx.errors.fail(ref, outcome)
            continue
        target, counted = outcome
        assert target.id is not None
        ctx.count(counted)
        resolved[customer.internal_id] = target.id
        linked_local_ids.add(target.id)
        if target.id not in by_id:
            by_id[target.id] = target
            local.append(target)
            taken.add(target.number)
    ctx.progress(total, total, Stage.CUSTOMERS_FROM_NETSUITE)
    return resolved


def _link_or_create(
    ctx: RunContext,
    ref: RecordRef,
    customer: NetSuiteCustomer,
    matched_id: int | None,
    by_id: Mapping[int, Customer],
    taken: set[str],
) -> tuple[Customer, Count] | RecordProblem:
    """Link the matched Invoiced customer, or create one; the customer and its link commit together."""
    now = ctx.now()
    with ctx.uow() as uow:
        try:
            if matched_id is not None:
                target, counted = by_id[matched_id], Count.CUSTOMERS_LINKED
            else:
                number = customer_number_for(customer, taken)
                target = uow.customers.add(customer_from_netsuite(customer, ctx.company_id, number, now))
                counted = Count.CUSTOMERS_IMPORTED
            assert target.id is not None
            # NetSuite's customer either way (imported, or matched by name): edits on Invoiced never
            # overwrite it.
            uow.links.save(
                Link(
                    ctx.company_id,
                    RecordKind.CUSTOMER,
                    target.id,
                    customer.internal_id,
                    Origin.NETSUITE,
                    target.version,
                    now,
                    now,
                )
            )
        except (DomainError, ApplicationError) as refused:
            return not_importable(ref.label, refused)
        ctx.errors.resolve(uow, ref)
        uow.commit()
    return target, counted


def _update_from_netsuite(
    ctx: RunContext, ref: RecordRef, customer: Customer, remote: NetSuiteCustomer
) -> bool:
    """A customer imported from NetSuite follows NetSuite's changes (it is NetSuite's record). Whether
    there was a change to follow (tried, even if it failed)."""
    update = customer_update_from_netsuite(customer, remote)
    if not update.any:
        return False
    problem = None
    with ctx.uow() as uow:
        fresh = uow.customers.get(ctx.company_id, customer.id or 0)
        if fresh is None:
            return False
        try:
            fresh.change(ctx.now(), name=update.name, email=update.email, type=update.type)
        except DomainError as refused:
            problem = not_importable(ref.label, refused)
        else:
            uow.customers.update(fresh)
            link = uow.links.get(ctx.company_id, RecordKind.CUSTOMER, fresh.id or 0)
            if link is not None:
                link.mark_synced(fresh.version, ctx.now())
                uow.links.save(link)
            ctx.errors.resolve(uow, ref)
            uow.commit()
    if problem is not None:
        ctx.errors.fail(ref, problem)
        return True
    ctx.count(Count.CUSTOMERS_UPDATED)
    return True
