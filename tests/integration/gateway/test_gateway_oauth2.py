"""The gateway logs in with OAuth 2.0 client credentials: one token per account, bearer on every
request, a refused token minted again once, token requests inside the concurrency limit."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.netsuite import LocalTokenCache
from application.errors import InvalidInput, NetSuiteAuthError
from domain.integration import OAuth2Credentials
from netsuite_sandbox import SandboxServer
from tests.integration.gateway.conftest import GatewayTo
from tests.support.oauth2 import PrivateKey, certificate_pem, private_key, private_key_pem

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def mapped(sandbox_server: SandboxServer) -> Iterator[tuple[PrivateKey, str]]:
    key = private_key("P-256")
    kid = sandbox_server.oauth2.register_certificate(certificate_pem(key))
    yield key, kid
    sandbox_server.oauth2.revoke_certificate(kid)


@pytest.fixture
def oauth2(netsuite_sandbox: SandboxServer, mapped: tuple[PrivateKey, str]) -> OAuth2Credentials:
    key, kid = mapped
    return OAuth2Credentials(netsuite_sandbox.oauth2.client_id, kid, private_key_pem(key))


def tokens_issued(server: SandboxServer) -> int:
    return int(server.stats()["oauth2_tokens_issued"])


def test_every_request_is_a_bearer_request_under_one_token(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo, oauth2: OAuth2Credentials
) -> None:
    netsuite_sandbox.seed("demo")
    gateway = gateway_to(credentials=oauth2, token_cache=LocalTokenCache())

    gateway.server_time()
    customers = list(gateway.customers())
    list(gateway.open_invoices())

    assert customers
    stats = netsuite_sandbox.stats()
    assert stats["requests_by_auth"].get("tba") is None
    assert stats["requests_by_auth"]["bearer"] >= 3
    assert stats["oauth2_tokens_issued"] == 1


def test_gateways_of_one_account_share_the_token(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo, oauth2: OAuth2Credentials
) -> None:
    cache = LocalTokenCache()
    gateways = [gateway_to(credentials=oauth2, token_cache=cache) for _ in range(4)]

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda gateway: gateway.server_time(), gateways))

    assert tokens_issued(netsuite_sandbox) == 1


def test_a_token_that_expires_mid_run_is_replaced_once(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo, oauth2: OAuth2Credentials
) -> None:
    gateway = gateway_to(credentials=oauth2, token_cache=LocalTokenCache())
    gateway.server_time()
    netsuite_sandbox.oauth2.expire_tokens()

    gateway.server_time()

    assert tokens_issued(netsuite_sandbox) == 2
    reasons = [attempt["reason"] for attempt in netsuite_sandbox.stats()["login_audit_trail"]]
    assert reasons.count("AccessTokenExpired") == 1


def test_the_token_request_counts_against_the_concurrency_limit(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo, oauth2: OAuth2Credentials
) -> None:
    netsuite_sandbox.set_governance(concurrency=1, latency_ms=20)
    gateway = gateway_to(credentials=oauth2, token_cache=LocalTokenCache(), limit=1)

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda _: gateway.server_time(), range(6)))

    stats = netsuite_sandbox.stats()
    assert stats["highest_concurrency_demanded"] == 1  # never a 429, token request included
    assert stats["requests"]["by_endpoint"]["POST /auth/oauth2/v1/token"] == {"200": 1}


def test_a_certificate_netsuite_no_longer_knows_is_an_auth_error_with_the_checklist(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo, oauth2: OAuth2Credentials
) -> None:
    wrong = OAuth2Credentials(oauth2.client_id, "not-mapped", oauth2.private_key_pem)

    with pytest.raises(NetSuiteAuthError) as raised:
        gateway_to(credentials=wrong, token_cache=LocalTokenCache()).server_time()

    message = str(raised.value)
    assert "invalid_client" in message and "certificate ID" in message
    assert (
        "Log in using OAuth 2.0 Access Tokens" in message
        and "Client Credentials (Machine to Machine)" in message
    )
    assert netsuite_sandbox.stats()["login_audit_trail"][-1]["reason"] == "MissingKey"


def test_a_token_refused_again_right_after_minting_fails_the_call(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo, oauth2: OAuth2Credentials
) -> None:
    # NetSuite refuses the token just minted too (revoked at once): a credentials problem, not one to
    # loop on.
    gateway = gateway_to(credentials=oauth2, token_cache=LocalTokenCache())
    gateway.server_time()
    netsuite_sandbox.oauth2.revoke_tokens()
    original = netsuite_sandbox.oauth2.issue_token

    def issue_revoked(*args: object, **kwargs: object) -> dict[str, object]:
        answer = original(*args, **kwargs)  # type: ignore[arg-type]
        netsuite_sandbox.oauth2.revoke_tokens()
        return answer

    netsuite_sandbox.oauth2.issue_token = issue_revoked  # type: ignore[method-assign]
    try:
        with pytest.raises(NetSuiteAuthError, match="freshly minted"):
            gateway.server_time()
    finally:
        del netsuite_sandbox.oauth2.issue_token
    assert tokens_issued(netsuite_sandbox) == 2  # minted once more, not in a loop


def test_a_key_netsuite_does_not_take_is_named(gateway_to: GatewayTo, oauth2: OAuth2Credentials) -> None:
    weak = OAuth2Credentials(oauth2.client_id, oauth2.certificate_id, private_key_pem(private_key("rsa2048")))
    with pytest.raises(InvalidInput, match="3072 or 4096") as raised:
        gateway_to(credentials=weak)
    assert raised.value.param == "private_key"
