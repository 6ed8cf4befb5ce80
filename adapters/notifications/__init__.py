"""Notifier adapters: SMTP for production, an outbox of `.eml` files for the embedded default."""

from adapters.notifications.outbox import OutboxNotifier
from adapters.notifications.smtp import EmailNotSent, SmtpNotifier, parse_smtp_url

__all__ = ["EmailNotSent", "OutboxNotifier", "SmtpNotifier", "parse_smtp_url"]
