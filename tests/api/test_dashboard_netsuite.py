"""The dashboard's NetSuite screens: Connect, settings, Disconnect, Accounting Sync (Sync Now, Recent Syncs,
a run's details, Sync Errors with Retry and Ignore), the record lists' NetSuite status, and Import."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.memory import InMemoryJobQueue
from adapters.memory.gateway import DEFAULT_CREDENTIALS, InMemoryNetSuite
from application.ledger import LineInput, NewCompany
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from tests.api.test_dashboard_session import csrf, sign_in

CREDENTIALS = {
    "consumer_key": DEFAULT_CREDENTIALS.consumer_key,
    "consumer_secret": DEFAULT_CREDENTIALS.consumer_secret,
    "token_id": DEFAULT_CREDENTIALS.token_id,
    "token_secret": DEFAULT_CREDENTIALS.token_secret,
}


class Dashboard:
    """A signed-in browser session, minus the browser: GET pages, POST their forms with the CSRF token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, path: str) -> str:
        response = self.client.get(path)
        assert response.status_code == 200, response.text
        return response.text

    def submit(self, page: str, action: str, fields: dict[str, str] | None = None, **kwargs: Any) -> Any:
        token = csrf(self.get(page))
        return self.client.post(action, data={"csrf_token": token, **(fields or {})}, **kwargs)


@pytest.fixture
def dashboard(client: TestClient, company: NewCompany) -> Dashboard:
    sign_in(client, company.api_key)
    return Dashboard(client)


def connect(dashboard: Dashboard, **changes: str) -> Any:
    return dashboard.submit(
        "/dashboard/settings/integrations/netsuite/connect",
        "/dashboard/settings/integrations/netsuite/connect",
        {"account_id": "1234567", **CREDENTIALS, **changes},
    )


@pytest.fixture
def connected(dashboard: Dashboard) -> Dashboard:
    assert connect(dashboard).status_code == 200
    saved = dashboard.submit(
        "/dashboard/settings/integrations/netsuite",
        "/dashboard/settings/integrations/netsuite",
        {
            "auto_sync": "true",
            "interval_minutes": "60",
            "concurrency_limit": "5",
            "fallback_item_id": "201",
            "read_invoices": "true",
            "read_payments": "true",
            "write_invoices": "true",
            "write_payments": "true",
        },
    )
    assert saved.status_code == 200
    return dashboard


def test_integrations_offers_connect_until_connected(dashboard: Dashboard) -> None:
    page = dashboard.get("/dashboard/settings/integrations")

    assert "NetSuite" in page
    assert 'href="/dashboard/settings/integrations/netsuite/connect">Connect' in page


def test_connect_then_land_on_the_settings_form(dashboard: Dashboard) -> None:
    response = connect(dashboard)

    assert response.status_code == 200
    assert response.url.path == "/dashboard/settings/integrations/netsuite"
    assert "Connected to NetSuite account 1234567" in response.text
    assert "Reconcile to NetSuite" in response.text
    for secret in CREDENTIALS.values():
        assert secret not in response.text
    assert "Connected to account <strong>1234567</strong>" in dashboard.get(
        "/dashboard/settings/integrations"
    )


def test_refused_credentials_keep_the_non_secret_fields_and_never_echo_the_secrets(
    dashboard: Dashboard,
) -> None:
    response = connect(dashboard, token_secret="not-the-secret")

    assert response.status_code == 422
    assert "INVALID_LOGIN" in response.text
    for name, value in (
        ("account_id", "1234567"),
        ("consumer_key", CREDENTIALS["consumer_key"]),
        ("token_id", CREDENTIALS["token_id"]),
    ):
        assert re.search(
            rf'id="{name}" name="{name}" type="text"\s*required\s*value="{value}"', response.text
        )
    for secret in (CREDENTIALS["consumer_secret"], CREDENTIALS["token_secret"], "not-the-secret"):
        assert secret not in response.text


def test_modify_credentials_keeps_the_account_and_domain_and_replaces_only_what_is_typed(
    connected: Dashboard, netsuite: InMemoryNetSuite, container: Any, company: NewCompany
) -> None:
    connections = container.netsuite_connections()
    before = connections.connection(company.company.id)
    settings = connected.get("/dashboard/settings/integrations/netsuite")
    modify = re.search(r'href="([^"]+)">Modify credentials', settings).group(1)

    form = connected.get(modify)

    assert "Modify NetSuite credentials" in form
    assert re.search(r'id="account_id" name="account_id" type="text"\s*value="1234567"', form)
    assert re.search(r'id="base_url" name="base_url" type="text" value=""', form)
    assert "Leave empty to keep the saved one." in form

    # A wrong new secret is tried first and refused: nothing changes, the saved credentials still work.
    refused = connected.submit(
        modify,
        "/dashboard/settings/integrations/netsuite/connect",
        {"account_id": "1234567", "token_secret": "wrong"},
    )
    assert refused.status_code == 422 and "INVALID_LOGIN" in refused.text
    assert "Modify NetSuite credentials" in refused.text
    assert connections.connection(company.company.id).connected_at == before.connected_at

    # NetSuite issued a new token: type only its secret; the rest stays as saved.
    netsuite.credentials = dataclasses.replace(netsuite.credentials, token_secret="rotated-secret")
    saved = connected.submit(
        modify,
        "/dashboard/settings/integrations/netsuite/connect",
        {"account_id": "1234567", "token_secret": "rotated-secret"},
    )
    assert saved.status_code == 200, saved.text
    assert "NetSuite accepted the new credentials for account 1234567" in saved.text
    after = connections.connection(company.company.id)
    assert (after.account_id, after.base_url) == (before.account_id, before.base_url)
    assert after.settings.fallback_item_id == "201"


def test_an_unreachable_netsuite_says_nothing_was_saved_in_plain_words(
    dashboard: Dashboard, netsuite: InMemoryNetSuite
) -> None:
    netsuite.go_down()

    response = connect(dashboard)

    assert response.status_code == 422
    said = re.search(r'role="alert">(.*?)<br>', response.text, re.S).group(1)
    assert "We could not reach NetSuite (account 1234567), so nothing was saved." in said
    assert "next sync will try again" not in said
    assert re.search(r'class="detail">Details: NetSuite could not be reached', response.text)
    assert 'value="1234567"' in response.text
    assert "Connect NetSuite" in dashboard.get("/dashboard/settings/accounting_sync")


def test_missing_and_malformed_fields_are_shown_by_the_field(dashboard: Dashboard) -> None:
    missing = connect(dashboard, consumer_secret="")
    malformed = connect(dashboard, account_id="12 34!")

    assert missing.status_code == 422
    assert re.search(r'id="consumer_secret"[^>]*class="invalid"', missing.text)
    assert malformed.status_code == 422
    assert re.search(r'id="account_id"[^>]*class="invalid"', malformed.text)
    assert "is not a NetSuite account ID" in malformed.text


def test_save_the_settings_and_see_errors_inline(connected: Dashboard) -> None:
    page = connected.get("/dashboard/settings/integrations/netsuite")
    assert 'name="fallback_item_id" type="text" value="201"' in page

    response = connected.submit(
        "/dashboard/settings/integrations/netsuite",
        "/dashboard/settings/integrations/netsuite",
        {"interval_minutes": "2", "concurrency_limit": "5", "start_date": "2026-01-01"},
    )

    assert response.status_code == 422
    assert "between 5 and 1440" in response.text
    assert re.search(r'id="interval_minutes"[^>]*class="invalid"', response.text)
    assert 'value="2026-01-01"' in response.text

    saved = connected.submit(
        "/dashboard/settings/integrations/netsuite",
        "/dashboard/settings/integrations/netsuite",
        {
            "interval_minutes": "120",
            "concurrency_limit": "3",
            "start_date": "2026-01-01",
            "write_invoices": "true",
        },
    )
    assert saved.status_code == 200
    assert "NetSuite settings saved." in saved.text
    assert 'value="2026-01-01"' in saved.text
    assert re.search(r'name="auto_sync" value="true"\s*>', saved.text)  # unchecked now
    assert re.search(r'name="write_invoices" value="true" checked', saved.text)


def test_disconnect_asks_first_and_says_what_stays(
    connected: Dashboard, container: Any, company: NewCompany
) -> None:
    settings = connected.get("/dashboard/settings/integrations/netsuite")
    assert 'href="/dashboard/settings/integrations/netsuite/disconnect">Disconnect' in settings
    assert 'action="/dashboard/settings/integrations/netsuite/disconnect"' not in settings  # no one-click

    confirm = connected.get("/dashboard/settings/integrations/netsuite/disconnect")
    assert "Disconnect NetSuite account 1234567?" in confirm
    assert "their links to NetSuite records (0 linked)" in confirm
    assert "The sync history and the sync errors." in confirm
    assert container.netsuite_connections().connection(company.company.id)  # asking changed nothing

    response = connected.submit(
        "/dashboard/settings/integrations/netsuite/disconnect",
        "/dashboard/settings/integrations/netsuite/disconnect",
    )

    assert "NetSuite is disconnected" in response.text
    assert "/dashboard/settings/integrations/netsuite/connect" in response.text


def test_sync_now_then_recent_syncs_and_the_runs_details(
    connected: Dashboard, run_jobs_at_once: InMemoryJobQueue, container: Any, company: NewCompany
) -> None:
    ledger = container.ledger()
    customer = ledger.create_customer(company.company.id, "Wayne Enterprises")
    ledger.create_invoice(
        company.company.id, customer.id, [LineInput("Consulting", Decimal(1), Decimal(500))]
    )

    page = connected.submit(
        "/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now"
    ).text

    run_id = re.search(r"Sync #(\d+) started", page).group(1)
    assert "Recent Syncs" in page
    assert f'href="/dashboard/syncs/{run_id}"' in page
    assert "Succeeded" in page
    assert "1 invoice written to NetSuite" in page
    assert "Next scheduled sync" in page
    details = connected.get(f"/dashboard/syncs/{run_id}")
    assert f"Sync #{run_id}" in details
    assert "Invoices written" in details
    assert "Synced" in connected.get("/dashboard/invoices")
    assert "Synced" in connected.get("/dashboard/customers")


def test_a_running_sync_refreshes_the_page_until_it_finishes(
    connected: Dashboard, job_queue: InMemoryJobQueue
) -> None:
    page = connected.submit(
        "/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now"
    ).text

    assert '<meta http-equiv="refresh" content="3">' in page
    assert "this page refreshes until it finishes" in page


def test_sync_errors_with_retry_and_ignore(
    connected: Dashboard,
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
    netsuite: InMemoryNetSuite,
) -> None:
    ledger = container.ledger()
    customer = ledger.create_customer(company.company.id, "Wayne Enterprises")
    invoice = ledger.create_invoice(
        company.company.id, customer.id, [LineInput("Consulting", Decimal(1), Decimal(500))]
    )
    external_id = external_id_for("invd", company.company.id, RecordKind.INVOICE, invoice.id)
    netsuite.reject(external_id, "The accounting period is closed.")
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")

    page = connected.get("/dashboard/settings/accounting_sync")
    assert "Finished with errors" in page
    assert f"Invoice {invoice.number}" in page
    assert "The accounting period is closed." in page
    assert "Sync error" in connected.get("/dashboard/invoices")
    error_id = re.search(r"/dashboard/sync_errors/(\d+)/ignore", page).group(1)

    ignored = connected.submit(
        "/dashboard/settings/accounting_sync",
        f"/dashboard/sync_errors/{error_id}/ignore",
        {"back": "/dashboard/settings/accounting_sync"},
    ).text
    assert f"Ignored Invoice {invoice.number}" in ignored
    assert "No open sync errors." in ignored

    netsuite.stop_rejecting(external_id)
    run_page = re.search(r'href="(/dashboard/syncs/\d+)"', ignored).group(1)
    retried = connected.submit(run_page, f"/dashboard/sync_errors/{error_id}/retry", {"back": run_page})
    assert retried.url.path == run_page
    assert "http-equiv" not in retried.text  # the retry already ran: nothing to wait for
    assert f"Retrying Invoice {invoice.number}" in retried.text
    assert "Resolved" in retried.text
    assert "Synced" in connected.get("/dashboard/invoices")
    retry_run = container.sync_history().recent_runs(company.company.id, limit=1).runs[0]
    assert retry_run.kind.value == "record_retry"
    assert "What moved" in connected.get(f"/dashboard/syncs/{retry_run.id}")  # its details, not an import's


def test_import_invoices_start_pending_result(
    connected: Dashboard,
    job_queue: InMemoryJobQueue,
    container: Any,
    netsuite: InMemoryNetSuite,
    company: NewCompany,
) -> None:
    customer = netsuite.add_customer("Initech")
    netsuite.add_invoice(customer.internal_id, "NS-1001", amount=Decimal("1250.00"))
    start = connected.get("/dashboard/invoices/import")
    assert "NetSuite" in start
    assert "you will get an email with the result at ar@acme.test" in start

    pending = connected.submit("/dashboard/invoices/import", "/dashboard/imports", {"type": "invoice"})

    import_id = int(str(pending.url).rsplit("/", 1)[1])
    assert "you may leave this page; you will get an email" in pending.text.lower()
    assert '<meta http-equiv="refresh" content="2">' in pending.text
    again = connected.submit("/dashboard/invoices/import", "/dashboard/imports", {"type": "invoice"})
    assert str(again.url).endswith(f"/dashboard/imports/{import_id}")
    assert "already running" in again.text

    container.netsuite_imports().run_import(company.company.id, import_id)
    result = connected.get(f"/dashboard/imports/{import_id}")
    assert "http-equiv" not in result
    assert "The import finished." in result
    # Each number says what it counts: one invoice and the customer it needed, not "2 imported".
    assert re.search(r"<strong>1</strong><span>Invoice imported from NetSuite</span>", result)
    assert re.search(r"<strong>1</strong><span>Customer created from NetSuite</span>", result)
    assert re.search(r"<strong>0</strong><span>Could not be imported</span>", result)
    assert "Imported</span>" not in result
    invoices = connected.get("/dashboard/invoices")
    assert "NS-1001" in invoices
    assert "1,250.00 USD" in invoices
    assert "From NetSuite" in invoices


def test_import_needs_a_connection(dashboard: Dashboard) -> None:
    page = dashboard.get("/dashboard/customers/import")

    assert "Connect NetSuite first" in page


def test_another_companys_runs_are_not_found(
    connected: Dashboard, job_queue: InMemoryJobQueue, client: TestClient, other_company: NewCompany
) -> None:
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")
    run_id = re.search(
        r'/dashboard/syncs/(\d+)"', connected.get("/dashboard/settings/accounting_sync")
    ).group(1)
    client.cookies.clear()
    sign_in(client, other_company.api_key)

    response = client.get(f"/dashboard/syncs/{run_id}")

    assert response.status_code == 404
    assert "Not found" in response.text


def test_company_settings_edit_the_notification_email(dashboard: Dashboard) -> None:
    bad = dashboard.submit(
        "/dashboard/settings/company", "/dashboard/settings/company", {"name": "Acme", "email": "nope"}
    )
    assert bad.status_code == 422
    assert "is not an email address" in bad.text

    saved = dashboard.submit(
        "/dashboard/settings/company",
        "/dashboard/settings/company",
        {"name": "Acme Inc", "email": "books@acme.test"},
    )
    assert "Company settings saved." in saved.text
    assert 'value="books@acme.test"' in saved.text
    assert "Acme Inc" in saved.text


@pytest.fixture
def rejected_invoice(
    connected: Dashboard,
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
    netsuite: InMemoryNetSuite,
) -> Any:
    """An invoice NetSuite refuses, after one Sync Now: it has an open sync error."""
    ledger = container.ledger()
    customer = ledger.create_customer(company.company.id, "Wayne Enterprises")
    invoice = ledger.create_invoice(
        company.company.id, customer.id, [LineInput("Consulting", Decimal(1), Decimal(500))]
    )
    netsuite.reject(
        external_id_for("invd", company.company.id, RecordKind.INVOICE, invoice.id),
        "The accounting period is closed.",
    )
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")
    return invoice


EVERYTHING_GOT_THERE = "Every record that should be in NetSuite got there"


def test_an_ignored_error_stays_visible_and_can_be_unignored(
    connected: Dashboard, rejected_invoice: Any
) -> None:
    page = connected.get("/dashboard/settings/accounting_sync")
    error_id = re.search(r"/dashboard/sync_errors/(\d+)/ignore", page).group(1)
    assert EVERYTHING_GOT_THERE not in page

    ignored = connected.submit(
        "/dashboard/settings/accounting_sync", f"/dashboard/sync_errors/{error_id}/ignore"
    ).text

    # The open list is empty, but it says the record is still missing from NetSuite; nothing claims
    # that everything got there.
    assert EVERYTHING_GOT_THERE not in ignored
    assert "1 ignored record is still not in NetSuite" in ignored
    assert re.search(r"Open <span class=\"tab-count\">0</span>", ignored)
    assert re.search(r"Ignored <span class=\"tab-count\">1</span>", ignored)
    assert re.search(r"Resolved <span class=\"tab-count\">0</span>", ignored)
    listed = connected.get("/dashboard/settings/accounting_sync?errors=ignored")
    assert f"Invoice {rejected_invoice.number}" in listed
    assert "The accounting period is closed." in listed
    assert f"/dashboard/sync_errors/{error_id}/unignore" in listed
    assert EVERYTHING_GOT_THERE not in listed

    reopened = connected.submit(
        "/dashboard/settings/accounting_sync?errors=ignored",
        f"/dashboard/sync_errors/{error_id}/unignore",
        {"back": "/dashboard/settings/accounting_sync"},
    ).text
    assert f"Invoice {rejected_invoice.number} is an open sync error again" in reopened
    assert f"/dashboard/sync_errors/{error_id}/ignore" in reopened
    assert re.search(r"Open <span class=\"tab-count\">1</span>", reopened)


def test_everything_got_there_only_when_the_last_sync_succeeded_with_no_errors(
    connected: Dashboard,
    rejected_invoice: Any,
    netsuite: InMemoryNetSuite,
    company: NewCompany,
) -> None:
    page = connected.get("/dashboard/settings/accounting_sync")
    error_id = re.search(r"/dashboard/sync_errors/(\d+)/retry", page).group(1)
    netsuite.stop_rejecting(
        external_id_for("invd", company.company.id, RecordKind.INVOICE, rejected_invoice.id)
    )
    connected.submit("/dashboard/settings/accounting_sync", f"/dashboard/sync_errors/{error_id}/retry")
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")

    page = connected.get("/dashboard/settings/accounting_sync")

    assert EVERYTHING_GOT_THERE in page
    assert re.search(r"Resolved <span class=\"tab-count\">1</span>", page)
    assert f"Invoice {rejected_invoice.number}" in connected.get(
        "/dashboard/settings/accounting_sync?errors=resolved"
    )


def test_a_sync_that_netsuite_refuses_looks_failed_everywhere(
    connected: Dashboard,
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
    netsuite: InMemoryNetSuite,
    clock: Any,
) -> None:
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")
    worked = connected.get("/dashboard/settings/accounting_sync")
    assert '<span class="badge badge-ok">Connected</span>' in worked
    netsuite.fail_auth()
    clock.advance(minutes=90)

    page = connected.submit(
        "/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now"
    ).text

    run_id = re.search(r"Sync #(\d+) started", page).group(1)
    assert '<span class="badge badge-ok">Connected</span>' not in page
    assert "Not working" in page
    assert "The connection to NetSuite does not work now" in page
    assert "INVALID_LOGIN" in page
    last_sync = re.search(r"<dt>Last sync</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert "Failed" in last_sync
    failed_row = re.search(rf'<tr>(?:(?!</tr>).)*href="/dashboard/syncs/{run_id}"', page, re.S).group(0)
    assert "Nothing moved" in failed_row and "Nothing to move" not in failed_row
    assert EVERYTHING_GOT_THERE not in page
    details = connected.get(f"/dashboard/syncs/{run_id}")
    assert "Nothing needed syncing" not in details
    assert "Nothing moved: the run failed" in details
    assert "This run failed: NetSuite refused the credentials" in details
    assert "This run stopped before it reached any record" in details
    assert EVERYTHING_GOT_THERE not in details
    assert "does not work now" in connected.get("/dashboard/settings/integrations")

    netsuite.fail_auth(False)
    clock.advance(minutes=5)
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")
    healed = connected.get("/dashboard/settings/accounting_sync")
    assert '<span class="badge badge-ok">Connected</span>' in healed
    assert "does not work now" not in healed


def test_a_second_customer_import_says_how_many_were_already_there(
    connected: Dashboard, container: Any, netsuite: InMemoryNetSuite, company: NewCompany
) -> None:
    for name in ("Initech", "Globex", "Umbrella"):
        netsuite.add_customer(name)

    def run_import() -> str:
        pending = connected.submit("/dashboard/customers/import", "/dashboard/imports", {"type": "customer"})
        import_id = int(str(pending.url).rsplit("/", 1)[1])
        container.netsuite_imports().run_import(company.company.id, import_id)
        return connected.get(f"/dashboard/imports/{import_id}")

    first, second = run_import(), run_import()

    assert re.search(r"<strong>3</strong><span>Customers created from NetSuite</span>", first)
    assert re.search(r"<strong>3</strong><span>Customers already on Invoiced, unchanged</span>", second)
    assert "Nothing to move" not in second and "Customers created" not in second


def test_after_retry_the_page_refreshes_until_the_retry_has_run(
    connected: Dashboard,
    rejected_invoice: Any,
    job_queue: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
) -> None:
    job_queue.handlers.pop("retry")  # the workers have not taken the retry yet
    page = connected.get("/dashboard/settings/accounting_sync")
    error_id = int(re.search(r"/dashboard/sync_errors/(\d+)/retry", page).group(1))

    waiting = connected.submit(
        "/dashboard/settings/accounting_sync", f"/dashboard/sync_errors/{error_id}/retry"
    )

    assert waiting.url.path == "/dashboard/settings/accounting_sync"
    assert '<meta http-equiv="refresh" content="3">' in waiting.text
    container.sync_errors().retry(company.company.id, error_id)  # a worker takes it
    assert "http-equiv" not in connected.get(str(waiting.url))
    recent = connected.get("/dashboard/settings/accounting_sync").split("Recent Syncs")[1]
    assert "<td>Retry of one record</td>\n        <td>Retry</td>" in recent  # its kind, and what started it


def test_recent_syncs_list_every_kind_of_run_with_its_kind(
    connected: Dashboard, run_jobs_at_once: InMemoryJobQueue, netsuite: InMemoryNetSuite
) -> None:
    netsuite.add_customer("Initech")
    connected.submit("/dashboard/customers/import", "/dashboard/imports", {"type": "customer"})
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")

    page = connected.get("/dashboard/settings/accounting_sync")

    recent = page.split("Recent Syncs")[1].split("Sync Errors")[0]
    assert "<td>Customer import</td>" in recent and "<td>Accounting sync</td>" in recent
    assert re.search(r'href="/dashboard/imports/\d+">Details', recent)


def test_without_a_fallback_item_the_screens_warn_and_connect_offers_netsuite_s_items(
    dashboard: Dashboard, netsuite: InMemoryNetSuite
) -> None:
    connected = connect(dashboard)

    # Right after connecting, the settings offer NetSuite's items to choose the fallback from.
    assert str(connected.url).endswith("/dashboard/settings/integrations/netsuite?items=1")
    assert "No fallback item is set" in connected.text
    item_id, (name, _) = next(iter(netsuite.items.items()))
    assert re.search(rf'<option value="{item_id}"\s*>{re.escape(name)} \(', connected.text)
    warned = dashboard.get("/dashboard/settings/accounting_sync")
    assert "No fallback item is set, so invoices whose lines have no NetSuite item" in warned

    dashboard.submit(
        "/dashboard/settings/integrations/netsuite",
        "/dashboard/settings/integrations/netsuite",
        {
            "interval_minutes": "60",
            "concurrency_limit": "5",
            "write_invoices": "true",
            "fallback_item_id": item_id,
        },
    )
    assert "No fallback item is set" not in dashboard.get("/dashboard/settings/accounting_sync")
    assert "No fallback item is set" not in dashboard.get("/dashboard/settings/integrations/netsuite")


def test_the_credit_note_toggle_and_the_discount_and_tax_items_are_saved(connected: Dashboard) -> None:
    saved = connected.submit(
        "/dashboard/settings/integrations/netsuite",
        "/dashboard/settings/integrations/netsuite",
        {
            "interval_minutes": "60",
            "concurrency_limit": "5",
            "write_credit_notes": "true",
            "discount_item_id": "203",
            "tax_item_id": "204",
        },
    )

    assert saved.status_code == 200 and "NetSuite settings saved." in saved.text
    assert re.search(r'name="write_credit_notes" value="true" checked', saved.text)
    assert 'name="discount_item_id" type="text" value="203"' in saved.text
    assert 'name="tax_item_id" type="text" value="204"' in saved.text


def test_the_lists_refresh_while_a_sync_is_running(connected: Dashboard, job_queue: InMemoryJobQueue) -> None:
    connected.submit("/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now")

    for page in ("/dashboard/invoices", "/dashboard/customers"):
        shown = connected.get(page)
        assert '<meta http-equiv="refresh" content="5">' in shown, page
        assert "this page refreshes until it finishes" in shown
