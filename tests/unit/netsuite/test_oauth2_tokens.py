"""The gateway's OAuth 2.0 client: the assertion it signs (checked here with PyJWT against the
certificate's public key, not with our own code), the token it caches until a minute before expiry,
and what it does with a token endpoint that fails."""

from __future__ import annotations

from urllib.parse import parse_qs

import jwt
import pytest
import requests

from adapters.netsuite import LocalConcurrencyLimiter, LocalTokenCache
from adapters.netsuite.oauth2 import TOKEN_PATH, ClientCredentialsTokens
from application.errors import NetSuiteAuthError, NetSuiteUnavailable
from domain.integration import OAuth2Credentials
from tests.support.oauth2 import PrivateKey, private_key, private_key_pem
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply, Seen

TOKEN = {"access_token": "eyJ.token.one", "expires_in": 3600, "token_type": "Bearer"}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def tokens_for(
    fake: FakeNetSuite, key: PrivateKey, clock: Clock, sleeps: list[float] | None = None
) -> ClientCredentialsTokens:
    return ClientCredentialsTokens(
        account_id="1234567_SB1",
        token_url=fake.url + TOKEN_PATH,
        credentials=OAuth2Credentials("client-42", "kid-42", private_key_pem(key)),
        session=requests.Session(),
        limiter=LocalConcurrencyLimiter(1),
        cache=LocalTokenCache(clock=clock),
        timeout=(2.0, 5.0),
        clock=clock,
        sleep=(sleeps.append if sleeps is not None else lambda _: None),
    )


def assertion_of(seen: Seen) -> str:
    form = parse_qs(seen.body.decode())
    assert form["grant_type"] == ["client_credentials"]
    assert form["client_assertion_type"] == ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]
    return form["client_assertion"][0]


@pytest.mark.parametrize(
    ("kind", "alg"), [("P-256", "ES256"), ("P-384", "ES384"), ("P-521", "ES512"), ("rsa3072", "PS256")]
)
def test_the_assertion_is_what_netsuite_asks_for(
    fake_netsuite: FakeNetSuite, clock: Clock, kind: str, alg: str
) -> None:
    key = private_key(kind)
    fake_netsuite.reply(Reply(200, TOKEN))

    assert tokens_for(fake_netsuite, key, clock).current() == "eyJ.token.one"

    (seen,) = fake_netsuite.requests
    assert seen.method == "POST" and seen.path == TOKEN_PATH
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assertion = assertion_of(seen)
    assert jwt.get_unverified_header(assertion) == {"typ": "JWT", "alg": alg, "kid": "kid-42"}
    claims = jwt.decode(
        assertion,
        key.public_key(),
        algorithms=[alg],
        audience=fake_netsuite.url + TOKEN_PATH,
        issuer="client-42",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["scope"] == ["rest_webservices"]
    assert claims["iat"] == int(clock.now) and claims["exp"] - claims["iat"] == 300  # minutes, not the hour
    assert claims["jti"]


def test_the_token_is_kept_until_a_minute_before_it_expires(
    fake_netsuite: FakeNetSuite, clock: Clock
) -> None:
    fake_netsuite.reply(Reply(200, TOKEN), Reply(200, TOKEN | {"access_token": "eyJ.token.two"}))
    tokens = tokens_for(fake_netsuite, private_key(), clock)
    assert tokens.current() == "eyJ.token.one"

    clock.now += 3539
    assert tokens.current() == "eyJ.token.one"
    clock.now += 2
    assert tokens.current() == "eyJ.token.two"
    assert len(fake_netsuite.requests) == 2


def test_a_discarded_token_is_minted_again(fake_netsuite: FakeNetSuite, clock: Clock) -> None:
    fake_netsuite.reply(Reply(200, TOKEN), Reply(200, TOKEN | {"access_token": "eyJ.token.two"}))
    tokens = tokens_for(fake_netsuite, private_key(), clock)
    tokens.discard(tokens.current())
    assert tokens.current() == "eyJ.token.two"


def test_a_failing_token_endpoint_is_tried_a_few_times(fake_netsuite: FakeNetSuite, clock: Clock) -> None:
    sleeps: list[float] = []
    busy = Reply(429, {"o:errorDetails": [{"o:errorCode": "CONCURRENCY_LIMIT_EXCEEDED"}]})
    fake_netsuite.reply(Reply(500, {"error": "server_error"}), busy, Reply(200, TOKEN))
    assert tokens_for(fake_netsuite, private_key(), clock, sleeps).current() == "eyJ.token.one"
    assert len(sleeps) == 2

    fake_netsuite.reply(*[Reply(500, {"error": "server_error"})] * 3)
    with pytest.raises(NetSuiteUnavailable, match="token endpoint kept failing"):
        tokens_for(fake_netsuite, private_key(), clock).current()


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (Reply(401, {"error": "invalid_client"}), "invalid_client"),
        (Reply(400, {"error": "invalid_grant"}), "invalid_grant"),
        (Reply(200, {"access_token": "x", "token_type": "mac", "expires_in": 3600}), "without a bearer"),
    ],
)
def test_a_refusal_is_an_auth_error_with_the_checklist(
    fake_netsuite: FakeNetSuite, clock: Clock, reply: Reply, said: str
) -> None:
    fake_netsuite.reply(reply)
    with pytest.raises(NetSuiteAuthError) as raised:
        tokens_for(fake_netsuite, private_key(), clock).current()
    assert said in str(raised.value) and "Client Credentials (Machine to Machine) Grant" in str(raised.value)
