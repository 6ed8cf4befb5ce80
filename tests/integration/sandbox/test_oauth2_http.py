"""OAuth 2.0 client credentials over real HTTP: the token endpoint, bearer requests on every REST path,
certificates mapped through the test controls, and token-based auth still working beside it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from netsuite_sandbox import SandboxServer
from tests.support.oauth2 import (
    TOKEN_PATH,
    PrivateKey,
    certificate_pem,
    client_assertion,
    private_key,
    token_form,
)
from tests.support.sandbox import sandbox_auth

pytestmark = pytest.mark.integration

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
INVALID_LOGIN_DETAIL = (
    "Invalid login attempt. For more details, see the Login Audit Trail in the "
    "NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail."
)


class Mapping:
    def __init__(self, server: SandboxServer, key: PrivateKey, client_id: str, kid: str) -> None:
        self.server, self.key, self.client_id, self.kid = server, key, client_id, kid

    @property
    def token_url(self) -> str:
        return self.server.base_url + TOKEN_PATH

    def request_token(self, **overrides: object) -> requests.Response:
        settings: dict[str, object] = {"kid": self.kid, "client_id": self.client_id, "aud": self.token_url}
        signer = overrides.pop("key", self.key)
        settings.update(overrides)
        body = token_form(client_assertion(signer, **settings))  # type: ignore[arg-type]
        return requests.post(self.token_url, data=body, headers=FORM, timeout=5)

    def token(self) -> str:
        response = self.request_token()
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])


@pytest.fixture(scope="module")
def registered(sandbox_server: SandboxServer) -> Iterator[tuple[PrivateKey, str, str]]:
    """One certificate mapped through the test-control endpoint, as a test or a person would."""
    key = private_key("P-256")
    answer = requests.post(
        f"{sandbox_server.base_url}/_sandbox/oauth2/certificates",
        json={"certificate": certificate_pem(key)},
        timeout=5,
    )
    assert answer.status_code == 201, answer.text
    mapped = answer.json()
    yield key, mapped["client_id"], mapped["certificate_id"]
    requests.post(
        f"{sandbox_server.base_url}/_sandbox/oauth2/certificates/{mapped['certificate_id']}/revoke", timeout=5
    )


@pytest.fixture
def m2m(netsuite_sandbox: SandboxServer, registered: tuple[PrivateKey, str, str]) -> Mapping:
    return Mapping(netsuite_sandbox, *registered)


def stats(server: SandboxServer) -> dict[str, object]:
    return dict(requests.get(f"{server.base_url}/_sandbox/stats", timeout=5).json())


def test_the_token_endpoint_answers_like_netsuite_and_is_counted(m2m: Mapping) -> None:
    response = m2m.request_token()

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    assert (body["expires_in"], body["token_type"]) == (3600, "bearer")
    after = stats(m2m.server)
    assert after["requests"]["by_endpoint"]["POST /auth/oauth2/v1/token"] == {"200": 1}  # type: ignore[index]
    assert after["oauth2_tokens_issued"] == 1


def test_a_refused_assertion_says_only_invalid_client_and_the_reason_goes_to_the_audit_trail(
    m2m: Mapping,
) -> None:
    response = m2m.request_token(alg="ES384", key=private_key("P-384"))

    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client"}
    assert response.headers["WWW-Authenticate"] == f'Basic realm="{m2m.server.account_id}"'
    trail = stats(m2m.server)["login_audit_trail"]
    assert trail[-1]["reason"] == "InvalidSignature"  # type: ignore[index]


def test_claims_problems_are_invalid_grant(m2m: Mapping) -> None:
    response = m2m.request_token(scope=["restlets"])
    assert (response.status_code, response.json()) == (400, {"error": "invalid_grant"})


def test_a_malformed_form_is_invalid_request(m2m: Mapping) -> None:
    response = requests.post(m2m.token_url, data=b"grant_type=client_credentials", headers=FORM, timeout=5)
    assert (response.status_code, response.json()) == (400, {"error": "invalid_request"})


@pytest.mark.parametrize(
    ("method", "path", "body", "headers"),
    [
        ("GET", "/services/rest/system/v1/serverTime", None, {}),
        ("GET", "/services/rest/record/v1/customer", None, {}),
        (
            "POST",
            "/services/rest/query/v1/suiteql",
            {"q": "SELECT id FROM currency"},
            {"Prefer": "transient"},
        ),
        (
            "PUT",
            "/services/rest/record/v1/customer/eid:oauth2-cust-1",
            {"companyName": "Bearer Co", "subsidiary": {"id": "1"}},
            {},
        ),
    ],
)
def test_every_rest_path_takes_a_bearer_token(
    m2m: Mapping, method: str, path: str, body: object, headers: dict[str, str]
) -> None:
    token = m2m.token()
    response = requests.request(
        method,
        m2m.server.base_url + path,
        json=body,
        headers={"Authorization": f"Bearer {token}", **headers},
        timeout=5,
    )
    assert response.status_code in (200, 204), response.text


def assert_invalid_token(response: requests.Response, server: SandboxServer) -> None:
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == (
        f'Bearer realm="{server.account_id}", error="invalid_token", '
        'error_description="Invalid login attempt."'
    )
    body = response.json()
    assert body["status"] == 401
    assert body["o:errorDetails"] == [{"detail": INVALID_LOGIN_DETAIL, "o:errorCode": "INVALID_LOGIN"}]


def customers(server: SandboxServer, token: str) -> requests.Response:
    return requests.get(
        f"{server.base_url}/services/rest/record/v1/customer",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )


def test_an_unknown_bearer_token_is_invalid_token(m2m: Mapping) -> None:
    assert_invalid_token(customers(m2m.server, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"), m2m.server)
    assert stats(m2m.server)["login_audit_trail"][-1]["reason"] == "InvalidToken"  # type: ignore[index]


def test_an_expired_bearer_token_is_invalid_token(m2m: Mapping) -> None:
    token = m2m.token()
    assert customers(m2m.server, token).status_code == 200
    requests.post(f"{m2m.server.base_url}/_sandbox/oauth2/expire-tokens", timeout=5)
    assert_invalid_token(customers(m2m.server, token), m2m.server)
    assert stats(m2m.server)["login_audit_trail"][-1]["reason"] == "AccessTokenExpired"  # type: ignore[index]


def test_a_revoked_bearer_token_is_invalid_token(m2m: Mapping) -> None:
    token = m2m.token()
    requests.post(f"{m2m.server.base_url}/_sandbox/oauth2/revoke-tokens", timeout=5)
    assert_invalid_token(customers(m2m.server, token), m2m.server)


def test_a_short_token_lifetime_is_set_through_the_controls(m2m: Mapping) -> None:
    answer = requests.put(
        f"{m2m.server.base_url}/_sandbox/oauth2", json={"token_lifetime_seconds": 2}, timeout=5
    )
    assert answer.json()["token_lifetime_seconds"] == 2
    assert m2m.request_token().json()["expires_in"] == 2


def test_a_bearer_header_without_a_token_is_a_bad_request(m2m: Mapping) -> None:
    response = requests.get(
        f"{m2m.server.base_url}/services/rest/record/v1/customer",
        headers={"Authorization": "Bearer"},
        timeout=5,
    )
    assert response.status_code == 400
    assert 'error="invalid_request"' in response.headers["WWW-Authenticate"]


def test_token_based_auth_keeps_working_beside_bearer_tokens(m2m: Mapping) -> None:
    assert customers(m2m.server, m2m.token()).status_code == 200
    signed = requests.get(
        f"{m2m.server.base_url}/services/rest/record/v1/customer", auth=sandbox_auth(m2m.server), timeout=5
    )
    assert signed.status_code == 200


def test_a_key_netsuite_refuses_is_refused_at_registration_with_the_reason(
    netsuite_sandbox: SandboxServer,
) -> None:
    answer = requests.post(
        f"{netsuite_sandbox.base_url}/_sandbox/oauth2/certificates",
        json={"certificate": certificate_pem(private_key("rsa2048"))},
        timeout=5,
    )
    assert answer.status_code == 400
    assert "3072 or 4096" in answer.json()["error"]
