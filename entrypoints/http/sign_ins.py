"""Wrong API keys are counted per client address and per key prefix (the key's first characters); past
the limit, every attempt from that client or at that prefix waits, right key or wrong, so guessing
learns nothing and cannot go on at speed."""

from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from application.ports import FailedSignIns

# As much of a key as the ledger keeps in the clear to tell keys apart ("ink_" and six characters).
KEY_PREFIX_LENGTH = 10


def _failed_sign_ins(request: Request) -> FailedSignIns:
    return request.app.state.container.failed_sign_ins()  # type: ignore[no-any-return]


def sign_in_subjects(request: Request, api_key: str) -> list[str]:
    """Who is trying (the client's address, as the proxy headers give it) and what (the key's prefix)."""
    client = request.client.host if request.client is not None else "unknown"
    return [f"client:{client}", f"key:{api_key[:KEY_PREFIX_LENGTH]}"]


async def sign_in_wait(request: Request, api_key: str) -> int | None:
    """Seconds this attempt must wait before it is even checked, or None."""
    return await run_in_threadpool(_failed_sign_ins(request).retry_after, sign_in_subjects(request, api_key))


async def count_failed_sign_in(request: Request, api_key: str) -> None:
    await run_in_threadpool(_failed_sign_ins(request).record_failure, sign_in_subjects(request, api_key))


def too_many_failures_message(wait: int) -> str:
    return (
        "Too many wrong API keys from this address or for this key. Nothing was checked; "
        f"try again in {wait} seconds with the key you were given."
    )
