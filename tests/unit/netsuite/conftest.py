"""Fixtures for the gateway's unit tests: a scripted NetSuite on loopback and gateways pointed at it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from adapters.netsuite import RestNetSuiteGateway, RestNetSuiteGatewayFactory, RetryPolicy, SuiteQLPaging
from application.ports import NetSuiteAccess
from domain.integration import NetSuiteCredentials
from tests.unit.netsuite.fake_netsuite import FakeNetSuite

CREDENTIALS = NetSuiteCredentials("consumer-key", "consumer-secret", "token-id", "token-secret")
# Tiny waits: the retry tests check how often and how long the gateway waits, not the clock.
FAST_RETRY = RetryPolicy(attempts=5, max_elapsed=30.0, first_wait=0.001, max_wait=0.004)
_accounts = itertools.count(1)


@pytest.fixture
def fake_netsuite() -> Iterator[FakeNetSuite]:
    fake = FakeNetSuite().start()
    yield fake
    fake.stop()


class SleepRecorder:
    """Stands in for time.sleep: remembers each wait instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


GatewayFor = Callable[..., RestNetSuiteGateway]


@pytest.fixture
def gateway_for(fake_netsuite: FakeNetSuite, sleeps: SleepRecorder) -> Iterator[GatewayFor]:
    """`gateway_for(limit=3, retry=..., paging=..., timeout=...)` — a gateway to the fake, each with
    its own account id so tests never share a concurrency limiter."""
    opened: list[RestNetSuiteGateway] = []

    def open_gateway(
        *,
        limit: int = 3,
        retry: RetryPolicy = FAST_RETRY,
        paging: SuiteQLPaging | None = None,
        timeout: float | tuple[float, float] = (2.0, 5.0),
    ) -> RestNetSuiteGateway:
        # The scripted NetSuite answers as a UTC user would; the clock measurement has its own tests.
        factory = RestNetSuiteGatewayFactory(
            retry=retry, paging=paging, timeout=timeout, sleep=sleeps, suiteql_offset=timedelta(0)
        )
        access = NetSuiteAccess(
            account_id=f"{next(_accounts)}999_SB1",
            credentials=CREDENTIALS,
            base_url=fake_netsuite.url,
            concurrency_limit=limit,
        )
        gateway = factory(access)
        opened.append(gateway)
        return gateway

    yield open_gateway
    for gateway in opened:
        gateway.close()
