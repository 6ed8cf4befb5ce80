"""Redis adapters: the per-company lock and the shared NetSuite concurrency budget."""

from adapters.redis.limiter import ConcurrencySlotTimeout, RedisConcurrencyLimiter, RedisLimiters
from adapters.redis.locks import RedisCompanyLocks

__all__ = ["ConcurrencySlotTimeout", "RedisCompanyLocks", "RedisConcurrencyLimiter", "RedisLimiters"]
