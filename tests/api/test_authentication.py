"""Every API request is authenticated as one company, and sees only that company's records."""

from __future__ import annotations

import base64
from typing import Any

from fastapi.testclient import TestClient

from application.ledger import NewCompany
from entrypoints.http.api.deps import RateLimiter
from tests.api.conftest import Api


def test_a_request_without_a_key_is_refused_with_a_basic_challenge(client: TestClient) -> None:
    response = client.get("/customers")

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    body = response.json()
    assert body["type"] == "invalid_request"
    assert "API key" in body["message"]
    assert body["param"] is None


def test_a_wrong_key_is_refused(client: TestClient, company: NewCompany) -> None:
    response = client.get("/customers", auth=(company.api_key + "x", ""))

    assert response.status_code == 401
    assert response.json()["type"] == "invalid_request"


def test_a_malformed_authorization_header_is_refused(client: TestClient) -> None:
    for header in ("Basic not-base64!!", "Digest abc", "Bearer ", "Basic " + base64.b64encode(b":").decode()):
        assert client.get("/customers", headers={"Authorization": header}).status_code == 401


def test_the_key_is_accepted_as_basic_user_name_and_as_bearer_token(
    client: TestClient, company: NewCompany
) -> None:
    basic = client.get("/customers", auth=(company.api_key, ""))
    bearer = client.get("/customers", headers={"Authorization": f"Bearer {company.api_key}"})

    assert basic.status_code == 200
    assert bearer.status_code == 200


def test_another_companys_records_answer_404_never_data(
    api: Api, other_api: Api, customer: dict[str, Any], invoice: dict[str, Any]
) -> None:
    payment = api.ok(
        "POST", "/payments", 201, json={"applied_to": [{"invoice": invoice["id"], "amount": 10}]}
    )

    for path in (
        f"/customers/{customer['id']}",
        f"/invoices/{invoice['id']}",
        f"/payments/{payment['id']}",
        f"/customers/{customer['id']}/accounting_sync_status",
        f"/invoices/{invoice['id']}/accounting_sync_status",
        f"/payments/{payment['id']}/accounting_sync_status",
    ):
        response = other_api.get(path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"type", "message", "param"}
        assert "Wayne" not in response.text

    assert other_api.patch(f"/customers/{customer['id']}", json={"name": "Mine now"}).status_code == 404
    assert other_api.post(f"/invoices/{invoice['id']}/void").status_code == 404
    assert other_api.delete(f"/payments/{payment['id']}").status_code == 404
    assert (
        other_api.post(
            "/invoices", json={"customer": customer["id"], "items": [{"name": "x", "unit_cost": 1}]}
        ).status_code
        == 404
    )
    assert other_api.ok("GET", "/customers") == []
    assert other_api.ok("GET", "/invoices") == []
    assert api.ok("GET", f"/customers/{customer['id']}")["name"] == "Wayne Enterprises"


def test_too_many_requests_answer_429_with_retry_after(client: TestClient, company: NewCompany) -> None:
    client.app.state.rate_limiter = RateLimiter(limit=2, window_seconds=60)  # type: ignore[attr-defined]
    auth = (company.api_key, "")

    statuses = [client.get("/customers", auth=auth).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    limited = client.get("/customers", auth=auth)
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["type"] == "invalid_request"
