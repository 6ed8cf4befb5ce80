"""OAuth 2.0 client credentials (machine to machine), checked the way NetSuite documents it.

An integration signs a JWT (the client assertion) with the private key of a certificate mapped to it
and trades it at the token endpoint for a bearer token that lasts an hour. As with token-based auth,
the client only learns "invalid_request", "invalid_client" or "invalid_grant"; the real reason goes to
the sandbox log and the login audit trail (NetSuite's Login Audit Trail "Detail" codes).

Where Oracle's documents agree the sandbox is strict (typ, alg, kid, iss, exp after iat by at most an
hour, no future iat); where they disagree it is lenient: `scope` may be a JSON array, a comma- or a
space-separated string, and `aud` may name the token path on any of the account's API hosts.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from netsuite_sandbox.auth import AuthenticationFailed

logger = logging.getLogger("netsuite_sandbox")

TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ALGORITHMS = ("PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
REQUIRED_SCOPE = "rest_webservices"
MAX_ASSERTION_LIFETIME_SECONDS = 3600  # Oracle's own example uses exactly 3600 s, so 3600 passes
DEFAULT_TOKEN_LIFETIME_SECONDS = 3600
MAX_ACTIVE_CERTIFICATES = 5  # per integration record, since 2026.1
_RSA_SIZES = (3072, 4096)
_EC_CURVES = {"secp256r1": 256, "secp384r1": 384, "secp521r1": 521}
# The API hosts of one account that NetSuite's own examples put in `aud` (suitetalk, restlets, connect).
_ACCOUNT_HOST_KINDS = ("suitetalk", "restlets", "connect")


class CertificateRefused(ValueError):
    """A certificate NetSuite would not let an administrator upload; the message says why."""


class TokenRequestRefused(Exception):
    """A refused token request: what the client sees (`error`, `status`) and the audit-trail reason."""

    def __init__(self, error: str, status: int, reason: str, detail: str) -> None:
        super().__init__(f"{error}: {reason} ({detail})")
        self.error = error
        self.status = status
        self.reason = reason
        self.detail = detail


def _invalid_request(reason: str, detail: str) -> TokenRequestRefused:
    return TokenRequestRefused("invalid_request", 400, reason, detail)


def _invalid_client(reason: str, detail: str) -> TokenRequestRefused:
    return TokenRequestRefused("invalid_client", 401, reason, detail)


def _invalid_grant(reason: str, detail: str) -> TokenRequestRefused:
    return TokenRequestRefused("invalid_grant", 400, reason, detail)


@dataclass(frozen=True)
class RegisteredCertificate:
    certificate_id: str
    public_key: Any
    algorithm: str  # "RSA" or "EC", as NetSuite's certificate list says
    valid_from: datetime
    valid_until: datetime
    revoked: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "certificate_id": self.certificate_id,
            "algorithm": self.algorithm,
            "valid_from": self.valid_from.date().isoformat(),
            "valid_until": self.valid_until.date().isoformat(),
            "revoked": self.revoked,
        }


@dataclass
class _IssuedToken:
    certificate_id: str
    expires_at: float
    revoked: bool = False


def load_certificate(pem: str | bytes) -> x509.Certificate:
    """An X.509 certificate with a key NetSuite accepts (RSA 3072/4096, EC P-256/384/521)."""
    data = pem.encode("ascii", errors="replace") if isinstance(pem, str) else pem
    try:
        certificate = x509.load_pem_x509_certificate(data)
    except ValueError:
        raise CertificateRefused(
            "This is not an X.509 certificate in PEM form (-----BEGIN CERTIFICATE-----); upload the "
            "public certificate, never the private key."
        ) from None
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size not in _RSA_SIZES:
            raise CertificateRefused(
                f"The certificate's RSA key has {key.key_size} bits; NetSuite accepts RSA keys of 3072 "
                "or 4096 bits, or EC keys on P-256, P-384 or P-521."
            )
    elif isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in _EC_CURVES:
            raise CertificateRefused(
                f"The certificate's EC key is on {key.curve.name}; NetSuite accepts P-256, P-384 or "
                "P-521 (or RSA 3072/4096)."
            )
    else:
        raise CertificateRefused(
            f"The certificate's {type(key).__name__} key is not one NetSuite accepts: use RSA 3072/4096 "
            "or EC P-256/384/521."
        )
    return certificate


class ClientCredentialsAuthority:
    """One integration record's client credentials: its client id, the certificates mapped to it, the
    access tokens it issued. Thread-safe."""

    def __init__(
        self,
        account_id: str,
        client_id: str | None = None,
        token_lifetime_seconds: int = DEFAULT_TOKEN_LIFETIME_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.account_id = account_id
        self.client_id = client_id or secrets.token_hex(32)
        self.token_lifetime_seconds = token_lifetime_seconds
        self._initial_lifetime = token_lifetime_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._certificates: dict[str, RegisteredCertificate] = {}
        self._tokens: dict[str, _IssuedToken] = {}
        self.tokens_issued = 0

    # ---- registration -----------------------------------------------------------------------

    def register_certificate(self, pem: str | bytes, certificate_id: str | None = None) -> str:
        """Map a certificate to the integration; returns its certificate id (the JWT `kid`)."""
        certificate = load_certificate(pem)
        key = certificate.public_key()
        kid = (certificate_id or "").strip() or base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(
            "ascii"
        ).rstrip("=")
        now = datetime.fromtimestamp(self._clock(), UTC)
        with self._lock:
            if kid in self._certificates:
                raise CertificateRefused(f"Certificate id {kid!r} is already registered.")
            active = [c for c in self._certificates.values() if not c.revoked and c.valid_until > now]
            if len(active) >= MAX_ACTIVE_CERTIFICATES:
                raise CertificateRefused(
                    f"The integration already has {MAX_ACTIVE_CERTIFICATES} active certificates; revoke "
                    "one before mapping another."
                )
            self._certificates[kid] = RegisteredCertificate(
                certificate_id=kid,
                public_key=key,
                algorithm="RSA" if isinstance(key, rsa.RSAPublicKey) else "EC",
                valid_from=certificate.not_valid_before_utc,
                valid_until=certificate.not_valid_after_utc,
            )
        logger.info("oauth2 certificate %s registered for client %s…", kid, self.client_id[:8])
        return kid

    def revoke_certificate(self, certificate_id: str) -> None:
        with self._lock:
            found = self._certificates.get(certificate_id)
            if found is None:
                raise KeyError(f"no certificate {certificate_id!r}")
            self._certificates[certificate_id] = RegisteredCertificate(**{**found.__dict__, "revoked": True})
            for token in self._tokens.values():
                if token.certificate_id == certificate_id:
                    token.revoked = True

    def certificates(self) -> list[dict[str, Any]]:
        with self._lock:
            return [c.as_dict() for c in self._certificates.values()]

    def revoke_tokens(self) -> int:
        """Revoke every access token issued so far (as when a mapping is revoked in NetSuite)."""
        with self._lock:
            for token in self._tokens.values():
                token.revoked = True
            return len(self._tokens)

    def expire_tokens(self) -> int:
        """Make every access token issued so far expire now (a token that ran out mid-run)."""
        now = self._clock()
        with self._lock:
            for token in self._tokens.values():
                token.expires_at = min(token.expires_at, now - 1)
            return len(self._tokens)

    def set_token_lifetime(self, seconds: int) -> None:
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 1:
            raise ValueError("token_lifetime_seconds must be a whole number of seconds, at least 1")
        self.token_lifetime_seconds = seconds

    def clear_tokens(self) -> None:
        """Forget issued tokens and the count (reset); certificates stay mapped."""
        with self._lock:
            self._tokens.clear()
            self.tokens_issued = 0

    def restore_defaults(self) -> None:
        self.token_lifetime_seconds = self._initial_lifetime

    def summary(self) -> dict[str, Any]:
        now = self._clock()
        with self._lock:
            live = sum(1 for t in self._tokens.values() if not t.revoked and t.expires_at > now)
            return {
                "client_id": self.client_id,
                "token_url_path": TOKEN_PATH,
                "token_lifetime_seconds": self.token_lifetime_seconds,
                "certificates": [c.as_dict() for c in self._certificates.values()],
                "tokens_issued": self.tokens_issued,
                "tokens_live": live,
            }

    # ---- the token endpoint -----------------------------------------------------------------

    def issue_token(self, form: bytes, content_type: str, token_url: str) -> dict[str, Any]:
        """The token endpoint's success body; raises TokenRequestRefused with the reason."""
        assertion = self._read_form(form, content_type)
        header, claims, kid = self._verify_assertion(assertion, token_url)
        now = self._clock()
        lifetime = self.token_lifetime_seconds
        access_token = self._access_token(claims, kid, now, lifetime)
        with self._lock:
            self._tokens[access_token] = _IssuedToken(kid, now + lifetime)
            self.tokens_issued += 1
            # Expired tokens are useless to keep; the audit trail still has their story.
            for stale in [t for t, issued in self._tokens.items() if issued.expires_at < now - 3600]:
                del self._tokens[stale]
        logger.info("oauth2 token issued for certificate %s (alg %s)", kid, header.get("alg"))
        return {"access_token": access_token, "expires_in": lifetime, "token_type": "bearer"}

    def _read_form(self, form: bytes, content_type: str) -> str:
        if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            raise _invalid_request(
                "InvalidRequest", f"content type {content_type or '(none)'!r} is not a urlencoded form"
            )
        try:
            fields = parse_qs(form.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(form))
        except (UnicodeDecodeError, ValueError):
            raise _invalid_request("InvalidRequest", "the form body cannot be parsed") from None
        repeated = sorted(name for name, values in fields.items() if len(values) > 1)
        if repeated:
            raise _invalid_request("InvalidRequest", f"repeated parameters {', '.join(repeated)}")
        values = {name: found[0] for name, found in fields.items()}
        if "client_secret" in values or "client_id" in values:
            # Client credentials with a JWT assertion authenticate by the assertion alone.
            raise _invalid_request("InvalidRequest", "more than one client authentication method")
        grant_type = values.get("grant_type")
        if grant_type != "client_credentials":
            raise _invalid_request("InvalidRequest", f"grant_type {grant_type!r} is not client_credentials")
        if values.get("client_assertion_type") != CLIENT_ASSERTION_TYPE:
            raise _invalid_request(
                "InvalidRequest", f"client_assertion_type {values.get('client_assertion_type')!r}"
            )
        assertion = values.get("client_assertion", "")
        if not assertion:
            raise _invalid_request("InvalidRequest", "no client_assertion")
        return assertion

    def _verify_assertion(self, assertion: str, token_url: str) -> tuple[dict[str, Any], dict[str, Any], str]:
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.exceptions.DecodeError as error:
            raise _invalid_request("InvalidRequest", f"client_assertion is not a JWT ({error})") from None
        if header.get("typ") != "JWT":
            raise _invalid_client("InvalidHeader", f"typ {header.get('typ')!r} is not 'JWT'")
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise _invalid_client("UnsupportedAlgo", f"alg {alg!r} is not one of {', '.join(ALGORITHMS)}")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise _invalid_client("MissingKeyId", "no kid in the JWT header")
        now = self._clock()
        with self._lock:
            certificate = self._certificates.get(kid)
        if certificate is None or certificate.revoked:
            raise _invalid_client("MissingKey", f"no active certificate with id {kid!r}")
        if certificate.valid_until.timestamp() <= now:
            raise _invalid_client("CertificateExpired", f"certificate {kid!r} expired")
        try:
            verified = jwt.api_jws.PyJWS(algorithms=list(ALGORITHMS)).decode_complete(
                assertion, key=certificate.public_key, algorithms=[alg]
            )
        except (jwt.exceptions.InvalidSignatureError, jwt.exceptions.InvalidKeyError, TypeError, ValueError):
            raise _invalid_client("InvalidSignature", f"signature does not verify with {kid!r}") from None
        except jwt.exceptions.PyJWTError as error:
            raise _invalid_client("SignatureValidation", str(error)) from None
        try:
            claims = json.loads(verified["payload"])
        except ValueError:
            raise _invalid_request("InvalidRequest", "the JWT payload is not JSON") from None
        if not isinstance(claims, dict):
            raise _invalid_request("InvalidRequest", "the JWT payload is not an object")
        self._check_claims(claims, token_url, now)
        return header, claims, kid

    def _check_claims(self, claims: dict[str, Any], token_url: str, now: float) -> None:
        if claims.get("iss") != self.client_id:
            raise _invalid_client("InvalidIssuer", "iss is not the client id")
        audiences = claims.get("aud")
        audiences = audiences if isinstance(audiences, list) else [audiences]
        if not any(isinstance(aud, str) and self._is_token_url(aud, token_url) for aud in audiences):
            raise _invalid_grant("InvalidAudience", f"aud {claims.get('aud')!r} is not the token URL")
        if REQUIRED_SCOPE not in _scopes(claims.get("scope")):
            raise _invalid_grant("ScopeMismatched", f"scope {claims.get('scope')!r} lacks {REQUIRED_SCOPE}")
        iat, exp = claims.get("iat"), claims.get("exp")
        for name, value in (("iat", iat), ("exp", exp)):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise _invalid_request("InvalidRequest", f"{name} {value!r} is not seconds since the epoch")
        assert isinstance(iat, int | float) and isinstance(exp, int | float)
        if iat > now:
            raise _invalid_grant("TokenNotAcceptable", f"iat {iat} is in the future (now {int(now)})")
        if exp <= now:
            raise _invalid_grant("TokenExpired", f"exp {exp} has passed (now {int(now)})")
        if exp - iat > MAX_ASSERTION_LIFETIME_SECONDS:
            raise _invalid_grant(
                "TokenValidityTooBroad",
                f"exp - iat is {exp - iat} s, over {MAX_ASSERTION_LIFETIME_SECONDS}",
            )

    def _is_token_url(self, aud: str, token_url: str) -> bool:
        if aud.rstrip("/") == token_url.rstrip("/"):
            return True
        parts = urlsplit(aud)
        if parts.scheme != "https" or parts.path.rstrip("/") != TOKEN_PATH:
            return False
        host = (parts.hostname or "").lower()
        account = self.account_id.lower().replace("_", "-")
        return any(
            host in (f"{account}.{kind}.api.netsuite.com", f"{account}.{kind}.api.netsuite2.com")
            for kind in _ACCOUNT_HOST_KINDS
        )

    def _access_token(self, claims: dict[str, Any], kid: str, now: float, lifetime: int) -> str:
        # Shaped like NetSuite's (a JWT with sub "<role>;<entity>"); clients must treat it as opaque.
        header = {"kid": "s.SYSTEM.sandbox", "typ": "JWT", "alg": "RS256"}
        payload = {
            "sub": "3;-5",
            "aud": [f"sandbox;{self.account_id}", self.client_id],
            "scope": sorted(_scopes(claims.get("scope"))),
            "iss": "https://system.netsuite.com",
            "oit": int(now),
            "exp": int(now) + lifetime,
            "iat": int(now),
            "jti": secrets.token_hex(16),
            "cid": kid,
        }
        return ".".join(
            (
                _b64(json.dumps(header).encode()),
                _b64(json.dumps(payload).encode()),
                _b64(secrets.token_bytes(64)),
            )
        )

    # ---- bearer requests --------------------------------------------------------------------

    def verify_bearer(self, token: str) -> None:
        """Raise AuthenticationFailed unless the token was issued here and is neither expired nor revoked."""
        now = self._clock()
        with self._lock:
            issued = self._tokens.get(token)
        if issued is None:
            raise AuthenticationFailed("InvalidToken", "unknown access token")
        if issued.revoked:
            raise AuthenticationFailed("AccessTokenRevoked", "access token revoked")
        if issued.expires_at <= now:
            raise AuthenticationFailed("AccessTokenExpired", "access token expired")


def _scopes(value: Any) -> set[str]:
    """Oracle's text says comma-separated, its example sends a JSON array; take either, or spaces."""
    if isinstance(value, list):
        return {item.strip() for item in value if isinstance(item, str)}
    if isinstance(value, str):
        return {item for item in value.replace(",", " ").split() if item}
    return set()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
