"""Repairing drift: the differences whose cause is clear are settled by one ordinary accounting sync.

An invoice of ours edited or deleted in NetSuite is written again by the same external id (so the
upsert updates or recreates it, never a second copy); a credit applied in NetSuite is brought over by
the sync's NetSuite-to-Invoiced flows. The repair is a normal run: recorded in Recent Syncs, its
failures are sync errors like any other, and it runs under the company lock, so never beside a sync."""

from __future__ import annotations

from dataclasses import dataclass

from application.integration.drift import DriftReports
from application.integration.errors import SyncBusy
from application.integration.runner import SyncRunner
from application.integration.sync import queue_run
from application.ports import (
    Clock,
    CompanyLocks,
    NetSuiteGatewayFactory,
    SecretBox,
    UnitOfWorkFactory,
)
from domain.policies.drift import DriftVerdict, InvoiceDifference, PaymentDifference
from domain.records import RecordKind
from domain.sync import SyncKind, SyncRun, SyncTrigger


@dataclass(frozen=True, slots=True)
class DriftRepair:
    """What a repair found, what it sent again, the run that did it, and the report afterwards."""

    before: DriftVerdict
    rewritten: tuple[InvoiceDifference, ...]
    run: SyncRun | None
    after: DriftVerdict
    rewritten_payments: tuple[PaymentDifference, ...] = ()

    @property
    def attempted(self) -> tuple[InvoiceDifference, ...]:
        return tuple(d for d in self.before.differences if d.repairable)

    @property
    def attempted_payments(self) -> tuple[PaymentDifference, ...]:
        return tuple(d for d in self.before.payment_differences if d.repairable)

    @property
    def summary(self) -> str:
        if self.run is None:
            if self.before.in_agreement:
                return "Nothing to repair: both sides already agree."
            return "Nothing could be repaired automatically; each difference says what to do."
        repaired = len(self.attempted) + len(self.attempted_payments)
        verdict = self.after.summary
        return (
            f"Repair sync run #{self.run.id} {self.run.status.value} for {repaired} difference(s). {verdict}"
        )


class DriftRepairs:
    """Repairs one company's drift: marks what must be written again, then runs the sync once."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        gateways: NetSuiteGatewayFactory,
        secrets: SecretBox,
        clock: Clock,
        locks: CompanyLocks,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._locks = locks
        self._reports = DriftReports(uow, gateways, secrets)
        self._runner = SyncRunner(uow, gateways, secrets, clock, locks)

    def repair(self, company_id: int, trigger: SyncTrigger = SyncTrigger.CLI) -> DriftRepair:
        """Raises NotFound when the company is not connected and SyncBusy while a sync holds it."""
        before = self._reports.report(company_id)
        if not _repairable(before):
            return DriftRepair(before, (), None, before)
        with self._locks.hold(company_id) as acquired:
            if not acquired:  # nothing queued: a run left behind would wait for a worker nobody asked
                raise SyncBusy(company_id)
            # Under the lock, a run still marked running has no live worker: it is resumed here.
            run, _ = queue_run(self._uow, self._clock, company_id, SyncKind.ACCOUNTING_SYNC, trigger)
            assert run.id is not None
            # Read again under the lock: a sync that finished meanwhile may have settled some already.
            current = self._reports.report(company_id)
            rewritten = tuple(d for d in current.differences if d.rewritten_by_repair)
            payments = tuple(d for d in current.payment_differences if d.rewritten_by_repair)
            self._mark_for_rewrite(
                company_id,
                [(RecordKind.INVOICE, d.local_id) for d in rewritten]
                + [(RecordKind.PAYMENT, d.local_id) for d in payments],
            )
            finished = self._runner.execute_holding_lock(company_id, run.id)
        return DriftRepair(before, rewritten, finished, self._reports.report(company_id), payments)

    def _mark_for_rewrite(self, company_id: int, records: list[tuple[RecordKind, int]]) -> None:
        if not records:
            return
        with self._uow() as uow:
            for kind, local_id in records:
                link = uow.links.get(company_id, kind, local_id)
                if link is not None:
                    link.rewrite_on_next_sync()
                    uow.links.save(link)
            uow.commit()


def _repairable(verdict: DriftVerdict) -> bool:
    return any(d.repairable for d in verdict.differences) or any(
        d.repairable for d in verdict.payment_differences
    )
