"""The drift report: after a sync both sides agree; what a NetSuite user changes there shows up with
its cause, read in one batched query however many invoices are linked."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from application.errors import NotFound
from application.integration.drift import DriftReports
from application.integration.drift_repairs import DriftRepairs
from application.integration.errors import SyncBusy
from domain.policies.drift import DriftCause
from domain.records import RecordKind
from domain.sync import SyncKind
from tests.application.integration.world import World


def reports(world: World) -> DriftReports:
    return DriftReports(world.store, world.gateways, world.secrets)


def synced_invoices(world: World, company: int, count: int) -> list[str]:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    numbers = [f"INV-{n}" for n in range(1, count + 1)]
    for number in numbers:
        world.invoice(company, customer.id, number, "100.00")
    assert world.run_sync(company).counts["invoices_written"] == count
    return numbers


def netsuite_id(world: World, company: int, number: str) -> str:
    link = world.link(company, RecordKind.INVOICE, world.invoice_numbered(company, number).id)
    assert link is not None
    return link.netsuite_id


def test_after_a_sync_both_sides_agree_in_one_query(world: World, company: int) -> None:
    synced_invoices(world, company, 3)
    world.netsuite.reset_counts()

    verdict = reports(world).report(company)

    assert verdict.in_agreement and verdict.compared == 3
    assert verdict.invoiced.totals == verdict.netsuite.totals == {"usd": D("300.00")}
    assert dict(world.netsuite.requests) == {"query:invoice_amounts": 1}


def test_a_credit_applied_and_an_invoice_voided_in_netsuite_are_named(world: World, company: int) -> None:
    synced_invoices(world, company, 2)
    credited, voided = netsuite_id(world, company, "INV-1"), netsuite_id(world, company, "INV-2")
    customer = world.netsuite.invoice(credited).customer_internal_id
    world.netsuite.add_credit_memo(customer, "CM-1", {credited: D("25")}, amount=D("25"))
    world.netsuite.void_invoice(voided)

    verdict = reports(world).report(company)

    causes = {d.number: (d.cause, d.netsuite_balance) for d in verdict.differences}
    assert causes == {
        "INV-1": (DriftCause.CREDIT_APPLIED_IN_NETSUITE, D("75")),
        "INV-2": (DriftCause.DELETED_IN_NETSUITE, D("0")),
    }
    assert verdict.summary == "2 differences among 2 linked invoices."


def test_a_company_not_connected_is_told_to_connect_first(world: World) -> None:
    with pytest.raises(NotFound, match="connect it first"):
        reports(world).report(world.company())


def test_a_repair_while_another_run_holds_the_company_leaves_no_run_behind(
    world: World, company: int
) -> None:
    synced_invoices(world, company, 1)
    world.user.change_invoice_total(netsuite_id(world, company, "INV-1"), D("120.00"))
    repairs = DriftRepairs(world.store, world.gateways, world.secrets, world.clock, world.locks)

    with world.locks.hold(company), pytest.raises(SyncBusy):
        repairs.repair(company)

    with world.store() as uow:
        assert uow.sync_runs.active(company, SyncKind.ACCOUNTING_SYNC) is None
    repaired = repairs.repair(company)  # once the other run is done, the repair goes through
    assert repaired.run is not None and repaired.run.counts["invoices_written"] == 1
    assert repaired.after.in_agreement
