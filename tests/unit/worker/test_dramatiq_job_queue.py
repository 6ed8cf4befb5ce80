"""The job queue reaches the worker's actors by name, through nothing but the broker."""

from __future__ import annotations

from collections.abc import Iterator

import dramatiq
import pytest
from dramatiq import Worker
from dramatiq.brokers.stub import StubBroker

from adapters.queue import QUEUE_NAME, RETRY_SYNC_ERROR, RUN_ACCOUNTING_SYNC, RUN_IMPORT, DramatiqJobQueue


@pytest.fixture
def broker() -> Iterator[StubBroker]:
    broker = StubBroker()
    yield broker
    broker.close()


def test_each_job_reaches_the_actor_of_its_name_with_its_ids(broker: StubBroker) -> None:
    received: list[tuple[str, int, int]] = []
    for name in (RUN_ACCOUNTING_SYNC, RUN_IMPORT, RETRY_SYNC_ERROR):

        def record(company_id: int, object_id: int, name: str = name) -> None:
            received.append((name, company_id, object_id))

        dramatiq.actor(record, actor_name=name, queue_name=QUEUE_NAME, broker=broker)
    queue = DramatiqJobQueue(broker)
    worker = Worker(broker, worker_threads=1, worker_timeout=50)
    worker.start()
    try:
        queue.enqueue_sync(1, 10)
        queue.enqueue_import(2, 20)
        queue.enqueue_error_retry(3, 30)
        broker.join(QUEUE_NAME, timeout=10_000)
        worker.join()
    finally:
        worker.stop()

    assert sorted(received) == [(RETRY_SYNC_ERROR, 3, 30), (RUN_ACCOUNTING_SYNC, 1, 10), (RUN_IMPORT, 2, 20)]


def test_a_process_without_actors_can_still_enqueue(broker: StubBroker) -> None:
    # The HTTP app only sends; it never declares the actors.
    DramatiqJobQueue(broker).enqueue_sync(1, 10)

    [message] = [dramatiq.Message.decode(raw) for raw in broker.queues[QUEUE_NAME].queue]
    assert (message.actor_name, message.args) == (RUN_ACCOUNTING_SYNC, (1, 10))
