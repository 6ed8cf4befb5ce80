"""A bounded fuzz run of our OpenAPI document (schemathesis) against the API served by uvicorn over
PostgreSQL: whatever the document allows, and much it does not, never answers a 5xx.

The ledger's operations are fuzzed; the NetSuite integration's are left out, as they would reach out
to whatever address a generated body names. Each operation gets a few examples, derandomized, so the run
is short and the same every time."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, Phase, given, settings

from entrypoints.http.api.deps import RateLimiter
from entrypoints.http.main import create_app
from tests.support.running_api import migrated_schema, production_container, served

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

EXAMPLES_PER_OPERATION = 8
LEDGER_PATHS = r"^/(customers|invoices|payments|credit_notes)"


@pytest.fixture(scope="module")
def running_api(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The API with one company holding a customer, an invoice and a payment, so ids 1… exist."""
    with migrated_schema(postgres_url) as database_url:
        data_dir: Path = tmp_path_factory.mktemp("fuzz")
        container = production_container(database_url, data_dir, Fernet.generate_key().decode())
        try:
            ledger = container.ledger()
            company = ledger.create_company("Fuzz Co", email="ar@fuzz.test")
            assert company.company.id is not None
            customer = ledger.create_customer(company.company.id, "Target Customer")
            assert customer.id is not None
            app = create_app(container, rate_limiter=RateLimiter(limit=1_000_000))
            with served(app) as url:
                token = base64.b64encode(f"{company.api_key}:".encode()).decode()
                yield {"url": url, "headers": {"Authorization": f"Basic {token}"}}
        finally:
            container.shutdown_resources()


def test_no_request_makes_the_api_fail_on_its_side(running_api: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_url(f"{running_api['url']}/openapi.json").include(
        path_regex=LEDGER_PATHS
    )
    server_errors: list[str] = []
    answered: list[int] = []
    operations = 0
    for found in schema.get_all_operations():
        operation = found.ok()
        operations += 1

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def send(case: Any) -> None:
            response = case.call(base_url=running_api["url"], headers=running_api["headers"], timeout=30)
            answered.append(response.status_code)
            if response.status_code >= 500:
                server_errors.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text}"
                )

        send()
    assert operations >= 15 and len(answered) >= 3 * operations  # every ledger operation was fuzzed
    assert {200, 201, 400, 404} <= set(answered)  # valid requests got through as well as refused ones
    assert server_errors == []
