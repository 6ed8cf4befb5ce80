"""A walk through the screens that say where records stand, in a real browser on the real embedded
service and the NetSuite sandbox over HTTP: a refused invoice, ignoring and un-ignoring it, retrying it,
its own page, a payment voided from its page, refused credentials, Disconnect. No screen may say that
every record got to NetSuite while a sync error is open or ignored. Each screen is kept as a screenshot
under test-artifacts/screenshots/ for a reviewer."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from application.ledger import ApplicationInput, LineInput
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from netsuite_sandbox import SandboxServer
from tests.browser.test_dashboard_walkthrough import Service, service  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.slow]

WAIT_MS = 30_000
FALSE_CLAIM = re.compile(r"every record\W.*got there", re.I | re.S)


class Walk:
    def __init__(self, page: Any, folder: Path) -> None:
        from playwright.sync_api import expect

        expect.set_options(timeout=10_000)
        self.page, self.expect, self.folder = page, expect, folder

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.folder / f"truth-{name}.png"), full_page=True)

    def no_false_claim(self) -> None:
        text = self.page.locator("body").inner_text()
        assert not FALSE_CLAIM.search(text), f"{self.page.url} claims every record got to NetSuite"

    def sync_errors(self) -> Any:
        return self.page.locator("section", has=self.page.get_by_role("heading", name="Sync Errors"))

    def accounting_sync(self) -> None:
        self.page.goto(self.page.url.split("/dashboard")[0] + "/dashboard/settings/accounting_sync")


@pytest.mark.sandbox_seed("demo")
def test_no_screen_says_everything_reached_netsuite_while_an_error_is_open_or_ignored(
    browser_page: Any,
    service: Service,  # noqa: F811
    netsuite_sandbox: SandboxServer,
    screenshots: Path,
) -> None:
    walk, page = Walk(browser_page, screenshots), browser_page
    expect = walk.expect
    company_id = service.company.company.id

    page.goto(f"{service.url}/dashboard")
    page.get_by_label("API key").fill(service.company.api_key)
    page.get_by_role("button", name="Sign in").click()

    # Connect; the settings then offer NetSuite's items, and warn while no fallback item is chosen.
    page.goto(f"{service.url}/dashboard/settings/integrations/netsuite/connect?method=tba")
    credentials = netsuite_sandbox.credentials
    page.get_by_label("Account ID").fill(netsuite_sandbox.account_id)
    page.get_by_label("Consumer key").fill(credentials.consumer_key)
    page.get_by_label("Consumer secret").fill(credentials.consumer_secret)
    page.get_by_label("Token ID").fill(credentials.token_id)
    page.get_by_label("Token secret").fill(credentials.token_secret)
    page.get_by_label("REST domain").fill(netsuite_sandbox.base_url)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("No fallback item is set").first).to_be_visible()
    walk.shot("settings-choose-fallback-item")
    walk.accounting_sync()
    expect(page.get_by_text("No fallback item is set, so invoices")).to_be_visible()
    walk.shot("accounting-sync-no-fallback-item")
    page.goto(f"{service.url}/dashboard/settings/integrations/netsuite?items=1")
    page.get_by_label("Fallback item").select_option(value="201")  # the sandbox's Consulting Services
    page.get_by_label("Import outstanding invoices from NetSuite").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("NetSuite settings saved.")).to_be_visible()
    expect(page.get_by_text("No fallback item is set")).to_have_count(0)

    # Two invoices issued here; NetSuite refuses one of them.
    ledger = service.runtime.container.ledger()
    customer = ledger.create_customer(company_id, "Wayne Enterprises", currency="usd")
    refused = ledger.create_invoice(company_id, customer.id, [LineInput("Audit", Decimal(1), Decimal(900))])
    paid = ledger.create_invoice(company_id, customer.id, [LineInput("Advice", Decimal(2), Decimal(250))])
    refused_id = external_id_for("invd", company_id, RecordKind.INVOICE, refused.id)
    netsuite_sandbox.reject_writes(refused_id, "The accounting period is closed.")

    walk.accounting_sync()
    page.get_by_role("button", name="Sync Now").click()
    expect(page.get_by_text("Finished with errors").first).to_be_visible(timeout=WAIT_MS)
    expect(walk.sync_errors().get_by_text(f"Invoice {refused.number}", exact=True)).to_be_visible()
    walk.no_false_claim()
    walk.shot("accounting-sync-open-error")

    # The refused invoice's own page, opened from its row: the error with Retry and Ignore.
    page.get_by_role("link", name="Invoices", exact=True).click()
    page.get_by_role("link", name=refused.number).click()
    expect(page.get_by_role("heading", name=re.compile(f"Invoice {refused.number}"))).to_be_visible()
    expect(page.get_by_text("The accounting period is closed.")).to_be_visible()
    expect(page.get_by_text("Not in NetSuite")).to_be_visible()
    walk.no_false_claim()
    walk.shot("invoice-with-open-error")
    page.get_by_role("button", name="Ignore").click()
    expect(page.get_by_role("button", name="Un-ignore")).to_be_visible()
    walk.no_false_claim()
    walk.shot("invoice-with-ignored-error")

    # Ignored: the open list is empty, but it says the record is still missing, and Ignored lists it.
    walk.accounting_sync()
    expect(page.get_by_text("1 ignored record is still not in NetSuite")).to_be_visible()
    walk.no_false_claim()
    walk.shot("accounting-sync-ignored-error")
    walk.sync_errors().get_by_role("link", name=re.compile("Ignored")).click()
    expect(walk.sync_errors().get_by_text(f"Invoice {refused.number}", exact=True)).to_be_visible()
    walk.no_false_claim()
    walk.shot("sync-errors-ignored-tab")
    recent = page.locator("section", has=page.get_by_role("heading", name="Recent Syncs"))
    recent.get_by_role("link", name="Details").first.click()
    expect(page.get_by_text("It finished with errors: 1 record could not be synced.")).to_be_visible()
    walk.no_false_claim()
    walk.shot("run-details-partial")

    # NetSuite accepts it now: Retry from Ignored; the page refreshes until the retry has run.
    netsuite_sandbox.accept_writes(refused_id)
    page.goto(f"{service.url}/dashboard/settings/accounting_sync?errors=ignored")
    walk.sync_errors().get_by_role("button", name="Retry").click()
    expect(page.get_by_text(f"Retrying Invoice {refused.number}")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Resolved\s+1"))).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("Retry of one record").first).to_be_visible()
    walk.shot("accounting-sync-after-retry")

    page.goto(f"{service.url}/dashboard/invoices/{refused.id}")
    expect(page.get_by_role("link", name=re.compile(r"Internal id \d+"))).to_be_visible()
    link = page.get_by_role("link", name=re.compile(r"Internal id \d+")).get_attribute("href")
    assert re.fullmatch(
        r"https://tstdrv2450117\.app\.netsuite\.com/app/accounting/transactions/custinvc\.nl\?id=\d+", link
    )
    expect(page.get_by_text(re.compile(r"by retry of one record #\d+"))).to_be_visible()
    walk.shot("invoice-synced")
    page.get_by_role("link", name="Wayne Enterprises").first.click()
    expect(page.get_by_role("heading", name="Wayne Enterprises")).to_be_visible()
    walk.shot("customer")

    # A payment, synced, then voided from its own page after a confirmation.
    payment = ledger.record_payment(
        company_id, applied_to=[ApplicationInput(paid.id, Decimal("500.00"))], method="wire_transfer"
    )
    walk.accounting_sync()
    page.get_by_role("button", name="Sync Now").click()
    expect(page.get_by_role("link", name=re.compile(r"Resolved\s+1"))).to_be_visible()
    expect(page.get_by_text("refreshes until it finishes")).to_have_count(0, timeout=WAIT_MS)
    expect(page.get_by_text("Every record that should be in NetSuite got there")).to_be_visible()  # all clear
    page.goto(f"{service.url}/dashboard/invoices/{paid.id}")
    page.get_by_role("link", name=f"Payment #{payment.id}").click()
    expect(page.get_by_text("Wire transfer")).to_be_visible()
    walk.shot("payment")
    page.get_by_role("link", name="Void payment").click()
    expect(page.get_by_role("heading", name=f"Void payment #{payment.id}?")).to_be_visible()
    walk.shot("payment-void-confirmation")
    page.get_by_role("button", name="Void payment").click()
    expect(page.get_by_text(f"Voided Payment #{payment.id}")).to_be_visible()

    # NetSuite refuses the credentials: the card says the connection does not work now.
    netsuite_sandbox.refuse_logins()
    walk.accounting_sync()
    page.get_by_role("button", name="Sync Now").click()
    expect(page.get_by_text("The connection to NetSuite does not work now")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("Not working")).to_be_visible()
    walk.no_false_claim()
    walk.shot("accounting-sync-connection-not-working")
    recent.get_by_role("link", name="Details").first.click()
    expect(page.get_by_text("Nothing moved: the run failed")).to_be_visible()
    walk.no_false_claim()
    walk.shot("run-details-failed")

    # Modify credentials keeps the account and the REST domain; Disconnect asks first.
    page.goto(f"{service.url}/dashboard/settings/integrations/netsuite/connect")
    expect(page.get_by_label("Account ID")).to_have_value(netsuite_sandbox.account_id)
    expect(page.get_by_label("REST domain")).to_have_value(netsuite_sandbox.base_url)
    walk.shot("modify-credentials")
    page.goto(f"{service.url}/dashboard/settings/integrations/netsuite")
    page.get_by_role("link", name="Disconnect…").click()
    expect(page.get_by_text("The sync history and the sync errors.")).to_be_visible()
    walk.shot("disconnect-confirmation")
