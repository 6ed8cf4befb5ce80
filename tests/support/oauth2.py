"""Keys, certificates and client assertions for OAuth 2.0 client-credentials tests.

Made with `cryptography` and signed with PyJWT here in the tests, never by the code under test, so a
sandbox or gateway that agrees with these agrees with an independent JWT implementation.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
_CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1, "secp256k1": ec.SECP256K1}


def private_key(kind: str = "P-256") -> PrivateKey:
    """'P-256' | 'P-384' | 'P-521' | 'secp256k1' | 'rsa2048' | 'rsa3072' | 'rsa4096' | 'ed25519'."""
    if kind in _CURVES:
        return ec.generate_private_key(_CURVES[kind]())
    if kind.startswith("rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(kind[3:]))
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    raise ValueError(kind)


def certificate_pem(key: PrivateKey, *, days: int = 365, starts: dt.datetime | None = None) -> str:
    """A self-signed X.509 certificate for the key, PEM text."""
    start = starts or dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "invoiced-netsuite test")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
    )
    algorithm = None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    return builder.sign(key, algorithm).public_bytes(serialization.Encoding.PEM).decode("ascii")


def private_key_pem(key: PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def algorithm_for(key: PrivateKey) -> str:
    if isinstance(key, rsa.RSAPrivateKey):
        return "PS256"
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return {256: "ES256", 384: "ES384", 521: "ES512"}[key.curve.key_size]


def client_assertion(
    key: PrivateKey | str | bytes,
    *,
    kid: str | None,
    client_id: str,
    aud: Any,
    alg: str | None = None,
    typ: str | None = "JWT",
    scope: Any = ("rest_webservices",),
    iat: float | None = None,
    exp: float | None = None,
    lifetime: int = 300,
    omit: tuple[str, ...] = (),
) -> str:
    """A JWT signed with PyJWT; every header field and claim can be set wrong, or left out."""
    now = int(time.time()) if iat is None else iat
    claims: dict[str, Any] = {
        "iss": client_id,
        "scope": list(scope) if isinstance(scope, tuple) else scope,
        "aud": aud,
        "iat": now,
        "exp": now + lifetime if exp is None else exp,
        "jti": uuid.uuid4().hex,
    }
    for name in omit:
        claims.pop(name, None)
    if alg is None:
        assert not isinstance(key, str | bytes)
        alg = algorithm_for(key)
    headers: dict[str, Any] = {"typ": typ or ""}
    if kid is not None:
        headers["kid"] = kid
    return jwt.encode(claims, key, algorithm=alg, headers=headers)  # type: ignore[arg-type]


def token_form(assertion: str | None, **fields: str) -> bytes:
    """The token request's urlencoded body; a field set to '' is left out."""
    body = {
        "grant_type": "client_credentials",
        "client_assertion_type": CLIENT_ASSERTION_TYPE,
        "client_assertion": assertion or "",
    } | fields
    return urlencode({name: value for name, value in body.items() if value}).encode("ascii")
