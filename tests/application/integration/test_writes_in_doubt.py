"""A sync cut off after sending (a killed worker, NetSuite going away mid-batch) leaves no ghost: what
it sent may be in NetSuite, so a void on Invoiced afterwards still reaches NetSuite, and nothing is
written twice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from application.integration import AccountingSync
from application.ports import NetSuiteGateway
from domain.netsuite import InvoiceRecord, PaymentRecord, UpsertOutcome
from domain.records import RecordKind
from domain.sync import SyncStatus
from tests.application.integration.world import World


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing after it runs, not even the settling of the answers."""


class DyingGateway:
    """NetSuite keeps every record of the batch, then the worker dies before it hears back."""

    def __init__(self, inner: NetSuiteGateway) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def upsert_invoices(self, records: Sequence[InvoiceRecord]) -> list[UpsertOutcome]:
        self._inner.upsert_invoices(records)
        raise WorkerKilled

    def upsert_payments(self, records: Sequence[PaymentRecord]) -> list[UpsertOutcome]:
        self._inner.upsert_payments(records)
        raise WorkerKilled


def _cut_off_sync(world: World, company: int) -> None:
    sync = AccountingSync(
        world.store,
        lambda access: DyingGateway(world.gateways(access)),
        world.secrets,
        world.clock,
        world.locks,
    )
    with pytest.raises(WorkerKilled):
        sync.sync_now(company)
    world.clock.advance(minutes=5)


def test_invoices_voided_after_an_interrupted_batch_are_removed_from_netsuite(
    world: World, company: int
) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoices = [world.invoice(company, customer.id, f"INV-{n}") for n in range(1, 4)]
    _cut_off_sync(world, company)
    assert len(world.netsuite.all_invoices()) == 3 and world.links(company, RecordKind.INVOICE) == []

    for invoice in invoices[:2]:
        assert invoice.id is not None
        world.void_invoice(company, invoice.id)
    run = world.run_sync(company)

    assert run.status is SyncStatus.SUCCEEDED
    assert [i.tran_id for i in world.netsuite.all_invoices()] == ["INV-3"]  # no ghosts
    assert run.counts["invoices_removed"] == 2
    assert world.link(company, RecordKind.INVOICE, invoices[2].id) is not None  # every record linked


def test_a_voided_payment_sent_by_a_killed_worker_is_removed_and_the_invoice_owes_again(
    world: World, company: int
) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    assert invoice.id is not None
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED
    payment = world.payment(company, customer.id, {invoice.id: "60"})
    assert payment.id is not None
    _cut_off_sync(world, company)
    assert len(world.netsuite.all_payments()) == 1

    world.void_payment(company, payment.id)
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED

    assert world.netsuite.all_payments() == []
    (in_netsuite,) = world.netsuite.all_invoices()
    assert in_netsuite.amount_remaining == in_netsuite.total


def test_records_in_doubt_are_looked_up_once_and_written_once(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    for n in range(1, 6):
        world.invoice(company, customer.id, f"INV-{n}")
    _cut_off_sync(world, company)
    world.netsuite.reset_counts()

    run = world.run_sync(company)

    assert run.status is SyncStatus.SUCCEEDED and len(world.netsuite.all_invoices()) == 5  # no duplicates
    assert world.netsuite.requests["query:ids_by_external_id"] == 1  # one look-up for all five
    assert len(world.links(company, RecordKind.INVOICE)) == 5
    world.netsuite.reset_counts()
    world.run_sync(company)
    assert world.netsuite.requests["query:ids_by_external_id"] == 0  # nothing left in doubt
    assert world.netsuite.requests["upsert:invoice"] == 0
