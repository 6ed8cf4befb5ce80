"""Token-based authentication (OAuth 1.0a, HMAC-SHA256) verified the way NetSuite does.

Every failure looks the same to the client (401 INVALID_LOGIN); the real reason only goes to
the sandbox log and to the login audit trail, as in NetSuite's Login Audit Trail.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urlsplit

from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils

from netsuite_sandbox.credentials import SandboxCredentials

logger = logging.getLogger("netsuite_sandbox")

MAX_CLOCK_SKEW_SECONDS = 300
AUDIT_TRAIL_SIZE = 1000
_REQUIRED = (
    "oauth_consumer_key",
    "oauth_token",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_signature_method",
    "oauth_signature",
)


class AuthenticationFailed(Exception):
    """Carries the Login-Audit-Trail reason; never shown to the client."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class LoginAttempt:
    """One line of the login audit trail."""

    at: str
    status: str  # "Success" or "Failure"
    reason: str | None
    detail: str | None
    method: str
    path: str

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


class TokenVerifier:
    """Checks the Authorization header of one request against one account's credentials."""

    def __init__(
        self,
        account_id: str,
        credentials: SandboxCredentials,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.account_id = account_id
        self.credentials = credentials
        self._clock = clock
        self._lock = threading.Lock()
        self._used_nonces: dict[tuple[str, str, str, str], float] = {}
        self._nonce_order: deque[tuple[float, tuple[str, str, str, str]]] = deque()
        self._audit: deque[LoginAttempt] = deque(maxlen=AUDIT_TRAIL_SIZE)

    @property
    def realm(self) -> str:
        """The canonical account id: upper case with underscore ('1234567_SB1')."""
        return self.account_id.upper().replace("-", "_")

    def authenticate(self, method: str, url: str, authorization: str | None) -> None:
        """Verify and record the attempt; raise AuthenticationFailed with the real reason."""
        path = urlsplit(url).path
        try:
            self._verify(method, url, authorization)
        except AuthenticationFailed as failure:
            logger.warning("login failed: %s (%s) for %s %s", failure.reason, failure.detail, method, path)
            self._record(
                LoginAttempt(self._now_iso(), "Failure", failure.reason, failure.detail, method, path)
            )
            raise
        self._record(LoginAttempt(self._now_iso(), "Success", None, None, method, path))

    def record_attempt(self, method: str, path: str, failure: AuthenticationFailed | None = None) -> None:
        """Add an attempt checked elsewhere (an OAuth 2.0 token request or bearer token) to the trail."""
        if failure is None:
            self._record(LoginAttempt(self._now_iso(), "Success", None, None, method, path))
            return
        logger.warning("login failed: %s (%s) for %s %s", failure.reason, failure.detail, method, path)
        self._record(LoginAttempt(self._now_iso(), "Failure", failure.reason, failure.detail, method, path))

    def audit_trail(self) -> list[dict[str, str | None]]:
        with self._lock:
            return [attempt.as_dict() for attempt in self._audit]

    def clear(self) -> None:
        with self._lock:
            self._audit.clear()
            self._used_nonces.clear()
            self._nonce_order.clear()

    def _verify(self, method: str, url: str, authorization: str | None) -> None:
        if not authorization or not authorization.strip().lower().startswith("oauth "):
            raise AuthenticationFailed("MissingTokenPassportRequiredFields", "no OAuth Authorization header")
        try:
            header_params = oauth_utils.parse_authorization_header(authorization.strip())
        except (ValueError, IndexError):
            raise AuthenticationFailed(
                "MissingTokenPassportRequiredFields", "malformed Authorization header"
            ) from None
        params = {name: oauth_utils.unescape(value) for name, value in header_params}
        missing = [name for name in _REQUIRED if not params.get(name)]
        if missing:
            raise AuthenticationFailed("MissingTokenPassportRequiredFields", f"missing {', '.join(missing)}")
        if params["oauth_signature_method"] != "HMAC-SHA256":
            raise AuthenticationFailed(
                "UnknownAlgorithm", f"signature method {params['oauth_signature_method']!r}"
            )
        if params.get("realm") != self.realm:
            raise AuthenticationFailed("InvalidRealm", f"realm {params.get('realm')!r} is not {self.realm!r}")
        if params["oauth_consumer_key"] != self.credentials.consumer_key:
            raise AuthenticationFailed("consumer_key_unknown", "unknown consumer key")
        if params["oauth_token"] != self.credentials.token_id:
            raise AuthenticationFailed("token_rejected", "unknown token")
        timestamp = params["oauth_timestamp"]
        if not timestamp.isdigit() or abs(int(timestamp) - self._clock()) > MAX_CLOCK_SKEW_SECONDS:
            raise AuthenticationFailed(
                "InvalidTimestamp", f"timestamp {timestamp} is more than 300 s off server time"
            )
        if not self._signature_matches(method, url, authorization, params["oauth_signature"]):
            raise AuthenticationFailed("InvalidSignature", "signature does not match")
        self._remember_nonce(params)

    def _signature_matches(self, method: str, url: str, authorization: str, signature: str) -> bool:
        query = urlsplit(url).query
        # Query parameters and oauth_* parameters are signed (an oauth_body_hash among them, if
        # sent); a JSON body is not part of the base string (RFC 5849 signs form bodies only).
        # Open question 15: the body hash itself is not checked against the body.
        request = SimpleNamespace(
            params=oauth_signature.collect_parameters(
                uri_query=query, headers={"Authorization": authorization}, with_realm=False
            ),
            uri=url,
            http_method=method.upper(),
            signature=signature,
        )
        return bool(
            oauth_signature.verify_hmac_sha256(
                request, self.credentials.consumer_secret, self.credentials.token_secret
            )
        )

    def _remember_nonce(self, params: dict[str, str]) -> None:
        key = (
            params["oauth_consumer_key"],
            params["oauth_token"],
            params["oauth_nonce"],
            params["oauth_timestamp"],
        )
        now = self._clock()
        with self._lock:
            # Forget nonces whose timestamps can no longer pass the clock check anyway: the oldest
            # first, in the order they were seen, so a request costs the same after 100,000 others.
            while self._nonce_order and now - self._nonce_order[0][0] > 2 * MAX_CLOCK_SKEW_SECONDS:
                _, stale = self._nonce_order.popleft()
                self._used_nonces.pop(stale, None)
            if key in self._used_nonces:
                raise AuthenticationFailed("NonceUsed", "nonce and timestamp already used")
            self._used_nonces[key] = now
            self._nonce_order.append((now, key))

    def _record(self, attempt: LoginAttempt) -> None:
        with self._lock:
            self._audit.append(attempt)

    def _now_iso(self) -> str:
        return datetime.fromtimestamp(self._clock(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
