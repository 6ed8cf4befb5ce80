"""Concurrency limit, latency, injected faults and the test controls, over real HTTP."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from netsuite_sandbox import SandboxServer
from tests.support.sandbox import sandbox_session

pytestmark = pytest.mark.integration


def server_time(server: SandboxServer) -> requests.Response:
    with sandbox_session(server) as session:
        return session.get(f"{server.base_url}/services/rest/system/v1/serverTime", timeout=10)


def control(server: SandboxServer, method: str, action: str, body: object = None) -> requests.Response:
    return requests.request(method, f"{server.base_url}/_sandbox/{action}", json=body, timeout=10)


def test_requests_over_the_concurrency_limit_get_429(netsuite_sandbox: SandboxServer) -> None:
    control(netsuite_sandbox, "PUT", "governance", {"concurrency": 2, "latency_ms": 600})

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda _: server_time(netsuite_sandbox), range(6)))

    statuses = sorted(response.status_code for response in responses)
    assert statuses.count(200) >= 2 and statuses.count(429) >= 1
    assert set(statuses) == {200, 429}
    rejected = next(response for response in responses if response.status_code == 429)
    detail = rejected.json()["o:errorDetails"][0]
    assert detail == {
        "detail": "Concurrent request limit exceeded. Request blocked.",
        "o:errorCode": "CONCURRENCY_LIMIT_EXCEEDED",
    }
    stats = control(netsuite_sandbox, "GET", "stats").json()
    assert stats["highest_concurrency"] == 2
    assert stats["highest_concurrency_demanded"] > 2  # the clients asked for more than was let in
    assert stats["requests"]["by_endpoint"]["GET /system/v1/serverTime"]["429"] >= 1


def test_latency_delays_every_answer(netsuite_sandbox: SandboxServer) -> None:
    netsuite_sandbox.set_governance(latency_ms=250)

    started = time.monotonic()
    response = server_time(netsuite_sandbox)

    assert response.status_code == 200
    assert time.monotonic() - started >= 0.25


def test_a_dropped_connection_still_commits_the_write(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    control(netsuite_sandbox, "PUT", "faults", {"script": ["dropped_connection"]})
    records = f"{netsuite_sandbox.base_url}/services/rest/record/v1/customer"

    with pytest.raises(requests.ConnectionError):
        sandbox_client.post(
            records, json={"companyName": "Lost Reply Co", "subsidiary": {"id": "1"}, "externalId": "LOST-1"}
        )

    # The retry an honest client makes: upsert by the same external id finds the record.
    found = sandbox_client.get(f"{records}/eid:LOST-1")
    assert found.status_code == 200
    assert found.json()["companyName"] == "Lost Reply Co"
    retry = sandbox_client.put(
        f"{records}/eid:LOST-1", json={"companyName": "Lost Reply Co", "subsidiary": {"id": "1"}}
    )
    assert retry.status_code == 204
    assert sandbox_client.get(records).json()["totalResults"] == 1
    assert control(netsuite_sandbox, "GET", "stats").json()["faults_injected"] == {"dropped_connection": 1}


def test_an_injected_500_writes_nothing(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    netsuite_sandbox.set_faults(script=["unexpected_error", "throttled"])
    records = f"{netsuite_sandbox.base_url}/services/rest/record/v1/customer"
    body = {"companyName": "Flaky Co", "subsidiary": {"id": "1"}}

    failed = sandbox_client.post(records, json=body)
    throttled = sandbox_client.post(records, json=body)

    assert failed.status_code == 500
    detail = failed.json()["o:errorDetails"][0]
    assert detail["o:errorCode"] == "UNEXPECTED_ERROR" and "Error ID" in detail["detail"]
    assert throttled.status_code == 429
    assert sandbox_client.get(records).json()["totalResults"] == 0


def test_seeded_fault_rates_repeat_exactly(netsuite_sandbox: SandboxServer) -> None:
    def run() -> list[int]:
        control(
            netsuite_sandbox,
            "PUT",
            "faults",
            {"unexpected_error_rate": 0.3, "throttle_rate": 0.1, "seed": 42},
        )
        return [server_time(netsuite_sandbox).status_code for _ in range(30)]

    first, second = run(), run()

    assert first == second
    assert {200, 500} <= set(first)


def test_reset_seeds_and_clears_the_statistics(netsuite_sandbox: SandboxServer) -> None:
    server_time(netsuite_sandbox)

    assert control(netsuite_sandbox, "POST", "reset", {"seed": "demo"}).status_code == 200
    stats = control(netsuite_sandbox, "GET", "stats").json()
    assert stats["requests"]["total"] == 0 and stats["seed"] == "demo"
    assert control(netsuite_sandbox, "POST", "seed", {"seed": "bulk:10"}).status_code == 200
    with sandbox_session(netsuite_sandbox) as session:
        listing = session.get(f"{netsuite_sandbox.base_url}/services/rest/record/v1/customer").json()
    assert listing["totalResults"] == 6 + 10
    assert control(netsuite_sandbox, "POST", "reset", {"seed": "nonsense"}).status_code == 400


def test_records_can_be_seeded_with_chosen_ids(netsuite_sandbox: SandboxServer) -> None:
    response = control(
        netsuite_sandbox,
        "POST",
        "seed",
        {
            "currencies": [{"id": 4, "name": "British pound", "symbol": "GBP", "exchangerate": "1.27"}],
            "customers": [
                {"id": 313, "companyName": "Finbox", "subsidiary": {"id": "1"}, "currency": {"id": "4"}}
            ],
        },
    )

    assert response.json() == {"created": {"currencies": [4], "customers": [313]}}
    again = control(netsuite_sandbox, "POST", "seed", {"customers": [{"id": 313, "companyName": "X"}]})
    assert again.status_code == 400
    with sandbox_session(netsuite_sandbox) as session:
        record = session.get(f"{netsuite_sandbox.base_url}/services/rest/record/v1/customer/313").json()
    assert record["currency"]["refName"] == "British pound"


def test_the_bulk_seed_is_fast(netsuite_sandbox: SandboxServer) -> None:
    started = time.monotonic()
    netsuite_sandbox.reset("bulk:5000")

    assert time.monotonic() - started < 3
