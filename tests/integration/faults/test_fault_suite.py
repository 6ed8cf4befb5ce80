"""The fault suite: NetSuite failing the way it does in production (10% 500s, 10% 429 bursts, 2% of
answers dropped after NetSuite committed), a batch cut off by an outage and then voids, a poison record
among good ones. Counted from NetSuite's side: no duplicates, nothing lost, no ghosts, every record
linked, and no run failed whole for one record."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.records import RecordKind
from domain.sync import SyncStatus
from netsuite_sandbox.faults import FaultSettings
from tests.integration.faults.conftest import Faulty, NetSuiteSide, failed_whole

pytestmark = pytest.mark.integration

PRODUCTION_FAULTS = FaultSettings(
    unexpected_error_rate=0.10, throttle_rate=0.10, throttle_burst=3, dropped_connection_rate=0.02, seed=8
)


def test_three_kinds_of_faults_lose_nothing_and_duplicate_nothing(
    faulty: Faulty, netsuite_side: Callable[[], NetSuiteSide]
) -> None:
    invoices = faulty.issue_invoices(80)
    payments = faulty.take_payments(invoices[:40])
    faulty.server.set_faults(PRODUCTION_FAULTS)

    runs = faulty.sync_until_settled()

    injected = faulty.server.stats()["faults_injected"]
    assert set(injected) == {"unexpected_error", "throttled", "dropped_connection"}, injected
    assert sum(injected.values()) >= 20  # the faults really happened, of every kind
    assert failed_whole(runs) == []
    assert runs[-1].status is SyncStatus.SUCCEEDED, runs[-1].error
    assert runs[0].error_count <= 3  # a record meeting a long burst waits for the next sync, alone
    side = netsuite_side()
    side.agrees(RecordKind.INVOICE, [i.id or 0 for i in invoices])
    side.agrees(RecordKind.PAYMENT, [p.id or 0 for p in payments])


def test_a_poison_record_among_good_ones_is_that_records_error_only(
    faulty: Faulty, netsuite_side: Callable[[], NetSuiteSide]
) -> None:
    invoices = faulty.issue_invoices(20)
    poison = invoices[11]
    faulty.server.reject_writes(
        faulty.external_id(RecordKind.INVOICE, poison.id), "This period is closed for posting."
    )
    faulty.server.set_faults(PRODUCTION_FAULTS)

    run = faulty.sync()

    assert run.status is SyncStatus.PARTIAL and run.counts["invoices_written"] == 19
    assert run.id is not None
    (error,) = faulty.services.history.run_details(faulty.company_id, run.id).errors
    assert error.record_label == f"Invoice {poison.number}" and "period is closed" in error.message
    faulty.server.accept_writes(faulty.external_id(RecordKind.INVOICE, poison.id))
    assert faulty.sync().status is SyncStatus.SUCCEEDED  # fixed in NetSuite: it goes through
    assert failed_whole(faulty.runs) == []
    netsuite_side().agrees(RecordKind.INVOICE, [i.id or 0 for i in invoices])


def test_a_batch_cut_off_by_an_outage_then_voids_leaves_no_ghosts(
    faulty: Faulty, netsuite_side: Callable[[], NetSuiteSide]
) -> None:
    invoices = faulty.issue_invoices(60)
    # Connection check, reads and customers go through; NetSuite goes away in the middle of the
    # invoices, some answers dropped after NetSuite committed them.
    faulty.server.set_faults(FaultSettings(dropped_connection_rate=0.2, seed=3))
    faulty.server.go_down(after_requests=45)

    cut_off = faulty.sync()
    assert cut_off.status is SyncStatus.FAILED and cut_off.error is not None and "NetSuite" in cut_off.error
    faulty.server.go_down(False)
    faulty.server.restore_defaults()
    written_before = set(netsuite_side().ours(RecordKind.INVOICE))
    assert 0 < len(written_before) < 60  # the batch really was cut off part way

    voided = [i for i in invoices if faulty.external_id(RecordKind.INVOICE, i.id) in written_before][:8]
    voided += [i for i in invoices if faulty.external_id(RecordKind.INVOICE, i.id) not in written_before][:2]
    for invoice in voided:
        faulty.services.ledger.void_invoice(faulty.company_id, invoice.id or 0)
    after = faulty.sync()

    assert after.status is SyncStatus.SUCCEEDED, after.error
    kept = [i.id or 0 for i in invoices if i not in voided]
    netsuite_side().agrees(RecordKind.INVOICE, kept, voided=[i.id or 0 for i in voided])
