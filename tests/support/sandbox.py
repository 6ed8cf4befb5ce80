"""Fixtures for the NetSuite sandbox: one running server per session, reset for each test.

Use `netsuite_sandbox` (the server, reset to "empty"); choose a seed with
`@pytest.mark.sandbox_seed("demo")` or `@pytest.mark.parametrize("netsuite_sandbox", ["demo"],
indirect=True)`. `sandbox_session(server)` gives a requests.Session signed like a real client.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256
from requests_oauthlib import OAuth1

from netsuite_sandbox import SandboxServer

SANDBOX_ACCOUNT_ID = "TSTDRV2450117"
SANDBOX_CONCURRENCY = 5


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sandbox_seed(name): the seed the netsuite_sandbox fixture resets to")


def sandbox_auth(server: SandboxServer, **overrides: str) -> OAuth1:
    """OAuth1 HMAC-SHA256 with the sandbox's credentials and realm, as the gateway signs."""
    credentials = server.credentials
    settings = {
        "client_key": credentials.consumer_key,
        "client_secret": credentials.consumer_secret,
        "resource_owner_key": credentials.token_id,
        "resource_owner_secret": credentials.token_secret,
        "signature_method": SIGNATURE_HMAC_SHA256,
        "realm": server.account_id,
    } | overrides
    return OAuth1(**settings)


def sandbox_session(server: SandboxServer) -> requests.Session:
    """A signed session; requests go to f"{server.base_url}/services/rest/..."."""
    session = requests.Session()
    session.auth = sandbox_auth(server)
    session.headers["Accept"] = "*/*"
    return session


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    server = SandboxServer(
        account_id=SANDBOX_ACCOUNT_ID,
        seed="empty",
        concurrency=SANDBOX_CONCURRENCY,
        async_record_ms=1,  # batch jobs in milliseconds: tests check their protocol, not NetSuite's pace
    ).start()
    yield server
    server.stop()


@pytest.fixture
def netsuite_sandbox(
    request: pytest.FixtureRequest, sandbox_server: SandboxServer
) -> Iterator[SandboxServer]:
    """The session's sandbox, reset to a seed; faults, concurrency and latency restored after."""
    seed = "empty"
    marker = request.node.get_closest_marker("sandbox_seed")
    if marker is not None:
        seed = marker.args[0]
    seed = getattr(request, "param", seed)
    sandbox_server.restore_defaults()
    sandbox_server.reset(seed)
    yield sandbox_server
    sandbox_server.restore_defaults()


@pytest.fixture
def sandbox_client(netsuite_sandbox: SandboxServer) -> Iterator[requests.Session]:
    with sandbox_session(netsuite_sandbox) as session:
        yield session
