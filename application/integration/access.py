"""Sealing a connection's credentials at rest and opening a gateway to its account."""

from __future__ import annotations

import json

from application.ports import NetSuiteAccess, SecretBox
from domain.integration import (
    AuthMethod,
    Credentials,
    NetSuiteConnection,
    NetSuiteCredentials,
    OAuth2Credentials,
)

_TBA_FIELDS = ("consumer_key", "consumer_secret", "token_id", "token_secret")
_OAUTH2_FIELDS = ("client_id", "certificate_id", "private_key_pem")


def seal_credentials(secrets: SecretBox, credentials: Credentials) -> str:
    """The secrets as one sealed token (nothing readable is stored). TBA's carry no method, as
    before OAuth 2.0 existed, so connections sealed then open unchanged."""
    if isinstance(credentials, OAuth2Credentials):
        values = {"method": AuthMethod.OAUTH2.value} | {
            name: getattr(credentials, name) for name in _OAUTH2_FIELDS
        }
    else:
        values = {name: getattr(credentials, name) for name in _TBA_FIELDS}
    return secrets.seal(json.dumps(values))


def unseal_credentials(secrets: SecretBox, sealed: str) -> Credentials:
    values = json.loads(secrets.unseal(sealed))
    if values.get("method") == AuthMethod.OAUTH2.value:
        return OAuth2Credentials(**{name: str(values[name]) for name in _OAUTH2_FIELDS})
    return NetSuiteCredentials(**{name: str(values[name]) for name in _TBA_FIELDS})


def access_for(connection: NetSuiteConnection, secrets: SecretBox) -> NetSuiteAccess:
    """What a gateway needs to talk to this connection's account, within its concurrency limit."""
    return NetSuiteAccess(
        account_id=connection.account_id,
        credentials=unseal_credentials(secrets, connection.sealed_credentials),
        base_url=connection.base_url,
        concurrency_limit=connection.settings.concurrency_limit,
    )
