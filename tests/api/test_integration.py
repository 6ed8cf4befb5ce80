"""The NetSuite integration over the API: connect, settings, disconnect, Sync Now, Recent Syncs, a run's
details, sync errors (retry, ignore) and each record's accounting sync status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from adapters.memory import FixedClock, InMemoryJobQueue
from adapters.memory.gateway import DEFAULT_CREDENTIALS, InMemoryNetSuite
from application.ledger import NewCompany
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from tests.api.conftest import Api

CONNECT = {
    "account_id": "1234567",
    "consumer_key": DEFAULT_CREDENTIALS.consumer_key,
    "consumer_secret": DEFAULT_CREDENTIALS.consumer_secret,
    "token_id": DEFAULT_CREDENTIALS.token_id,
    "token_secret": DEFAULT_CREDENTIALS.token_secret,
}
SECRETS = (
    DEFAULT_CREDENTIALS.consumer_secret,
    DEFAULT_CREDENTIALS.token_secret,
    DEFAULT_CREDENTIALS.token_id,
)


@pytest.fixture
def connected(api: Api) -> dict[str, Any]:
    settings = {"fallback_item_id": "201"}  # NetSuite's "Consulting" item, for lines without an item
    return api.ok("POST", "/integrations/netsuite", 201, json={**CONNECT, "settings": settings})


def test_connect_tries_the_credentials_first_and_never_shows_the_secrets(api: Api, clock: FixedClock) -> None:
    response = api.post("/integrations/netsuite", json={**CONNECT, "settings": {"auto_sync": True}})

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["object"] == "netsuite_integration"
    assert body["connected"] is True
    assert body["account_id"] == "1234567"
    assert body["settings"]["auto_sync"] is True
    assert body["next_scheduled_sync"] == int(clock.now().timestamp()) + 60 * 60
    for secret in SECRETS:
        assert secret not in response.text
    assert api.ok("GET", "/integrations/netsuite") == body


def test_refused_credentials_say_what_to_check_and_save_nothing(api: Api) -> None:
    response = api.post("/integrations/netsuite", json={**CONNECT, "token_secret": "wrong"})

    assert response.status_code == 400
    assert response.json()["param"] == "credentials"
    assert "INVALID_LOGIN" in response.json()["message"]
    assert api.get("/integrations/netsuite").status_code == 404


def test_connect_validation(api: Api) -> None:
    missing = api.post("/integrations/netsuite", json={k: v for k, v in CONNECT.items() if k != "token_id"})
    blank = api.post("/integrations/netsuite", json={**CONNECT, "consumer_key": " "})
    bad_account = api.post("/integrations/netsuite", json={**CONNECT, "account_id": "12 34"})

    assert (missing.status_code, missing.json()["param"]) == (400, "token_id")
    assert (blank.status_code, blank.json()["param"]) == (400, "consumer_key")
    assert (bad_account.status_code, bad_account.json()["param"]) == (400, "account_id")


def test_a_connection_cannot_point_the_server_at_an_internal_host(api: Api) -> None:
    internal = api.post("/integrations/netsuite", json={**CONNECT, "base_url": "http://10.0.0.5:6379"})

    assert (internal.status_code, internal.json()["param"]) == (400, "base_url")
    assert "not a NetSuite address" in internal.json()["message"]
    assert api.get("/integrations/netsuite").status_code == 404


def test_change_the_settings(api: Api, connected: dict[str, Any]) -> None:
    changed = api.ok(
        "PATCH",
        "/integrations/netsuite",
        json={
            "auto_sync": False,
            "start_date": 1767225600,
            "fallback_item_id": "201",
            "write_payments": False,
        },
    )

    assert changed["settings"]["auto_sync"] is False
    assert changed["next_scheduled_sync"] is None
    assert changed["settings"]["start_date"] == 1767225600
    assert changed["settings"]["fallback_item_id"] == "201"
    assert changed["settings"]["write_payments"] is False
    assert changed["settings"]["read_invoices"] is True

    cleared = api.ok("PATCH", "/integrations/netsuite", json={"fallback_item_id": None})
    assert cleared["settings"]["fallback_item_id"] is None
    assert cleared["settings"]["start_date"] == 1767225600


def test_settings_out_of_range_name_the_field(api: Api, connected: dict[str, Any]) -> None:
    response = api.patch("/integrations/netsuite", json={"interval_minutes": 1})

    assert response.status_code == 400
    assert response.json()["param"] == "interval_minutes"
    assert "between 5 and 1440" in response.json()["message"]


def test_disconnect(api: Api, connected: dict[str, Any]) -> None:
    assert api.delete("/integrations/netsuite").status_code == 204
    assert api.get("/integrations/netsuite").status_code == 404
    assert api.delete("/integrations/netsuite").status_code == 404
    assert api.patch("/integrations/netsuite", json={"auto_sync": False}).status_code == 404


def test_sync_now_queues_one_run_and_answers_the_running_one_while_it_runs(
    api: Api, connected: dict[str, Any], job_queue: InMemoryJobQueue, company: NewCompany
) -> None:
    first = api.ok("POST", "/integrations/netsuite/syncs", 202)
    second = api.ok("POST", "/integrations/netsuite/syncs", 202)

    assert first["object"] == "sync"
    assert first["status"] == "queued"
    assert first["trigger"] == "api"
    assert second["id"] == first["id"]
    assert job_queue.jobs == [("sync", company.company.id, first["id"])]


def test_sync_and_import_need_a_connection(api: Api) -> None:
    sync = api.post("/integrations/netsuite/syncs")
    imported = api.post("/imports", json={"type": "invoice", "source": "netsuite"})

    assert sync.status_code == 400
    assert "Connect" in sync.json()["message"]
    assert imported.status_code == 400


def test_a_sync_writes_invoices_and_shows_in_recent_syncs_and_the_records_status(
    api: Api,
    connected: dict[str, Any],
    run_jobs_at_once: InMemoryJobQueue,
    netsuite: InMemoryNetSuite,
    invoice: dict[str, Any],
) -> None:
    before = api.ok("GET", f"/invoices/{invoice['id']}/accounting_sync_status")
    assert before["synced"] is False
    assert before["accounting_id"] is None

    run = api.ok("POST", "/integrations/netsuite/syncs", 202)

    recent = api.ok("GET", "/integrations/netsuite/syncs")
    assert [r["id"] for r in recent["data"]] == [run["id"]]
    finished = recent["data"][0]
    assert finished["status"] == "succeeded"
    assert finished["counts"]["invoices_written"] == 1
    assert recent["next_scheduled_sync"] == connected["next_scheduled_sync"]
    details = api.ok("GET", f"/integrations/netsuite/syncs/{run['id']}")
    assert details["errors"] == []
    status = api.ok("GET", f"/invoices/{invoice['id']}/accounting_sync_status")
    assert status["synced"] is True
    assert status["accounting_system"] == "netsuite"
    assert status["source"] == "invoiced"
    written = netsuite.all_invoices()[0]
    assert status["accounting_id"] == written.internal_id
    assert isinstance(status["first_synced"], int)
    assert status["error"] is None
    customer_status = api.ok("GET", f"/customers/{invoice['customer']}/accounting_sync_status")
    assert customer_status["synced"] is True


def test_sync_errors_name_the_record_and_can_be_ignored_and_retried(
    api: Api,
    connected: dict[str, Any],
    run_jobs_at_once: InMemoryJobQueue,
    netsuite: InMemoryNetSuite,
    invoice: dict[str, Any],
    company: NewCompany,
) -> None:
    external_id = external_id_for("invd", company.company.id, RecordKind.INVOICE, invoice["id"])
    netsuite.reject(external_id, "The accounting period is closed.", "USER_ERROR")
    run = api.ok("POST", "/integrations/netsuite/syncs", 202)

    errors = api.get("/sync_errors")
    assert errors.headers["x-total-count"] == "1"
    error = errors.json()[0]
    assert error["record_label"] == f"Invoice {invoice['number']}"
    assert "accounting period is closed" in error["message"]
    assert error["sync"] == run["id"]
    assert api.ok("GET", f"/integrations/netsuite/syncs/{run['id']}")["status"] == "partial"
    status = api.ok("GET", f"/invoices/{invoice['id']}/accounting_sync_status")
    assert status["error"]["id"] == error["id"]

    ignored = api.ok("POST", f"/sync_errors/{error['id']}/ignore")
    assert ignored["status"] == "ignored"
    assert api.ok("GET", "/sync_errors") == []
    assert [e["id"] for e in api.ok("GET", "/sync_errors", params={"status": "ignored"})] == [error["id"]]

    netsuite.stop_rejecting(external_id)
    retried = api.ok("POST", f"/sync_errors/{error['id']}/retry", 202)
    assert retried["id"] == error["id"]
    assert api.ok("GET", "/sync_errors") == []
    assert api.ok("GET", f"/invoices/{invoice['id']}/accounting_sync_status")["synced"] is True


def test_import_invoices_runs_in_the_background_and_emails_the_result(
    api: Api,
    connected: dict[str, Any],
    run_jobs_at_once: InMemoryJobQueue,
    netsuite: InMemoryNetSuite,
    notifier: Any,
) -> None:
    customer = netsuite.add_customer("Initech")
    netsuite.add_invoice(customer.internal_id, "NS-1001", amount=Decimal("1250.00"))

    started = api.ok("POST", "/imports", 202, json={"type": "invoice", "source": "netsuite"})

    assert started["object"] == "import"
    assert started["type"] == "invoice"
    assert started["source"] == "netsuite"
    result = api.ok("GET", f"/imports/{started['id']}")
    assert result["status"] == "succeeded"
    assert result["counts"]["invoices_imported"] == 1
    assert result["errors"] == []
    imported = api.ok("GET", "/invoices", params={"origin": "netsuite"})
    assert [i["number"] for i in imported] == ["NS-1001"]
    assert imported[0]["total"] == 1250
    [email] = notifier.sent
    assert email.to == "ar@acme.test"
    assert "Imported: 2" in email.text  # the invoice and the customer it needed
    assert "1 invoice imported from NetSuite" in email.text
    assert f"/dashboard/imports/{started['id']}" in email.text


def test_a_second_import_of_the_same_type_while_one_runs_is_a_conflict(
    api: Api, connected: dict[str, Any], job_queue: InMemoryJobQueue
) -> None:
    first = api.ok("POST", "/imports", 202, json={"type": "customer"})
    second = api.post("/imports", json={"type": "customer", "source": "netsuite"})
    other_type = api.post("/imports", json={"type": "invoice", "source": "netsuite"})

    assert second.status_code == 400
    assert second.json()["param"] == "type"
    assert "already running" in second.json()["message"]
    assert f"import {first['id']}" in second.json()["message"]
    assert other_type.status_code == 202
    assert [kind for kind, _, _ in job_queue.jobs] == ["import", "import"]


def test_import_validation(api: Api, connected: dict[str, Any]) -> None:
    assert api.post("/imports", json={"type": "payment"}).json()["param"] == "type"
    assert api.post("/imports", json={"type": "invoice", "source": "quickbooks"}).json()["param"] == "source"
    assert api.get("/imports/999").status_code == 404


def test_runs_of_one_kind_are_not_found_under_the_other(
    api: Api, connected: dict[str, Any], job_queue: InMemoryJobQueue
) -> None:
    sync = api.ok("POST", "/integrations/netsuite/syncs", 202)
    started = api.ok("POST", "/imports", 202, json={"type": "invoice"})

    assert api.get(f"/imports/{sync['id']}").status_code == 404
    assert api.get(f"/integrations/netsuite/syncs/{started['id']}").status_code == 404


def test_another_companys_runs_and_errors_answer_404(
    api: Api, other_api: Api, connected: dict[str, Any], job_queue: InMemoryJobQueue
) -> None:
    sync = api.ok("POST", "/integrations/netsuite/syncs", 202)
    started = api.ok("POST", "/imports", 202, json={"type": "invoice"})

    assert other_api.get(f"/integrations/netsuite/syncs/{sync['id']}").status_code == 404
    assert other_api.get(f"/imports/{started['id']}").status_code == 404
    assert other_api.get("/integrations/netsuite").status_code == 404
    assert other_api.post("/sync_errors/1/retry").status_code == 404
    assert other_api.post("/sync_errors/1/ignore").status_code == 404


def test_a_settings_id_that_is_not_a_netsuite_internal_id_is_refused(
    api: Api, connected: dict[str, Any]
) -> None:
    refused = api.patch("/integrations/netsuite", json={"fallback_item_id": "Consulting"})

    assert (refused.status_code, refused.json()["param"]) == (400, "fallback_item_id")
    assert "NetSuite internal ID" in refused.json()["message"]
    assert api.ok("GET", "/integrations/netsuite")["settings"]["fallback_item_id"] == "201"
