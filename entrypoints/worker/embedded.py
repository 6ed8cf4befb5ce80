"""The embedded default's worker: a Dramatiq Worker over the container's in-memory broker, in this
process (what `serve` and the demo use instead of separate `dramatiq` processes)."""

from __future__ import annotations

from dramatiq import Worker
from dramatiq.broker import Broker

from entrypoints.container import Container
from entrypoints.worker.actors import WorkerActors, declare_actors

# How long an idle consumer waits for a message before looking again; also bounds how long stop() takes.
CONSUMER_WAIT_MS = 200


class EmbeddedWorker:
    """A running in-process worker. `join` waits for the queue to drain (tests, the demo)."""

    def __init__(self, broker: Broker, worker: Worker, actors: WorkerActors) -> None:
        self.broker = broker
        self.actors = actors
        self._worker = worker
        self._stopped = False

    def join(self, timeout: float = 60.0) -> None:
        """Wait until every queued job (and the jobs those jobs queued) is done; raise on timeout."""
        self.broker.join(self.actors.queue_name, timeout=int(timeout * 1000), fail_fast=False)
        self._worker.join()

    def stop(self, timeout: float = 30.0) -> None:
        """Let the jobs in progress finish (up to `timeout`), then stop. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._worker.stop(timeout=int(timeout * 1000))


def start_embedded_worker(container: Container, *, threads: int = 2) -> EmbeddedWorker:
    """Declare the actors on the container's broker and start consuming in background threads."""
    broker: Broker = container.broker()
    actors = declare_actors(broker, container)
    worker = Worker(broker, worker_threads=threads, worker_timeout=CONSUMER_WAIT_MS)
    worker.start()
    return EmbeddedWorker(broker, worker, actors)
