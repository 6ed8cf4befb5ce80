"""SMTP_URL: what it may say, and what a wrong one is told."""

from __future__ import annotations

import pytest

from adapters.notifications import SmtpNotifier, parse_smtp_url


def test_plain_smtp_defaults_to_port_25_without_tls_or_login() -> None:
    server = parse_smtp_url("smtp://mail.example.test")
    assert (server.host, server.port, server.implicit_tls, server.starttls) == (
        "mail.example.test",
        25,
        False,
        False,
    )
    assert server.username is None


def test_starttls_and_an_encoded_password() -> None:
    server = parse_smtp_url("smtp://apikey:p%40ss%2Fword@smtp.example.test:587?starttls=true&timeout=12")
    assert (server.port, server.starttls, server.timeout) == (587, True, 12.0)
    assert (server.username, server.password) == ("apikey", "p@ss/word")


def test_smtps_is_implicit_tls_on_465() -> None:
    server = parse_smtp_url("smtps://u:p@smtp.example.test")
    assert (server.port, server.implicit_tls, server.starttls) == (465, True, False)


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://mail.example.test", "must start with smtp:// or smtps://"),
        ("smtp://", "names no server host"),
        ("smtp://mail.example.test:abc", "port that is not a number"),
        ("smtp://mail.example.test?tls=1", "unknown options tls"),
        ("smtp://mail.example.test?starttls=maybe", "starttls option must be true or false"),
        ("smtps://mail.example.test?starttls=true", "already encrypted"),
        ("smtp://mail.example.test?timeout=soon", "timeout option must be a number"),
    ],
)
def test_a_wrong_url_is_told_what_is_wrong(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_smtp_url(url)


def test_the_password_never_shows_in_repr() -> None:
    notifier = SmtpNotifier("smtp://user:hunter2-secret@mail.example.test:587?starttls=true", "a@b.test")
    assert "hunter2" not in repr(notifier)
    assert "hunter2" not in repr(notifier.server)
