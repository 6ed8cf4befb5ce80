"""The drift report, as a controller reads it."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import then

from application.integration.drift import DriftReports
from domain.policies.drift import DriftVerdict
from tests.application.integration.world import World
from tests.bdd.steps.types import step


def _report(world: World, company: int) -> DriftVerdict:
    return DriftReports(world.store, world.gateways, world.secrets).report(company)


@then(step("the drift report says both sides agree on {count:d} invoices"))
def _(world: World, company: int, count: int) -> None:
    verdict = _report(world, company)
    assert verdict.in_agreement, verdict.differences
    assert verdict.summary == f"In agreement: {count} linked invoices match in total and balance."


@then(
    step(
        'the drift report lists "{number:Text}" as "{cause:Text}", owing {ours:Money} on Invoiced '
        "and {theirs:Money} in NetSuite"
    )
)
def _(world: World, company: int, number: str, cause: str, ours: Decimal, theirs: Decimal) -> None:
    (difference,) = _report(world, company).differences
    assert difference.number == number
    assert difference.cause.value == cause.lower().replace(" ", "_")
    assert (difference.invoiced_balance, difference.netsuite_balance) == (ours, theirs)
