"""The API on the real container with memory adapters: an in-memory store, a fixed clock, a job queue
whose jobs run at once, and no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from dependency_injector import providers
from fastapi.testclient import TestClient

from adapters.memory import (
    FixedClock,
    InMemoryCompanyLocks,
    InMemoryJobQueue,
    InMemoryNotifier,
    InMemorySecretBox,
    InMemoryStore,
)
from adapters.memory.gateway import InMemoryNetSuite, InMemoryNetSuiteGatewayFactory
from application.ledger import NewCompany
from entrypoints.container import Container, build_container
from entrypoints.http.main import create_app
from entrypoints.settings import Settings


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def job_queue() -> InMemoryJobQueue:
    return InMemoryJobQueue()


@pytest.fixture
def notifier() -> InMemoryNotifier:
    return InMemoryNotifier()


@pytest.fixture
def netsuite(clock: FixedClock) -> InMemoryNetSuite:
    """The company's NetSuite account (in memory), on the test's clock."""
    return InMemoryNetSuite("1234567", clock=clock.now)


@pytest.fixture
def container(
    tmp_path: Path,
    store: InMemoryStore,
    clock: FixedClock,
    job_queue: InMemoryJobQueue,
    notifier: InMemoryNotifier,
    netsuite: InMemoryNetSuite,
) -> Container:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url="sqlite://",
        secret_key=Fernet.generate_key().decode(),
        public_url="http://testserver",
    )
    built = build_container(settings)
    built.uow.override(providers.Object(store))
    built.clock.override(providers.Object(clock))
    built.job_queue.override(providers.Object(job_queue))
    built.notifier.override(providers.Object(notifier))
    built.secret_box.override(providers.Object(InMemorySecretBox()))
    built.company_locks.override(providers.Object(InMemoryCompanyLocks()))
    built.netsuite_gateways.override(providers.Object(InMemoryNetSuiteGatewayFactory(netsuite)))
    return built


@pytest.fixture
def run_jobs_at_once(container: Container, job_queue: InMemoryJobQueue) -> InMemoryJobQueue:
    """Queued syncs, imports and retries run as soon as they are queued, as the worker's actors do
    (run the use case, then email about the finished run)."""

    def sync(company_id: int, run_id: int) -> None:
        container.accounting_sync().run_accounting_sync(company_id, run_id)
        container.run_notifications().run_finished(company_id, run_id)

    def run_import(company_id: int, run_id: int) -> None:
        container.netsuite_imports().run_import(company_id, run_id)
        container.run_notifications().run_finished(company_id, run_id)

    job_queue.handlers["sync"] = sync
    job_queue.handlers["import"] = run_import
    job_queue.handlers["retry"] = lambda company_id, error_id: container.sync_errors().retry(
        company_id, error_id
    )
    return job_queue


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container)) as test_client:
        yield test_client


@pytest.fixture
def company(container: Container) -> NewCompany:
    return container.ledger().create_company("Acme Supplies", email="ar@acme.test")


@pytest.fixture
def other_company(container: Container) -> NewCompany:
    return container.ledger().create_company("Globex", email="ar@globex.test")


class Api:
    """A client signed in with one company's API key (HTTP Basic, key as the user name)."""

    def __init__(self, client: TestClient, api_key: str) -> None:
        self.client = client
        self.auth = httpx.BasicAuth(api_key, "")

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.request(method, path, auth=self.auth, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        """The JSON body of a request that must answer `status`."""
        response = self.request(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json()


@pytest.fixture
def api(client: TestClient, company: NewCompany) -> Api:
    return Api(client, company.api_key)


@pytest.fixture
def other_api(client: TestClient, other_company: NewCompany) -> Api:
    return Api(client, other_company.api_key)


@pytest.fixture
def customer(api: Api) -> dict[str, Any]:
    return api.ok("POST", "/customers", 201, json={"name": "Wayne Enterprises", "payment_terms": "NET 30"})


@pytest.fixture
def invoice(api: Api, customer: dict[str, Any]) -> dict[str, Any]:
    return api.ok(
        "POST",
        "/invoices",
        201,
        json={
            "customer": customer["id"],
            "items": [{"name": "Consulting", "quantity": 3, "unit_cost": 100.10}],
        },
    )
