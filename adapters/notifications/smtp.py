"""Sends email through an SMTP server named by a URL: `smtp://user:password@host:587?starttls=true`
or `smtps://user:password@host:465` (implicit TLS)."""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from adapters.notifications.mime import to_mime
from application.ports import EmailMessage

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class EmailNotSent(RuntimeError):
    """The SMTP server could not be reached or refused the email. The message names the server, never
    the password."""


@dataclass(frozen=True, slots=True)
class SmtpServer:
    """Where and how to deliver, parsed from SMTP_URL. The password stays out of repr."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None
    timeout: float

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def __repr__(self) -> str:
        return (
            f"SmtpServer(host={self.host!r}, port={self.port}, implicit_tls={self.implicit_tls}, "
            f"starttls={self.starttls}, username={self.username!r})"
        )


def parse_smtp_url(url: str, *, timeout: float = 30.0) -> SmtpServer:
    """Read SMTP_URL; a wrong one gets an error that says what a right one looks like."""
    example = "smtp://user:password@mail.example.com:587?starttls=true or smtps://user:password@host:465"
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"SMTP_URL must start with smtp:// or smtps://, for example {example}.")
    if not parts.hostname:
        raise ValueError(f"SMTP_URL names no server host; for example {example}.")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"SMTP_URL has a port that is not a number; for example {example}.") from None
    options = {key: values[-1].strip().lower() for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"starttls", "timeout"}
    if unknown:
        raise ValueError(
            f"SMTP_URL has unknown options {', '.join(sorted(unknown))}: only starttls and timeout exist."
        )
    starttls = options.get("starttls", "false")
    if starttls not in _TRUE | _FALSE:
        raise ValueError("SMTP_URL's starttls option must be true or false.")
    implicit_tls = parts.scheme == "smtps"
    if implicit_tls and starttls in _TRUE:
        raise ValueError("SMTP_URL: smtps:// is already encrypted; use smtp://…?starttls=true for STARTTLS.")
    if "timeout" in options:
        try:
            timeout = float(options["timeout"])
        except ValueError:
            raise ValueError("SMTP_URL's timeout option must be a number of seconds.") from None
    return SmtpServer(
        host=parts.hostname,
        port=port or (465 if implicit_tls else 25),
        implicit_tls=implicit_tls,
        starttls=starttls in _TRUE,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout=timeout,
    )


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"the server refused the user name or password ({error.smtp_code})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{to}: {code}" for to, (code, _) in error.recipients.items())
        return f"the server refused the recipient ({refused})"
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else ""
        return f"the server answered {error.smtp_code} {text}".strip()
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return f"the server does not support it: {error}"
    if isinstance(error, ConnectionRefusedError):
        return "the connection was refused (is the server running and the port right?)"
    if isinstance(error, TimeoutError):
        return "the server did not answer in time"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed ({error.reason or error}); check smtps:// versus ?starttls=true"
    if isinstance(error, socket.gaierror):
        return "the host name could not be resolved"
    return f"{type(error).__name__}: {error}"


class SmtpNotifier:
    """Delivers each email in its own SMTP session (emails are rare; no connection to keep alive)."""

    def __init__(
        self,
        smtp_url: str,
        sender: str,
        *,
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.server = parse_smtp_url(smtp_url, timeout=timeout)
        self._sender = sender
        self._ssl_context = ssl_context

    def __repr__(self) -> str:
        return f"SmtpNotifier({self.server!r}, sender={self._sender!r})"

    def send(self, message: EmailMessage) -> None:
        mime = to_mime(message, self._sender)
        server = self.server
        context = self._ssl_context or ssl.create_default_context()
        try:
            client: smtplib.SMTP
            if server.implicit_tls:
                client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
            else:
                client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
            with client:
                if server.starttls:
                    client.starttls(context=context)
                if server.username is not None:
                    client.login(server.username, server.password or "")
                client.send_message(mime)
        except (smtplib.SMTPException, OSError) as error:
            raise EmailNotSent(
                f"Could not send the email to {message.to} through the SMTP server {server.address}: "
                f"{_reason(error)}. Check SMTP_URL."
            ) from error
