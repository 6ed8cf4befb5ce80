"""Invoiced → NetSuite customers: each customer an invoice or payment needs, by link, then by name,
else created in NetSuite once (not once per invoice); and the customers we created there, written
again when they are edited on Invoiced.

A link's origin says who owns the NetSuite customer: `invoiced` when we created it (our external id),
`netsuite` when it was there already and was matched by name — that one is never overwritten."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from application.errors import ApplicationError
from application.integration.context import RecordRef, RunContext
from application.integration.counts import Count, Stage
from application.integration.flows.answers import answers_of
from application.integration.problems import rejected_by_netsuite
from application.ports import CustomerFilter, Unsynced
from domain.customer import Customer
from domain.link import Link
from domain.netsuite import NetSuiteCustomer, UpsertOutcome
from domain.policies.customers import (
    CustomerMatchKind,
    customer_needs_update,
    customer_record,
    match_netsuite_customer,
    netsuite_customer_owner,
)
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin, RecordKind


def _ambiguous(customer: Customer, candidates: tuple[NetSuiteCustomer, ...]) -> RecordProblem:
    ids = ", ".join(c.internal_id for c in candidates)
    return RecordProblem(
        message=(
            f"{customer.label}: {len(candidates)} NetSuite customers are named {customer.name!r} "
            f"(internal ids {ids}), so it is not clear which one it is."
        ),
        code=ProblemCode.AMBIGUOUS_CUSTOMER,
        hint=(
            "Rename or make inactive the extra NetSuite customers so only one carries that name "
            "(or rename the customer on Invoiced), then retry."
        ),
    )


def customers_in_netsuite(
    ctx: RunContext, customer_ids: Collection[int], currency_hints: Mapping[int, str]
) -> dict[int, str]:
    """Invoiced customer id → NetSuite internal id for these customers. Unlinked ones are looked up
    by name in one batched read, then linked, or created in NetSuite in one batch of upserts.
    Customers with an open problem are left out (their error says why)."""
    with ctx.uow() as uow:
        customers = uow.customers.by_ids(ctx.company_id, customer_ids)
        links = uow.links.by_local_ids(ctx.company_id, RecordKind.CUSTOMER, customer_ids)
    resolved = {local_id: link.netsuite_id for local_id, link in links.items()}
    unlinked = [
        c
        for c in customers
        if c.id is not None
        and c.id not in resolved
        and not ctx.errors.is_ignored(RecordRef.local(RecordKind.CUSTOMER, c.id, c.label))
    ]
    if not unlinked:
        return resolved
    total = len(unlinked)
    ctx.progress(0, total, Stage.CUSTOMERS_TO_NETSUITE)
    named = ctx.gateway.customers_named(sorted({" ".join(c.name.split()) for c in unlinked}))
    with ctx.uow() as uow:
        linked_elsewhere = set(
            uow.links.by_netsuite_ids(ctx.company_id, RecordKind.CUSTOMER, [n.internal_id for n in named])
        )
    to_create: list[Customer] = []
    for customer in unlinked:
        assert customer.id is not None
        ref = RecordRef.local(RecordKind.CUSTOMER, customer.id, customer.label)
        our_id = ctx.external_id(RecordKind.CUSTOMER, customer.id)
        match = match_netsuite_customer(customer, None, named, linked_elsewhere, our_id)
        if match.kind is CustomerMatchKind.AMBIGUOUS:
            ctx.errors.fail(ref, _ambiguous(customer, match.candidates))
        elif match.kind is CustomerMatchKind.MATCHED and match.internal_id is not None:
            owner = netsuite_customer_owner(match, our_id)
            if _link(ctx, ref, customer, match.internal_id, owner, Count.CUSTOMERS_LINKED):
                resolved[customer.id] = match.internal_id
                linked_elsewhere.add(match.internal_id)
        else:
            to_create.append(customer)
    if to_create:
        currencies = ctx.netsuite_currencies()
        records = [
            customer_record(
                c,
                ctx.external_id(RecordKind.CUSTOMER, c.id or 0),
                _known(currency_hints.get(c.id or 0), currencies),
                ctx.settings.subsidiary_id,
            )
            for c in to_create
        ]
        answered, cut = answers_of(lambda: ctx.gateway.upsert_customers(records), UpsertOutcome)
        outcomes = {o.external_id: o for o in answered}
        for customer, record in zip(to_create, records, strict=True):
            assert customer.id is not None
            ref = RecordRef.local(RecordKind.CUSTOMER, customer.id, customer.label)
            outcome = outcomes.get(record.external_id)
            if outcome is not None and outcome.succeeded and outcome.internal_id is not None:
                if _link(ctx, ref, customer, outcome.internal_id, Origin.INVOICED, Count.CUSTOMERS_WRITTEN):
                    resolved[customer.id] = outcome.internal_id
            elif outcome is not None and outcome.problem is not None:
                ctx.errors.fail(ref, rejected_by_netsuite(customer.label, outcome.problem))
        if cut is not None:
            raise cut
    ctx.progress(total, total, Stage.CUSTOMERS_TO_NETSUITE)
    return resolved


def _known(currency: str | None, netsuite_currencies: Collection[str]) -> str | None:
    return currency if currency is not None and currency.lower() in netsuite_currencies else None


def _link(
    ctx: RunContext, ref: RecordRef, customer: Customer, netsuite_id: str, owner: Origin, counted: Count
) -> bool:
    now = ctx.now()
    assert customer.id is not None
    with ctx.uow() as uow:
        try:
            uow.links.save(
                Link(
                    ctx.company_id,
                    RecordKind.CUSTOMER,
                    customer.id,
                    netsuite_id,
                    owner,
                    customer.version,
                    now,
                    now,
                )
            )
        except ApplicationError as clash:  # linked meanwhile by another path: keep the first link
            problem = RecordProblem(str(clash), ProblemCode.AMBIGUOUS_CUSTOMER, "Retry the sync.")
        else:
            ctx.errors.resolve(uow, ref)
            uow.commit()
            ctx.count(counted)
            return True
    ctx.errors.fail(ref, problem)
    return False


def write_customer_edits(ctx: RunContext) -> None:
    """Customers we created in NetSuite and edited on Invoiced since (name, email, currency…) are
    upserted again by their external id; NetSuite's own customers are left alone. Driven by versions
    against links: nothing edited, nothing asked of NetSuite."""
    with ctx.uow() as uow:
        customers = uow.customers.list(
            ctx.company_id, CustomerFilter(origin=Origin.INVOICED, unsynced=Unsynced.CHANGED)
        )
        links = uow.links.by_local_ids(ctx.company_id, RecordKind.CUSTOMER, [c.id for c in customers if c.id])
    edited = [
        c
        for c in customers
        if c.id is not None
        and customer_needs_update(c, links.get(c.id))
        and ctx.wants_local(RecordKind.CUSTOMER, c.id, c.id)
        and not ctx.errors.is_ignored(RecordRef.local(RecordKind.CUSTOMER, c.id, c.label))
    ]
    if not edited:
        return
    total = len(edited)
    ctx.progress(0, total, Stage.CUSTOMER_EDITS_TO_NETSUITE)
    records = [
        customer_record(c, ctx.external_id(RecordKind.CUSTOMER, c.id or 0), None, ctx.settings.subsidiary_id)
        for c in edited
    ]
    answered, cut = answers_of(lambda: ctx.gateway.upsert_customers(records), UpsertOutcome)
    outcomes = {o.external_id: o for o in answered}
    for done, (customer, record) in enumerate(zip(edited, records, strict=True), start=1):
        assert customer.id is not None
        ref = RecordRef.local(RecordKind.CUSTOMER, customer.id, customer.label)
        outcome = outcomes.get(record.external_id)
        if outcome is not None and outcome.succeeded and outcome.internal_id is not None:
            with ctx.uow() as uow:
                link = uow.links.get(ctx.company_id, RecordKind.CUSTOMER, customer.id)
                if link is not None:
                    link.mark_synced(customer.version, ctx.now(), outcome.internal_id)
                    uow.links.save(link)
                ctx.errors.resolve(uow, ref)
                uow.commit()
            ctx.count(Count.CUSTOMER_EDITS_WRITTEN)
        elif outcome is not None and outcome.problem is not None:
            ctx.errors.fail(ref, rejected_by_netsuite(customer.label, outcome.problem))
        ctx.progress(done, total, Stage.CUSTOMER_EDITS_TO_NETSUITE)
    if cut is not None:
        raise cut
