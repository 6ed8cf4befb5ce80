"""A tenant cannot use Connect to probe this machine's ports: every loopback address but the sandbox's
is refused with one answer, before the real gateway sends anything; the in-process sandbox, on
whatever free port it took, is accepted."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from entrypoints.container import build_container, prepare_database
from entrypoints.http.main import create_app
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer

pytestmark = pytest.mark.integration


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """The real container (SQLite, the REST gateway) and one company's API key."""
    settings = Settings(data_dir=tmp_path, secret_key=Fernet.generate_key().decode(), log_level="WARNING")
    prepare_database(settings)
    container = build_container(settings)
    company = container.ledger().create_company("Acme Supplies", email="ar@acme.test")
    with TestClient(create_app(container)) as client:
        yield client, company.api_key
    container.shutdown_resources()


@pytest.fixture
def listening_service() -> Iterator[socket.socket]:
    """Something listening on this machine (as Redis does on 6379): it must never hear from us."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    yield listener
    listener.close()


def connect_body(base_url: str, sandbox: SandboxServer | None = None) -> dict[str, str]:
    credentials = sandbox.credentials if sandbox is not None else None
    return {
        "account_id": sandbox.account_id if sandbox is not None else "1234567",
        "consumer_key": credentials.consumer_key if credentials else "ck-" + "1" * 20,
        "consumer_secret": credentials.consumer_secret if credentials else "cs-" + "2" * 20,
        "token_id": credentials.token_id if credentials else "ti-" + "3" * 20,
        "token_secret": credentials.token_secret if credentials else "ts-" + "4" * 20,
        "base_url": base_url,
    }


def test_an_open_port_and_a_closed_one_get_the_same_refusal_and_no_request(
    service: tuple[TestClient, str], listening_service: socket.socket
) -> None:
    client, api_key = service
    open_port = listening_service.getsockname()[1]
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()

    answers = {}
    for port in (open_port, closed_port):
        url = f"http://127.0.0.1:{port}"
        response = client.post("/integrations/netsuite", json=connect_body(url), auth=(api_key, ""))
        answers[port] = (response.status_code, response.json()["param"], response.text.replace(url, "<url>"))

    assert answers[open_port] == answers[closed_port]
    assert answers[open_port][:2] == (400, "base_url")
    with pytest.raises(BlockingIOError):
        listening_service.accept()  # nobody knocked


@pytest.mark.sandbox_seed("demo")
def test_the_sandbox_this_process_runs_is_accepted_on_its_free_port(
    service: tuple[TestClient, str], netsuite_sandbox: SandboxServer
) -> None:
    client, api_key = service

    response = client.post(
        "/integrations/netsuite",
        json=connect_body(netsuite_sandbox.base_url, netsuite_sandbox),
        auth=(api_key, ""),
    )

    assert response.status_code == 201, response.text
    assert netsuite_sandbox.port != 8700
