"""Secrets at rest (NetSuite credentials) sealed with Fernet (AES-CBC plus HMAC) from `cryptography`."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

import structlog
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from adapters.security.known_secrets import remember_secret
from application.errors import ApplicationError

KEY_FILE_NAME = "secret.key"
_log = structlog.get_logger(__name__)


class SecretKeyMismatch(ApplicationError):
    """A sealed secret cannot be opened with the configured key (or was tampered with)."""

    def __init__(self) -> None:
        super().__init__(
            "SECRET_KEY does not match the key the credentials were sealed with: restore the previous "
            "SECRET_KEY (or data/secret.key), or reconnect NetSuite to seal the credentials again."
        )


class InvalidSecretKey(ValueError):
    """A configured key that is not a Fernet key at all."""


def generate_key() -> str:
    """A new random key in the form SECRET_KEY expects (32 bytes, url-safe base64)."""
    return Fernet.generate_key().decode()


def _fernet(key: str | bytes, source: str) -> Fernet:
    try:
        return Fernet(key.strip() if isinstance(key, bytes) else key.strip().encode())
    except (ValueError, TypeError):
        raise InvalidSecretKey(
            f"{source} is not a Fernet key (32 bytes, url-safe base64); generate one with "
            '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.'
        ) from None


class FernetSecretBox:
    """SecretBox on Fernet. Give older keys after the current one to rotate: new secrets are sealed
    with the first key, and any of them opens what was sealed before."""

    def __init__(self, key: str | bytes, *older_keys: str | bytes) -> None:
        keys = [key, *older_keys]
        self._fernet = MultiFernet([_fernet(k, "SECRET_KEY") for k in keys])

    @classmethod
    def from_setting(cls, value: str) -> FernetSecretBox:
        """SECRET_KEY may list several comma-separated keys, the current one first."""
        keys = [part for part in (p.strip() for p in value.split(",")) if part]
        if not keys:
            raise InvalidSecretKey("SECRET_KEY is empty; unset it to use the generated key file instead.")
        return cls(*keys)

    def seal(self, plaintext: str) -> str:
        remember_secret(plaintext)  # whatever is worth sealing is never logged either
        return self._fernet.encrypt(plaintext.encode()).decode()

    def unseal(self, token: str) -> str:
        try:
            plaintext = self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise SecretKeyMismatch() from None
        remember_secret(plaintext)
        return plaintext

    def __repr__(self) -> str:
        return "FernetSecretBox(<key hidden>)"


def load_or_create_key(data_dir: Path) -> bytes:
    """The embedded default's key: read `data_dir/secret.key`, or create it (0600) on first use.

    Creation is atomic and first-writer-wins, so two processes starting together agree on one key.
    An existing file readable by others is tightened to 0600, or refused when that is not possible.
    """
    path = data_dir / KEY_FILE_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        _create_key_file(path)
    _ensure_private(path)
    key = path.read_bytes().strip()
    _fernet(key, f"The key file {path}")
    return key


def _create_key_file(path: Path) -> None:
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(Fernet.generate_key() + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(scratch, 0o600)
        # link() never replaces an existing file: if another process won the race, its key stands.
        with contextlib.suppress(FileExistsError):
            os.link(scratch, path)
            _log.info("secret_key_created", path=str(path))
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(scratch)


def _ensure_private(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & (stat.S_IRWXG | stat.S_IRWXO):
        return
    try:
        os.chmod(path, 0o600)
    except OSError:
        raise PermissionError(
            f"The key file {path} can be read by other users (mode {mode:o}) and cannot be made private: "
            f"run `chmod 600 {path}` as its owner."
        ) from None
    _log.warning("secret_key_file_was_not_private", path=str(path), mode=f"{mode:o}", now="600")
