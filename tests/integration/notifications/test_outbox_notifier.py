"""The embedded default: each email becomes an RFC 5322 `.eml` file in the outbox."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from adapters.notifications import OutboxNotifier
from application.ports import EmailMessage

pytestmark = pytest.mark.integration


def test_each_email_is_a_complete_eml_file_in_the_outbox(tmp_path: Path) -> None:
    outbox = OutboxNotifier(tmp_path / "data" / "outbox", sender="Invoiced NetSuite <no-reply@localhost>")

    outbox.send(EmailMessage(to="ar@acme.test", subject="Import finished", text="Imported: 3\n"))
    outbox.send(EmailMessage(to="ar@acme.test", subject="Sync failed", text="Reason: …\n", html="<b>x</b>"))

    files = outbox.messages()
    assert [f.suffix for f in files] == [".eml", ".eml"]
    assert sorted(p.name for p in (tmp_path / "data" / "outbox").iterdir()) == [f.name for f in files]
    first = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert first["Subject"] == "Import finished"
    assert first["To"] == "ar@acme.test"
    assert first["From"] == "Invoiced NetSuite <no-reply@localhost>"
    assert first["Message-ID"].endswith("@localhost>")
    assert first.get_content().replace("\r\n", "\n") == "Imported: 3\n"
    second = email.message_from_bytes(files[1].read_bytes(), policy=email.policy.default)
    assert second["Subject"] == "Sync failed"
    assert second.is_multipart()


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outbox = OutboxNotifier(tmp_path)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        outbox.send(EmailMessage(to="ar@acme.test", subject="s", text="t"))

    assert list(tmp_path.iterdir()) == []
