"""The real SMTP server the notifications tier uses (aiosmtpd on loopback)."""

from tests.integration.notifications.conftest import start_smtp

__all__ = ["start_smtp"]
