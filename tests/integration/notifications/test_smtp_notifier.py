"""The SMTP adapter against a real SMTP server on loopback: the import email arrives with its counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory import InMemoryStore
from adapters.notifications import EmailNotSent, SmtpNotifier
from application.notifications import RunNotifications
from application.ports import EmailMessage
from domain.company import Company
from domain.records import RecordKind
from domain.sync import SyncDirection, SyncError, SyncKind, SyncRun, SyncTrigger
from tests.integration.notifications.conftest import PASSWORD, USER, StartSmtp, TlsFiles

pytestmark = pytest.mark.integration

SENDER = "Invoiced NetSuite <no-reply@example.test>"
STARTED = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def _finished_invoice_import(store: InMemoryStore) -> tuple[int, int]:
    with store() as uow:
        company = uow.companies.add(Company(name="Acme", created_at=STARTED, email="ar@acme.test"))
        assert company.id is not None
        run = SyncRun(company.id, SyncKind.INVOICE_IMPORT, SyncTrigger.MANUAL, queued_at=STARTED)
        run.start(STARTED)
        run.count("invoices_imported", 7)
        run.count("customers_imported", 3)
        run.count("invoices_updated", 2)
        uow.sync_runs.add(run)
        assert run.id is not None
        for number, reason in (("INV-0042", "No currency EUR"), ("INV-0043", "Customer is inactive")):
            run.record_error()
            uow.sync_errors.add(
                SyncError(
                    company.id, run.id, RecordKind.INVOICE, number, f"Invoice {number}",
                    SyncDirection.FROM_NETSUITE, reason, "rejected", STARTED, STARTED,
                )
            )  # fmt: skip
        run.finish(STARTED + timedelta(minutes=2, seconds=5))
        uow.sync_runs.update(run)
        uow.commit()
        return company.id, run.id


def test_the_import_email_arrives_at_the_smtp_server_with_the_right_counts(start_smtp: StartSmtp) -> None:
    server = start_smtp()
    store = InMemoryStore()
    company_id, run_id = _finished_invoice_import(store)
    notifier = SmtpNotifier(f"smtp://{server.host}:{server.port}", SENDER)

    RunNotifications(store, notifier, "https://ar.example.test").run_finished(company_id, run_id)

    [received] = server.mailbox.messages
    assert received["To"] == "ar@acme.test"
    assert received["From"] == SENDER
    assert received["Subject"] == "Your import of invoices from NetSuite finished with 2 failed records"
    assert received["Message-ID"] and received["Date"]
    body = received.get_content()
    assert "  Imported: 10\n" in body
    assert "  Updated: 2\n" in body
    assert "  Failed: 2\n" in body
    assert "finished in 2 min 5 s" in body
    assert "Invoice INV-0042: No currency EUR" in body
    assert f"https://ar.example.test/dashboard/imports/{run_id}" in body
    assert server.mailbox.envelopes[0].rcpt_tos == ["ar@acme.test"]


def _hello(to: str = "ar@acme.test") -> EmailMessage:
    return EmailMessage(to=to, subject="Hello", text="Plain body\n", html="<p>Rich body</p>")


def test_it_logs_in_and_sends_text_with_an_html_alternative(start_smtp: StartSmtp) -> None:
    server = start_smtp(auth=True)
    notifier = SmtpNotifier(f"smtp://{USER}:{PASSWORD}@{server.host}:{server.port}", SENDER)

    notifier.send(_hello())

    [received] = server.mailbox.messages
    assert received.get_body(("plain",)).get_content() == "Plain body\n"  # type: ignore[union-attr]
    assert received.get_body(("html",)).get_content().strip() == "<p>Rich body</p>"  # type: ignore[union-attr]


def test_a_refused_password_names_the_server_and_never_the_password(start_smtp: StartSmtp) -> None:
    server = start_smtp(auth=True)
    notifier = SmtpNotifier(f"smtp://{USER}:wrong-Pa55@{server.host}:{server.port}", SENDER)

    with pytest.raises(EmailNotSent) as raised:
        notifier.send(_hello())

    message = str(raised.value)
    assert f"{server.host}:{server.port}" in message
    assert "user name or password" in message
    assert "wrong-Pa55" not in message and "wrong-Pa55" not in repr(notifier)
    assert server.mailbox.messages == []


def test_an_unreachable_server_is_named_in_the_error() -> None:
    from tests.integration.notifications.conftest import free_port

    port = free_port()  # nothing listens there
    notifier = SmtpNotifier(f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}", SENDER, timeout=5)

    with pytest.raises(EmailNotSent, match=rf"127\.0\.0\.1:{port}: the connection was refused") as raised:
        notifier.send(_hello())
    assert PASSWORD not in str(raised.value)


def test_starttls_upgrades_the_connection_before_logging_in(start_smtp: StartSmtp, tls: TlsFiles) -> None:
    server = start_smtp(
        auth=True, tls_context=tls.server_context, require_starttls=True, auth_require_tls=True
    )
    url = f"smtp://{USER}:{PASSWORD}@{server.host}:{server.port}?starttls=true"

    SmtpNotifier(url, SENDER, ssl_context=tls.client_context).send(_hello())

    assert len(server.mailbox.messages) == 1


def test_a_server_that_requires_starttls_refuses_a_plain_session(
    start_smtp: StartSmtp, tls: TlsFiles
) -> None:
    server = start_smtp(tls_context=tls.server_context, require_starttls=True)

    with pytest.raises(EmailNotSent, match=str(server.port)):
        SmtpNotifier(f"smtp://{server.host}:{server.port}", SENDER).send(_hello())
    assert server.mailbox.messages == []


def test_smtps_speaks_tls_from_the_first_byte(start_smtp: StartSmtp, tls: TlsFiles) -> None:
    server = start_smtp(auth=True, ssl_context=tls.server_context)
    url = f"smtps://{USER}:{PASSWORD}@{server.host}:{server.port}"

    SmtpNotifier(url, SENDER, ssl_context=tls.client_context).send(_hello())

    assert len(server.mailbox.messages) == 1


def test_a_certificate_the_client_does_not_trust_is_refused(start_smtp: StartSmtp, tls: TlsFiles) -> None:
    server = start_smtp(ssl_context=tls.server_context)

    with pytest.raises(EmailNotSent, match="TLS failed"):
        SmtpNotifier(f"smtps://{server.host}:{server.port}", SENDER, timeout=5).send(_hello())
