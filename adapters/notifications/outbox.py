"""Writes each email as an `.eml` file instead of sending it: the embedded default (`./data/outbox/`)."""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import UTC, datetime
from email.policy import SMTP
from pathlib import Path

from adapters.notifications.mime import to_mime
from application.ports import EmailMessage

DEFAULT_SENDER = "invoiced-netsuite@localhost"


class OutboxNotifier:
    """One RFC 5322 file per email, written atomically so a reader never sees half a message."""

    def __init__(self, directory: str | os.PathLike[str], sender: str = DEFAULT_SENDER) -> None:
        self.directory = Path(directory)
        self._sender = sender

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        data = to_mime(message, self._sender).as_bytes(policy=SMTP)
        # Sortable by time, unique across processes writing to the same outbox.
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:12]}.eml"
        fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.directory / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def messages(self) -> list[Path]:
        """The emails written so far, oldest first."""
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("*.eml"))
