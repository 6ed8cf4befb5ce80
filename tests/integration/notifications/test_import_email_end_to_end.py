"""A background import, for real: the NetSuite sandbox over HTTP, the embedded worker, SQLite, and the
email at a real SMTP server on loopback with what was imported and the link to the results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.security.secret_box import generate_key
from application.integration import ConnectRequest
from domain.sync import SyncKind, SyncStatus
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from entrypoints.worker.embedded import start_embedded_worker
from netsuite_sandbox import SandboxServer
from tests.integration.notifications.conftest import RunningSmtp, StartSmtp

pytestmark = [pytest.mark.integration, pytest.mark.sandbox_seed("demo")]


@pytest.fixture
def smtp_container(
    start_smtp: StartSmtp, sqlite_url: str, tmp_path: Path
) -> Iterator[tuple[Container, RunningSmtp]]:
    server = start_smtp()
    settings = Settings(
        database_url=sqlite_url,
        data_dir=tmp_path / "data",
        secret_key=generate_key(),
        smtp_url=f"smtp://{server.host}:{server.port}",
        email_from="Invoiced NetSuite <no-reply@example.test>",
        public_url="https://ar.example.test",
    )
    container = build_container(settings)
    yield container, server
    container.shutdown_resources()


def test_the_import_email_arrives_with_what_the_import_moved(
    smtp_container: tuple[Container, RunningSmtp], netsuite_sandbox: SandboxServer
) -> None:
    container, server = smtp_container
    company = container.ledger().create_company("Harbor Books", email="finance@harbor.test").company
    assert company.id is not None
    credentials = netsuite_sandbox.credentials
    container.netsuite_connections().connect(
        ConnectRequest(
            company.id,
            netsuite_sandbox.account_id,
            credentials.consumer_key,
            credentials.consumer_secret,
            credentials.token_id,
            credentials.token_secret,
            base_url=netsuite_sandbox.base_url,
        )
    )
    worker = start_embedded_worker(container)
    try:
        run = container.netsuite_imports().request_import(company.id, SyncKind.INVOICE_IMPORT)
        worker.join(timeout=30)
    finally:
        worker.stop()

    assert run.id is not None
    finished = container.sync_history().run_details(company.id, run.id).run
    assert finished.status is SyncStatus.SUCCEEDED
    imported = finished.counts["invoices_imported"] + finished.counts["customers_imported"]
    assert finished.counts["invoices_imported"] > 0

    [email] = server.mailbox.messages
    assert email["To"] == "finance@harbor.test"
    assert email["Subject"] == "Your import of invoices from NetSuite finished"
    body = email.get_content()
    assert f"  Imported: {imported}\n" in body
    assert "  Failed: 0\n" in body
    assert f"  {finished.counts['invoices_imported']} invoices imported from NetSuite\n" in body
    assert f"https://ar.example.test/dashboard/imports/{run.id}" in body
