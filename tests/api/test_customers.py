"""`/customers`: create, list, retrieve, update."""

from __future__ import annotations

from typing import Any

from adapters.memory import FixedClock
from tests.api.conftest import Api


def test_create_and_retrieve_a_customer(api: Api, clock: FixedClock) -> None:
    created = api.ok(
        "POST",
        "/customers",
        201,
        json={"name": "Wayne Enterprises", "email": "ap@wayne.test", "currency": "USD", "type": "company"},
    )

    assert created["object"] == "customer"
    assert isinstance(created["id"], int)
    assert created["number"] == "CUST-00001"
    assert created["currency"] == "usd"
    assert created["origin"] == "invoiced"
    assert created["created_at"] == int(clock.now().timestamp())
    assert api.ok("GET", f"/customers/{created['id']}") == created


def test_update_a_customer(api: Api, customer: dict[str, Any]) -> None:
    updated = api.ok("PATCH", f"/customers/{customer['id']}", json={"name": "Wayne Corp", "type": "person"})

    assert updated["name"] == "Wayne Corp"
    assert updated["type"] == "person"
    assert updated["number"] == customer["number"]


def test_a_taken_number_is_an_invalid_request_naming_the_number(api: Api, customer: dict[str, Any]) -> None:
    response = api.post("/customers", json={"name": "Another", "number": customer["number"]})

    assert response.status_code == 400
    assert response.json()["param"] == "number"
    assert "already been taken" in response.json()["message"]


def test_list_pages_with_link_and_total_count(api: Api) -> None:
    for n in range(5):
        api.ok("POST", "/customers", 201, json={"name": f"Customer {n}"})

    response = api.get("/customers", params={"page": 2, "per_page": 2})

    assert response.status_code == 200
    assert [c["name"] for c in response.json()] == ["Customer 2", "Customer 3"]
    assert response.headers["x-total-count"] == "5"
    links = response.headers["link"]
    assert 'page=2&per_page=2>; rel="self"' in links
    assert 'page=1&per_page=2>; rel="first"' in links
    assert 'page=1&per_page=2>; rel="previous"' in links
    assert 'page=3&per_page=2>; rel="next"' in links
    assert 'page=3&per_page=2>; rel="last"' in links


def test_the_last_page_has_no_next_link_and_per_page_is_capped_at_100(api: Api) -> None:
    for n in range(3):
        api.ok("POST", "/customers", 201, json={"name": f"Customer {n}"})

    response = api.get("/customers", params={"per_page": 500})

    assert len(response.json()) == 3
    assert 'rel="next"' not in response.headers["link"]
    assert "per_page=100" in response.headers["link"]


def test_an_unknown_parameter_is_named(api: Api) -> None:
    response = api.post("/customers", json={"name": "Acme", "colour": "blue"})

    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_request",
        "message": "Received unknown parameter: colour.",
        "param": "colour",
    }


def test_a_missing_name_is_named(api: Api) -> None:
    response = api.post("/customers", json={"email": "x@y.test"})

    assert response.status_code == 400
    assert response.json()["param"] == "name"
    assert response.json()["message"] == "Missing required parameter: name."


def test_a_blank_name_breaks_a_rule(api: Api) -> None:
    response = api.post("/customers", json={"name": "   "})

    assert response.status_code == 400
    assert response.json()["param"] == "name"
    assert response.json()["type"] == "invalid_request"
    assert "needs a name" in response.json()["message"]


def test_an_unknown_currency_is_refused(api: Api) -> None:
    response = api.post("/customers", json={"name": "Acme", "currency": "dollars"})

    assert response.status_code == 400
    assert response.json()["param"] == "currency"
    assert "ISO-4217" in response.json()["message"]
