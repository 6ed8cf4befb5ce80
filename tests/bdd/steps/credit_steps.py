"""Credit notes, discounts and taxes: a finance user's actions and what both books then show."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import given, then, when

from application.integration import SettingsChange
from domain.adjustments import Discount, Tax
from domain.records import Origin
from domain.sync import SyncRun
from tests.application.integration.world import World
from tests.bdd.steps.invoiced_steps import customer_id
from tests.bdd.steps.netsuite_steps import netsuite_invoice
from tests.bdd.steps.types import step


def _note_id(world: World, company: int, number: str) -> int:
    found = [n.id for n in world.credit_notes(company) if n.number == number and n.id is not None]
    assert found, f"no credit note {number!r} on Invoiced"
    return found[0]


@given(step('a credit note "{number:Text}" of {amount:Money} for "{customer:Text}" on Invoiced'))
def _(world: World, company: int, number: str, amount: Decimal, customer: str) -> None:
    world.credit_note(company, customer_id(world, company, customer), number, amount)


@given(step('{amount:Money} of credit note "{number:Text}" is applied to "{invoice:Text}"'))
def _(world: World, company: int, amount: Decimal, number: str, invoice: str) -> None:
    target = world.invoice_numbered(company, invoice)
    assert target.id is not None
    world.apply_credit(company, _note_id(world, company, number), {target.id: amount})


@given(step('the NetSuite account has a discount item "{discount:Text}" and a tax item "{tax:Text}"'))
def _(world: World, netsuite_path: str, discount: str, tax: str) -> None:
    if netsuite_path == "memory":  # the sandbox's seed has them (203 Discount, 204 Sales Tax)
        world.netsuite.items.update({discount: ("Discount", "Discount"), tax: ("Sales Tax", "TaxItem")})


@given(step('the settings write discounts on item "{discount:Text}" and taxes on item "{tax:Text}"'))
def _(world: World, company: int, discount: str, tax: str) -> None:
    world.connections.configure(company, SettingsChange(discount_item_id=discount, tax_item_id=tax))


@given(
    step(
        'an invoice "{number:Text}" of {amount:Money} for "{customer:Text}" on Invoiced with a discount '
        "of {discount:Money} and a tax of {tax:Money}"
    )
)
def _(
    world: World, company: int, number: str, amount: Decimal, customer: str, discount: Decimal, tax: Decimal
) -> None:
    invoice = world.invoice(company, customer_id(world, company, customer), number, amount)
    assert invoice.id is not None
    world.edit_invoice(company, invoice.id, discounts=[Discount(discount)], taxes=[Tax(tax)])


@given(
    step(
        'an invoice "{number:Text}" of {amount:Money} for "{customer:Text}" on Invoiced '
        "with a tax of {tax:Money}"
    )
)
def _(world: World, company: int, number: str, amount: Decimal, customer: str, tax: Decimal) -> None:
    invoice = world.invoice(company, customer_id(world, company, customer), number, amount)
    assert invoice.id is not None
    world.edit_invoice(company, invoice.id, taxes=[Tax(tax)])


@when(step('credit note "{number:Text}" is voided on Invoiced'))
def _(world: World, company: int, number: str) -> None:
    world.clock.advance(minutes=1)
    world.void_credit_note(company, _note_id(world, company, number))


@when(step('a credit memo "{number:Text}" of {amount:Money} is recorded in NetSuite on "{invoice:Text}"'))
def _(world: World, number: str, amount: Decimal, invoice: str) -> None:
    target = netsuite_invoice(world, invoice)
    world.user.issue_credit_memo(
        target.customer_internal_id, number, {target.internal_id: amount}, amount=amount
    )


@then(step('NetSuite has a credit memo "{number:Text}" of {amount:Money} with {left:Money} left to apply'))
def _(world: World, number: str, amount: Decimal, left: Decimal) -> None:
    found = [m for m in world.user.credit_memos() if m.tran_id == number]
    assert len(found) == 1, world.user.credit_memos()
    assert (found[0].total, found[0].unapplied) == (amount, left)


@then(step('NetSuite has no credit memo "{number:Text}"'))
def _(world: World, number: str) -> None:
    assert [m for m in world.user.credit_memos() if m.tran_id == number] == []


@then(step('invoice "{number:Text}" has a balance of {amount:Money} on Invoiced'))
def _(world: World, company: int, number: str, amount: Decimal) -> None:
    assert world.invoice_numbered(company, number).balance.amount == amount


@then(step('Invoiced has a credit note "{number:Text}" of {amount:Money} from NetSuite, fully applied'))
def _(world: World, company: int, number: str, amount: Decimal) -> None:
    (note,) = [n for n in world.credit_notes(company) if n.number == number]
    assert (note.origin, note.total.amount, note.balance.amount) == (Origin.NETSUITE, amount, Decimal(0))


@then(step("{count:d} credit note was removed from NetSuite"))
def _(run: SyncRun, count: int) -> None:
    assert run.counts.get("credit_notes_removed", 0) == count
