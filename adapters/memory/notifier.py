"""Collects the emails that would have been sent."""

from __future__ import annotations

from application.ports import EmailMessage


class InMemoryNotifier:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)
