"""Retrying and ignoring sync errors: a retry is a small run of its own through the sync's own flows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.integration import SettingsChange, SyncBusy
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from domain.sync import SyncDirection, SyncErrorStatus, SyncKind, SyncStatus
from tests.application.integration.world import World

D = Decimal


def _rejected_invoice(world: World, company: int) -> int:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    assert invoice.id is not None
    world.netsuite.reject(external_id_for("invd", company, RecordKind.INVOICE, invoice.id), "Period closed.")
    assert world.run_sync(company).status is SyncStatus.PARTIAL
    return invoice.id


def test_errors_are_listed_newest_first_and_by_status(world: World, company: int) -> None:
    _rejected_invoice(world, company)
    (error,) = world.sync_errors.list(company)
    assert error.direction is SyncDirection.TO_NETSUITE and error.netsuite_code == "USER_ERROR"
    assert world.sync_errors.get(company, error.id or 0).record_label == "Invoice INV-1"
    world.sync_errors.ignore(company, error.id or 0)
    assert world.sync_errors.list(company) == []
    assert [e.id for e in world.sync_errors.list(company, status=None)] == [error.id]


def test_a_retry_is_a_small_run_limited_to_its_record(world: World, company: int) -> None:
    invoice_id = _rejected_invoice(world, company)
    other = world.invoice(company, world.customers(company)[0].id or 0, "INV-2")
    world.netsuite.stop_rejecting(external_id_for("invd", company, RecordKind.INVOICE, invoice_id))
    (error,) = world.errors(company)
    outcome = world.sync_errors.retry(company, error.id or 0)
    assert outcome.resolved and outcome.run.kind is SyncKind.RECORD_RETRY
    assert outcome.run.counts == {"invoices_written": 1}
    assert world.link(company, RecordKind.INVOICE, invoice_id) is not None
    assert world.link(company, RecordKind.INVOICE, other.id) is None  # not part of the retry


def test_retrying_an_ignored_error_reopens_it(world: World, company: int) -> None:
    _rejected_invoice(world, company)
    (error,) = world.errors(company)
    world.sync_errors.ignore(company, error.id or 0)
    outcome = world.sync_errors.retry(company, error.id or 0)
    assert outcome.error.status is SyncErrorStatus.OPEN and outcome.error.occurrences == 2


def test_a_retry_while_a_sync_runs_says_so_and_unignores(world: World, company: int) -> None:
    _rejected_invoice(world, company)
    (error,) = world.errors(company)
    world.sync_errors.ignore(company, error.id or 0)
    with world.locks.hold(company), pytest.raises(SyncBusy):
        world.sync_errors.retry(company, error.id or 0)
    assert world.sync_errors.get(company, error.id or 0).status is SyncErrorStatus.OPEN


def test_a_retry_of_a_record_that_no_longer_needs_syncing_resolves_its_error(
    world: World, company: int
) -> None:
    invoice_id = _rejected_invoice(world, company)
    world.void_invoice(company, invoice_id)
    (error,) = world.errors(company)
    assert world.sync_errors.retry(company, error.id or 0).resolved


def test_a_retry_that_fails_at_run_level_leaves_the_error_open(world: World, company: int) -> None:
    invoice_id = _rejected_invoice(world, company)
    world.void_invoice(company, invoice_id)
    world.netsuite.fail_auth()
    (error,) = world.errors(company)
    outcome = world.sync_errors.retry(company, error.id or 0)
    assert outcome.run.status is SyncStatus.FAILED and outcome.error.is_open


def test_a_record_waiting_behind_its_customer_keeps_its_error(world: World, company: int) -> None:
    world.netsuite.add_customer("Hooli")  # matched by name on the first sync
    invoice_id = _rejected_invoice(world, company)
    world.netsuite.stop_rejecting(external_id_for("invd", company, RecordKind.INVOICE, invoice_id))
    _forget_customer_link(world, company)
    world.netsuite.add_customer("Hooli")  # now two NetSuite customers carry the name
    (error,) = world.errors(company)
    outcome = world.sync_errors.retry(company, error.id or 0)
    assert outcome.error.is_open  # its customer has to be sorted out first
    assert sorted(e.record_label for e in world.errors(company)) == [
        "Customer Hooli (CUST-0001)",
        "Invoice INV-1",
    ]


def _forget_customer_link(world: World, company: int) -> None:
    with world.store() as uow:
        for link_id, link in list(uow._tables.links.items()):  # type: ignore[attr-defined]
            if link.kind is RecordKind.CUSTOMER:
                del uow._tables.links[link_id]  # type: ignore[attr-defined]
        uow.commit()


def test_retrying_a_netsuite_invoice_clash_imports_it_once_renumbered(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    local = world.invoice(company, customer.id, "INV-100", draft=True)
    umbrella = world.netsuite.add_customer("Umbrella")
    world.netsuite.add_invoice(umbrella.internal_id, "INV-100", amount=D("300"))
    world.run_sync(company)
    (error,) = world.errors(company)
    assert error.direction is SyncDirection.FROM_NETSUITE and error.code == "number_taken"
    world.edit_invoice(company, local.id or 0, number="INV-100-A")
    assert world.sync_errors.retry(company, error.id or 0).resolved
    assert world.invoice_numbered(company, "INV-100").total.amount == D("300")


def test_retrying_an_ambiguous_customer_after_renaming_writes_its_invoices(
    world: World, company: int
) -> None:
    world.netsuite.add_customer("Initech")
    second = world.netsuite.add_customer("Initech")
    customer = world.customer(company, "Initech")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    world.run_sync(company)
    (error,) = world.errors(company)
    assert error.record_kind is RecordKind.CUSTOMER
    world.netsuite.rename_customer(second.internal_id, "Initech (old)")
    outcome = world.sync_errors.retry(company, error.id or 0)
    assert outcome.resolved and outcome.run.counts == {"customers_linked": 1, "invoices_written": 1}
    assert world.link(company, RecordKind.INVOICE, invoice.id) is not None


def test_retrying_an_overpaying_netsuite_payment_after_the_fix(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    world.run_sync(company)
    local = world.payment(company, customer.id, {invoice.id or 0: "90"})
    netsuite_invoice = world.netsuite.invoice_by_external_id(
        external_id_for("invd", company, RecordKind.INVOICE, invoice.id or 0)
    )
    assert netsuite_invoice is not None
    world.clock.advance(minutes=1)
    world.netsuite.record_payment(
        netsuite_invoice.customer_internal_id, {netsuite_invoice.internal_id: D("50")}
    )
    world.clock.advance(minutes=1)
    world.run_sync(company)
    overpaid = next(e for e in world.errors(company) if e.code == "overpayment")
    world.sync_errors.ignore(company, overpaid.id or 0)
    world.clock.advance(hours=3)
    world.run_sync(company)  # ignored: skipped, and it no longer holds the watermark back
    world.void_payment(company, local.id or 0)
    outcome = world.sync_errors.retry(company, overpaid.id or 0)
    assert outcome.resolved
    assert world.invoice_numbered(company, "INV-1").balance.amount == D("50.00")


def test_request_retry_hands_the_retry_to_the_workers(world: World, company: int) -> None:
    _rejected_invoice(world, company)
    (error,) = world.errors(company)
    world.sync_errors.request_retry(company, error.id or 0)
    assert world.queue.jobs[-1] == ("retry", company, error.id)


def test_the_next_sync_clears_the_error_of_a_record_voided_since(world: World, company: int) -> None:
    invoice_id = _rejected_invoice(world, company)
    world.void_invoice(company, invoice_id)
    world.run_sync(company)
    assert world.errors(company) == []
    assert world.error_for(company, "Invoice INV-1").status is SyncErrorStatus.RESOLVED


def test_the_next_sync_keeps_the_error_of_a_record_still_waiting(world: World, company: int) -> None:
    _rejected_invoice(world, company)
    world.connections.configure(company, SettingsChange(write_invoices=False))
    world.run_sync(company)
    assert [e.record_label for e in world.errors(company)] == ["Invoice INV-1"]


def test_a_retry_goes_through_while_an_accounting_sync_is_queued(world: World, company: int) -> None:
    invoice_id = _rejected_invoice(world, company)
    (error,) = world.sync_errors.list(company)
    world.netsuite.stop_rejecting(external_id_for("invd", company, RecordKind.INVOICE, invoice_id))
    queued = world.sync.request_sync(company, enqueue=False)  # Sync Now pressed, not run yet

    outcome = world.sync_errors.retry(company, error.id or 0)

    assert outcome.resolved and outcome.run.kind is SyncKind.RECORD_RETRY
    assert world.sync.request_sync(company, enqueue=False).id == queued.id  # still the user's sync
