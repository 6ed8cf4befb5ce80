"""The sandbox's token-based-auth verifier, checked against Oracle's published test vector."""

from __future__ import annotations

import base64
import hashlib
import time

import pytest
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, Client

from netsuite_sandbox.auth import AuthenticationFailed, TokenVerifier
from netsuite_sandbox.credentials import SandboxCredentials

# Oracle's documentation sample values (reference §2.1.8) — not real credentials.
GOLDEN = SandboxCredentials(
    consumer_key="ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
    consumer_secret="d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
    token_id="2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
    token_secret="c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
)
GOLDEN_URL = "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40"
GOLDEN_TIMESTAMP = 1508242306
GOLDEN_SIGNATURE = "B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"


def golden_header(signature: str = GOLDEN_SIGNATURE, realm: str = "123456") -> str:
    return (
        f'OAuth realm="{realm}",oauth_consumer_key="{GOLDEN.consumer_key}",'
        f'oauth_token="{GOLDEN.token_id}",oauth_signature_method="HMAC-SHA256",'
        f'oauth_timestamp="{GOLDEN_TIMESTAMP}",oauth_nonce="fjaLirsIcCGVZWzBX0pg",'
        f'oauth_version="1.0",oauth_signature="{signature}"'
    )


def golden_verifier() -> TokenVerifier:
    return TokenVerifier("123456", GOLDEN, clock=lambda: GOLDEN_TIMESTAMP + 10)


def test_the_documented_golden_signature_is_accepted() -> None:
    verifier = golden_verifier()

    verifier.authenticate("GET", GOLDEN_URL, golden_header())

    assert verifier.audit_trail()[-1]["status"] == "Success"


def test_a_tampered_golden_signature_is_rejected_as_invalid_signature() -> None:
    tampered = "C" + GOLDEN_SIGNATURE[1:]

    with pytest.raises(AuthenticationFailed) as failure:
        golden_verifier().authenticate("GET", GOLDEN_URL, golden_header(tampered))

    assert failure.value.reason == "InvalidSignature"


def test_the_golden_signature_does_not_cover_another_url() -> None:
    with pytest.raises(AuthenticationFailed) as failure:
        golden_verifier().authenticate("GET", GOLDEN_URL.replace("/40", "/41"), golden_header())

    assert failure.value.reason == "InvalidSignature"


CREDENTIALS = SandboxCredentials("ck-1", "cs-1", "tk-1", "ts-1")
URL = "http://127.0.0.1:8700/services/rest/query/v1/suiteql?limit=10&offset=0"


def signed(
    url: str = URL,
    method: str = "POST",
    realm: str = "TSTDRV2450117",
    secret: str = "cs-1",
    signature_method: str = SIGNATURE_HMAC_SHA256,
    timestamp: str | None = None,
    nonce: str | None = None,
) -> str:
    client = Client(
        "ck-1",
        client_secret=secret,
        resource_owner_key="tk-1",
        resource_owner_secret="ts-1",
        signature_method=signature_method,
        realm=realm,
        timestamp=timestamp,
        nonce=nonce,
    )
    _, headers, _ = client.sign(url, http_method=method)
    return headers["Authorization"]


def reason_for(authorization: str, url: str = URL, now: float | None = None) -> str:
    clock = (lambda: now) if now is not None else time.time
    verifier = TokenVerifier("TSTDRV2450117", CREDENTIALS, clock=clock)
    with pytest.raises(AuthenticationFailed) as failure:
        verifier.authenticate("POST", url, authorization)
    assert verifier.audit_trail()[-1]["reason"] == failure.value.reason
    return failure.value.reason


def test_a_correctly_signed_request_with_query_parameters_passes() -> None:
    TokenVerifier("TSTDRV2450117", CREDENTIALS).authenticate("POST", URL, signed())


def test_query_parameters_are_part_of_the_signature() -> None:
    assert reason_for(signed(), url=URL.replace("limit=10", "limit=20")) == "InvalidSignature"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (lambda: signed(secret="wrong"), "InvalidSignature"),
        (lambda: signed(realm="tstdrv2450117"), "InvalidRealm"),
        (lambda: signed(signature_method=SIGNATURE_HMAC_SHA1), "UnknownAlgorithm"),
        (lambda: signed(timestamp="1000000000"), "InvalidTimestamp"),
        (
            lambda: signed().replace('oauth_consumer_key="ck-1"', 'oauth_consumer_key="other"'),
            "consumer_key_unknown",
        ),
        (lambda: signed().replace('oauth_token="tk-1"', 'oauth_token="other"'), "token_rejected"),
        (lambda: "Basic dXNlcjpwYXNz", "MissingTokenPassportRequiredFields"),
    ],
    ids=[
        "wrong-secret",
        "lower-case-realm",
        "hmac-sha1",
        "old-timestamp",
        "unknown-consumer",
        "unknown-token",
        "not-oauth",
    ],
)
def test_each_failure_is_recorded_with_its_real_reason(header, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert reason_for(header()) == reason


def test_a_reused_nonce_and_timestamp_is_rejected() -> None:
    verifier = TokenVerifier("TSTDRV2450117", CREDENTIALS)
    header = signed(nonce="fixed-nonce-123456")
    verifier.authenticate("POST", URL, header)

    with pytest.raises(AuthenticationFailed) as failure:
        verifier.authenticate("POST", URL, header)

    assert failure.value.reason == "NonceUsed"


def test_a_nonce_is_remembered_for_ten_minutes_and_forgotten_oldest_first() -> None:
    now = [1_800_000_000.0]
    verifier = TokenVerifier("TSTDRV2450117", CREDENTIALS, clock=lambda: now[0])
    first = signed(nonce="first-nonce-0001", timestamp=str(int(now[0])))
    verifier.authenticate("POST", URL, first)
    for n in range(200):  # a busy account: each request must not look at every nonce seen before
        now[0] += 1
        verifier.authenticate("POST", URL, signed(nonce=f"busy-nonce-{n:04d}", timestamp=str(int(now[0]))))
    with pytest.raises(AuthenticationFailed):
        verifier.authenticate("POST", URL, first)  # 200 s later: still remembered (and too old anyway)

    now[0] += 601
    verifier.authenticate("POST", URL, signed(nonce="late-nonce-0001", timestamp=str(int(now[0]))))

    assert len(verifier._used_nonces) == len(verifier._nonce_order) == 1


def test_timestamps_within_five_minutes_pass_and_beyond_fail() -> None:
    now = 1_800_000_000
    within = signed(timestamp=str(now - 290))
    beyond = signed(timestamp=str(now - 310))
    TokenVerifier("TSTDRV2450117", CREDENTIALS, clock=lambda: now).authenticate("POST", URL, within)

    assert reason_for(beyond, now=now) == "InvalidTimestamp"


def test_a_signed_oauth_body_hash_is_accepted() -> None:
    body = b'{"q": "SELECT id FROM customer"}'
    body_hash = base64.b64encode(hashlib.sha1(body).digest()).decode()
    client = Client(
        "ck-1",
        client_secret="cs-1",
        resource_owner_key="tk-1",
        resource_owner_secret="ts-1",
        signature_method=SIGNATURE_HMAC_SHA256,
        realm="TSTDRV2450117",
    )
    # authlib-style: oauth_body_hash travels in the header and is signed like any oauth_ param.
    original = client.get_oauth_params

    def with_body_hash(request):  # type: ignore[no-untyped-def]
        return [*original(request), ("oauth_body_hash", body_hash)]

    client.get_oauth_params = with_body_hash  # type: ignore[method-assign]
    _, headers, _ = client.sign(URL, http_method="POST")
    assert "oauth_body_hash" in headers["Authorization"]

    TokenVerifier("TSTDRV2450117", CREDENTIALS).authenticate("POST", URL, headers["Authorization"])


def test_the_realm_is_the_account_id_upper_case_with_underscore() -> None:
    assert TokenVerifier("1234567-sb1", CREDENTIALS).realm == "1234567_SB1"
