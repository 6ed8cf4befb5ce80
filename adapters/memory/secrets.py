"""A reversible stand-in for encryption that still never stores the plain text as-is."""

from __future__ import annotations

import base64


class InMemorySecretBox:
    PREFIX = "sealed:"

    def seal(self, plaintext: str) -> str:
        return self.PREFIX + base64.b64encode(plaintext.encode()[::-1]).decode()

    def unseal(self, token: str) -> str:
        if not token.startswith(self.PREFIX):
            raise ValueError("Not a sealed secret.")
        return base64.b64decode(token[len(self.PREFIX) :])[::-1].decode()
