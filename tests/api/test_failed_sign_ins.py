"""Guessing API keys: wrong keys are counted per client address and per key prefix, and past the limit
every attempt waits (429 with Retry-After) before it is even checked, on the API and the dashboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from application.ledger import NewCompany
from entrypoints.container import Container
from entrypoints.http.main import create_app
from entrypoints.worker.wiring import FAILED_SIGN_IN_LIMIT, FAILED_SIGN_IN_WINDOW_SECONDS
from tests.api.test_dashboard_session import csrf


@pytest.fixture
def client_at(container: Container) -> Iterator[object]:
    """`client_at("10.0.0.7")`: a client of the same app calling from that address."""
    app = create_app(container)
    opened: list[TestClient] = []

    def open_client(address: str) -> TestClient:
        client = TestClient(app, client=(address, 40000))
        client.__enter__()
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        client.__exit__(None, None, None)


def wrong_key(number: int) -> str:
    return f"ink_{number:06d}" + "x" * 30  # every one with a prefix of its own


def test_a_client_guessing_keys_is_told_to_wait_and_its_right_key_waits_too(
    client_at: object, company: NewCompany
) -> None:
    guesser = client_at("203.0.113.9")  # type: ignore[operator]
    statuses = [guesser.get("/customers", auth=(wrong_key(n), "")).status_code for n in range(30)]

    assert statuses[:FAILED_SIGN_IN_LIMIT] == [401] * FAILED_SIGN_IN_LIMIT
    assert set(statuses[FAILED_SIGN_IN_LIMIT:]) == {429}
    refused = guesser.get("/customers", auth=(company.api_key, ""))
    assert refused.status_code == 429, "nothing is checked while the client waits"
    assert 0 < int(refused.headers["retry-after"]) <= FAILED_SIGN_IN_WINDOW_SECONDS
    assert "try again in" in refused.json()["message"]

    someone_else = client_at("198.51.100.4")  # type: ignore[operator]
    assert someone_else.get("/customers", auth=(company.api_key, "")).status_code == 200


def test_one_key_prefix_guessed_from_many_addresses_is_told_to_wait(client_at: object) -> None:
    prefix_guesses = [
        client_at(f"192.0.2.{n}").get("/customers", auth=("ink_AAAAAA" + f"{n:030d}", ""))  # type: ignore[operator]
        for n in range(FAILED_SIGN_IN_LIMIT + 1)
    ]

    assert [r.status_code for r in prefix_guesses[:-1]] == [401] * FAILED_SIGN_IN_LIMIT
    assert prefix_guesses[-1].status_code == 429
    fresh = client_at("192.0.2.250")  # type: ignore[operator]
    assert fresh.get("/customers", auth=(wrong_key(1), "")).status_code == 401, "other prefixes go on"


def test_the_dashboard_sign_in_counts_with_the_api(client_at: object, company: NewCompany) -> None:
    guesser = client_at("203.0.113.50")  # type: ignore[operator]
    for n in range(FAILED_SIGN_IN_LIMIT):
        assert guesser.get("/customers", auth=(wrong_key(n), "")).status_code == 401

    token = csrf(guesser.get("/dashboard/login").text)
    page = guesser.post(
        "/dashboard/login",
        data={"api_key": company.api_key, "csrf_token": token},
        follow_redirects=False,
    )

    assert page.status_code == 429
    assert int(page.headers["retry-after"]) > 0
    assert "Too many wrong API keys" in page.text


def test_requests_with_the_right_key_are_never_counted(client_at: object, company: NewCompany) -> None:
    client = client_at("203.0.113.77")  # type: ignore[operator]
    for _ in range(FAILED_SIGN_IN_LIMIT * 2):
        assert client.get("/customers", auth=(company.api_key, "")).status_code == 200
