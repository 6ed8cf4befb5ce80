"""Auto-sync: every tick, claim the companies whose accounting sync is due and queue their syncs.

The claim happens in the database (`ConnectionRepository.claim_due` moves each claimed company's next
sync on, atomically), so any number of schedulers can run and none queues a run another already did.
`invoiced-netsuite scheduler` runs one as a process; the embedded `serve` runs one in a thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import structlog

from application.errors import ApplicationError
from application.ports import Clock, UnitOfWorkFactory
from domain.sync import SyncTrigger
from entrypoints.container import Container

log = structlog.get_logger(__name__)

DEFAULT_TICK_SECONDS = 30.0
# Companies claimed per database round trip; a tick keeps claiming until fewer are due.
CLAIM_BATCH = 100


@dataclass
class TickReport:
    """What one tick did: the companies it claimed and their runs (queued now, or already under way
    when a Sync Now beat the scheduler to it)."""

    claimed: list[int] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


class Scheduler:
    def __init__(
        self, container: Container, *, tick_seconds: float = DEFAULT_TICK_SECONDS, batch: int = CLAIM_BATCH
    ) -> None:
        if tick_seconds <= 0:
            raise ValueError("The scheduler's tick must be a positive number of seconds.")
        self._container = container
        self.tick_seconds = tick_seconds
        self._batch = batch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> TickReport:
        """Claim every company whose auto-sync is due now and queue an automatic sync for each."""
        clock: Clock = self._container.clock()
        uow: UnitOfWorkFactory = self._container.uow()
        report = TickReport()
        while True:
            with uow() as work:
                claimed = work.connections.claim_due(clock.now(), self._batch)
                work.commit()
            for connection in claimed:
                report.claimed.append(connection.company_id)
                self._queue_sync(connection.company_id, report)
            if len(claimed) < self._batch:
                break
        if report.claimed:
            log.info("auto_sync_tick", claimed=len(report.claimed), runs=len(report.runs))
        return report

    def _queue_sync(self, company_id: int, report: TickReport) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id):
            try:
                # request_sync queues the run on the job queue (or returns the company's active one).
                run = self._container.accounting_sync().request_sync(company_id, trigger=SyncTrigger.AUTO)
            except ApplicationError as error:
                # e.g. disconnected between the claim and now: nothing to sync, the next tick moves on.
                log.warning("auto_sync_not_queued", reason=str(error))
                report.failed.append(company_id)
                return
            if run.id is not None:
                report.runs.append(run.id)

    def run_forever(self, stop_event: threading.Event | None = None) -> None:
        """Tick until `stop_event` (or `stop()`) is set. A failed tick is logged and the next one tries
        again: the scheduler outlives a database restart."""
        if stop_event is not None:
            self._stop = stop_event
        stop = self._stop
        log.info("scheduler_started", tick_seconds=self.tick_seconds)
        while not stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("auto_sync_tick_failed")
            stop.wait(self.tick_seconds)
        log.info("scheduler_stopped")

    def start_in_thread(self) -> threading.Thread:
        """Run in a daemon thread (the embedded `serve`); `stop()` ends it."""
        if self._thread is not None and self._thread.is_alive():
            return self._thread
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self.run_forever, args=(self._stop,), name="auto-sync-scheduler", daemon=True
        )
        self._thread.start()
        return self._thread

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
