"""Sealing a connection's credentials at rest and opening a gateway to its account."""

from __future__ import annotations

import json

from application.ports import NetSuiteAccess, SecretBox
from domain.integration import NetSuiteConnection, NetSuiteCredentials

_FIELDS = ("consumer_key", "consumer_secret", "token_id", "token_secret")


def seal_credentials(secrets: SecretBox, credentials: NetSuiteCredentials) -> str:
    """The four secrets as one sealed token (nothing readable is stored)."""
    return secrets.seal(json.dumps({name: getattr(credentials, name) for name in _FIELDS}))


def unseal_credentials(secrets: SecretBox, sealed: str) -> NetSuiteCredentials:
    values = json.loads(secrets.unseal(sealed))
    return NetSuiteCredentials(**{name: str(values[name]) for name in _FIELDS})


def access_for(connection: NetSuiteConnection, secrets: SecretBox) -> NetSuiteAccess:
    """What a gateway needs to talk to this connection's account, within its concurrency limit."""
    return NetSuiteAccess(
        account_id=connection.account_id,
        credentials=unseal_credentials(secrets, connection.sealed_credentials),
        base_url=connection.base_url,
        concurrency_limit=connection.settings.concurrency_limit,
    )
