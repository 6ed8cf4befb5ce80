"""Deterministic fault injection, and money that never goes through float."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netsuite_sandbox.faults import Fault, FaultInjector, FaultSettings
from netsuite_sandbox.values import parse_json_body, plain_number, to_json


def draws(settings: FaultSettings, count: int = 200) -> list[Fault | None]:
    injector = FaultInjector(settings)
    return [injector.next_fault() for _ in range(count)]


def test_the_same_seed_gives_the_same_faults() -> None:
    settings = FaultSettings.uniform(0.3, seed=7)

    assert draws(settings) == draws(settings)
    assert draws(settings) != draws(FaultSettings.uniform(0.3, seed=8))


def test_each_kind_can_be_configured_on_its_own() -> None:
    only_drops = draws(FaultSettings(dropped_connection_rate=0.5, seed=1))

    assert set(only_drops) == {None, Fault.DROPPED_CONNECTION}
    assert 60 < only_drops.count(Fault.DROPPED_CONNECTION) < 140


def test_throttling_comes_in_bursts() -> None:
    faults = draws(FaultSettings(throttle_rate=0.05, throttle_burst=4, seed=3), count=400)

    starts = [
        i
        for i, fault in enumerate(faults)
        if fault is Fault.THROTTLED and (i == 0 or faults[i - 1] is not Fault.THROTTLED)
    ]
    assert starts
    for start in starts:
        assert faults[start : start + 4] == [Fault.THROTTLED] * 4


def test_a_script_forces_the_next_faults_in_order() -> None:
    injector = FaultInjector()
    injector.configure(FaultSettings(), script=["dropped_connection", "unexpected_error"])

    assert [injector.next_fault() for _ in range(3)] == [
        Fault.DROPPED_CONNECTION,
        Fault.UNEXPECTED_ERROR,
        None,
    ]


def test_rates_above_one_are_refused() -> None:
    with pytest.raises(ValueError):
        FaultSettings.from_dict({"unexpected_error_rate": 0.8, "throttle_rate": 0.5})


def test_json_numbers_round_trip_as_decimals() -> None:
    body = parse_json_body(b'{"amount": 0.1, "rate": 1.10, "n": 3}')

    assert body == {"amount": Decimal("0.1"), "rate": Decimal("1.10"), "n": 3}
    assert to_json({"total": Decimal("0.1") + Decimal("0.2"), "due": Decimal("-100.00")}) == (
        '{"total": 0.3, "due": -100}'
    )


@pytest.mark.parametrize(
    ("value", "text"), [("100", "100"), ("4.50", "4.5"), ("-2", "-2"), ("1E+2", "100"), ("0.000", "0")]
)
def test_numbers_print_the_way_netsuite_prints_them(value: str, text: str) -> None:
    assert plain_number(Decimal(value)) == text
