"""The API describes itself: OpenAPI at /openapi.json, interactive docs at /docs."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    expected = {
        "/customers": {"get", "post"},
        "/customers/{customer_id}": {"get", "patch"},
        "/invoices": {"get", "post"},
        "/invoices/{invoice_id}": {"get", "patch"},
        "/invoices/{invoice_id}/void": {"post"},
        "/payments": {"get", "post"},
        "/payments/{payment_id}": {"get", "delete"},
        "/customers/{record_id}/accounting_sync_status": {"get"},
        "/invoices/{record_id}/accounting_sync_status": {"get"},
        "/payments/{record_id}/accounting_sync_status": {"get"},
        "/integrations/netsuite": {"get", "post", "patch", "delete"},
        "/integrations/netsuite/syncs": {"get", "post"},
        "/integrations/netsuite/syncs/{sync_id}": {"get"},
        "/sync_errors": {"get"},
        "/sync_errors/{error_id}/retry": {"post"},
        "/sync_errors/{error_id}/ignore": {"post"},
        "/imports": {"post"},
        "/imports/{import_id}": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    assert not any(path.startswith("/dashboard") for path in paths)
    amount = schema["components"]["schemas"]["InvoiceOut"]["properties"]["total"]
    assert amount["type"] == "number"


def test_the_interactive_docs_are_served(client: TestClient) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert "swagger" in response.text.lower()


def test_the_health_check_needs_no_key(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
