"""The dashboard in a real browser, on the real embedded service: SQLite, the in-process Dramatiq worker
and scheduler, the REST gateway talking HTTP to the NetSuite sandbox, emails in the outbox.

A finance user signs in with the API key, connects NetSuite with the sandbox's credentials, runs Sync
Now and sees it in Recent Syncs, then imports invoices: the pending page, then the result with counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from application.ledger import NewCompany
from entrypoints.cli.serve import EmbeddedRuntime, start_embedded_runtime
from entrypoints.container import build_container
from entrypoints.http.main import create_app
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer
from tests.browser.conftest import BackgroundServer

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.slow]

WAIT_MS = 30_000


class Service:
    def __init__(self, url: str, company: NewCompany, runtime: EmbeddedRuntime, data_dir: Path) -> None:
        self.url = url
        self.company = company
        self.runtime = runtime
        self.data_dir = data_dir


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """`serve` without --demo, on a free port: a fresh data directory and one company."""
    server = BackgroundServer()
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, public_url=server.url, log_format="console")
    container = build_container(settings)
    runtime = start_embedded_runtime(container)
    try:
        company = container.ledger().create_company("Acme Supplies", email="ar@acme.test")
        server.start(create_app(container))
        yield Service(server.url, company, runtime, data_dir)
    finally:
        server.stop()
        runtime.stop()


@pytest.mark.sandbox_seed("demo")
def test_connect_sync_now_recent_syncs_and_import(
    browser_page: Any, service: Service, netsuite_sandbox: SandboxServer, screenshots: Path
) -> None:
    page = browser_page
    expect = _expect()

    # Sign in with the API key.
    page.goto(f"{service.url}/dashboard")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("API key").fill(service.company.api_key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()

    # Settings › Integrations › NetSuite › Connect, with the sandbox's credentials.
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Integrations")).to_be_visible()
    page.get_by_role("link", name="Connect").click()
    expect(page.get_by_label("Certificate ID")).to_be_visible()  # OAuth 2.0 first, for new integrations
    page.get_by_role("link", name="Token-based authentication").click()
    credentials = netsuite_sandbox.credentials
    page.get_by_label("Account ID").fill(netsuite_sandbox.account_id)
    page.get_by_label("Consumer key").fill(credentials.consumer_key)
    page.get_by_label("Consumer secret").fill(credentials.consumer_secret)
    page.get_by_label("Token ID").fill(credentials.token_id)
    page.get_by_label("Token secret").fill(credentials.token_secret)
    page.get_by_label("REST domain").fill(netsuite_sandbox.base_url)
    page.screenshot(path=str(screenshots / "netsuite-connect.png"), full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Connected to NetSuite account {netsuite_sandbox.account_id}")).to_be_visible()
    assert credentials.token_secret not in page.content()

    # The settings form: leave NetSuite's open invoices to the importer, Save.
    page.get_by_label("Import outstanding invoices from NetSuite").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("NetSuite settings saved.")).to_be_visible()
    expect(page.get_by_label("Import outstanding invoices from NetSuite")).not_to_be_checked()
    expect(page.get_by_label("Reconcile to NetSuite")).to_be_checked()
    page.screenshot(path=str(screenshots / "netsuite-settings.png"), full_page=True)

    # Settings › Accounting Sync › Sync Now; the page refreshes itself until the run is done.
    page.get_by_role("complementary").get_by_role("link", name="Accounting Sync").click()
    expect(page.get_by_text("Next scheduled sync")).to_be_visible()
    page.get_by_role("button", name="Sync Now").click()
    expect(page.get_by_text(re.compile(r"Sync #\d+ started"))).to_be_visible()
    recent = page.locator("section", has=page.get_by_role("heading", name="Recent Syncs"))
    expect(recent.get_by_text("Succeeded")).to_be_visible(timeout=WAIT_MS)
    expect(recent.get_by_text("Sync Now")).to_be_visible()
    expect(recent.get_by_role("row")).to_have_count(2)  # the header and the one run
    page.screenshot(path=str(screenshots / "recent-syncs.png"), full_page=True)
    recent.get_by_role("link", name="Details").click()
    expect(page.get_by_role("heading", name=re.compile(r"Sync #\d+ Succeeded"))).to_be_visible()
    expect(page.get_by_role("heading", name="What moved")).to_be_visible()

    # Invoices › Import › NetSuite › Start → pending → the result with counts.
    netsuite_sandbox.set_governance(latency_ms=250)  # slow enough to see the pending page
    page.get_by_role("link", name="Invoices").click()
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import invoices")).to_be_visible()
    expect(page.get_by_label(re.compile("NetSuite"))).to_be_checked()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("You may leave this page; you will get an email")).to_be_visible()
    page.screenshot(path=str(screenshots / "import-pending.png"), full_page=True)
    expect(page.get_by_text("The import finished")).to_be_visible(timeout=WAIT_MS)
    imported = page.locator(".count", has_text="Invoices imported from NetSuite").locator("strong")
    assert int(imported.inner_text()) > 0
    expect(page.locator(".count", has_text="Could not be imported").locator("strong")).to_have_text("0")
    page.screenshot(path=str(screenshots / "import-result.png"), full_page=True)

    page.get_by_role("link", name="View invoices").click()
    expect(page.get_by_text("From NetSuite").first).to_be_visible()
    page.screenshot(path=str(screenshots / "invoices.png"), full_page=True)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("complementary").get_by_role("link", name="Accounting Sync").click()
    page.screenshot(path=str(screenshots / "accounting-sync.png"), full_page=True)

    # The import's email went to the outbox with a link to its result page.
    service.runtime.worker.join(timeout=30)
    emails = [p.read_text() for p in (service.data_dir / "outbox").glob("*.eml")]
    assert any("/dashboard/imports/" in email and "Imported:" in email for email in emails), emails


def _expect() -> Any:
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    return expect
