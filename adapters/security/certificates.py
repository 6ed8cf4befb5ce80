"""Key pairs and self-signed X.509 certificates for NetSuite's OAuth 2.0 client credentials (M2M).

NetSuite accepts EC keys on P-256/384/521 and RSA keys of 3072 or 4096 bits, signed with PS*/ES*, and
shortens any certificate valid for more than two years to two years; these are made to fit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from application.errors import InvalidInput

MAX_DAYS = 730  # NetSuite's limit: two years
KEY_TYPES = ("ec", "rsa")


@dataclass(frozen=True, slots=True)
class CertificatePair:
    """A private key (PKCS#8 PEM, unencrypted: it is sealed or written with mode 0600) and its certificate."""

    private_key_pem: str
    certificate_pem: str
    expires_on: dt.date
    algorithm: str  # the JWT alg the key signs with

    def __repr__(self) -> str:
        return f"CertificatePair(expires_on={self.expires_on}, algorithm={self.algorithm}, <key>)"


def create_certificate(
    key_type: str = "ec",
    days: int = MAX_DAYS,
    *,
    common_name: str = "invoiced-netsuite",
    now: dt.datetime | None = None,
) -> CertificatePair:
    """EC P-256 (ES256) by default; 'rsa' is RSA 3072 with the certificate signed with PSS (PS256)."""
    if key_type not in KEY_TYPES:
        raise InvalidInput(f"The key type must be ec or rsa, not {key_type!r}.", "key_type")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(
            f"A certificate for NetSuite may last 1 to {MAX_DAYS} days (two years), not {days}.", "days"
        )
    start = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0) - dt.timedelta(minutes=5)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64] or "invoiced-netsuite")])
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    if key_type == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
        algorithm = "ES256"
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        algorithm = "PS256"
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    if isinstance(key, rsa.RSAPrivateKey):
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        certificate = builder.sign(key, hashes.SHA256(), rsa_padding=pss)
    else:
        certificate = builder.sign(key, hashes.SHA256())
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return CertificatePair(
        private_key_pem=key_pem,
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        expires_on=certificate.not_valid_after_utc.date(),
        algorithm=algorithm,
    )


def certificate_expiry(certificate_pem: str, private_key_pem: str | None = None) -> dt.date:
    """When the certificate expires; InvalidInput when it is not a certificate or (given the key) when
    the key is not the certificate's."""
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode("utf-8"))
    except ValueError:
        raise InvalidInput(
            "The certificate is not an X.509 certificate in PEM form (-----BEGIN CERTIFICATE-----).",
            "certificate",
        ) from None
    if private_key_pem is not None:
        try:
            key = serialization.load_pem_private_key(private_key_pem.encode("utf-8"), password=None)
        except (TypeError, ValueError):
            return certificate.not_valid_after_utc.date()  # the gateway names what is wrong with the key
        public = certificate.public_key()
        if key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ) != public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
            raise InvalidInput(
                "The private key does not belong to this certificate: give the key file written with it.",
                "private_key",
            )
    return certificate.not_valid_after_utc.date()
