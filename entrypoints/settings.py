"""Every process's configuration, read from the environment (no prefix: these are well-known names)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATABASE_FILE_NAME = "invoiced-netsuite.db"
SECRET_KEY_FILE_NAME = "secret.key"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# user:password@ in a URL: the password is shown as *** wherever a URL is printed.
_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@\s]+)(?=@)")


def redact_url(url: str | None) -> str | None:
    """The URL with any password replaced by ***, safe to print or log."""
    if url is None:
        return None
    return _URL_PASSWORD.sub(r"\g<head>***", url)


def sqlite_url_for(data_dir: Path) -> str:
    """The embedded default database: one SQLite file in the data directory."""
    return f"sqlite:///{data_dir.as_posix()}/{DATABASE_FILE_NAME}"


class Settings(BaseSettings):
    """What the service needs to know about where it runs. Secrets never appear in repr or str."""

    model_config = SettingsConfigDict(
        env_prefix="",
        case_sensitive=False,
        extra="ignore",
        env_ignore_empty=True,  # REDIS_URL= (empty) means "not set", as a shell user expects
        frozen=True,
        hide_input_in_errors=True,  # a rejected value may be a secret (a URL with its password)
    )

    data_dir: Path = Path("data")
    database_url: str = ""  # empty = the SQLite file under data_dir (filled in below)
    redis_url: str | None = None
    smtp_url: SecretStr | None = None
    secret_key: SecretStr | None = None
    public_url: str = "http://127.0.0.1:8000"
    log_level: str | None = None  # None = the process's default (INFO for servers, WARNING for the CLI)
    log_format: Literal["auto", "console", "json"] = "auto"
    netsuite_timeout_seconds: float = 30.0
    # How upserts reach NetSuite: "sync" (one PUT per record) or "batch" (asynchronous batch jobs).
    netsuite_write_mode: Literal["sync", "batch"] = "sync"
    # A company lock whose holder died frees itself after this long (a live holder renews it).
    company_lock_ttl_seconds: int = 60
    # A worker silent this long is taken for dead, and its unfinished jobs go to another worker.
    worker_heartbeat_timeout_seconds: float = 30.0
    # Off: a connection's REST domain must be NetSuite's (https://*.netsuite.com) or this machine's.
    netsuite_allow_any_base_url: bool = False
    # The loopback ports a NetSuite sandbox on this machine may be reached at (comma-separated).
    netsuite_sandbox_ports: str = "8700"
    email_from: str = "Invoiced NetSuite <no-reply@localhost>"

    @model_validator(mode="before")
    @classmethod
    def _default_database_url(cls, values: Any) -> Any:
        if isinstance(values, dict):
            lowered = {str(k).lower(): v for k, v in values.items()}
            if not lowered.get("database_url"):
                data_dir = Path(lowered.get("data_dir") or "data")
                values = {**values, "database_url": sqlite_url_for(data_dir)}
        return values

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+", "postgres:")):
            raise ValueError(
                f"{redact_url(value)!r} is not supported: use sqlite:///path/to/file.db or "
                "postgresql+psycopg://user:password@host/database"
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        if value is None:
            return None
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"use one of {', '.join(LOG_LEVELS)}, not {value!r}")
        return level

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.strip().rstrip("/")

    @field_validator("netsuite_sandbox_ports")
    @classmethod
    def _port_list(cls, value: str) -> str:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not all(part.isdigit() and 0 < int(part) < 65536 for part in parts):
            raise ValueError(f"give port numbers separated by commas (e.g. 8700,8701), not {value!r}")
        return ",".join(parts)

    @field_validator("netsuite_timeout_seconds", "worker_heartbeat_timeout_seconds")
    @classmethod
    def _positive_timeout(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be above zero")
        return value

    @field_validator("company_lock_ttl_seconds")
    @classmethod
    def _renewable_ttl(cls, value: int) -> int:
        if value < 3:
            raise ValueError("must be at least 3 seconds, so its holder can renew it in time")
        return value

    # -- derived values --------------------------------------------------------------------------

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sandbox_ports(self) -> frozenset[int]:
        """NETSUITE_SANDBOX_PORTS as numbers."""
        return frozenset(int(part) for part in self.netsuite_sandbox_ports.split(",") if part)

    @property
    def outbox_dir(self) -> Path:
        """Where emails are written as .eml files when no SMTP_URL is set."""
        return self.data_dir / "outbox"

    @property
    def secret_key_file(self) -> Path:
        """Where the embedded default keeps its generated SECRET_KEY."""
        return self.data_dir / SECRET_KEY_FILE_NAME

    def __repr_args__(self) -> Any:
        # SecretStr fields already print as '**********'; URLs may carry a password of their own.
        for name, value in super().__repr_args__():
            if name in ("database_url", "redis_url") and isinstance(value, str):
                yield name, redact_url(value)
            else:
                yield name, value


__all__ = ["DATABASE_FILE_NAME", "SECRET_KEY_FILE_NAME", "Settings", "redact_url", "sqlite_url_for"]
