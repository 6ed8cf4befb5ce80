"""Settings come from the environment with embedded defaults, and never show a secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from entrypoints.settings import Settings, redact_url

ENVIRONMENT = (
    "DATABASE_URL",
    "REDIS_URL",
    "SMTP_URL",
    "SECRET_KEY",
    "DATA_DIR",
    "PUBLIC_URL",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "NETSUITE_TIMEOUT_SECONDS",
    "EMAIL_FROM",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def test_the_embedded_defaults_need_no_configuration() -> None:
    settings = Settings()

    assert settings.data_dir == Path("data")
    assert settings.database_url == "sqlite:///data/invoiced-netsuite.db"
    assert settings.is_sqlite
    assert settings.redis_url is None and settings.smtp_url is None and settings.secret_key is None
    assert settings.public_url == "http://127.0.0.1:8000"
    assert settings.log_format == "auto" and settings.log_level is None
    assert settings.outbox_dir == Path("data/outbox")
    assert settings.secret_key_file == Path("data/secret.key")


def test_the_environment_sets_each_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app@db/ledger")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("SMTP_URL", "smtp://mailer:pw@mail:587?starttls=true")
    monkeypatch.setenv("PUBLIC_URL", "https://ar.example.com/")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    monkeypatch.setenv("NETSUITE_TIMEOUT_SECONDS", "12.5")
    monkeypatch.setenv("EMAIL_FROM", "AR <ar@example.com>")

    settings = Settings()

    assert settings.database_url == "postgresql+psycopg://app@db/ledger" and not settings.is_sqlite
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.smtp_url is not None
    assert settings.smtp_url.get_secret_value() == "smtp://mailer:pw@mail:587?starttls=true"
    assert settings.public_url == "https://ar.example.com"
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")
    assert settings.netsuite_timeout_seconds == 12.5
    assert settings.email_from == "AR <ar@example.com>"


def test_data_dir_moves_the_embedded_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "state"))

    assert Settings().database_url == f"sqlite:///{tmp_path}/state/invoiced-netsuite.db"


def test_an_empty_variable_means_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "")
    monkeypatch.setenv("DATABASE_URL", "")

    settings = Settings()

    assert settings.redis_url is None
    assert settings.database_url == "sqlite:///data/invoiced-netsuite.db"


def test_secrets_never_appear_in_repr_or_str(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "fernet-key-value")
    monkeypatch.setenv("SMTP_URL", "smtp://mailer:smtp-pass@mail:587")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app:db-pass@db/ledger")
    monkeypatch.setenv("REDIS_URL", "redis://:redis-pass@cache:6379/0")

    settings = Settings()

    for shown in (repr(settings), str(settings), f"{settings}"):
        for secret in ("fernet-key-value", "smtp-pass", "db-pass", "redis-pass"):
            assert secret not in shown
    assert "postgresql+psycopg://app:***@db/ledger" in repr(settings)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("LOG_LEVEL", "loud", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("LOG_FORMAT", "xml", "auto"),
        ("DATABASE_URL", "mysql://root:pw@db/x", "postgresql+psycopg://"),
        ("NETSUITE_TIMEOUT_SECONDS", "0", "above zero"),
    ],
)
def test_a_wrong_value_is_refused_with_what_to_use(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ValidationError) as refused:
        Settings()

    assert says in str(refused.value)
    assert "root:pw" not in str(refused.value).replace("root:***", "")


def test_redact_url_keeps_everything_but_the_password() -> None:
    assert redact_url("smtp://user:p%40ss@host:587?starttls=true") == "smtp://user:***@host:587?starttls=true"
    assert redact_url("sqlite:///data/x.db") == "sqlite:///data/x.db"
    assert redact_url(None) is None


def test_the_sandbox_ports_are_port_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETSUITE_SANDBOX_PORTS", " 8700, 9100 ")
    assert Settings().sandbox_ports == {8700, 9100}
    monkeypatch.setenv("NETSUITE_SANDBOX_PORTS", "8700,redis")
    with pytest.raises(ValidationError, match="port numbers"):
        Settings()
