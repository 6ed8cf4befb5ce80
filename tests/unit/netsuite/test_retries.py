"""Transient failures (429, 5xx, timeouts, dropped connections) are retried within bounds; others are not."""

from __future__ import annotations

import pytest

from adapters.netsuite import RetryPolicy
from application.errors import NetSuiteAuthError, NetSuiteRejected, NetSuiteUnavailable
from tests.unit.netsuite.conftest import GatewayFor, SleepRecorder
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply, error

SERVER_TIME = Reply(200, {"serverTime": "2026-01-15T09:00:00.000Z"})
THROTTLED = error(429, "CONCURRENCY_LIMIT_EXCEEDED", "Concurrent request limit exceeded. Request blocked.")


def test_a_429_is_retried_with_backoff_until_it_succeeds(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor, sleeps: SleepRecorder
) -> None:
    fake_netsuite.reply(THROTTLED, THROTTLED, SERVER_TIME)

    moment = gateway_for().server_time()

    assert moment.isoformat() == "2026-01-15T09:00:00+00:00"
    assert len(fake_netsuite.requests) == 3
    assert len(sleeps.waits) == 2


def test_waits_stay_within_the_exponential_envelope(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor, sleeps: SleepRecorder
) -> None:
    fake_netsuite.reply(*[Reply(503, "down")] * 4, SERVER_TIME)

    gateway_for(retry=RetryPolicy(attempts=5, first_wait=1.0, max_wait=3.0)).server_time()

    envelopes = [1.0, 2.0, 3.0, 3.0]
    assert len(sleeps.waits) == 4
    assert all(0 <= wait <= bound for wait, bound in zip(sleeps.waits, envelopes, strict=True))


def test_retry_after_is_honoured_when_netsuite_sends_it(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor, sleeps: SleepRecorder
) -> None:
    fake_netsuite.reply(Reply(429, THROTTLED.body, {"Retry-After": "7"}), SERVER_TIME)

    gateway_for().server_time()

    assert sleeps.waits == [7.0]


def test_a_retry_after_beyond_the_time_budget_gives_up_at_once(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor, sleeps: SleepRecorder
) -> None:
    fake_netsuite.reply(Reply(429, THROTTLED.body, {"Retry-After": "120"}), SERVER_TIME)

    with pytest.raises(NetSuiteUnavailable, match="429 CONCURRENCY_LIMIT_EXCEEDED"):
        gateway_for(retry=RetryPolicy(attempts=5, max_elapsed=30.0)).server_time()
    assert sleeps.waits == []
    assert len(fake_netsuite.requests) == 1


def test_persistent_5xx_ends_as_unavailable_naming_the_last_status_and_code(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.responder = lambda seen: error(
        500, "UNEXPECTED_ERROR", "An unexpected error occurred. Error ID: x1"
    )

    with pytest.raises(NetSuiteUnavailable) as raised:
        gateway_for().server_time()

    message = str(raised.value)
    assert "HTTP 500 UNEXPECTED_ERROR" in message and "Error ID: x1" in message
    assert "5 attempts" in message and "GET /services/rest/system/v1/serverTime" in message
    assert len(fake_netsuite.requests) == 5


def test_a_dropped_connection_is_retried(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(drop=True), SERVER_TIME)

    gateway_for().server_time()

    assert len(fake_netsuite.requests) == 2


def test_a_read_timeout_is_retried(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(200, {"serverTime": "2026-01-15T09:00:00Z"}, delay=0.5), SERVER_TIME)

    gateway_for(timeout=(1.0, 0.2)).server_time()

    assert len(fake_netsuite.requests) == 2


def test_nothing_listening_ends_as_unavailable_saying_so(
    gateway_for: GatewayFor, fake_netsuite: FakeNetSuite
) -> None:
    gateway = gateway_for(retry=RetryPolicy(attempts=2, first_wait=0.001, max_wait=0.001))
    fake_netsuite.stop()

    with pytest.raises(NetSuiteUnavailable, match="ConnectionError"):
        gateway.server_time()


def test_a_refusal_is_not_retried(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(error(400, "INVALID_PARAMETER", "Invalid search query."))

    with pytest.raises(NetSuiteRejected):
        gateway_for().server_time()
    assert len(fake_netsuite.requests) == 1


def test_a_401_is_not_retried(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(error(401, "INVALID_LOGIN", "Invalid login attempt."))

    with pytest.raises(NetSuiteAuthError):
        gateway_for().server_time()
    assert len(fake_netsuite.requests) == 1


def test_the_default_policy_rides_out_an_outage_of_minutes_with_jittered_waits(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor, sleeps: SleepRecorder
) -> None:
    fake_netsuite.responder = lambda seen: error(500, "UNEXPECTED_ERROR", "An unexpected error occurred.")

    with pytest.raises(NetSuiteUnavailable):
        gateway_for(retry=RetryPolicy()).server_time()

    assert len(sleeps.waits) >= 5 and max(sleeps.waits) <= 60.0
    assert 30.0 < sum(sleeps.waits) <= 300.0  # minutes of patience, within the budget
    assert len(set(sleeps.waits)) == len(sleeps.waits)  # jittered, so workers don't retry in step


def test_an_outage_that_ends_within_the_budget_is_ridden_out(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor, sleeps: SleepRecorder
) -> None:
    outage = [error(503, "UNEXPECTED_ERROR", "Service Unavailable")] * 7
    fake_netsuite.reply(*outage, SERVER_TIME)

    gateway_for(retry=RetryPolicy()).server_time()

    assert len(sleeps.waits) == 7


def test_a_long_retry_after_is_honoured_up_to_the_cap(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor, sleeps: SleepRecorder
) -> None:
    fake_netsuite.reply(Reply(429, THROTTLED.body, {"Retry-After": "86400"}), SERVER_TIME)

    gateway_for(retry=RetryPolicy(max_elapsed=300.0, max_retry_after=120.0)).server_time()

    assert sleeps.waits == [120.0]
