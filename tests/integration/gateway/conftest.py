"""Gateways pointed at the session's NetSuite sandbox (tests/support/sandbox.py), over real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from adapters.netsuite import RestNetSuiteGateway, RestNetSuiteGatewayFactory, RetryPolicy
from application.ports import NetSuiteAccess
from domain.integration import NetSuiteCredentials
from netsuite_sandbox import SandboxServer

# Short real waits: the sandbox's faults clear within a few retries.
QUICK_RETRY = RetryPolicy(attempts=5, max_elapsed=10.0, first_wait=0.01, max_wait=0.05)

GatewayTo = Callable[..., RestNetSuiteGateway]


def credentials_of(server: SandboxServer, **changes: str) -> NetSuiteCredentials:
    values = {
        "consumer_key": server.credentials.consumer_key,
        "consumer_secret": server.credentials.consumer_secret,
        "token_id": server.credentials.token_id,
        "token_secret": server.credentials.token_secret,
    } | changes
    return NetSuiteCredentials(**values)


@pytest.fixture
def gateway_to(netsuite_sandbox: SandboxServer) -> Iterator[GatewayTo]:
    """`gateway_to(limit=5, account_id=..., credentials=..., retry=...)` — a gateway to the sandbox."""
    opened: list[RestNetSuiteGateway] = []

    def open_gateway(
        *,
        limit: int = 5,
        account_id: str | None = None,
        credentials: NetSuiteCredentials | None = None,
        retry: RetryPolicy = QUICK_RETRY,
        **factory_options: Any,
    ) -> RestNetSuiteGateway:
        factory = RestNetSuiteGatewayFactory(retry=retry, timeout=(5.0, 30.0), **factory_options)
        gateway = factory(
            NetSuiteAccess(
                account_id=account_id or netsuite_sandbox.account_id,
                credentials=credentials or credentials_of(netsuite_sandbox),
                base_url=netsuite_sandbox.base_url,
                concurrency_limit=limit,
            )
        )
        opened.append(gateway)
        return gateway

    yield open_gateway
    for gateway in opened:
        gateway.close()


def suiteql_requests(server: SandboxServer) -> int:
    counts = server.stats()["requests"]["by_endpoint"].get("POST /query/v1/suiteql", {})
    return sum(counts.values())


def statuses(server: SandboxServer) -> dict[str, int]:
    return dict(server.stats()["requests"]["by_status"])
