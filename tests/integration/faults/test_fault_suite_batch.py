"""The fault suite with writes in asynchronous batches: the same production faults on submits and
polls, a poison record inside a batch, a batch job that fails whole. Counted from NetSuite's side: no
duplicates, nothing lost, every record linked."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.records import RecordKind
from domain.sync import SyncStatus
from tests.integration.faults.conftest import Faulty, NetSuiteSide, failed_whole
from tests.integration.faults.test_fault_suite import PRODUCTION_FAULTS

pytestmark = [pytest.mark.integration, pytest.mark.parametrize("faulty", ["batch"], indirect=True)]


def test_batches_under_three_kinds_of_faults_lose_nothing_and_duplicate_nothing(
    faulty: Faulty, netsuite_side: Callable[[], NetSuiteSide]
) -> None:
    invoices = faulty.issue_invoices(150)
    payments = faulty.take_payments(invoices[:40])
    faulty.server.set_faults(PRODUCTION_FAULTS)
    faulty.server.jobs.fail_next_jobs(1)

    runs = faulty.sync_until_settled()

    assert sum(faulty.server.stats()["faults_injected"].values()) >= 3  # the faults really happened
    assert failed_whole(runs) == []
    assert runs[-1].status is SyncStatus.SUCCEEDED, runs[-1].error
    side = netsuite_side()
    side.agrees(RecordKind.INVOICE, [i.id or 0 for i in invoices])
    side.agrees(RecordKind.PAYMENT, [p.id or 0 for p in payments])
    assert "PUT /record/v1/invoice/eid:{externalId}" not in faulty.server.stats()["requests"]["by_endpoint"]


def test_a_poison_record_inside_a_batch_is_that_records_error_only(
    faulty: Faulty, netsuite_side: Callable[[], NetSuiteSide]
) -> None:
    invoices = faulty.issue_invoices(20)
    poison = invoices[11]
    faulty.server.reject_writes(
        faulty.external_id(RecordKind.INVOICE, poison.id), "This period is closed for posting."
    )

    run = faulty.sync()

    assert run.status is SyncStatus.PARTIAL and run.counts["invoices_written"] == 19
    assert run.id is not None
    (error,) = faulty.services.history.run_details(faulty.company_id, run.id).errors
    assert error.record_label == f"Invoice {poison.number}" and "period is closed" in error.message
    faulty.server.accept_writes(faulty.external_id(RecordKind.INVOICE, poison.id))
    assert faulty.sync().status is SyncStatus.SUCCEEDED  # fixed in NetSuite: it goes through
    netsuite_side().agrees(RecordKind.INVOICE, [i.id or 0 for i in invoices])


def test_batches_cut_off_by_an_outage_are_settled_and_resent_under_the_same_key(
    faulty: Faulty, netsuite_side: Callable[[], NetSuiteSide]
) -> None:
    invoices = faulty.issue_invoices(250)
    faulty.server.jobs.configure(record_ms=5)
    # Down right after the first requests of the invoices' batches: their jobs run on, unseen.
    faulty.server.go_down(after_requests=12)

    cut_off = faulty.sync()
    assert cut_off.status is SyncStatus.FAILED and "NetSuite" in (cut_off.error or "")
    faulty.server.go_down(False)
    faulty.server.jobs.wait_idle()

    after = faulty.sync()

    assert after.status is SyncStatus.SUCCEEDED, after.error
    submits = faulty.server.stats()["requests"]["by_endpoint"]["PUT /record/v1/invoice"]
    assert submits.get("400") == 1  # the batch queued before the outage was recognised, not sent again
    assert faulty.server.stats()["async"]["items_applied"] == 10 + 250  # ten customers, each invoice once
    netsuite_side().agrees(RecordKind.INVOICE, [i.id or 0 for i in invoices])
