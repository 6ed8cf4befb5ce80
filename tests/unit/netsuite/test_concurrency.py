"""Never more requests in flight per account than its limit, across gateways of one process."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.netsuite import LocalConcurrencyLimiter, RestNetSuiteGatewayFactory, local_limiter_for
from application.ports import NetSuiteAccess
from tests.unit.netsuite.conftest import CREDENTIALS, FAST_RETRY
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply


def test_the_local_limiter_holds_at_most_limit_slots() -> None:
    limiter = LocalConcurrencyLimiter(2)
    in_slot = 0
    highest = 0
    lock = threading.Lock()

    def hold() -> None:
        nonlocal in_slot, highest
        with limiter.slot():
            with lock:
                in_slot += 1
                highest = max(highest, in_slot)
            time.sleep(0.01)
            with lock:
                in_slot -= 1

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: hold(), range(16)))

    assert highest == 2
    assert limiter.peak == 2 and limiter.in_flight == 0


def test_a_slot_is_given_back_when_the_request_fails() -> None:
    limiter = LocalConcurrencyLimiter(1)
    with pytest.raises(RuntimeError), limiter.slot():
        raise RuntimeError("boom")

    with limiter.slot():
        assert limiter.in_flight == 1


def test_one_limiter_per_account_in_the_process_and_a_new_one_when_the_limit_changes() -> None:
    first = local_limiter_for("7654321_SB1", 3)

    assert local_limiter_for("7654321_sb1", 3) is first
    assert local_limiter_for("7654322", 3) is not first
    changed = local_limiter_for("7654321_SB1", 4)
    assert changed is not first and changed.limit == 4


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LocalConcurrencyLimiter(0)


def test_two_gateways_of_one_account_share_its_budget(fake_netsuite: FakeNetSuite) -> None:
    fake_netsuite.responder = lambda seen: Reply(200, {"serverTime": "2026-01-15T09:00:00Z"}, delay=0.03)
    factory = RestNetSuiteGatewayFactory(retry=FAST_RETRY)
    access = NetSuiteAccess("5550001", CREDENTIALS, base_url=fake_netsuite.url, concurrency_limit=2)
    gateways = [factory(access), factory(access)]

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda index: gateways[index % 2].server_time(), range(12)))

    assert len(fake_netsuite.requests) == 12
    assert fake_netsuite.highest_in_flight == 2


def test_a_limiter_from_elsewhere_is_used_for_every_request(fake_netsuite: FakeNetSuite) -> None:
    fake_netsuite.responder = lambda seen: Reply(200, {"serverTime": "2026-01-15T09:00:00Z"})
    asked: list[tuple[str, int]] = []
    limiter = LocalConcurrencyLimiter(9)

    def limiter_for(account_id: str, limit: int) -> LocalConcurrencyLimiter:
        asked.append((account_id, limit))
        return limiter

    gateway = RestNetSuiteGatewayFactory(limiter_for=limiter_for)(
        NetSuiteAccess("5550002_sb1", CREDENTIALS, base_url=fake_netsuite.url, concurrency_limit=4)
    )
    gateway.server_time()

    assert asked == [("5550002_SB1", 4)]
    assert limiter.peak == 1
