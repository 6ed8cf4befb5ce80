"""SuiteQL over HTTP: the recorded envelope, paging 2,500 rows, and NetSuite's error bodies."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from netsuite_sandbox import SandboxServer

pytestmark = pytest.mark.integration

COLLECTION = "application/vnd.oracle.resource+json; type=collection; charset=UTF-8"


def suiteql(
    client: requests.Session,
    server: SandboxServer,
    q: str,
    params: dict[str, Any] | None = None,
    prefer: str | None = "transient",
    body: dict[str, Any] | None = None,
) -> requests.Response:
    headers = {"Prefer": prefer} if prefer else {}
    return client.post(
        f"{server.base_url}/services/rest/query/v1/suiteql",
        params=params,
        json=body if body is not None else {"q": q},
        headers=headers,
    )


@pytest.mark.sandbox_seed("bulk:2500")
def test_paging_through_2500_rows_in_pages_of_1000(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    q = "SELECT id, entityid FROM customer ORDER BY id"
    seen: list[str] = []
    offsets = []
    offset = 0
    while True:
        response = suiteql(sandbox_client, netsuite_sandbox, q, {"limit": 1000, "offset": offset})
        page = response.json()
        assert response.headers["Content-Type"] == COLLECTION
        assert response.headers["Preference-Applied"] == "transient"
        assert page["totalResults"] == 2500
        offsets.append((page["offset"], page["count"], page["hasMore"]))
        seen += [row["id"] for row in page["items"]]
        if not page["hasMore"]:
            break
        offset += 1000

    assert offsets == [(0, 1000, True), (1000, 1000, True), (2000, 500, False)]
    assert len(set(seen)) == 2500


def test_the_envelope_is_as_recorded(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    base = f"{netsuite_sandbox.base_url}/services/rest/query/v1/suiteql"

    with_paging = suiteql(
        sandbox_client,
        netsuite_sandbox,
        "SELECT currency.id as internalId, currency.symbol, currency.name FROM currency",
        {"offset": 0, "limit": 1000},
    ).json()
    bare = suiteql(sandbox_client, netsuite_sandbox, "SELECT id FROM subsidiary").json()

    assert list(with_paging) == ["links", "count", "hasMore", "items", "offset", "totalResults"]
    assert with_paging["links"] == [{"rel": "self", "href": f"{base}?limit=1000&offset=0"}]
    assert with_paging["items"][0] == {"links": [], "internalid": "1", "symbol": "USD", "name": "US Dollar"}
    assert bare["links"] == [{"rel": "self", "href": base}]


def test_bind_parameters(netsuite_sandbox: SandboxServer, sandbox_client: requests.Session) -> None:
    response = suiteql(
        sandbox_client,
        netsuite_sandbox,
        "",
        body={"q": "SELECT name FROM currency WHERE symbol = ?", "params": ["EUR"]},
    )

    assert response.json()["items"] == [{"links": [], "name": "Euro"}]


def error_of(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 400
    assert (
        response.headers["Content-Type"] == "application/vnd.oracle.resource+json; type=error; charset=UTF-8"
    )
    assert "Preference-Applied" not in response.headers
    detail: dict[str, Any] = response.json()["o:errorDetails"][0]
    return detail


def test_unknown_identifiers_answer_invalid_parameter_on_q(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    detail = error_of(
        suiteql(sandbox_client, netsuite_sandbox, "SELECT subsidiary FROM transaction WHERE nosuch = 1")
    )

    assert detail == {
        "detail": "Invalid search query. Detailed unprocessed description follows. Search error "
        "occurred: Unknown identifier 'nosuch'. Available identifiers are: "
        "{transaction=transaction}.",
        "o:errorCode": "INVALID_PARAMETER",
        "o:errorQueryParam": "q",
    }


def test_only_select_is_allowed(netsuite_sandbox: SandboxServer, sandbox_client: requests.Session) -> None:
    detail = error_of(suiteql(sandbox_client, netsuite_sandbox, "DELETE FROM customer"))

    assert detail["detail"].endswith("Search error occurred: Invalid or unsupported search.")


def test_prefer_transient_is_required(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    detail = error_of(suiteql(sandbox_client, netsuite_sandbox, "SELECT id FROM customer", prefer=None))

    assert (detail["o:errorCode"], detail["o:errorHeader"]) == ("INVALID_REQUEST", "Prefer")


@pytest.mark.parametrize("params", [{"limit": 1001}, {"limit": 1000, "offset": 10}])
def test_page_size_and_offset_rules(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session, params: dict[str, int]
) -> None:
    detail = error_of(suiteql(sandbox_client, netsuite_sandbox, "SELECT id FROM customer", params))

    assert detail["o:errorCode"] == "INVALID_PARAMETER"


@pytest.mark.sandbox_seed("demo")
def test_rest_writes_show_up_in_suiteql_at_once(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    q = (
        "SELECT t.id, t.foreignamountremaining r, BUILTIN.CF(t.status) s, "
        "TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') m FROM transaction t "
        "WHERE t.type = 'CustInvc' AND t.foreignamountremaining > 0 ORDER BY t.id"
    )
    before = suiteql(sandbox_client, netsuite_sandbox, q).json()["items"]
    target = before[0]
    customer = suiteql(
        sandbox_client, netsuite_sandbox, f"SELECT entity FROM transaction WHERE id = {target['id']}"
    ).json()["items"][0]

    response = sandbox_client.post(
        f"{netsuite_sandbox.base_url}/services/rest/record/v1/customerPayment",
        json={
            "customer": customer["entity"],
            "account": {"id": "1"},
            "apply": {"items": [{"doc": {"id": target["id"]}, "apply": True, "amount": target["r"]}]},
        },
    )
    assert response.status_code == 204

    after = {row["id"]: row for row in suiteql(sandbox_client, netsuite_sandbox, q).json()["items"]}
    assert target["id"] not in after
    status = suiteql(
        sandbox_client,
        netsuite_sandbox,
        f"SELECT BUILTIN.CF(status) s, BUILTIN.DF(status) d FROM transaction WHERE id = {target['id']}",
    ).json()
    assert status["items"][0] == {"links": [], "s": "CustInvc:B", "d": "Invoice : Paid In Full"}
    payment_id = response.headers["Location"].rsplit("/", 1)[1]
    link = suiteql(
        sandbox_client,
        netsuite_sandbox,
        f"SELECT previousdoc, previoustype, nexttype, linktype, foreignamount "
        f"FROM NextTransactionLineLink WHERE nextdoc = {payment_id}",
    ).json()["items"]
    assert link == [
        {
            "links": [],
            "previousdoc": target["id"],
            "previoustype": "CustInvc",
            "nexttype": "CustPymt",
            "linktype": "Payment",
            "foreignamount": target["r"],
        }
    ]
