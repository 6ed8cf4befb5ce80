"""Security adapters: secrets sealed at rest with Fernet, and the embedded default's key file."""

from adapters.security.secret_box import (
    FernetSecretBox,
    InvalidSecretKey,
    SecretKeyMismatch,
    generate_key,
    load_or_create_key,
)

__all__ = ["FernetSecretBox", "InvalidSecretKey", "SecretKeyMismatch", "generate_key", "load_or_create_key"]
