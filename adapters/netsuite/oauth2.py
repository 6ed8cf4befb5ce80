"""OAuth 2.0 client credentials (machine to machine) toward NetSuite: a short-lived JWT assertion signed
with the certificate's private key is traded at the token endpoint for an hour-long bearer token.

One token serves every request of an account: it is cached until a minute before it expires, shared by
every worker through Redis when there is one (a `TokenCache`), and minted again once when NetSuite answers
401 invalid_token. A token request holds one of the account's concurrency slots like any other request.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from requests.auth import AuthBase

from adapters.netsuite.jsonio import decode_json
from adapters.netsuite.limiter import ConcurrencyLimiter
from adapters.security.known_secrets import remember_secret
from application.errors import InvalidInput, NetSuiteAuthError, NetSuiteUnavailable
from domain.integration import OAuth2Credentials

logger = logging.getLogger("adapters.netsuite")

TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# Minutes, not NetSuite's hour: an assertion that leaks is useless almost at once.
ASSERTION_LIFETIME_SECONDS = 300
# Oracle's own example assertion sends the scope as a JSON array (its text says comma-separated).
SCOPE = ["rest_webservices"]
RENEW_BEFORE_EXPIRY_SECONDS = 60
MAX_TOKEN_LIFETIME_SECONDS = 3600
TOKEN_REQUEST_ATTEMPTS = 3
_EC_ALGORITHMS = {256: "ES256", 384: "ES384", 521: "ES512"}


def _usable_for(expires_in: int) -> float:
    """How long to use a token: until a minute before it expires; a token shorter-lived than two minutes
    (the sandbox can be told to issue them) is used for three quarters of its life instead."""
    lifetime = min(expires_in, MAX_TOKEN_LIFETIME_SECONDS)
    if lifetime > 2 * RENEW_BEFORE_EXPIRY_SECONDS:
        return float(lifetime - RENEW_BEFORE_EXPIRY_SECONDS)
    return lifetime * 0.75


class ClientAssertionSigner:
    """Signs client assertions with the certificate's private key: PS256 for RSA, ES256/384/512 for EC
    (NetSuite refuses RS256 and HMAC)."""

    def __init__(self, credentials: OAuth2Credentials) -> None:
        self.client_id = credentials.client_id
        self.certificate_id = credentials.certificate_id
        remember_secret(credentials.private_key_pem)  # masked in every log line from now on
        try:
            key = load_pem_private_key(credentials.private_key_pem.encode("utf-8"), password=None)
        except TypeError:
            raise InvalidInput(
                "The private key is protected by a passphrase; give it without one (it is kept sealed here).",
                "private_key",
            ) from None
        except ValueError:
            raise InvalidInput(
                "The private key is not a PEM private key (-----BEGIN PRIVATE KEY-----): give the key file "
                "written with the certificate, not the certificate itself.",
                "private_key",
            ) from None
        if isinstance(key, rsa.RSAPrivateKey) and key.key_size in (3072, 4096):
            self.algorithm = "PS256"
        elif isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size in _EC_ALGORITHMS:
            self.algorithm = _EC_ALGORITHMS[key.curve.key_size]
        else:
            raise InvalidInput(
                "NetSuite accepts RSA keys of 3072 or 4096 bits and EC keys on P-256, P-384 or P-521; "
                "create a new certificate with invoiced-netsuite certificate create.",
                "private_key",
            )
        self._key = key

    def assertion(self, token_url: str, now: float) -> str:
        issued = int(now)
        claims = {
            "iss": self.client_id,
            "scope": SCOPE,
            "aud": token_url,
            "iat": issued,
            "exp": issued + ASSERTION_LIFETIME_SECONDS,
            "jti": uuid.uuid4().hex,
        }
        headers = {"typ": "JWT", "kid": self.certificate_id}
        assertion = jwt.encode(claims, self._key, algorithm=self.algorithm, headers=headers)
        remember_secret(assertion)
        return assertion


class TokenCache(Protocol):
    """Where an account's access token is kept between requests (and, through Redis, between workers)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, token: str, seconds: float) -> None: ...

    def discard(self, key: str, token: str) -> None:
        """Forget the token if it is still the one cached (a newer one stays)."""
        ...

    def minting(self, key: str) -> AbstractContextManager[None]:
        """A context manager held while one caller mints the key's token, so the others wait for it."""
        ...


class LocalTokenCache:
    """Within one process: every gateway of the process shares the token of its account."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[str, float]] = {}
        self._minting: dict[str, threading.Lock] = {}

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self._tokens.get(key)
        if found is None or found[1] <= self._clock():
            return None
        return found[0]

    def put(self, key: str, token: str, seconds: float) -> None:
        with self._lock:
            self._tokens[key] = (token, self._clock() + seconds)

    def discard(self, key: str, token: str) -> None:
        with self._lock:
            if self._tokens.get(key, ("", 0.0))[0] == token:
                del self._tokens[key]

    @contextmanager
    def minting(self, key: str) -> Iterator[None]:
        with self._lock:
            lock = self._minting.setdefault(key, threading.Lock())
        with lock:
            yield


_local_cache = LocalTokenCache()


def local_token_cache() -> LocalTokenCache:
    """The process-wide cache (the default without Redis)."""
    return _local_cache


def cache_key(account_id: str, credentials: OAuth2Credentials) -> str:
    """One token per account and integration: the key names the account, the client and the
    certificate (hashed: a key must not spell out the client id)."""
    digest = hashlib.sha256(f"{credentials.client_id}\0{credentials.certificate_id}".encode()).hexdigest()
    return f"{account_id.upper()}:{digest[:24]}"


@dataclass(frozen=True, slots=True)
class _MintedToken:
    token: str
    usable_for: float


class ClientCredentialsTokens:
    """The access token of one account: from the cache, or minted (holding a concurrency slot)."""

    def __init__(
        self,
        *,
        account_id: str,
        token_url: str,
        credentials: OAuth2Credentials,
        session: requests.Session,
        limiter: ConcurrencyLimiter,
        cache: TokenCache,
        timeout: float | tuple[float, float],
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.token_url = token_url
        self._signer = ClientAssertionSigner(credentials)
        self._key = cache_key(account_id, credentials)
        self._session = session
        self._limiter = limiter
        self._cache = cache
        self._timeout = timeout
        self._clock = clock
        self._sleep = sleep

    def current(self) -> str:
        """A token good for at least another minute (minted now when none is)."""
        token = self._cache.get(self._key)
        if token is not None:
            return token
        with self._cache.minting(self._key):
            token = self._cache.get(self._key)  # another thread or worker minted it while we waited
            if token is not None:
                return token
            minted = self._mint()
            self._cache.put(self._key, minted.token, minted.usable_for)
            return minted.token

    def discard(self, token: str) -> None:
        """NetSuite refused this token (expired or revoked): the next request mints a new one."""
        self._cache.discard(self._key, token)

    def _mint(self) -> _MintedToken:
        failure = ""
        for attempt in range(1, TOKEN_REQUEST_ATTEMPTS + 1):
            form = {
                "grant_type": "client_credentials",
                "client_assertion_type": CLIENT_ASSERTION_TYPE,
                "client_assertion": self._signer.assertion(self.token_url, self._clock()),
            }
            try:
                with self._limiter.slot():
                    response = self._session.post(
                        self.token_url,
                        data=form,
                        headers={"Accept": "application/json"},
                        timeout=self._timeout,
                        allow_redirects=False,
                    )
            except requests.exceptions.RequestException as error:
                failure = type(error).__name__
            else:
                if response.status_code < 500 and response.status_code != 429:
                    return self._read(response)
                # Real token endpoints sometimes answer 500 server_error, and other integrations can
                # fill the account's concurrency limit (429): both are worth a few more tries.
                failure = f"HTTP {response.status_code}"
            logger.warning("netsuite token request failed attempt=%d reason=%s", attempt, failure)
            if attempt < TOKEN_REQUEST_ATTEMPTS:
                self._sleep(0.5 * attempt)
        raise NetSuiteUnavailable(
            f"NetSuite's token endpoint kept failing ({failure}, {TOKEN_REQUEST_ATTEMPTS} attempts); it is "
            "busy or unreachable, or it refuses the certificate without saying so. The next sync will try "
            "again; if this goes on, check the OAuth 2.0 setup in NetSuite."
        )

    def _read(self, response: requests.Response) -> _MintedToken:
        try:
            body = decode_json(response.content.decode("utf-8", errors="replace"))
        except ValueError:
            body = None
        if response.status_code != 200 or not isinstance(body, dict):
            error = body.get("error") if isinstance(body, dict) else None
            logger.info("netsuite token refused status=%d error=%s", response.status_code, error)
            raise NetSuiteAuthError.oauth2(_refusal(response.status_code, error))
        token, kind, expires_in = body.get("access_token"), body.get("token_type"), body.get("expires_in")
        if not isinstance(token, str) or not token or str(kind).lower() != "bearer":
            raise NetSuiteAuthError.oauth2(
                "NetSuite's token endpoint answered without a bearer access token."
            )
        lifetime = (
            expires_in if isinstance(expires_in, int) and expires_in > 0 else MAX_TOKEN_LIFETIME_SECONDS
        )
        remember_secret(token)  # a bearer token opens the account for its lifetime: never logged
        logger.info("netsuite access token minted expires_in=%d", lifetime)
        return _MintedToken(token, _usable_for(lifetime))


def _refusal(status: int, error: object) -> str:
    """What the token endpoint's answer means, in a sentence; the checklist follows it."""
    if error == "invalid_client":
        return (
            "NetSuite refused the client assertion (invalid_client): the client ID, the certificate ID or "
            "the private key does not match a mapped certificate."
        )
    if error == "invalid_grant":
        return (
            "NetSuite refused the token request (invalid_grant): the scope, the audience or the times in "
            "the assertion were not accepted (is the REST Web Services scope checked, the clock right?)."
        )
    if error == "invalid_request":
        return "NetSuite refused the token request as malformed (invalid_request)."
    return f"NetSuite's token endpoint refused the request (HTTP {status}, {error or 'no error code'})."


class BearerTokenAuth(AuthBase):
    """Puts the account's current access token on each request; the transport calls `ready()` before it
    takes a slot (minting takes one of its own) and `discard()` on a 401."""

    def __init__(self, tokens: ClientCredentialsTokens) -> None:
        self.tokens = tokens
        self._local = threading.local()

    def ready(self) -> None:
        self._local.token = self.tokens.current()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        token = getattr(self._local, "token", None) or self.tokens.current()
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    def discard(self, request: requests.PreparedRequest) -> None:
        header = request.headers.get("Authorization", "")
        self._local.token = None
        if header.startswith("Bearer "):
            self.tokens.discard(header[len("Bearer ") :])
