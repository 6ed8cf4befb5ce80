"""Logging: one JSON shape for our lines and the libraries', secrets masked before anything is written."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from entrypoints.logging_setup import configure_logging, redact_text
from entrypoints.settings import Settings

API_KEY = "ink_" + "Zx9" * 14
OAUTH_HEADER = (
    'OAuth realm="1234567_SB1",oauth_consumer_key="ck-5f2a9e",oauth_token="tok-77c1",'
    'oauth_signature_method="HMAC-SHA256",oauth_signature="c2lnbmF0dXJlLXNlY3JldA%3D%3D"'
)
SECRETS = ("hunter2", "ck-5f2a9e", "tok-77c1", "c2lnbmF0dXJlLXNlY3JldA", API_KEY, "s3cr3t-token-value")


@pytest.fixture
def log_output(tmp_path: Path) -> Iterator[io.StringIO]:
    """Logging configured for JSON into a buffer; the process's logging restored afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(Settings(data_dir=tmp_path, log_format="json", log_level="DEBUG"), stream=stream)
    yield stream
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_secret_never_reaches_the_output(log_output: io.StringIO) -> None:
    log = structlog.get_logger("adapters.netsuite.transport")

    log.info(
        "request sent",
        password="hunter2",
        consumer_key="ck-5f2a9e",
        token_secret="s3cr3t-token-value",
        headers={"Authorization": OAUTH_HEADER, "Content-Type": "application/json"},
        note=f"company key {API_KEY} used",
    )
    logging.getLogger("adapters.netsuite").warning("retrying with Authorization: %s", OAUTH_HEADER)
    logging.getLogger("uvicorn.access").info(
        'GET /invoices "Authorization: Basic %s"', "aW5rX2FiYzEyMzQ1Njc4OTA6"
    )

    output = log_output.getvalue()
    for secret in (*SECRETS, "aW5rX2FiYzEyMzQ1Njc4OTA6"):
        assert secret not in output
    first = lines(log_output)[0]
    assert first["password"] == "***"
    assert first["headers"] == {"Authorization": "***", "Content-Type": "application/json"}
    assert first["note"] == "company key ink_*** used"


def test_a_secret_in_an_exception_is_masked_in_the_traceback(log_output: io.StringIO) -> None:
    log = structlog.get_logger("worker")
    try:
        raise RuntimeError(f"NetSuite said no to {OAUTH_HEADER}")
    except RuntimeError:
        log.exception("sync failed")

    output = log_output.getvalue()
    assert "sync failed" in output and "RuntimeError" in output
    for secret in SECRETS[1:4]:
        assert secret not in output


def test_library_lines_have_the_same_shape_as_ours(log_output: io.StringIO) -> None:
    structlog.get_logger("entrypoints.worker").info("run started", run_id=7)
    logging.getLogger("dramatiq.worker").info("worker %s ready", "w-1")

    ours, theirs = lines(log_output)
    assert {"event", "level", "timestamp", "logger"} <= ours.keys()
    assert {"event", "level", "timestamp", "logger"} <= theirs.keys()
    assert theirs["event"] == "worker w-1 ready" and theirs["logger"] == "dramatiq.worker"


def test_context_bound_once_appears_on_every_line(log_output: io.StringIO) -> None:
    structlog.contextvars.bind_contextvars(company_id=42, request_id="req-1")
    structlog.get_logger("x").info("one")
    logging.getLogger("sqlalchemy.pool").warning("two")

    assert [(line["company_id"], line["request_id"]) for line in lines(log_output)] == [
        (42, "req-1"),
        (42, "req-1"),
    ]


def test_configuring_twice_still_writes_each_line_once(tmp_path: Path, log_output: io.StringIO) -> None:
    settings = Settings(data_dir=tmp_path, log_format="json", log_level="INFO")
    configure_logging(settings, stream=log_output)
    configure_logging(settings, stream=log_output)

    structlog.get_logger("x").info("only once")

    assert [line["event"] for line in lines(log_output)].count("only once") == 1


def test_the_level_filters_our_lines_and_the_libraries(tmp_path: Path, log_output: io.StringIO) -> None:
    configure_logging(Settings(data_dir=tmp_path, log_format="json", log_level="WARNING"), stream=log_output)

    structlog.get_logger("x").info("quiet")
    logging.getLogger("uvicorn.error").info("quiet too")
    structlog.get_logger("x").warning("loud")

    assert [line["event"] for line in lines(log_output)] == ["loud"]


def test_sql_statements_with_their_parameters_are_never_logged(log_output: io.StringIO) -> None:
    logging.getLogger("sqlalchemy.engine.Engine").info("INSERT INTO api_keys VALUES (%s)", "hash")
    assert log_output.getvalue() == ""


def test_the_console_format_is_masked_too(tmp_path: Path, log_output: io.StringIO) -> None:
    stream = io.StringIO()
    configure_logging(Settings(data_dir=tmp_path, log_format="console", log_level="INFO"), stream=stream)

    structlog.get_logger("x").info("connected", token_secret="s3cr3t-token-value", url=f"key {API_KEY}")

    output = stream.getvalue()
    assert "connected" in output and "\x1b[" not in output, "no colours outside a terminal"
    assert "s3cr3t-token-value" not in output and API_KEY not in output


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        (f"Authorization: {OAUTH_HEADER}", "ck-5f2a9e"),
        ("postgresql://invoiced:pa55word@db:5432/ledger", "pa55word"),
        ("Bearer abcdefghijklmnop1234", "abcdefghijklmnop1234"),
        ("GET /x?oauth_token=tok-77c1&oauth_nonce=1", "tok-77c1"),
        (f"key={API_KEY}", API_KEY),
    ],
)
def test_secret_looking_text_is_masked(text: str, hidden: str) -> None:
    assert hidden not in redact_text(text)


def test_ordinary_text_is_left_alone() -> None:
    text = "Basic plan: invoice INV-00042 synced for Acme (oauth is fine)"
    assert redact_text(text) == text


def test_a_secret_held_in_a_local_variable_never_reaches_a_json_traceback(log_output: io.StringIO) -> None:
    def connect(reference: str) -> None:
        plain = "s3cr3t-token-value-4242"  # e.g. a decrypted credential the failing frame held
        raise RuntimeError(f"could not reach NetSuite ({reference}, {len(plain)})")

    log = structlog.get_logger("worker")
    try:
        connect("account 1234567")
    except RuntimeError:
        log.exception("connect failed")

    output = log_output.getvalue()
    assert "connect failed" in output and "could not reach NetSuite" in output
    assert "s3cr3t-token-value-4242" not in output
