"""The sandbox's REST asynchronous batch upserts over real HTTP: 202 and a job, the job polled to its
end, one task per item with the synchronous answer as its result, and an idempotency key resent
answered with the first job, never applied twice."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from netsuite_sandbox import SandboxServer
from tests.support.sandbox import sandbox_session

pytestmark = pytest.mark.integration

COLLECTION = "application/vnd.oracle.resource+json; type=collection"


def customers(*numbers: int) -> dict[str, Any]:
    return {
        "items": [
            {
                "externalId": f"batch-cus-{n}",
                "companyName": f"Batch Customer {n}",
                "currency": {"id": "1"},
                "subsidiary": {"id": "1"},
            }
            for n in numbers
        ]
    }


def submit(
    server: SandboxServer, body: Any, key: str | None = None, prefer: str = "respond-async"
) -> requests.Response:
    headers = {"Content-Type": COLLECTION, "Prefer": prefer}
    if key:
        headers["X-NetSuite-Idempotency-Key"] = key
    return sandbox_session(server).put(
        f"{server.base_url}/services/rest/record/v1/customer",
        data=__import__("json").dumps(body),
        headers=headers,
    )


def finished(server: SandboxServer, location: str) -> dict[str, Any]:
    session = sandbox_session(server)
    for _ in range(200):
        job = session.get(location).json()
        if job["completed"]:
            return dict(job)
        time.sleep(0.01)
    raise AssertionError("the job never completed")


@pytest.mark.sandbox_seed("demo")
def test_a_batch_runs_as_a_job_with_one_task_and_result_per_record(netsuite_sandbox: SandboxServer) -> None:
    answer = submit(netsuite_sandbox, customers(1, 2, 3))

    assert answer.status_code == 202 and answer.content == b""
    assert answer.headers["Preference-Applied"] == "respond-async"
    location = answer.headers["Location"]
    assert location.startswith(netsuite_sandbox.base_url + "/services/rest/async/v1/job/")
    job = finished(netsuite_sandbox, location)
    assert (job["progress"], job["task"]["links"][0]["href"]) == ("succeeded", location + "/task")
    session = sandbox_session(netsuite_sandbox)
    tasks = session.get(location + "/task").json()
    links = [link["href"] for item in tasks["items"] for link in item["links"]]
    assert links == [f"{location}/task/{n}" for n in (1, 2, 3)]
    task = session.get(links[0]).json()
    assert (task["completed"], task["progress"]) == (True, "succeeded") and task["endTime"].endswith("Z")
    result = session.get(links[2] + "/result")
    assert result.status_code == 204 and "/record/v1/customer/" in result.headers["Location"]


@pytest.mark.sandbox_seed("demo")
def test_a_refused_item_fails_its_task_with_netsuites_error_body(netsuite_sandbox: SandboxServer) -> None:
    netsuite_sandbox.reject_writes("batch-cus-2", "This period is closed for posting.")
    location = submit(netsuite_sandbox, customers(1, 2)).headers["Location"]

    job = finished(netsuite_sandbox, location)

    assert job["progress"] == "failed"
    session = sandbox_session(netsuite_sandbox)
    assert session.get(location + "/task/1").json()["progress"] == "succeeded"
    result = session.get(location + "/task/2/result")
    assert result.status_code == 400
    (detail,) = result.json()["o:errorDetails"]
    assert detail["o:errorCode"] == "USER_ERROR" and "period is closed" in detail["detail"]


@pytest.mark.sandbox_seed("demo")
def test_the_same_idempotency_key_names_the_first_job_and_applies_nothing_again(
    netsuite_sandbox: SandboxServer,
) -> None:
    first = submit(netsuite_sandbox, customers(7), key="0b8f1c2e-5d4a-4e2b-9f6a-0c1d2e3f4a5b")
    finished(netsuite_sandbox, first.headers["Location"])

    again = submit(netsuite_sandbox, customers(7), key="0b8f1c2e-5d4a-4e2b-9f6a-0c1d2e3f4a5b")

    assert again.status_code == 400 and again.headers["Location"] == first.headers["Location"]
    body = again.json()
    assert (body["title"], body["o:errorDetails"][0]["o:errorCode"]) == ("Conflict", "IDEMPOTENCY_ERROR")
    assert netsuite_sandbox.stats()["async"]["items_applied"] == 1


@pytest.mark.sandbox_seed("demo")
def test_batches_without_async_or_over_a_hundred_or_without_external_ids_are_refused(
    netsuite_sandbox: SandboxServer,
) -> None:
    assert submit(netsuite_sandbox, customers(1), prefer="transient").status_code == 400
    assert submit(netsuite_sandbox, customers(*range(101))).status_code == 400
    assert submit(netsuite_sandbox, {"items": [{"companyName": "No id"}]}).status_code == 400
    assert netsuite_sandbox.stats()["async"]["jobs"] == 0


@pytest.mark.sandbox_seed("demo")
def test_jobs_queue_behind_the_accounts_processors(netsuite_sandbox: SandboxServer) -> None:
    netsuite_sandbox.jobs.configure(processors=1, record_ms=150)
    locations = [submit(netsuite_sandbox, customers(n)).headers["Location"] for n in (1, 2, 3)]

    assert sandbox_session(netsuite_sandbox).get(locations[-1]).json()["progress"] == "pending"
    assert netsuite_sandbox.stats()["async"]["jobs_pending"] >= 2  # one processor: the others wait
    assert finished(netsuite_sandbox, locations[-1])["progress"] == "succeeded"
    assert netsuite_sandbox.stats()["async"]["items_applied"] == 3
