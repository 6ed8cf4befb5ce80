"""A NetSuite user's actions: customers, invoices and payments entered in NetSuite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pytest_bdd import given, when

from domain.netsuite import NetSuiteInvoice
from tests.application.integration.world import World
from tests.bdd.steps.types import names, step


def netsuite_customer_id(world: World, name: str) -> str:
    found = [c.internal_id for c in world.user.customers() if c.name == name]
    assert found, f"no NetSuite customer {name!r}"
    return found[0]


def netsuite_invoice(world: World, number: str) -> NetSuiteInvoice:
    found = [i for i in world.user.invoices() if i.tran_id == number]
    assert len(found) == 1, f"expected one NetSuite invoice {number}, found {found}"
    return found[0]


@given(step('a NetSuite customer "{name:Text}"'))
def _(world: World, name: str) -> None:
    world.user.add_customer(name)


@given(step('another NetSuite customer "{name:Text}"'))
def _(world: World, name: str) -> None:
    world.user.add_customer(name)


@given(step('an inactive NetSuite customer "{name:Text}"'))
def _(world: World, name: str) -> None:
    world.user.add_customer(name, inactive=True)


@given(step('NetSuite customers "{listed:Text}"'))
def _(world: World, listed: str) -> None:
    for name in names(listed):
        world.user.add_customer(name)


@given(step('a NetSuite invoice "{number:Text}" of {amount:Money} for "{customer:Text}"'))
def _(world: World, number: str, amount: Decimal, customer: str) -> None:
    world.user.add_invoice(netsuite_customer_id(world, customer), number, amount=amount)


@given(step('a NetSuite invoice "{number:Text}" of {amount:Money} for "{customer:Text}" dated {day:Date}'))
def _(world: World, number: str, amount: Decimal, customer: str, day: dt.date) -> None:
    world.user.add_invoice(netsuite_customer_id(world, customer), number, amount=amount, on=day)


@given(
    step(
        'a NetSuite invoice "{number:Text}" of {amount:Money} for "{customer:Text}" '
        "that Invoiced does not know"
    )
)
def _(world: World, number: str, amount: Decimal, customer: str) -> None:
    # It gets paid in full in NetSuite before the next sync, so it is never outstanding to import.
    world.user.add_invoice(netsuite_customer_id(world, customer), number, amount=amount)


@given(step('a NetSuite invoice "{number:Text}" for "{customer:Text}" with these lines:'))
def _(world: World, number: str, customer: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    lines = []
    for row in rows:
        values = dict(zip(header, row, strict=True))
        lines.append((values["item"], Decimal(values["quantity"]), Decimal(values["rate"])))
    world.user.add_invoice(netsuite_customer_id(world, customer), number, lines)


def _record_payment(world: World, applications: dict[str, Decimal]) -> str:
    world.clock.advance(minutes=1)  # a person records it a little later than anything before
    invoices = [netsuite_invoice(world, number) for number in applications]
    return world.user.record_payment(
        invoices[0].customer_internal_id,
        {
            invoice.internal_id: amount
            for invoice, amount in zip(invoices, applications.values(), strict=True)
        },
    )


@given(step('"{customer:Text}" pays {amount:Money} on "{number:Text}" in NetSuite'))
def _(world: World, customer: str, amount: Decimal, number: str) -> None:
    _record_payment(world, {number: amount})


@when(step('"{customer:Text}" pays {amount:Money} on "{number:Text}" in NetSuite'))
def _(world: World, customer: str, amount: Decimal, number: str) -> None:
    _record_payment(world, {number: amount})


@when(
    step(
        '"{customer:Text}" pays {first:Money} on "{one:Text}" and {second:Money} on "{other:Text}" '
        "in one NetSuite payment"
    )
)
def _(world: World, customer: str, first: Decimal, one: str, second: Decimal, other: str) -> None:
    _record_payment(world, {one: first, other: second})


@given(
    step('"{customer:Text}" paid {amount:Money} on "{number:Text}" in NetSuite and it was synced'),
    target_fixture="netsuite_payment",
)
def _(world: World, company: int, customer: str, amount: Decimal, number: str) -> str:
    payment = _record_payment(world, {number: amount})
    world.run_sync(company)
    world.clock.advance(minutes=5)
    return payment


@when("that payment is voided in NetSuite")
def _(world: World, netsuite_payment: str) -> None:
    world.user.void_payment(netsuite_payment)


@when(step('"{old:Text}" is renamed "{new:Text}" in NetSuite'))
def _(world: World, old: str, new: str) -> None:
    world.clock.advance(minutes=1)
    world.user.rename_customer(netsuite_customer_id(world, old), new)


@when(step('the NetSuite payment on "{number:Text}" is voided in NetSuite'))
def _(world: World, number: str) -> None:
    invoice = netsuite_invoice(world, number)
    (payment,) = [
        p
        for p in world.user.payments()
        if not p.voided and invoice.internal_id in {a.invoice_internal_id for a in p.applications}
    ]
    world.clock.advance(minutes=1)
    world.user.void_payment(payment.internal_id)
