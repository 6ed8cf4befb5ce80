"""The JobQueue port on Dramatiq (Redis in production, the in-memory broker embedded)."""

from adapters.queue.dramatiq_queue import (
    NOTIFY_RUN_FINISHED,
    QUEUE_NAME,
    RETRY_SYNC_ERROR,
    RUN_ACCOUNTING_SYNC,
    RUN_IMPORT,
    DramatiqJobQueue,
)

__all__ = [
    "NOTIFY_RUN_FINISHED",
    "QUEUE_NAME",
    "RETRY_SYNC_ERROR",
    "RUN_ACCOUNTING_SYNC",
    "RUN_IMPORT",
    "DramatiqJobQueue",
]
