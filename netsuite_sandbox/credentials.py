"""The four token-based-auth secrets an integration uses (consumer + token)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxCredentials:
    consumer_key: str
    consumer_secret: str
    token_id: str
    token_secret: str

    @classmethod
    def generate(cls) -> SandboxCredentials:
        """Fresh random secrets, 64 hex characters each like NetSuite's."""
        return cls(
            consumer_key=secrets.token_hex(32),
            consumer_secret=secrets.token_hex(32),
            token_id=secrets.token_hex(32),
            token_secret=secrets.token_hex(32),
        )

    def __repr__(self) -> str:
        # Keep secrets out of logs and tracebacks; the key ids are enough to tell sets apart.
        return (
            f"SandboxCredentials(consumer_key={self.consumer_key[:8]}…, "
            f"token_id={self.token_id[:8]}…, secrets hidden)"
        )
