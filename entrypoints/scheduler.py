"""Auto-sync: every tick, claim the companies whose accounting sync is due and queue their syncs.

The claim happens in the database (`ConnectionRepository.claim_due` moves each claimed company's next
sync on, atomically), so any number of schedulers can run and none queues a run another already did.
`invoiced-netsuite scheduler` runs one as a process; the embedded `serve` runs one in a thread."""

from __future__ import annotations

import threading

import structlog

from application.integration import DueSyncs
from entrypoints.container import Container

log = structlog.get_logger(__name__)

DEFAULT_TICK_SECONDS = 30.0
# Companies claimed per database round trip; a tick keeps claiming until fewer are due.
CLAIM_BATCH = 100


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

    def tick(self) -> DueSyncs:
        """Claim every company whose auto-sync is due now and queue an automatic sync for each."""
        due = self._container.accounting_sync().request_due_syncs(self._batch)
        for company_id, reason in due.failed.items():
            # e.g. disconnected between the claim and now: nothing to sync, the next tick moves on.
            log.warning("auto_sync_not_queued", company_id=company_id, reason=reason)
        if due.claimed:
            log.info("auto_sync_tick", claimed=len(due.claimed), runs=len(due.runs))
        return due

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
