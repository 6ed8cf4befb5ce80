"""Redis adapters: the per-company lock, the shared NetSuite concurrency budget, access tokens and
failed sign-ins."""

from adapters.redis.limiter import ConcurrencySlotTimeout, RedisConcurrencyLimiter, RedisLimiters
from adapters.redis.locks import RedisCompanyLocks
from adapters.redis.sign_ins import RedisFailedSignIns
from adapters.redis.tokens import RedisTokenCache

__all__ = [
    "ConcurrencySlotTimeout",
    "RedisCompanyLocks",
    "RedisConcurrencyLimiter",
    "RedisFailedSignIns",
    "RedisLimiters",
    "RedisTokenCache",
]
