"""Redis adapters: the per-company lock, the shared NetSuite concurrency budget and access tokens."""

from adapters.redis.limiter import ConcurrencySlotTimeout, RedisConcurrencyLimiter, RedisLimiters
from adapters.redis.locks import RedisCompanyLocks
from adapters.redis.tokens import RedisTokenCache

__all__ = [
    "ConcurrencySlotTimeout",
    "RedisCompanyLocks",
    "RedisConcurrencyLimiter",
    "RedisLimiters",
    "RedisTokenCache",
]
