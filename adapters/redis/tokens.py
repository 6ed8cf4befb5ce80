"""NetSuite OAuth 2.0 access tokens shared by every worker process through Redis: one token per account,
not one per worker. The token is sealed (a bearer token opens the account for an hour) and kept with
its SHA-256 so a worker can drop the one NetSuite refused without dropping a newer one; minting is
guarded by a short-lived lock so the other workers wait for the token instead of minting their own."""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from redis import Redis
from redis.exceptions import RedisError

from application.errors import NetSuiteUnavailable
from application.ports import SecretBox

log = structlog.get_logger(__name__)

KEY_PREFIX = "invoiced-netsuite:netsuite-token:"
# Long enough for a token request with its retries; a crashed minter's lock lapses by itself.
MINT_LOCK_SECONDS = 30.0
POLL_SECONDS = 0.05

_DISCARD = """
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, 64) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class RedisTokenCache:
    """Satisfies adapters.netsuite.oauth2.TokenCache across processes."""

    def __init__(
        self, redis: Redis, secrets: SecretBox, *, mint_lock_seconds: float = MINT_LOCK_SECONDS
    ) -> None:
        self._redis = redis
        self._secrets = secrets
        self._lock_ms = int(mint_lock_seconds * 1000)
        self._discard = redis.register_script(_DISCARD)
        self._release = redis.register_script(_RELEASE)

    def get(self, key: str) -> str | None:
        try:
            value = self._redis.get(KEY_PREFIX + key)
        except RedisError as error:
            log.warning("netsuite token cache unreachable", error=type(error).__name__)
            return None
        if not value:
            return None
        text = value.decode("ascii") if isinstance(value, bytes) else str(value)
        try:
            return self._secrets.unseal(text[65:])
        except Exception:  # sealed under another SECRET_KEY: mint a new one
            return None

    def put(self, key: str, token: str, seconds: float) -> None:
        value = f"{_digest(token)}:{self._secrets.seal(token)}"
        try:
            self._redis.set(KEY_PREFIX + key, value, px=max(1, int(seconds * 1000)))
        except RedisError as error:
            log.warning("netsuite token not shared", error=type(error).__name__)

    def discard(self, key: str, token: str) -> None:
        try:
            self._discard(keys=[KEY_PREFIX + key], args=[_digest(token)])
        except RedisError as error:
            log.warning("netsuite token not discarded", error=type(error).__name__)

    @contextmanager
    def minting(self, key: str) -> Iterator[None]:
        """Held by one worker at a time; the others wait until it is released or a token appears (the
        caller checks the cache again once inside)."""
        lock_key = f"{KEY_PREFIX}{key}:minting"
        owner = uuid.uuid4().hex
        deadline = time.monotonic() + self._lock_ms / 1000 + 5
        while True:
            try:
                if self._redis.set(lock_key, owner, nx=True, px=self._lock_ms):
                    break
            except RedisError as error:
                log.warning("netsuite token lock unreachable; minting without it", error=type(error).__name__)
                yield
                return
            if self.get(key) is not None:
                yield  # someone else minted it: the caller finds it in the cache
                return
            if time.monotonic() > deadline:
                raise NetSuiteUnavailable(
                    "Another worker has been getting a NetSuite access token for too long; the next sync "
                    "will try again."
                )
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            with contextlib.suppress(RedisError):  # the lock lapses by itself
                self._release(keys=[lock_key], args=[owner])
