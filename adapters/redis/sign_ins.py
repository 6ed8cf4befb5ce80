"""Failed sign-ins counted in Redis, so every HTTP process on every machine shares one count."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import structlog
from redis import Redis
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)

KEY_PREFIX = "invoiced-netsuite:failed-sign-ins:"


class RedisFailedSignIns:
    """Satisfies FailedSignIns with one counter per subject (INCR, with an expiry set by the first
    failure of a window). Subjects are stored hashed: a key prefix or an address is nobody's business."""

    def __init__(
        self, redis_client: Redis, *, limit: int, window_seconds: int, key_prefix: str = KEY_PREFIX
    ) -> None:
        self._redis = redis_client
        self.limit = limit
        self.window_seconds = window_seconds
        self._prefix = key_prefix

    def key(self, subject: str) -> str:
        return self._prefix + hashlib.sha256(subject.encode()).hexdigest()[:32]

    def retry_after(self, subjects: Sequence[str]) -> int | None:
        keys = [self.key(s) for s in subjects]
        if not keys:
            return None
        try:
            pipe = self._redis.pipeline(transaction=False)
            for key in keys:
                pipe.get(key)
                pipe.pttl(key)
            answers = pipe.execute()
        except RedisError as trouble:  # Redis away: sign-ins go on unthrottled rather than all refused
            log.warning("failed_sign_ins_unavailable", error=str(trouble))
            return None
        waits = []
        for count, pttl in zip(answers[::2], answers[1::2], strict=True):
            if count is not None and int(count) >= self.limit:
                waits.append(max(1, -(-int(pttl) // 1000)) if pttl and pttl > 0 else self.window_seconds)
        return max(waits) if waits else None

    def record_failure(self, subjects: Sequence[str]) -> None:
        try:
            pipe = self._redis.pipeline(transaction=True)
            for subject in subjects:
                key = self.key(subject)
                pipe.incr(key)
                pipe.expire(key, self.window_seconds, nx=True)
            pipe.execute()
        except RedisError as trouble:
            log.warning("failed_sign_in_not_counted", error=str(trouble))
