"""The drift report and its repair, as a controller reads them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_bdd import given, then, when

from application.integration.drift import DriftReports
from application.integration.drift_repairs import DriftRepair, DriftRepairs
from domain.payment import Payment
from domain.policies.drift import DriftVerdict, InvoiceDifference
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from domain.sync import SyncTrigger
from tests.application.integration.world import World
from tests.bdd.steps.invoiced_steps import customer_id
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
    assert verdict.in_agreement, (verdict.differences, verdict.payment_differences, verdict.open_errors)
    assert verdict.summary == f"In agreement: {count} linked invoices match in total and balance."


@then(step("the drift report says both sides agree on {count:d} invoices and {payments:d} payment"))
@then(step("the drift report says both sides agree on {count:d} invoices and {payments:d} payments"))
def _(world: World, company: int, count: int, payments: int) -> None:
    verdict = _report(world, company)
    assert verdict.in_agreement, (verdict.differences, verdict.payment_differences, verdict.open_errors)
    many = "s" if payments != 1 else ""
    assert verdict.summary == (
        f"In agreement: {count} linked invoices match in total and balance; {payments} linked "
        f"payment{many} {'matches' if payments == 1 else 'match'} in amount and applications."
    )


def _payment_of(world: World, company: int, customer: str) -> Payment:
    (payment,) = [
        p for p in world.payments(company) if p.customer_id == customer_id(world, company, customer)
    ]
    return payment


@when(step('someone in NetSuite unapplies the payment from "{customer:Text}" on "{number:Text}"'))
def _(world: World, company: int, customer: str, number: str) -> None:
    world.clock.advance(minutes=1)
    link = world.link(company, RecordKind.PAYMENT, _payment_of(world, company, customer).id)
    assert link is not None
    world.user.unapply_payment(link.netsuite_id, netsuite_invoice(world, number).internal_id)


@when(step('someone in NetSuite unapplies that payment from "{number:Text}"'))
def _(world: World, netsuite_payment: str, number: str) -> None:
    world.clock.advance(minutes=1)
    world.user.unapply_payment(netsuite_payment, netsuite_invoice(world, number).internal_id)


@when(step('someone in NetSuite deletes the payment from "{customer:Text}"'))
def _(world: World, company: int, customer: str) -> None:
    world.clock.advance(minutes=1)
    link = world.link(company, RecordKind.PAYMENT, _payment_of(world, company, customer).id)
    assert link is not None
    world.user.delete_payment(link.netsuite_id)


@then(step('the drift report lists the payment from "{customer:Text}" as "{cause:Text}"'))
def _(world: World, company: int, customer: str, cause: str) -> None:
    payment = _payment_of(world, company, customer)
    (difference,) = [d for d in _report(world, company).payment_differences if d.local_id == payment.id]
    assert difference.cause.value == cause.lower().replace(" ", "_")
    assert difference.netsuite_amount is None and difference.netsuite_applied is None
    assert difference.repairable


@given(step('NetSuite rejects the payment from "{customer:Text}" with "{message:Text}"'))
def _(world: World, company: int, customer: str, message: str) -> None:
    payment = _payment_of(world, company, customer)
    assert payment.id is not None
    world.user.reject(external_id_for("invd", company, RecordKind.PAYMENT, payment.id), message)


@then(
    step(
        'the drift report lists the payment from "{customer:Text}" as "{cause:Text}", applied to '
        '"{number:Text}" on Invoiced and to nothing in NetSuite'
    )
)
def _(world: World, company: int, customer: str, cause: str, number: str) -> None:
    payment = _payment_of(world, company, customer)
    (difference,) = [d for d in _report(world, company).payment_differences if d.local_id == payment.id]
    assert difference.cause.value == cause.lower().replace(" ", "_")
    invoice_id = netsuite_invoice(world, number).internal_id
    assert dict(difference.invoiced_applied) == {invoice_id: payment.amount}
    assert difference.netsuite_applied == {} and difference.netsuite_amount == payment.amount
    assert difference.repairable and "applies it there again" in difference.what_to_do


@then(step("the drift report counts {count:d} open sync error"))
def _(world: World, company: int, count: int) -> None:
    verdict = _report(world, company)
    assert verdict.open_errors == count
    assert "Not in agreement while 1 sync error is open." in verdict.summary


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


@then(step("the repair wrote {count:d} payment to NetSuite in a sync run that succeeded"))
def _(world: World, company: int, count: int, drift_repairs: list[DriftRepair]) -> None:
    repair = drift_repairs[-1]
    assert repair.run is not None and repair.run.status.value == "succeeded", repair.run
    assert repair.run.counts.get("payments_written", 0) == count
    assert world.user.requests()["upsert:customerPayment"] == count
    assert world.user.requests()["upsert:invoice"] == 0  # the payment's rewrite settles its invoice
    assert [d.label for d in repair.rewritten_payments] == [d.label for d in repair.attempted_payments]
    assert repair.after.in_agreement, (repair.after.differences, repair.after.payment_differences)


@then(step("the repair wrote {count:d} invoice to NetSuite in a sync run that succeeded"))
@then(step("the repair wrote {count:d} invoices to NetSuite in a sync run that succeeded"))
def _(world: World, company: int, count: int, drift_repairs: list[DriftRepair]) -> None:
    repair = drift_repairs[-1]
    assert repair.run is not None and repair.run.status.value == "succeeded", repair.run
    assert repair.run.counts.get("invoices_written", 0) == count
    assert world.user.requests()["upsert:invoice"] == count
    assert any(run.id == repair.run.id for run in world.history.recent_runs(company).runs)
    assert repair.after.in_agreement, (repair.after.differences, repair.after.payment_differences)


@then("the second repair found nothing to repair and sent nothing to NetSuite")
def _(world: World, drift_repairs: list[DriftRepair]) -> None:
    first, second = drift_repairs
    assert first.run is not None and first.after.in_agreement
    assert second.run is None
    assert second.summary == "Nothing to repair: both sides already agree."
    assert world.user.requests()["upsert:invoice"] == 0
