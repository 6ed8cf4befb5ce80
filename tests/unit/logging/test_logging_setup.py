"""Logging: one JSON shape for our lines and the libraries', secrets masked before anything is written."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
import structlog
from cryptography.fernet import Fernet
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256
from requests_oauthlib import OAuth1

from adapters.security import forget_all_secrets, remember_secret
from entrypoints.logging_setup import configure_logging, redact_text, route_to_standard_logging
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
    route_to_standard_logging()
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


# -- the signing libraries at DEBUG (a consumer key and token id hundreds of times per sync) ------------

CONSUMER_KEY = "8c35b0bea95495b36bb04dc9bf1cde868424b2442b079b4ba1c9ce30ed4d84ca"
CONSUMER_SECRET = "d6328eb9a9a132537f2dad426ebd08710525b54b8bb77c3a4ddd60b67d192f59"
TOKEN_ID = "9473a4a8e7dd92549b87ab499497efa6c2bbae6d43400e0bc08c6ace174d9185"
TOKEN_SECRET = "74e2b8d67ca51486567e2b5bf18f3e234a99ea32e47ae4b308d0168c8cb93f0b"
CREDENTIALS = (CONSUMER_KEY, CONSUMER_SECRET, TOKEN_ID, TOKEN_SECRET)


@pytest.fixture
def forgetful() -> Iterator[None]:
    """No secret remembered by earlier tests helps the masking under test."""
    forget_all_secrets()
    yield
    forget_all_secrets()


def test_oauthlib_and_requests_oauthlib_debug_lines_never_reach_the_output(
    forgetful: None, log_output: io.StringIO
) -> None:
    # requests-oauthlib directly (nothing remembers these credentials): only the handler stands between
    # their "Signing request ... using client <Client client_key=...>" lines and the output.
    for name in ("oauthlib", "requests_oauthlib"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    auth = OAuth1(
        client_key=CONSUMER_KEY,
        client_secret=CONSUMER_SECRET,
        resource_owner_key=TOKEN_ID,
        resource_owner_secret=TOKEN_SECRET,
        signature_method=SIGNATURE_HMAC_SHA256,
        realm="1234567_SB1",
    )
    request = requests.Request("POST", "https://1234567-sb1.suitetalk.api.netsuite.com/x?limit=5")
    auth(request.prepare())
    logging.getLogger("oauthlib.oauth1.rfc5849").warning("still written: %s", "a warning")

    output = log_output.getvalue()
    assert "still written: a warning" in output
    for secret in CREDENTIALS:
        assert secret not in output


@pytest.mark.parametrize(
    "line",
    [
        f"<Client client_key={CONSUMER_KEY}, client_secret=****, resource_owner_key={TOKEN_ID}>",
        f"Collected params: [('oauth_consumer_key', '{CONSUMER_KEY}'), ('oauth_token', '{TOKEN_ID}')]",
        f"GET&https%3A%2F%2Fx%2Fy&oauth_consumer_key%3D{CONSUMER_KEY}%26oauth_token%3D{TOKEN_ID}%26x%3D1",
        f"oauth_consumer_key%253D{CONSUMER_KEY}%2526oauth_token%253D{TOKEN_ID}",
        f"{{'consumer_key': '{CONSUMER_KEY}', 'token_id': '{TOKEN_ID}'}}",
    ],
)
def test_credentials_in_the_forms_libraries_print_them_are_masked(forgetful: None, line: str) -> None:
    masked = redact_text(line)
    assert CONSUMER_KEY not in masked and TOKEN_ID not in masked


def test_a_credential_this_process_holds_is_masked_however_it_is_spelled(
    forgetful: None, log_output: io.StringIO
) -> None:
    secret = "tok/with+odd=chars&more"
    remember_secret(secret)

    logging.getLogger("urllib3.connectionpool").debug("GET /?t=%s HTTP/1.1", quote(secret, safe=""))
    logging.getLogger("urllib3.connectionpool").debug("base %s", quote(quote(secret, safe=""), safe=""))
    structlog.get_logger("x").info("said", detail=f"value {secret} here")

    output = log_output.getvalue()
    assert output.count("***") >= 3
    assert secret not in output and quote(secret, safe="") not in output


def test_the_secret_key_and_url_passwords_from_the_settings_are_masked(
    forgetful: None, tmp_path: Path
) -> None:
    stream = io.StringIO()
    key = Fernet.generate_key().decode()
    settings = Settings(
        data_dir=tmp_path,
        log_format="json",
        log_level="DEBUG",
        secret_key=key,
        smtp_url="smtp://mailer:m4il-pa55w0rd@mail.example.com:587",
    )
    configure_logging(settings, stream=stream)

    logging.getLogger("smtplib").debug("login %s %s", "mailer", "m4il-pa55w0rd")
    structlog.get_logger("x").info("loaded", text=f"the key is {key}")

    output = stream.getvalue()
    assert "m4il-pa55w0rd" not in output and key not in output


def test_each_request_is_logged_once_not_again_by_uvicorn(log_output: io.StringIO) -> None:
    logging.getLogger("uvicorn.access").info('127.0.0.1:5000 - "GET /invoices HTTP/1.1" 200')
    structlog.get_logger("entrypoints.http.logging_middleware").info("request", path="/invoices")
    logging.getLogger("uvicorn.error").info("Started server process")

    written = lines(log_output)

    assert [line["event"] for line in written] == ["request", "Started server process"]
