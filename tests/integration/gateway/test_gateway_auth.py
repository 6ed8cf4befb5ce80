"""Every token-based-auth mistake ends as NetSuiteAuthError with the checklist, tried once."""

from __future__ import annotations

import pytest

from application.errors import NetSuiteAuthError
from netsuite_sandbox import SandboxServer
from tests.integration.gateway.conftest import GatewayTo, credentials_of

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("mistake", "reason"),
    [
        ({"consumer_secret": "0" * 64}, "InvalidSignature"),
        ({"token_secret": "0" * 64}, "InvalidSignature"),
        ({"token_id": "f" * 64}, "token_rejected"),
        ({"consumer_key": "e" * 64}, "consumer_key_unknown"),
    ],
    ids=["wrong consumer secret", "wrong token secret", "unknown token", "unknown consumer key"],
)
def test_wrong_credentials(
    mistake: dict[str, str], reason: str, netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to(credentials=credentials_of(netsuite_sandbox, **mistake))

    with pytest.raises(NetSuiteAuthError) as raised:
        gateway.server_time()

    assert "INVALID_LOGIN" in str(raised.value) and "token" in str(raised.value)
    (attempt,) = netsuite_sandbox.stats()["login_audit_trail"]
    assert (attempt["status"], attempt["reason"]) == ("Failure", reason)


def test_another_account_id_signs_with_the_wrong_realm(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to(account_id=f"{netsuite_sandbox.account_id}_SB1")

    with pytest.raises(NetSuiteAuthError):
        list(gateway.customers())

    (attempt,) = netsuite_sandbox.stats()["login_audit_trail"]
    assert attempt["reason"] == "InvalidRealm"


def test_the_right_credentials_get_in(netsuite_sandbox: SandboxServer, gateway_to: GatewayTo) -> None:
    gateway_to().server_time()

    assert [attempt["status"] for attempt in netsuite_sandbox.stats()["login_audit_trail"]] == ["Success"]
