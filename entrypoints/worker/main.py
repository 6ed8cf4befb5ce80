"""Each `dramatiq` worker process's setup, run by the dramatiq CLI after it starts the process:

    dramatiq entrypoints.worker.main:setup --skip-logging --processes 2 --threads 4

It builds this process's container and broker (Redis when REDIS_URL is set), makes the broker the global
one, and only then declares the actors on it. Nothing happens at import."""

from __future__ import annotations

import atexit

import dramatiq
import structlog
from dramatiq.broker import Broker

from entrypoints.container import Container, build_container, create_shared_services, prepare_database
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings
from entrypoints.worker.actors import WorkerActors, declare_actors

SETUP = "entrypoints.worker.main:setup"

log = structlog.get_logger(__name__)


def setup(settings: Settings | None = None) -> WorkerActors:
    """Build the container and broker of this worker process and declare the actors on them."""
    settings = settings if settings is not None else Settings()
    configure_logging(settings)
    if not settings.redis_url:
        log.warning(
            "worker_without_redis",
            detail="REDIS_URL is not set: this worker has an in-memory broker nobody else can reach. "
            "Set REDIS_URL for separate worker processes, or use `invoiced-netsuite serve` (embedded).",
        )
    container: Container = build_container(settings)
    prepare_database(settings)
    create_shared_services(container)  # before the worker's threads ask for them at once
    broker: Broker = container.broker()
    dramatiq.set_broker(broker)  # the dramatiq CLI consumes the global broker
    actors = declare_actors(broker, container)
    atexit.register(container.shutdown_resources)
    log.info("worker_process_ready", queue=actors.queue_name, actors=sorted(broker.get_declared_actors()))
    return actors
