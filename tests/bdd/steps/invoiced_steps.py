"""A finance user's actions on the Invoiced side."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pytest_bdd import given, when

from domain.invoice import LineItem
from domain.payment import Payment
from domain.records import Origin
from domain.sync import SyncStatus
from tests.application.integration.world import World
from tests.bdd.steps.types import names, step


def customer_id(world: World, company: int, name: str) -> int:
    found = [c.id for c in world.customers(company) if c.name == name.strip() and c.id is not None]
    assert found, f"no customer {name!r} on Invoiced"
    return found[0]


@given(step('a customer "{name:Text}" on Invoiced'))
def _(world: World, company: int, name: str) -> None:
    world.customer(company, name)


@given(step('another customer "{name:Text}" on Invoiced'))
def _(world: World, company: int, name: str) -> None:
    world.customer(company, name)


@given(step('an invoice "{number:Text}" of {amount:Money} for "{customer:Text}" on Invoiced'))
def _(world: World, company: int, number: str, amount: Decimal, customer: str) -> None:
    world.invoice(company, customer_id(world, company, customer), number, amount)


@given(step('a draft invoice "{number:Text}" of {amount:Money} for "{customer:Text}" on Invoiced'))
def _(world: World, company: int, number: str, amount: Decimal, customer: str) -> None:
    world.invoice(company, customer_id(world, company, customer), number, amount, draft=True)


@given(step('an invoice "{number:Text}" of {amount:Money} {currency:w} for "{customer:Text}" on Invoiced'))
def _(world: World, company: int, number: str, amount: Decimal, currency: str, customer: str) -> None:
    world.invoice(company, customer_id(world, company, customer), number, amount, currency=currency)


@given(
    step('an invoice "{number:Text}" of {amount:Money} for "{customer:Text}" dated {day:Date} on Invoiced')
)
def _(world: World, company: int, number: str, amount: Decimal, customer: str, day: dt.date) -> None:
    world.invoice(company, customer_id(world, company, customer), number, amount, on=day)


@given(
    step(
        'an invoice "{number:Text}" of {amount:Money} for "{customer:Text}" '
        'with NetSuite item "{item:Text}" on Invoiced'
    )
)
def _(world: World, company: int, number: str, amount: Decimal, customer: str, item: str) -> None:
    world.invoice(company, customer_id(world, company, customer), number, amount, item_id=item)


@given("these invoices on Invoiced:")
def _(world: World, company: int, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    for row in rows:
        values = dict(zip(header, row, strict=True))
        state = values.get("state", "issued")
        invoice = world.invoice(
            company,
            customer_id(world, company, values["customer"]),
            values["number"],
            Decimal(values["amount"]),
            draft=state == "draft",
        )
        if state == "voided":
            assert invoice.id is not None
            world.void_invoice(company, invoice.id)


@given(step('a customer "{name:Text}" with invoices "{numbers:Text}" already in NetSuite'))
def _(world: World, company: int, name: str, numbers: str) -> None:
    customer = world.customer(company, name)
    assert customer.id is not None
    for number in names(numbers):
        world.invoice(company, customer.id, number, Decimal("100.00"))
    run = world.run_sync(company)
    assert run.status is SyncStatus.SUCCEEDED, run
    world.clock.advance(minutes=5)
    world.user.reset_counts()


def _pay(world: World, company: int, amount: Decimal, customer: str, number: str) -> Payment:
    invoice = world.invoice_numbered(company, number)
    assert invoice.id is not None
    return world.payment(company, customer_id(world, company, customer), {invoice.id: amount})


@given(step('a payment of {amount:Money} from "{customer:Text}" on Invoiced applied to "{number:Text}"'))
def _(world: World, company: int, amount: Decimal, customer: str, number: str) -> None:
    _pay(world, company, amount, customer, number)


@given(
    step(
        'a payment of {amount:Money} from "{customer:Text}" on Invoiced applied to "{number:Text}" '
        "that is not in NetSuite yet"
    )
)
def _(world: World, company: int, amount: Decimal, customer: str, number: str) -> None:
    _pay(world, company, amount, customer, number)


@when(step('invoice "{number:Text}" is changed to {amount:Money} on Invoiced'))
def _(world: World, company: int, number: str, amount: Decimal) -> None:
    invoice = world.invoice_numbered(company, number)
    assert invoice.id is not None
    world.clock.advance(minutes=1)
    world.edit_invoice(company, invoice.id, items=[LineItem("Consulting", Decimal("1"), amount)])


@given(step("{count:d} customers with 2 invoices and a payment each, all in NetSuite"))
def _(world: World, company: int, count: int) -> None:
    for n in range(count):
        customer = world.customer(company, f"Customer {n:03d}")
        assert customer.id is not None
        first = world.invoice(company, customer.id, f"INV-{n:03d}-A", Decimal("100.00"))
        world.invoice(company, customer.id, f"INV-{n:03d}-B", Decimal("250.00"))
        assert first.id is not None
        world.payment(company, customer.id, {first.id: Decimal("40.00")})
    run = world.run_sync(company)
    assert run.status is SyncStatus.SUCCEEDED, run
    world.clock.advance(minutes=30)


def _void_payment_from(world: World, company: int, customer: str) -> None:
    (payment,) = [
        p
        for p in world.payments(company, Origin.INVOICED)
        if p.customer_id == customer_id(world, company, customer) and not p.voided
    ]
    assert payment.id is not None
    world.clock.advance(minutes=1)
    world.void_payment(company, payment.id)


@given(step('the payment from "{customer:Text}" is voided on Invoiced'))
def _(world: World, company: int, customer: str) -> None:
    _void_payment_from(world, company, customer)


@when(step('the payment from "{customer:Text}" is voided on Invoiced'))
def _(world: World, company: int, customer: str) -> None:
    _void_payment_from(world, company, customer)


def _void_invoice(world: World, company: int, number: str) -> None:
    invoice = world.invoice_numbered(company, number)
    assert invoice.id is not None
    world.clock.advance(minutes=1)
    world.void_invoice(company, invoice.id)


@given(step('invoice "{number:Text}" is voided on Invoiced'))
def _(world: World, company: int, number: str) -> None:
    _void_invoice(world, company, number)


@when(step('invoice "{number:Text}" is voided on Invoiced'))
def _(world: World, company: int, number: str) -> None:
    _void_invoice(world, company, number)


@when(step('the customer "{old:Text}" is renamed "{new:Text}" on Invoiced'))
def _(world: World, company: int, old: str, new: str) -> None:
    world.clock.advance(minutes=1)
    world.edit_customer(company, customer_id(world, company, old), name=new)
