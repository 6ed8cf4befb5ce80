"""Recent Syncs, a run's details and a record's sync status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from application.errors import NotFound
from domain.policies.external_ids import external_id_for
from domain.records import Origin, RecordKind
from domain.sync import SyncKind
from tests.application.integration.world import World


def test_recent_syncs_are_newest_first_with_the_next_auto_sync(world: World, company: int) -> None:
    first = world.run_sync(company)
    world.clock.advance(minutes=5)
    second = world.run_sync(company)
    recent = world.history.recent_runs(company)
    assert [r.id for r in recent.runs] == [second.id, first.id]
    assert recent.connected and recent.auto_sync and recent.open_errors == 0
    assert recent.next_sync_at == world.clock.now() + dt.timedelta(minutes=60)
    assert world.history.recent_runs(company, kind=SyncKind.CUSTOMER_IMPORT).runs == []


def test_not_connected_shows_no_schedule(world: World) -> None:
    recent = world.history.recent_runs(world.company())
    assert (recent.connected, recent.auto_sync, recent.next_sync_at, recent.runs) == (False, False, None, [])


def test_a_run_s_details_list_the_errors_it_left(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    world.netsuite.reject(external_id_for("invd", company, RecordKind.INVOICE, invoice.id or 0), "No.")
    run = world.run_sync(company)
    details = world.history.run_details(company, run.id or 0)
    assert details.run.error_count == 1
    assert [e.record_label for e in details.errors] == ["Invoice INV-1"]
    with pytest.raises(NotFound):
        world.history.run_details(company, 999)


def test_a_record_s_sync_status(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    assert invoice.id is not None
    before = world.history.record_status(company, RecordKind.INVOICE, invoice.id)
    assert (before.synced, before.netsuite_id, before.open_error) == (False, None, None)
    world.run_sync(company)
    after = world.history.record_status(company, RecordKind.INVOICE, invoice.id)
    assert after.synced and after.netsuite_id is not None and after.origin is Origin.INVOICED
    assert after.first_synced_at == after.last_synced_at == world.clock.now()
    world.edit_invoice(company, invoice.id, notes="changed")
    assert not world.history.record_status(company, RecordKind.INVOICE, invoice.id).synced
    world.netsuite.reject(external_id_for("invd", company, RecordKind.INVOICE, invoice.id), "No.")
    world.run_sync(company)
    failing = world.history.record_status(company, RecordKind.INVOICE, invoice.id)
    assert failing.open_error is not None and "No." in failing.open_error.message
    assert world.history.record_status(company, RecordKind.CUSTOMER, customer.id).synced


def test_an_imported_record_is_in_step_once_linked(world: World, company: int) -> None:
    umbrella = world.netsuite.add_customer("Umbrella")
    world.netsuite.add_invoice(umbrella.internal_id, "NS-1", amount=Decimal("10"))
    world.run_sync(company)
    invoice = world.invoice_numbered(company, "NS-1")
    world.edit_invoice(company, invoice.id or 0, notes="ours only")
    status = world.history.record_status(company, RecordKind.INVOICE, invoice.id or 0)
    assert status.synced and status.origin is Origin.NETSUITE


def test_an_unknown_record_is_not_found(world: World, company: int) -> None:
    with pytest.raises(NotFound):
        world.history.record_status(company, RecordKind.PAYMENT, 404)
