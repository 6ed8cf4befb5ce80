"""Record operations over HTTP: shapes, status codes and Location headers as NetSuite sends them."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from netsuite_sandbox import SandboxServer
from netsuite_sandbox.seeds import CONSULTING, LICENSE

pytestmark = pytest.mark.integration

ERROR_TYPE = "application/vnd.oracle.resource+json; type=error; charset=UTF-8"


def url(server: SandboxServer, path: str) -> str:
    return f"{server.base_url}/services/rest/record/v1/{path}"


def created_id(response: requests.Response) -> str:
    assert response.status_code == 204, response.text
    assert response.content == b""
    return response.headers["Location"].rsplit("/", 1)[1]


def error_detail(response: requests.Response) -> dict[str, Any]:
    assert response.headers["Content-Type"] == ERROR_TYPE
    body = response.json()
    assert set(body) == {"type", "title", "status", "o:errorDetails"}
    assert body["status"] == response.status_code
    detail: dict[str, Any] = body["o:errorDetails"][0]
    return detail


def new_customer(client: requests.Session, server: SandboxServer, **extra: Any) -> str:
    body = {"companyName": "Finbox", "subsidiary": {"id": "1"}} | extra
    return created_id(client.post(url(server, "customer"), json=body))


def new_invoice(client: requests.Session, server: SandboxServer, customer: str, **extra: Any) -> str:
    body = {
        "entity": {"id": customer},
        "tranDate": "2025-03-04T00:00:00+00:00",
        "item": {"items": [{"item": {"id": str(CONSULTING)}, "quantity": 2.0, "rate": 50.0}]},
    } | extra
    return created_id(client.post(url(server, "invoice"), json=body))


def test_create_read_update_and_delete_a_customer(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    response = sandbox_client.post(
        url(netsuite_sandbox, "customer"),
        json={
            "companyName": "Finbox",
            "subsidiary": {"id": "1"},
            "email": "ap@finbox.example",
            "externalId": "CUST-1",
        },
    )
    customer = created_id(response)
    assert response.headers["Location"] == url(netsuite_sandbox, f"customer/{customer}")

    record = sandbox_client.get(url(netsuite_sandbox, f"customer/{customer}")).json()
    assert record["companyName"] == "Finbox"
    assert record["subsidiary"]["id"] == "1"
    assert record["currency"] == {
        "links": [{"rel": "self", "href": url(netsuite_sandbox, "currency/1")}],
        "id": "1",
        "refName": "US Dollar",
    }
    assert record["dateCreated"].endswith("Z")

    patched = sandbox_client.patch(
        url(netsuite_sandbox, f"customer/{customer}"), json={"email": "billing@finbox.example", "phone": None}
    )
    assert patched.status_code == 204
    assert patched.headers["Location"] == url(netsuite_sandbox, f"customer/{customer}")
    by_eid = sandbox_client.get(url(netsuite_sandbox, "customer/eid:CUST-1")).json()
    assert by_eid["email"] == "billing@finbox.example"

    deleted = sandbox_client.delete(url(netsuite_sandbox, f"customer/{customer}"))
    assert deleted.status_code == 204
    missing = sandbox_client.get(url(netsuite_sandbox, f"customer/{customer}"))
    assert missing.status_code == 404
    assert error_detail(missing)["o:errorCode"] == "NONEXISTENT_ID"


def test_upsert_by_external_id_creates_once_then_updates(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    customer = new_customer(sandbox_client, netsuite_sandbox)
    body = {
        "entity": {"id": customer},
        "item": {"items": [{"item": {"id": str(CONSULTING)}, "quantity": 1, "rate": 100}]},
    }

    first = sandbox_client.put(url(netsuite_sandbox, "invoice/eid:invd-1-inv-7"), json=body)
    again = sandbox_client.put(url(netsuite_sandbox, "invoice/eid:invd-1-inv-7"), json=body)
    changed = sandbox_client.put(
        url(netsuite_sandbox, "invoice/eid:invd-1-inv-7"),
        json=body | {"item": {"items": [{"item": {"id": str(LICENSE)}, "quantity": 3, "rate": 10}]}},
    )

    assert created_id(first) == created_id(again) == created_id(changed)
    listing = sandbox_client.get(url(netsuite_sandbox, "invoice")).json()
    assert listing["totalResults"] == 1
    record = sandbox_client.get(
        url(netsuite_sandbox, "invoice/eid:invd-1-inv-7"), params={"expandSubResources": "true"}
    ).json()
    assert record["total"] == 30
    assert [line["item"]["id"] for line in record["item"]["items"]] == [str(LICENSE)]
    assert record["externalId"] == "invd-1-inv-7"


def test_a_second_create_with_the_same_external_id_is_refused(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    new_customer(sandbox_client, netsuite_sandbox, externalId="DUP-1")

    response = sandbox_client.post(
        url(netsuite_sandbox, "customer"),
        json={"companyName": "Finbox again", "subsidiary": {"id": "1"}, "externalId": "DUP-1"},
    )

    assert response.status_code == 400
    assert error_detail(response) == {
        "detail": "Error while accessing a resource. This entity already exists.",
        "o:errorCode": "USER_ERROR",
    }


def test_an_invoice_without_lines_is_refused_with_the_recorded_body(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    customer = new_customer(sandbox_client, netsuite_sandbox)

    response = sandbox_client.post(
        url(netsuite_sandbox, "invoice"), json={"entity": {"id": customer}, "externalId": "TEST-INV-B55555"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
        "title": "Bad Request",
        "status": 400,
        "o:errorDetails": [
            {
                "detail": "Error while accessing a resource. You must enter at least one line item "
                "for this transaction.",
                "o:errorCode": "USER_ERROR",
            }
        ],
    }


def test_a_get_shows_sublists_as_links_unless_expanded(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    invoice = new_invoice(sandbox_client, netsuite_sandbox, new_customer(sandbox_client, netsuite_sandbox))

    plain = sandbox_client.get(url(netsuite_sandbox, f"invoice/{invoice}"))
    expanded = sandbox_client.get(
        url(netsuite_sandbox, f"invoice/{invoice}"), params={"expandSubResources": "true"}
    ).json()

    assert plain.headers["Content-Type"].startswith("application/vnd.oracle.resource+json; type=singular")
    assert plain.json()["item"] == {
        "links": [{"rel": "self", "href": url(netsuite_sandbox, f"invoice/{invoice}/item")}]
    }
    (line,) = expanded["item"]["items"]
    assert (line["quantity"], line["rate"], line["amount"], line["line"]) == (2, 50, 100, 1)
    assert expanded["tranDate"] == "2025-03-04"
    assert expanded["status"] == {"id": "A", "refName": "Open"}
    sublist = sandbox_client.get(url(netsuite_sandbox, f"invoice/{invoice}/item")).json()
    assert sublist["items"] == expanded["item"]["items"]


def test_payments_apply_with_bare_string_customer_and_lower_case_location(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    customer = new_customer(sandbox_client, netsuite_sandbox)
    invoice = new_invoice(sandbox_client, netsuite_sandbox, customer)

    response = sandbox_client.post(
        url(netsuite_sandbox, "customerPayment"),
        json={
            "customer": customer,
            "currency": {"id": "1"},
            "account": {"id": "1"},
            "apply": {"items": [{"doc": {"id": invoice}, "apply": True, "amount": 5}]},
            "externalId": "EXT-TEST-3200",
            "exchangeRate": 1.0,
            "tranDate": "2025-05-26T00:00:00",
        },
    )

    payment = created_id(response)
    assert f"/record/v1/customerpayment/{payment}" in response.headers["Location"]
    paid = sandbox_client.get(url(netsuite_sandbox, f"invoice/{invoice}")).json()
    assert (paid["amountPaid"], paid["amountRemaining"]) == (5, 95)

    patched = sandbox_client.patch(
        url(netsuite_sandbox, f"customerpayment/{payment}"),
        json={"apply": {"items": [{"doc": {"id": invoice}, "apply": True, "amount": 4.5}]}},
    )
    assert patched.status_code == 204
    assert sandbox_client.get(url(netsuite_sandbox, f"invoice/{invoice}")).json()["amountRemaining"] == 95.5

    assert sandbox_client.delete(url(netsuite_sandbox, f"customerPayment/{payment}")).status_code == 204
    assert sandbox_client.get(url(netsuite_sandbox, f"invoice/{invoice}")).json()["amountRemaining"] == 100


def test_over_applying_names_the_apply_line(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    customer = new_customer(sandbox_client, netsuite_sandbox)
    invoice = new_invoice(sandbox_client, netsuite_sandbox, customer)

    response = sandbox_client.post(
        url(netsuite_sandbox, "customerPayment"),
        json={
            "customer": {"id": customer},
            "apply": {"items": [{"doc": {"id": invoice}, "apply": True, "amount": 150}]},
        },
    )

    assert response.status_code == 400
    detail = error_detail(response)
    assert (detail["o:errorCode"], detail["o:errorPath"]) == ("USER_ERROR", "apply.items[0].amount")


def test_unknown_references_are_invalid_content_with_a_path(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    response = sandbox_client.post(
        url(netsuite_sandbox, "invoice"),
        json={
            "entity": {"id": "999999"},
            "item": {"items": [{"item": {"id": str(CONSULTING)}, "quantity": 1, "rate": 1}]},
        },
    )

    assert response.status_code == 400
    detail = error_detail(response)
    assert (detail["o:errorCode"], detail["o:errorPath"]) == ("INVALID_CONTENT", "entity")


def test_lists_page_ids_and_links(netsuite_sandbox: SandboxServer, sandbox_client: requests.Session) -> None:
    customers = [new_customer(sandbox_client, netsuite_sandbox, companyName=f"C{n}") for n in range(5)]

    page = sandbox_client.get(url(netsuite_sandbox, "customer"), params={"limit": 2, "offset": 2}).json()

    assert [item["id"] for item in page["items"]] == customers[2:4]
    assert (page["count"], page["offset"], page["hasMore"], page["totalResults"]) == (2, 2, True, 5)
    rels = {link["rel"]: link["href"] for link in page["links"]}
    assert rels["self"] == url(netsuite_sandbox, "customer?limit=2&offset=2")
    assert rels["next"] == url(netsuite_sandbox, "customer?limit=2&offset=4")
    assert page["items"][0]["links"] == [
        {"rel": "self", "href": url(netsuite_sandbox, f"customer/{customers[2]}")}
    ]


@pytest.mark.parametrize("params", [{"limit": 1001}, {"limit": 10, "offset": 5}, {"limit": "x"}])
def test_bad_paging_is_refused(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session, params: dict[str, Any]
) -> None:
    response = sandbox_client.get(url(netsuite_sandbox, "customer"), params=params)

    assert response.status_code == 400
    assert error_detail(response)["o:errorCode"] == "INVALID_PARAMETER"


def test_record_types_are_case_insensitive_and_unknown_ones_are_404(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    assert sandbox_client.get(url(netsuite_sandbox, "CUSTOMERPAYMENT")).status_code == 200
    assert sandbox_client.get(url(netsuite_sandbox, "vendorBill")).status_code == 404
    assert sandbox_client.get(url(netsuite_sandbox, "customer/12345")).status_code == 404
    assert sandbox_client.get(url(netsuite_sandbox, "customer/eid:nobody")).status_code == 404


@pytest.mark.sandbox_seed("demo")
def test_the_demo_seed_reads_like_a_small_company(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    items = sandbox_client.get(url(netsuite_sandbox, "serviceSaleItem")).json()["items"]
    service = sandbox_client.get(url(netsuite_sandbox, f"serviceSaleItem/{items[0]['id']}")).json()
    currencies = [
        sandbox_client.get(url(netsuite_sandbox, f"currency/{item['id']}")).json()["symbol"]
        for item in sandbox_client.get(url(netsuite_sandbox, "currency")).json()["items"]
    ]

    assert service["itemId"] == "Consulting Services"
    assert currencies == ["USD", "EUR"]
    assert sandbox_client.get(url(netsuite_sandbox, "customer")).json()["totalResults"] >= 5
    assert sandbox_client.post(url(netsuite_sandbox, "currency"), json={}).status_code == 405


def test_server_time_and_governance_limits(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    base = f"{netsuite_sandbox.base_url}/services/rest/system/v1"

    server_time = sandbox_client.get(f"{base}/serverTime").json()["serverTime"]
    limits = sandbox_client.get(f"{base}/governanceLimits").json()

    assert server_time.endswith("Z")
    assert limits["accountConcurrencyLimit"] == 5
