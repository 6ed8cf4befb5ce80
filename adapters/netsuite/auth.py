"""Token-based authentication (OAuth 1.0a, HMAC-SHA256), the way NetSuite checks it.

OAuth 2.0 client credentials, which NetSuite takes for new integrations from 2027.1, are in oauth2.py.
"""

from __future__ import annotations

from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256
from requests_oauthlib import OAuth1

from adapters.security.known_secrets import remember_secret
from domain.integration import NetSuiteCredentials, canonical_account_id


def token_based_auth(account_id: str, credentials: NetSuiteCredentials) -> OAuth1:
    """Signs each prepared request afresh (new nonce and timestamp), so every retry is a new signature.
    The realm is the account id upper-case with underscore; only the URL and its query are signed."""
    for secret in (
        credentials.consumer_key,
        credentials.consumer_secret,
        credentials.token_id,
        credentials.token_secret,
    ):
        remember_secret(secret)  # masked in every log line from now on, however a library spells it
    return OAuth1(
        client_key=credentials.consumer_key,
        client_secret=credentials.consumer_secret,
        resource_owner_key=credentials.token_id,
        resource_owner_secret=credentials.token_secret,
        signature_method=SIGNATURE_HMAC_SHA256,
        realm=canonical_account_id(account_id),
    )
