"""What a finance user checks afterwards, on both sides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pytest_bdd import then

from application.errors import Conflict, NetSuiteAuthError, NotConnected
from domain.integration import AuthMethod
from domain.netsuite import NetSuiteInvoice
from domain.records import Origin, RecordKind
from domain.sync import SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncStatus
from tests.application.integration.world import World
from tests.bdd.steps.invoiced_steps import customer_id
from tests.bdd.steps.netsuite_steps import netsuite_customer_id, netsuite_invoice
from tests.bdd.steps.types import names, step

# -- connecting -------------------------------------------------------------------------------------


@then(step('the company is connected to NetSuite account "{account:Text}"'))
def _(world: World, company: int, connecting: dict[str, Any], account: str) -> None:
    assert "error" not in connecting, connecting
    assert world.connections.connection(company).account_id == account


@then("the saved credentials do not show the token secret")
def _(world: World, company: int) -> None:
    with world.store() as uow:
        connection = uow.connections.get(company)
    assert connection is not None
    secret = world.user.credentials.token_secret
    assert secret not in connection.sealed_credentials
    assert secret not in repr(connection) and secret not in repr(world.connections.connection(company))


@then(step("the next automatic sync is due in {minutes:d} minutes"))
def _(world: World, company: int, minutes: int) -> None:
    view = world.connections.connection(company)
    assert view.next_sync_at == world.clock.now() + dt.timedelta(minutes=minutes)


@then("the connection logs in with OAuth 2.0 client credentials")
def _(world: World, company: int, connecting: dict[str, Any]) -> None:
    assert "error" not in connecting, connecting
    auth = world.connections.connection(company).auth
    mapped = world.mapped_certificate  # type: ignore[attr-defined]
    assert (auth.method, auth.client_id, auth.certificate_id) == (
        AuthMethod.OAUTH2,
        mapped.client_id,
        mapped.certificate_id,
    )


@then("the accounting sync succeeds")
def _(run: SyncRun) -> None:
    assert run.status is SyncStatus.SUCCEEDED, run


@then("the saved credentials do not show the private key")
def _(world: World, company: int) -> None:
    with world.store() as uow:
        connection = uow.connections.get(company)
    assert connection is not None
    key_body = world.mapped_certificate.private_key_pem.splitlines()[1]  # type: ignore[attr-defined]
    assert (
        key_body not in connection.sealed_credentials and "PRIVATE KEY" not in connection.sealed_credentials
    )
    assert key_body not in repr(connection) and key_body not in repr(world.connections.connection(company))


@then(step('connecting fails with a message that says to check "{text:Text}"'))
def _(connecting: dict[str, Any], text: str) -> None:
    error = connecting.get("error")
    assert isinstance(error, NetSuiteAuthError), connecting
    assert text in str(error)


@then(step('connecting is refused because the records are linked to NetSuite account "{account:Text}"'))
def _(connecting: dict[str, Any], account: str) -> None:
    error = connecting.get("error")
    assert isinstance(error, Conflict), connecting
    assert f"linked to NetSuite account {account}" in str(error)


@then("the company is not connected to NetSuite")
def _(world: World, company: int) -> None:
    try:
        world.connections.connection(company)
    except NotConnected:
        return
    raise AssertionError("the company is still connected")


@then(step("the sync sends at most {limit:d} requests at a time to NetSuite"))
def _(world: World, company: int, limit: int) -> None:
    assert world.connections.connection(company).settings.concurrency_limit == limit
    world.run_sync(company)
    assert world.gateways.opened[-1].concurrency_limit == limit


@then("the synced invoice is still linked to NetSuite")
def _(world: World, company: int, synced_invoice: int) -> None:
    assert world.link(company, RecordKind.INVOICE, synced_invoice) is not None


@then(step("the sync history still shows {count:d} run"))
def _(world: World, company: int, count: int) -> None:
    assert len(world.history.recent_runs(company).runs) == count


def customer_name(world: World, internal_id: str) -> str:
    (name,) = [c.name for c in world.user.customers() if c.internal_id == internal_id]
    return name


# -- NetSuite's side --------------------------------------------------------------------------------


@then(step('NetSuite has invoice "{number:Text}" of {amount:Money} for customer "{customer:Text}"'))
def _(world: World, number: str, amount: Decimal, customer: str) -> None:
    invoice = netsuite_invoice(world, number)
    assert invoice.total == amount, invoice
    assert customer_name(world, invoice.customer_internal_id) == customer


@then(step('NetSuite has invoices "{numbers:Text}" for customer "{customer:Text}"'))
def _(world: World, numbers: str, customer: str) -> None:
    for number in names(numbers):
        invoice = netsuite_invoice(world, number)
        assert customer_name(world, invoice.customer_internal_id) == customer


@then(step('NetSuite has no invoice "{number:Text}"'))
def _(world: World, number: str) -> None:
    assert [i for i in world.user.invoices() if i.tran_id == number] == []


@then(step('NetSuite has {count:d} customer named "{name:Text}"'))
def _(world: World, count: int, name: str) -> None:
    assert len([c for c in world.user.customers() if c.name == name]) == count


@then(step("NetSuite has {invoices:d} invoices and {payments:d} payment"))
def _(world: World, invoices: int, payments: int) -> None:
    assert len(world.user.invoices()) == invoices
    assert len(world.user.payments()) == payments


@then("NetSuite was not asked to write any invoice")
def _(world: World) -> None:
    assert world.user.requests()["upsert:invoice"] == 0


@then("nothing was written to NetSuite")
def _(world: World, run: SyncRun) -> None:
    assert [op for op in world.user.requests() if op.startswith("upsert:")] == []
    assert run.counts == {}, run.counts


@then(step("{count:d} invoice was written to NetSuite"))
def _(world: World, run: SyncRun, count: int) -> None:
    assert run.counts.get("invoices_written", 0) == count
    assert world.user.requests()["upsert:invoice"] == count


@then("no invoice was written to NetSuite")
def _(world: World, run: SyncRun) -> None:
    assert run.counts.get("invoices_written", 0) == 0
    assert world.user.requests()["upsert:invoice"] == 0


@then(step('NetSuite\'s invoice "{number:Text}" is for item "{item:Text}"'))
def _(world: World, number: str, item: str) -> None:
    assert [line.item_id for line in netsuite_invoice(world, number).lines] == [item]


@then(step('NetSuite has a payment of {amount:Money} from "{customer:Text}" applied to "{number:Text}"'))
def _(world: World, amount: Decimal, customer: str, number: str) -> None:
    invoice = netsuite_invoice(world, number)
    found = [
        p
        for p in world.user.payments()
        if p.amount == amount
        and p.customer_internal_id == netsuite_customer_id(world, customer)
        and [(a.invoice_internal_id, a.amount) for a in p.applications] == [(invoice.internal_id, amount)]
    ]
    assert len(found) == 1, world.user.payments()


@then("the NetSuite payment goes to undeposited funds")
def _(world: World) -> None:
    (payment,) = world.user.payments()
    assert world.user.deposit_account_of(payment.internal_id) is None


@then(step('the NetSuite payment goes to account "{account:Text}"'))
def _(world: World, account: str) -> None:
    (payment,) = world.user.payments()
    assert world.user.deposit_account_of(payment.internal_id) == account


@then(step('invoice "{number:Text}" has {amount:Money} remaining in NetSuite'))
def _(world: World, number: str, amount: Decimal) -> None:
    invoice: NetSuiteInvoice = netsuite_invoice(world, number)
    assert invoice.amount_remaining == amount


@then(step('NetSuite has no payment from "{customer:Text}"'))
def _(world: World, customer: str) -> None:
    customer_id_ = netsuite_customer_id(world, customer)
    assert [p for p in world.user.payments() if p.customer_internal_id == customer_id_] == []


@then(step("{count:d} payment was removed from NetSuite"))
def _(world: World, run: SyncRun, count: int) -> None:
    assert run.counts.get("payments_removed", 0) == count
    assert world.user.requests()["delete:customerPayment"] == count


@then(step("{count:d} invoice was removed from NetSuite"))
def _(world: World, run: SyncRun, count: int) -> None:
    assert run.counts.get("invoices_removed", 0) == count
    assert world.user.requests()["delete:invoice"] == count


@then("nothing was removed from NetSuite")
def _(world: World, run: SyncRun) -> None:
    assert [op for op in world.user.requests() if op.startswith("delete:")] == []
    assert not [key for key in run.counts if key.endswith("_removed")], run.counts


@then(step("{count:d} customer edit was written to NetSuite"))
def _(world: World, run: SyncRun, count: int) -> None:
    assert run.counts.get("customer_edits_written", 0) == count
    assert world.user.requests()["upsert:customer"] == count


@then("no customer was written to NetSuite")
def _(world: World, run: SyncRun) -> None:
    assert world.user.requests()["upsert:customer"] == 0
    assert not {"customers_written", "customer_edits_written"} & set(run.counts), run.counts


@then(step("NetSuite received at most {count:d} requests"))
def _(world: World, run: SyncRun, count: int) -> None:
    assert run.status is SyncStatus.SUCCEEDED, run
    assert sum(world.user.requests().values()) <= count, world.user.requests()


# -- the run and its errors -------------------------------------------------------------------------


@then(step("the sync ends {status:w}"))
def _(run: SyncRun, status: str) -> None:
    assert run.status is SyncStatus(status), run


@then(step('the run\'s message says "{text:Text}"'))
def _(run: SyncRun, text: str) -> None:
    assert run.error is not None and text in run.error, run.error


@then(step('the sync error for "{label:Text}" says "{text:Text}"'), target_fixture="sync_error")
def _(world: World, company: int, label: str, text: str) -> SyncError:
    error = world.error_for(company, label)
    assert error.is_open, error
    assert text in error.message, error.message
    return error


@then(step('the payment\'s sync error says "{text:Text}"'), target_fixture="sync_error")
def _(world: World, company: int, text: str) -> SyncError:
    (error,) = [e for e in world.errors(company) if e.record_kind is RecordKind.PAYMENT]
    assert text in error.message, error.message
    return error


@then(step('the error suggests "{text:Text}"'))
def _(sync_error: SyncError, text: str) -> None:
    assert sync_error.hint is not None and text in sync_error.hint, sync_error.hint


@then(step('the error keeps NetSuite\'s code "{code:Text}"'))
def _(sync_error: SyncError, code: str) -> None:
    assert sync_error.netsuite_code == code


@then("no sync error is open")
def _(world: World, company: int) -> None:
    assert world.errors(company) == []


@then(step('there is {count:d} sync error for "{label:Text}", seen {times:d} times'))
def _(world: World, company: int, count: int, label: str, times: int) -> None:
    found = [e for e in world.errors(company, status=None) if label in e.record_label]
    assert len(found) == count
    assert found[0].occurrences == times


@then(step('the error for "{label:Text}" is ignored'))
def _(world: World, company: int, label: str) -> None:
    assert world.error_for(company, label).status is SyncErrorStatus.IGNORED


@then(step('the error for "{label:Text}" is resolved'))
def _(world: World, company: int, label: str) -> None:
    assert world.error_for(company, label).status is SyncErrorStatus.RESOLVED


@then(step("the run counted {customers:d} customers written and {invoices:d} invoices written"))
def _(run: SyncRun, customers: int, invoices: int) -> None:
    assert run.counts.get("customers_written") == customers
    assert run.counts.get("invoices_written") == invoices


@then("the second Sync Now returned the running sync")
def _(presses: dict[str, SyncRun]) -> None:
    assert presses["second"].id == presses["first"].id
    assert presses["finished"].status is SyncStatus.SUCCEEDED


@then(step("there was {count:d} accounting sync"))
def _(world: World, company: int, count: int) -> None:
    assert len(world.history.recent_runs(company, kind=SyncKind.ACCOUNTING_SYNC).runs) == count


# -- the Invoiced side ------------------------------------------------------------------------------


@then(step('invoice "{number:Text}" has a balance of {amount:Money} on Invoiced'))
def _(world: World, company: int, number: str, amount: Decimal) -> None:
    assert world.invoice_numbered(company, number).balance.amount == amount


@then(step('Invoiced has a payment of {amount:Money} from "{customer:Text}" that came from NetSuite'))
def _(world: World, company: int, amount: Decimal, customer: str) -> None:
    (payment,) = world.payments(company, Origin.NETSUITE)
    assert payment.amount == amount
    assert payment.customer_id == customer_id(world, company, customer)


@then("Invoiced has no payment from NetSuite")
def _(world: World, company: int) -> None:
    assert world.payments(company, Origin.NETSUITE) == []


@then(step("Invoiced has {count:d} payment from NetSuite, voided"))
def _(world: World, company: int, count: int) -> None:
    found = world.payments(company, Origin.NETSUITE)
    assert len(found) == count and all(p.voided for p in found)


@then(
    step(
        'Invoiced has invoice "{number:Text}" of {total:Money} for "{customer:Text}" '
        "with a balance of {balance:Money}"
    )
)
def _(world: World, company: int, number: str, total: Decimal, customer: str, balance: Decimal) -> None:
    invoice = world.invoice_numbered(company, number)
    assert invoice.origin is Origin.NETSUITE
    assert invoice.total.amount == total and invoice.balance.amount == balance
    assert invoice.customer_id == customer_id(world, company, customer)


@then(step('invoice "{number:Text}" has the lines "{lines:Text}"'))
def _(world: World, company: int, number: str, lines: str) -> None:
    invoice = world.invoice_numbered(company, number)
    shown = [f"{line.quantity.normalize()} x {line.name} at {line.unit_cost:.2f}" for line in invoice.items]
    assert shown == names(lines)


@then(step('the customer "{name:Text}" on Invoiced came from NetSuite'))
def _(world: World, company: int, name: str) -> None:
    (customer,) = [c for c in world.customers(company) if c.name == name]
    assert customer.origin is Origin.NETSUITE


@then(step('Invoiced has the customers "{listed:Text}"'))
def _(world: World, company: int, listed: str) -> None:
    assert sorted(c.name for c in world.customers(company)) == sorted(names(listed))


@then(step("Invoiced has {count:d} customers"))
def _(world: World, company: int, count: int) -> None:
    assert len(world.customers(company)) == count


@then(step('Invoiced\'s invoice "{number:Text}" is still {amount:Money} for "{customer:Text}"'))
def _(world: World, company: int, number: str, amount: Decimal, customer: str) -> None:
    invoice = world.invoice_numbered(company, number)
    assert invoice.total.amount == amount and invoice.origin is Origin.INVOICED
    assert invoice.customer_id == customer_id(world, company, customer)


@then(step("Invoiced has {invoices:d} invoices, {customers:d} customer and {payments:d} payment"))
def _(world: World, company: int, invoices: int, customers: int, payments: int) -> None:
    assert len(world.invoices(company)) == invoices
    assert len(world.customers(company)) == customers
    assert len(world.payments(company)) == payments


@then(step('Invoiced has no invoice "{number:Text}"'))
def _(world: World, company: int, number: str) -> None:
    assert [i for i in world.invoices(company) if i.number == number] == []


@then(step('invoice "{number:Text}" is not linked to NetSuite'))
def _(world: World, company: int, number: str) -> None:
    assert world.link(company, RecordKind.INVOICE, world.invoice_numbered(company, number).id) is None


@then(step('the customer "{name:Text}" is linked to NetSuite customer "{netsuite_name:Text}"'))
def _(world: World, company: int, name: str, netsuite_name: str) -> None:
    link = world.link(company, RecordKind.CUSTOMER, customer_id(world, company, name))
    assert link is not None and link.netsuite_id == netsuite_customer_id(world, netsuite_name)
