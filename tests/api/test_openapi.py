"""The API describes itself: OpenAPI at /openapi.json, interactive docs at /docs."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_the_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    expected = {
        "/customers": {"get", "post"},
        "/customers/{customer_id}": {"get", "patch", "delete"},
        "/customers/{customer_id}/balance": {"get"},
        "/invoices": {"get", "post"},
        "/invoices/{invoice_id}": {"get", "patch", "delete"},
        "/invoices/{invoice_id}/void": {"post"},
        "/invoices/{invoice_id}/pay": {"post"},
        "/invoices/{invoice_id}/pdf": {"get"},
        "/payments": {"get", "post"},
        "/payments/{payment_id}": {"get", "patch", "delete"},
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


def test_the_openapi_document_declares_how_to_authenticate(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    assert (schemes["apiKey"]["type"], schemes["apiKey"]["scheme"]) == ("http", "basic")
    assert (schemes["bearer"]["type"], schemes["bearer"]["scheme"]) == ("http", "bearer")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = None if path == "/health" else [{"apiKey": []}, {"bearer": []}]
            assert operation.get("security") == expected, (method, path)


def test_swagger_ui_and_redoc_come_from_the_service_itself(client: TestClient) -> None:
    for page, assets in (
        ("/docs", ("swagger-ui-bundle.js", "swagger-ui.css")),
        ("/redoc", ("redoc.standalone.js",)),
    ):
        html = client.get(page).text
        referenced = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)
        assert referenced, page
        assert not [url for url in referenced if "://" in url or url.startswith("//")], (page, referenced)
        assert "fonts.googleapis" not in html and "cdn." not in html
        for asset in assets:
            url = next(url for url in referenced if url.endswith(asset))
            served = client.get(url)
            assert served.status_code == 200 and len(served.content) > 10_000, url


def test_the_document_describes_invoiceds_conventions(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    post = paths["/invoices"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post["parameters"])
    assert set(post["requestBody"]["content"]) == {"application/json", "application/x-www-form-urlencoded"}
    listed = {p["name"] for p in paths["/invoices"]["get"]["parameters"]}
    assert {"filter[customer]", "filter[paid]", "filter[closed]", "metadata", "sort", "expand"} <= listed
    assert {"filter[number]", "metadata"} <= {p["name"] for p in paths["/customers"]["get"]["parameters"]}
    assert {"apiKey", "bearer"} <= set(schema["components"]["securitySchemes"])
