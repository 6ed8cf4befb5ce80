"""Token-based auth as NetSuite checks it: Oracle's published sample, realm, fresh signatures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from urllib.parse import urlsplit

import requests
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils
from requests.auth import AuthBase

from adapters.netsuite.auth import token_based_auth
from adapters.netsuite.hosts import account_base_url
from adapters.netsuite.limiter import LocalConcurrencyLimiter
from adapters.netsuite.transport import NetSuiteTransport, RetryPolicy
from domain.integration import NetSuiteCredentials
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply, page

# Oracle's documentation sample (reference §2.1.8) — sample values, not real credentials.
ORACLE_SAMPLE = NetSuiteCredentials(
    consumer_key="ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
    consumer_secret="d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
    token_id="2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
    token_secret="c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
)


def _transport(
    account_id: str, credentials: NetSuiteCredentials, base_url: str | None = None
) -> NetSuiteTransport:
    return NetSuiteTransport(
        base_url=account_base_url(account_id, base_url),
        auth=token_based_auth(account_id, credentials),
        session=requests.Session(),
        limiter=LocalConcurrencyLimiter(1),
        retry=RetryPolicy(),
        timeout=5,
    )


def _oauth_params(header: str) -> dict[str, str]:
    return dict(oauth_utils.parse_authorization_header(header))


def _header(prepared: requests.PreparedRequest, name: str) -> str:
    # requests-oauthlib hands header values back as bytes; on the wire they are the same.
    value = prepared.headers[name]
    return value.decode() if isinstance(value, bytes) else value


def test_oracle_sample_signature_is_reproduced_through_the_gateway_signing_path() -> None:
    transport = _transport("123456", ORACLE_SAMPLE)
    auth = transport._auth
    auth.client.nonce = "fjaLirsIcCGVZWzBX0pg"  # type: ignore[attr-defined]
    auth.client.timestamp = "1508242306"  # type: ignore[attr-defined]

    prepared = transport.prepare("GET", "/services/rest/record/v1/employee/40")

    assert prepared.url == "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40"
    header = _header(prepared, "Authorization")
    assert 'oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"' in header
    params = _oauth_params(header)
    assert params["realm"] == "123456"
    assert params["oauth_signature_method"] == "HMAC-SHA256"
    assert params["oauth_version"] == "1.0"


def test_the_realm_is_the_account_id_upper_case_with_underscore() -> None:
    prepared = _transport("1234567-sb1", ORACLE_SAMPLE).prepare("GET", "/services/rest/system/v1/serverTime")

    assert _oauth_params(_header(prepared, "Authorization"))["realm"] == "1234567_SB1"
    assert prepared.url.startswith("https://1234567-sb1.suitetalk.api.netsuite.com/")


def test_a_json_body_is_sent_as_json_and_the_signature_covers_url_and_query_but_not_the_body() -> None:
    transport = _transport("123456", ORACLE_SAMPLE)

    prepared = transport.prepare(
        "POST",
        "/services/rest/query/v1/suiteql",
        params={"limit": 1000, "offset": 0},
        body={"q": "SELECT id FROM customer WHERE companyname = 'A B'"},
    )

    assert _header(prepared, "Content-Type") == "application/json"
    assert prepared.body == b'{"q":"SELECT id FROM customer WHERE companyname = \'A B\'"}'
    header = _header(prepared, "Authorization")
    assert "oauth_body_hash" not in header
    # Verify the way the sandbox and NetSuite do: URL query parameters + oauth_* parameters.
    request = oauth_signature_request(prepared, header)
    assert oauth_signature.verify_hmac_sha256(
        request, ORACLE_SAMPLE.consumer_secret, ORACLE_SAMPLE.token_secret
    )
    # ...and the query is really part of it: without it the signature no longer verifies.
    request.params = [(name, value) for name, value in request.params if name not in ("limit", "offset")]
    assert not oauth_signature.verify_hmac_sha256(
        request, ORACLE_SAMPLE.consumer_secret, ORACLE_SAMPLE.token_secret
    )


def oauth_signature_request(prepared: requests.PreparedRequest, header: str) -> SimpleNamespace:
    assert prepared.url is not None
    return SimpleNamespace(
        params=oauth_signature.collect_parameters(
            uri_query=urlsplit(prepared.url).query, headers={"Authorization": header}, with_realm=False
        ),
        uri=prepared.url,
        http_method=prepared.method,
        signature=oauth_utils.unescape(_oauth_params(header)["oauth_signature"]),
    )


def test_every_attempt_is_signed_afresh(fake_netsuite: FakeNetSuite) -> None:
    fake_netsuite.reply(Reply(503, "busy"), Reply(503, "busy"), page([]))
    transport = NetSuiteTransport(
        base_url=fake_netsuite.url,
        auth=token_based_auth("123456", ORACLE_SAMPLE),
        session=requests.Session(),
        limiter=LocalConcurrencyLimiter(1),
        retry=RetryPolicy(first_wait=0.001, max_wait=0.001),
        timeout=5,
    )

    transport.send("POST", "/services/rest/query/v1/suiteql", body={"q": "SELECT 1"})

    headers = [_oauth_params(seen.headers["authorization"]) for seen in fake_netsuite.requests]
    assert len(headers) == 3
    assert len({params["oauth_nonce"] for params in headers}) == 3
    assert len({params["oauth_signature"] for params in headers}) == 3


class _RecordingLimiter:
    def __init__(self) -> None:
        self.held = False

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.held = True
        try:
            yield
        finally:
            self.held = False


class _RecordingAuth(AuthBase):
    def __init__(self, limiter: _RecordingLimiter) -> None:
        self.limiter = limiter
        self.signed_holding_a_slot: list[bool] = []

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self.signed_holding_a_slot.append(self.limiter.held)
        return request


def test_a_request_is_signed_only_once_it_holds_a_slot(fake_netsuite: FakeNetSuite) -> None:
    # A long wait for a slot shared across workers must not age the signature's timestamp.
    fake_netsuite.reply(Reply(503, "busy"), page([]))
    limiter = _RecordingLimiter()
    auth = _RecordingAuth(limiter)
    transport = NetSuiteTransport(
        base_url=fake_netsuite.url,
        auth=auth,
        session=requests.Session(),
        limiter=limiter,
        retry=RetryPolicy(first_wait=0.001, max_wait=0.001),
        timeout=5,
    )

    transport.send("POST", "/services/rest/query/v1/suiteql", body={"q": "SELECT 1"})

    assert auth.signed_holding_a_slot == [True, True]
