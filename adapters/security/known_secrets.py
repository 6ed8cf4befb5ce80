"""The secrets this process holds in plain text (credentials it unsealed or signs with, its own keys),
remembered so the logging pipeline can mask them wherever and however they appear: as they are, or
percent-encoded once or twice, as in an OAuth signature base string."""

from __future__ import annotations

import re
import threading
from urllib.parse import quote, quote_plus

# Shorter values are not credentials, and masking them would hide ordinary words and numbers.
MIN_SECRET_LENGTH = 8
# A bound, so a long-lived process that opens many companies' credentials stays small.
MAX_REMEMBERED = 20_000

_lock = threading.Lock()
_values: dict[str, None] = {}  # insertion-ordered, so the oldest are forgotten first
_pattern: re.Pattern[str] | None = None


def _forms(secret: str) -> set[str]:
    once = quote(secret, safe="")
    return {secret, once, quote(once, safe=""), quote_plus(secret)}


def remember_secret(secret: str | None) -> None:
    """From now on, `mask_known_secrets` hides `secret` (and its percent-encoded forms)."""
    if not secret or len(secret.strip()) < MIN_SECRET_LENGTH:
        return
    global _pattern
    with _lock:
        before = len(_values)
        for form in _forms(secret.strip()):
            _values[form] = None
        if len(_values) == before:
            return
        while len(_values) > MAX_REMEMBERED:
            del _values[next(iter(_values))]
        _pattern = re.compile("|".join(re.escape(v) for v in sorted(_values, key=len, reverse=True)))


def mask_known_secrets(text: str, replacement: str) -> str:
    """`text` with every remembered secret replaced by `replacement`."""
    pattern = _pattern
    if pattern is None or not text:
        return text
    return pattern.sub(replacement, text)


def forget_all_secrets() -> None:
    """Forget every remembered secret (for tests that count what is masked)."""
    global _pattern
    with _lock:
        _values.clear()
        _pattern = None


__all__ = ["MIN_SECRET_LENGTH", "forget_all_secrets", "mask_known_secrets", "remember_secret"]
