"""The background side's adapters, chosen from the settings: Redis when REDIS_URL is set, otherwise the
embedded defaults (Dramatiq's in-memory broker, in-process locks, the outbox instead of SMTP)."""

from __future__ import annotations

from collections.abc import Iterator

from dramatiq.broker import Broker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from redis import Redis
from sqlalchemy import Engine

from adapters.memory import InMemoryFailedSignIns
from adapters.netsuite.limiter import LimiterFor, local_limiter_for
from adapters.netsuite.oauth2 import TokenCache, local_token_cache
from adapters.notifications import OutboxNotifier, SmtpNotifier
from adapters.persistence.locks import SqlCompanyLocks
from adapters.redis import RedisCompanyLocks, RedisFailedSignIns, RedisLimiters, RedisTokenCache
from application.ports import CompanyLocks, FailedSignIns, Notifier, SecretBox
from entrypoints.settings import Settings

# A NetSuite request slot's lease: renewed while the request runs, so this only bounds how long a
# crashed worker's slots stay taken.
SLOT_LEASE_SECONDS = 30.0


def redis_client_for(settings: Settings) -> Iterator[Redis | None]:
    """The process's Redis connection pool (None without REDIS_URL), closed at shutdown."""
    if not settings.redis_url:
        yield None
        return
    client = Redis.from_url(settings.redis_url, health_check_interval=30)
    try:
        yield client
    finally:
        client.close()


# A worker silent for WORKER_HEARTBEAT_TIMEOUT_SECONDS is dead, and the messages it had taken go back on
# the queue at the next maintenance, which each broker command runs with this chance in a million:
# within seconds, not the quarter of an hour Dramatiq's defaults (60 s, 0.1%) can take on a quiet queue.
MAINTENANCE_CHANCE = 250_000


def broker_for(settings: Settings) -> Iterator[Broker]:
    """Redis when REDIS_URL is set (any number of worker processes), else the in-memory broker that an
    embedded worker in this process consumes. Closed at shutdown."""
    broker: Broker = (
        RedisBroker(
            url=settings.redis_url,
            heartbeat_timeout=int(settings.worker_heartbeat_timeout_seconds * 1000),
            maintenance_chance=MAINTENANCE_CHANCE,
        )
        if settings.redis_url
        else StubBroker()
    )
    try:
        yield broker
    finally:
        broker.close()


def notifier_for(settings: Settings) -> Notifier:
    """SMTP when SMTP_URL is set; otherwise `.eml` files in DATA_DIR/outbox."""
    if settings.smtp_url is not None:
        return SmtpNotifier(settings.smtp_url.get_secret_value(), settings.email_from)
    return OutboxNotifier(settings.outbox_dir, sender=settings.email_from)


def company_locks_for(redis: Redis | None, engine: Engine, ttl_seconds: int = 60) -> CompanyLocks:
    """One sync per company: cluster-wide through Redis, or through the database every process on this
    machine shares (the CLI beside `serve`). A dead holder's lock frees itself after `ttl_seconds`."""
    if redis is None:
        return SqlCompanyLocks(engine, ttl_seconds=ttl_seconds)
    return RedisCompanyLocks(redis, ttl_seconds=ttl_seconds)


# Wrong API keys allowed per client address, and per key prefix, in each window before a 429.
FAILED_SIGN_IN_LIMIT = 20
FAILED_SIGN_IN_WINDOW_SECONDS = 300


def failed_sign_ins_for(redis: Redis | None) -> FailedSignIns:
    """Failed sign-ins counted for every HTTP process through Redis, or within this one process."""
    if redis is None:
        return InMemoryFailedSignIns(limit=FAILED_SIGN_IN_LIMIT, window_seconds=FAILED_SIGN_IN_WINDOW_SECONDS)
    return RedisFailedSignIns(redis, limit=FAILED_SIGN_IN_LIMIT, window_seconds=FAILED_SIGN_IN_WINDOW_SECONDS)


def limiter_for(redis: Redis | None) -> Iterator[LimiterFor]:
    """Each NetSuite account's concurrency budget: shared through Redis by every worker process, or a
    semaphore within this process. The lease keeper's thread stops at shutdown."""
    if redis is None:
        yield local_limiter_for
        return
    limiters = RedisLimiters(redis, lease_seconds=SLOT_LEASE_SECONDS)
    try:
        yield limiters
    finally:
        limiters.close()


def token_cache_for(redis: Redis | None, secrets: SecretBox) -> TokenCache:
    """OAuth 2.0 access tokens: one per account shared by every worker through Redis (sealed there), or
    within this process."""
    if redis is None:
        return local_token_cache()
    return RedisTokenCache(redis, secrets)
