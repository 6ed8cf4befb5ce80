"""Security adapters: secrets sealed at rest with Fernet, the embedded default's key file, and the
secrets this process holds (so logs can mask them)."""

from adapters.security.known_secrets import forget_all_secrets, mask_known_secrets, remember_secret
from adapters.security.secret_box import (
    FernetSecretBox,
    InvalidSecretKey,
    SecretKeyMismatch,
    generate_key,
    load_or_create_key,
)

__all__ = [
    "FernetSecretBox",
    "InvalidSecretKey",
    "SecretKeyMismatch",
    "forget_all_secrets",
    "generate_key",
    "load_or_create_key",
    "mask_known_secrets",
    "remember_secret",
]
