"""Token-based auth over real HTTP: every failure is NetSuite's generic 401, reasons stay inside."""

from __future__ import annotations

import time

import pytest
import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, Client

from netsuite_sandbox import SandboxServer
from tests.support.sandbox import sandbox_auth

pytestmark = pytest.mark.integration

GENERIC_401 = {
    "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2",
    "title": "Unauthorized",
    "status": 401,
    "o:errorDetails": [
        {
            "detail": "Invalid login attempt. For more details, see the Login Audit Trail in the "
            "NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.",
            "o:errorCode": "INVALID_LOGIN",
        }
    ],
}


def customers_url(server: SandboxServer) -> str:
    return f"{server.base_url}/services/rest/record/v1/customer"


def last_failure_reason(server: SandboxServer) -> str | None:
    trail = requests.get(f"{server.base_url}/_sandbox/stats", timeout=5).json()["login_audit_trail"]
    return trail[-1]["reason"]


def assert_generic_401(response: requests.Response, server: SandboxServer) -> None:
    assert response.status_code == 401
    assert response.json() == GENERIC_401
    assert response.headers["Content-Type"].startswith("application/vnd.oracle.resource+json; type=error")
    assert response.headers["WWW-Authenticate"] == (
        f'OAuth realm="{server.account_id}", error="token_rejected", '
        'error_description="Invalid login attempt."'
    )


def test_a_correctly_signed_request_is_let_in(netsuite_sandbox: SandboxServer) -> None:
    response = requests.get(customers_url(netsuite_sandbox), auth=sandbox_auth(netsuite_sandbox), timeout=5)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"client_secret": "not-the-secret"}, "InvalidSignature"),
        ({"resource_owner_secret": "not-the-secret"}, "InvalidSignature"),
        ({"realm": "tstdrv2450117"}, "InvalidRealm"),
        ({"signature_method": SIGNATURE_HMAC_SHA1}, "UnknownAlgorithm"),
        ({"resource_owner_key": "revoked-token"}, "token_rejected"),
        ({"timestamp": "1500000000"}, "InvalidTimestamp"),
    ],
    ids=[
        "wrong-consumer-secret",
        "wrong-token-secret",
        "realm-lower-case",
        "hmac-sha1",
        "unknown-token",
        "old-timestamp",
    ],
)
def test_failures_look_alike_and_the_reason_is_only_in_the_audit_trail(
    netsuite_sandbox: SandboxServer, overrides: dict[str, str], reason: str
) -> None:
    response = requests.get(
        customers_url(netsuite_sandbox), auth=sandbox_auth(netsuite_sandbox, **overrides), timeout=5
    )

    assert_generic_401(response, netsuite_sandbox)
    assert reason not in response.text
    assert last_failure_reason(netsuite_sandbox) == reason


def test_a_replayed_request_is_refused_as_nonce_used(netsuite_sandbox: SandboxServer) -> None:
    credentials = netsuite_sandbox.credentials
    url = customers_url(netsuite_sandbox)
    client = Client(
        credentials.consumer_key,
        client_secret=credentials.consumer_secret,
        resource_owner_key=credentials.token_id,
        resource_owner_secret=credentials.token_secret,
        signature_method="HMAC-SHA256",
        realm=netsuite_sandbox.account_id,
        nonce="replayed-nonce-0001",
        timestamp=str(int(time.time())),
    )
    _, headers, _ = client.sign(url, http_method="GET")

    first = requests.get(url, headers=headers, timeout=5)
    replay = requests.get(url, headers=headers, timeout=5)

    assert first.status_code == 200
    assert_generic_401(replay, netsuite_sandbox)
    assert last_failure_reason(netsuite_sandbox) == "NonceUsed"


def test_suiteql_without_a_signature_over_its_query_string_is_refused(
    netsuite_sandbox: SandboxServer,
) -> None:
    url = f"{netsuite_sandbox.base_url}/services/rest/query/v1/suiteql"
    prepared = requests.Request(
        "POST",
        url,
        json={"q": "SELECT id FROM customer"},
        auth=sandbox_auth(netsuite_sandbox),
        headers={"Prefer": "transient"},
    ).prepare()
    prepared.url = f"{url}?limit=5"  # the query string was added after signing

    response = requests.Session().send(prepared, timeout=5)

    assert_generic_401(response, netsuite_sandbox)
    assert last_failure_reason(netsuite_sandbox) == "InvalidSignature"


def test_missing_credentials_are_refused(netsuite_sandbox: SandboxServer) -> None:
    response = requests.get(customers_url(netsuite_sandbox), timeout=5)

    assert_generic_401(response, netsuite_sandbox)
    assert last_failure_reason(netsuite_sandbox) == "MissingTokenPassportRequiredFields"


def test_the_credentials_cannot_be_read_through_the_controls(netsuite_sandbox: SandboxServer) -> None:
    response = requests.get(f"{netsuite_sandbox.base_url}/_sandbox/credentials", timeout=5)
    stats = requests.get(f"{netsuite_sandbox.base_url}/_sandbox/stats", timeout=5)

    assert response.status_code == 404
    for secret in (netsuite_sandbox.credentials.consumer_secret, netsuite_sandbox.credentials.token_secret):
        assert secret not in stats.text
