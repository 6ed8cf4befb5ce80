"""Idempotent requests: a client's retry with the same Idempotency-Key gets the first answer again
instead of doing the work twice. Keys are kept in the ledger's database for a day, so a retry is
recognised by every process and after a restart."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from application.ports import Clock, StoredRequest, UnitOfWorkFactory

KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class Claim(StrEnum):
    NEW = "new"  # first use: do the work, then record its answer
    REPLAY = "replay"  # the same request again: answer what was answered
    MISMATCH = "mismatch"  # the key was used for a different request
    IN_PROGRESS = "in_progress"  # the first request with this key has not answered yet


@dataclass(frozen=True, slots=True)
class ClaimResult:
    claim: Claim
    stored: StoredRequest | None = None


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests the same request."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class IdempotentRequests:
    """Claims keys, records answers, and forgets a claim whose request failed on our side."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def claim(self, company_id: int, key: str, request_fingerprint: str) -> ClaimResult:
        now = self._clock.now()
        with self._uow() as uow:
            stored = uow.idempotency_keys.claim(
                StoredRequest(
                    company_id=company_id, key=key, fingerprint=request_fingerprint, created_at=now
                ),
                expired_before=now - KEY_LIFETIME,
            )
            uow.commit()
        if stored is None:
            return ClaimResult(Claim.NEW)
        if stored.fingerprint != request_fingerprint:
            return ClaimResult(Claim.MISMATCH, stored)
        if stored.status is None:
            return ClaimResult(Claim.IN_PROGRESS, stored)
        return ClaimResult(Claim.REPLAY, stored)

    def record(self, company_id: int, key: str, status: int, body: str, content_type: str) -> None:
        with self._uow() as uow:
            uow.idempotency_keys.record_answer(company_id, key, status, body, content_type)
            uow.commit()

    def release(self, company_id: int, key: str) -> None:
        """Forget a claim whose request did not complete, so a retry does the work."""
        with self._uow() as uow:
            uow.idempotency_keys.release(company_id, key)
            uow.commit()

    def created_at(self, company_id: int, key: str) -> datetime | None:
        with self._uow() as uow:
            stored = uow.idempotency_keys.get(company_id, key)
            return stored.created_at if stored is not None else None
