"""Turns the application's EmailMessage into an RFC 5322 message ready to send or store."""

from __future__ import annotations

import email.message
import email.utils

from application.ports import EmailMessage


def to_mime(message: EmailMessage, sender: str) -> email.message.EmailMessage:
    """A plain-text message (with an HTML alternative when there is one), dated and identified."""
    mime = email.message.EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = email.utils.formatdate(localtime=False, usegmt=True)
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    mime["Message-ID"] = email.utils.make_msgid(domain=domain)
    mime.set_content(message.text)
    if message.html is not None:
        mime.add_alternative(message.html, subtype="html")
    return mime
