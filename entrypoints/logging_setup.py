"""structlog, configured once per process: one line shape for our logs and the libraries', secrets masked."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

from adapters.security.known_secrets import mask_known_secrets, remember_secret
from entrypoints.settings import Settings

REDACTED = "***"

# Libraries whose loggers we route through structlog's formatter (they may have installed their own).
ROUTED_LOGGERS = (
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "dramatiq",
    "sqlalchemy",
    "alembic",
    "adapters.netsuite",
    "netsuite_sandbox",
)
# SQLAlchemy logs statements with their parameters at INFO: never below WARNING. uvicorn's access line
# would be a second line for every request: the request-logging middleware already writes one, with
# the request id and duration.
QUIET_LOGGERS = {"sqlalchemy": logging.WARNING, "uvicorn.access": logging.WARNING}
# Libraries whose DEBUG and INFO lines are made of signing inputs (consumer keys, token ids, signature
# base strings): our handler never writes them below WARNING, whatever level their loggers are set to.
SIGNING_LIBRARIES = ("oauthlib", "requests_oauthlib")

_SECRET_KEY_NAME = re.compile(
    r"secret|token|passw|pwd|api_?key|authorization|consumer_?key|credential|cookie|signature|private_?key",
    re.IGNORECASE,
)
# Values that are secrets whatever key they sit under.
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bink_[A-Za-z0-9_\-]{6,}"), "ink_" + REDACTED),
    # A header line hides everything after "Authorization:" (over-masking the rest of a line is safe).
    (re.compile(r"(Authorization[\"']?\s*[:=]\s*)[^\r\n]+", re.IGNORECASE), r"\1" + REDACTED),
    (re.compile(r"\bOAuth\s+(?=[^\r\n]*oauth_)[^\r\n]+"), "OAuth " + REDACTED),
    (re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*"), r"\1 " + REDACTED),
    (re.compile(r"\b(oauth_(?:signature|token|consumer_key)=)\"?[^\",&\s]+\"?"), r"\1" + REDACTED),
    # The same parameters percent-encoded (once or twice) inside a signature base string or a URL.
    (
        re.compile(r"(oauth_(?:signature|token|consumer_key)(?:%3D|%253D))[^%&\s\"',]+", re.IGNORECASE),
        r"\1" + REDACTED,
    ),
    # As Python prints them: ('oauth_token', 'value'), client_key=value, 'token_id': 'value'.
    (re.compile(r"(['\"]oauth_(?:signature|token|consumer_key)['\"],\s*)['\"][^'\"]*['\"]"), r"\1'***'"),
    (
        re.compile(
            r"\b((?:client|resource_owner|consumer|token)_(?:key|secret|id)['\"]?\s*[=:]\s*['\"]?)"
            r"(?!\*\*\*)[^\s,'\")>]+"
        ),
        r"\1" + REDACTED,
    ),
    (re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)[^@\s]+(?=@)"), r"\1" + REDACTED),
)
_HANDLER_MARK = "_invoiced_netsuite_handler"


def redact_text(text: str) -> str:
    """Mask every secret this process knows of, API keys, Authorization headers, OAuth parameters and
    URL passwords inside free text."""
    text = mask_known_secrets(text, REDACTED)
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _redact(value: Any, key: str | None = None) -> Any:
    if key is not None and _SECRET_KEY_NAME.search(key) and value is not None and value != "":
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: _redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(item) for item in value]
    return value


def redact_secrets(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """structlog processor: mask values under secret-sounding keys and secret-looking strings anywhere."""
    return {key: _redact(value, key) for key, value in event_dict.items()}


class _SigningLibrariesFilter(logging.Filter):
    """Drops the signing libraries' lines below WARNING at the handler, so no logger level (theirs,
    or one a user sets) can let their debug output through."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        return record.name.split(".", 1)[0] not in SIGNING_LIBRARIES


def _remember_configured_secrets(settings: Settings) -> None:
    """The process's own keys and passwords are masked like the credentials it opens."""
    if settings.secret_key is not None:
        for key in settings.secret_key.get_secret_value().split(","):
            remember_secret(key.strip())
    urls = [settings.database_url, settings.redis_url]
    if settings.smtp_url is not None:
        urls.append(settings.smtp_url.get_secret_value())
    for url in urls:
        password = urlsplit(url).password if url else None
        if password:
            remember_secret(password)
            remember_secret(unquote(password))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time of the call (test runners swap it)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def route_to_standard_logging() -> None:
    """structlog's own default prints every line to stdout, where a --json command's one document goes.
    Until configure_logging runs (and whenever a test resets it), our loggers hand their lines to the
    standard library instead: with no handler yet, it writes warnings and worse to stderr."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            redact_secrets,
            structlog.processors.KeyValueRenderer(key_order=["event"]),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )


def _wants_console(settings: Settings, stream: TextIO) -> bool:
    if settings.log_format != "auto":
        return settings.log_format == "console"
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def configure_logging(
    settings: Settings, *, default_level: str = "INFO", stream: TextIO | None = None
) -> None:
    """Set up structlog and the standard library's logging for this process.

    Safe to call again (e.g. by each test): it replaces its own handler instead of adding a second one.
    `default_level` applies when LOG_LEVEL is not set; logs go to `stream`, by default stderr.
    """
    level = logging.getLevelName(settings.log_level or default_level.upper())
    _remember_configured_secrets(settings)
    console = _wants_console(settings, stream or sys.stderr)

    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    final: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if console:
        # Tracebacks as plain text (never with local variables, which may hold secrets), then masked.
        final += [
            structlog.processors.format_exc_info,
            redact_secrets,
            structlog.dev.ConsoleRenderer(colors=_colors(stream or sys.stderr)),
        ]
    else:
        # Tracebacks as data, but without each frame's local variables: they may hold secrets.
        tracebacks = structlog.processors.ExceptionRenderer(
            structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
        )
        final += [tracebacks, redact_secrets, structlog.processors.JSONRenderer()]

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )

    handler: logging.Handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=final))
    handler.addFilter(_SigningLibrariesFilter())
    setattr(handler, _HANDLER_MARK, True)

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)

    for name in ROUTED_LOGGERS:
        library_logger = logging.getLogger(name)
        library_logger.handlers.clear()
        library_logger.propagate = True
        library_logger.disabled = False
        library_logger.setLevel(max(level, QUIET_LOGGERS.get(name, logging.NOTSET)))


def _colors(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# At import, before any logger of ours can write a line: every process reaches its loggers through here.
route_to_standard_logging()

__all__ = ["REDACTED", "configure_logging", "redact_secrets", "redact_text", "route_to_standard_logging"]
