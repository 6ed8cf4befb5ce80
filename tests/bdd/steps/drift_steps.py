"""The drift report and its repair, as a controller reads them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_bdd import then, when

from application.integration.drift import DriftReports
from application.integration.drift_repairs import DriftRepair, DriftRepairs
from domain.policies.drift import DriftVerdict, InvoiceDifference
from domain.sync import SyncTrigger
from tests.application.integration.world import World
from tests.bdd.steps.netsuite_steps import netsuite_invoice
from tests.bdd.steps.types import step


@pytest.fixture
def drift_repairs() -> list[DriftRepair]:
    """Every repair a scenario ran, in order."""
    return []


def _report(world: World, company: int) -> DriftVerdict:
    return DriftReports(world.store, world.gateways, world.secrets).report(company)


def _difference(world: World, company: int, number: str) -> InvoiceDifference:
    found = [d for d in _report(world, company).differences if d.number == number]
    assert len(found) == 1, _report(world, company).differences
    return found[0]


@when(step('someone in NetSuite changes "{number:Text}" to a total of {amount:Money}'))
def _(world: World, number: str, amount: Decimal) -> None:
    world.clock.advance(minutes=1)
    world.user.change_invoice_total(netsuite_invoice(world, number).internal_id, amount)


@when(step('someone in NetSuite deletes "{number:Text}"'))
def _(world: World, number: str) -> None:
    world.clock.advance(minutes=1)
    world.user.delete_invoice(netsuite_invoice(world, number).internal_id)


@when("the drift is repaired")
def _(world: World, company: int, drift_repairs: list[DriftRepair]) -> None:
    world.clock.advance(minutes=1)
    world.user.reset_counts()
    repairs = DriftRepairs(world.store, world.gateways, world.secrets, world.clock, world.locks)
    drift_repairs.append(repairs.repair(company, SyncTrigger.MANUAL))


@then(step("the drift report says both sides agree on {count:d} invoices"))
def _(world: World, company: int, count: int) -> None:
    verdict = _report(world, company)
    assert verdict.in_agreement, verdict.differences
    assert verdict.summary == f"In agreement: {count} linked invoices match in total and balance."


@then("the drift report does not say both sides agree")
def _(world: World, company: int) -> None:
    verdict = _report(world, company)
    assert not verdict.in_agreement
    assert not verdict.summary.startswith("In agreement")


@then(
    step(
        'the drift report lists "{number:Text}" as "{cause:Text}", owing {ours:Money} on Invoiced '
        "and {theirs:Money} in NetSuite"
    )
)
def _(world: World, company: int, number: str, cause: str, ours: Decimal, theirs: Decimal) -> None:
    difference = _difference(world, company, number)
    assert difference.cause.value == cause.lower().replace(" ", "_")
    assert (difference.invoiced_balance, difference.netsuite_balance) == (ours, theirs)


@then(
    step(
        'the drift report lists "{number:Text}" as "{cause:Text}", owing {ours:Money} on Invoiced '
        "and nothing in NetSuite"
    )
)
def _(world: World, company: int, number: str, cause: str, ours: Decimal) -> None:
    difference = _difference(world, company, number)
    assert difference.cause.value == cause.lower().replace(" ", "_")
    assert (difference.invoiced_balance, difference.netsuite_balance) == (ours, None)
    assert difference.repairable


@then(step('the difference on "{number:Text}" says "{text:Text}"'))
def _(world: World, company: int, number: str, text: str) -> None:
    difference = _difference(world, company, number)
    assert text in difference.what_to_do
    assert not difference.repairable  # the sync, or the person fixing the error, settles it


@then(step("the repair wrote {count:d} invoice to NetSuite in a sync run that succeeded"))
@then(step("the repair wrote {count:d} invoices to NetSuite in a sync run that succeeded"))
def _(world: World, company: int, count: int, drift_repairs: list[DriftRepair]) -> None:
    repair = drift_repairs[-1]
    assert repair.run is not None and repair.run.status.value == "succeeded", repair.run
    assert repair.run.counts.get("invoices_written", 0) == count
    assert world.user.requests()["upsert:invoice"] == count
    assert any(run.id == repair.run.id for run in world.history.recent_runs(company).runs)
    assert repair.after.in_agreement, repair.after.differences


@then("the second repair found nothing to repair and sent nothing to NetSuite")
def _(world: World, drift_repairs: list[DriftRepair]) -> None:
    first, second = drift_repairs
    assert first.run is not None and first.after.in_agreement
    assert second.run is None
    assert second.summary == "Nothing to repair: both sides already agree."
    assert world.user.requests()["upsert:invoice"] == 0
