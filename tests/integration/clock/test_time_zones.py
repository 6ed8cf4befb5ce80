"""Whatever the integration user's time zone (UTC-12 to UTC+14, with daylight saving time) and date
format, a change made in NetSuite between two syncs reaches Invoiced on the second one, exactly once,
and a later sync with nothing changed reads nothing twice. Real HTTP to the sandbox, whose clock the
test stops and moves across the zone's daylight-saving changes."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from domain.records import Origin
from domain.sync import SyncStatus
from netsuite_sandbox import DATE_FORMATS, SandboxServer
from tests.application.integration.world import World
from tests.integration.efficiency.conftest import counting
from tests.support.netsuite_user import sandbox_double

pytestmark = pytest.mark.integration

ZONES = (
    "Etc/GMT+12",  # UTC-12
    "Pacific/Pago_Pago",  # UTC-11
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/New_York",
    "America/St_Johns",  # -3:30 / -2:30
    "America/Sao_Paulo",
    "UTC",
    "Europe/Berlin",
    "Antarctica/Troll",  # +0 / +2: the largest daylight-saving shift
    "Asia/Kolkata",  # +5:30
    "Asia/Kathmandu",  # +5:45
    "Australia/Lord_Howe",  # +10:30 / +11: a half-hour shift
    "Pacific/Auckland",  # +12 / +13
    "Pacific/Kiritimati",  # UTC+14
)
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
# Sync, change, sync, sync: each step up to three hours on, so steps often straddle a DST change.
STEP = st.integers(min_value=0, max_value=3 * 3600).map(lambda seconds: timedelta(seconds=seconds))


@cache
def dst_changes(zone_name: str) -> tuple[datetime, ...]:
    """The moments in 2026 when the zone's clock jumps (found hour by hour, then to the minute)."""
    zone = ZoneInfo(zone_name)
    changes = []
    previous = YEAR_START.astimezone(zone).utcoffset()
    for hour in range(1, 366 * 24):
        moment = YEAR_START + timedelta(hours=hour)
        offset = moment.astimezone(zone).utcoffset()
        if offset != previous:
            minute = next(
                m
                for m in range(60, -1, -1)
                if (moment - timedelta(minutes=m)).astimezone(zone).utcoffset() == offset
                and (moment - timedelta(minutes=m + 1)).astimezone(zone).utcoffset() != offset
            )
            changes.append(moment - timedelta(minutes=minute))
        previous = offset
    return tuple(changes)


@st.composite
def first_sync_times(draw: st.DrawFn, zone_name: str) -> datetime:
    """Around one of the zone's DST changes (or, in zones without, at any time of 2026; and around
    local midnight, where date-based readers lose records)."""
    changes = dst_changes(zone_name)
    kind = draw(
        st.sampled_from(("dst", "midnight", "any")) if changes else st.sampled_from(("midnight", "any"))
    )
    if kind == "dst":
        base = draw(st.sampled_from(changes))
        return base + timedelta(seconds=draw(st.integers(min_value=-4 * 3600, max_value=3600)))
    day = YEAR_START + timedelta(days=draw(st.integers(min_value=1, max_value=360)))
    if kind == "midnight":
        local_midnight = day.astimezone(ZoneInfo(zone_name)).replace(hour=0, minute=0, second=0)
        return local_midnight.astimezone(UTC) + timedelta(seconds=draw(st.integers(-3 * 3600, 3600)))
    return day + timedelta(seconds=draw(st.integers(min_value=0, max_value=86399)))


def netsuite_customer_with_an_invoice(server: SandboxServer) -> tuple[int, int]:
    created = server.seed_records(
        {"customers": [{"companyName": "Harbour Freight Ltd", "subsidiary": {"id": "1"}}]}
    )
    customer = created["customers"][0]
    invoice = server.seed_records({"invoices": [invoice_body(customer, "INV-TZ-1", "100")]})["invoices"][0]
    return customer, invoice


def invoice_body(customer: int, number: str, rate: str) -> dict[str, object]:
    return {
        "entity": {"id": str(customer)},
        "tranId": number,
        "tranDate": "2026-01-02",
        "item": {"items": [{"item": {"id": "201"}, "quantity": 1, "rate": rate}]},
    }


# Each example is three real syncs (about a second): a dozen in the suite, more on demand with
# TIME_ZONE_EXAMPLES=200. No shrinking, so a failure is reported at once with its draws.
@settings(
    max_examples=int(os.environ.get("TIME_ZONE_EXAMPLES", "12")),
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), zone_name=st.sampled_from(ZONES), date_format=st.sampled_from(DATE_FORMATS))
def test_a_change_in_netsuite_reaches_invoiced_on_the_next_sync_whatever_the_users_time_zone(
    sandbox_server: SandboxServer,
    data: st.DataObject,
    zone_name: str,
    date_format: str,
) -> None:
    server = sandbox_server
    server.restore_defaults()
    server.reset("empty")
    server.set_preferences(zone_name, date_format)
    first_sync = data.draw(first_sync_times(zone_name), label="first sync (UTC)")
    change = first_sync + data.draw(STEP, label="change after it")
    second_sync = change + data.draw(STEP, label="second sync after the change")
    third_sync = second_sync + data.draw(STEP, label="third sync after that")
    # The ledger in memory (the property is about NetSuite's side); the REST gateway over loopback.
    world = World(double=sandbox_double(server))
    try:
        at(world, server, first_sync - timedelta(days=1))
        customer, invoice = netsuite_customer_with_an_invoice(server)
        company = world.connected_company()

        at(world, server, first_sync)
        first = world.run_sync(company)
        assert (first.status, first.counts.get("invoices_imported")) == (SyncStatus.SUCCEEDED, 1)

        at(world, server, change)  # a NetSuite user records a payment and raises a second invoice
        server.seed_records(
            {
                "customerPayments": [
                    {
                        "customer": str(customer),
                        "account": {"id": "1"},
                        "tranDate": "2026-01-03",
                        "apply": {"items": [{"doc": {"id": str(invoice)}, "apply": True, "amount": 40}]},
                    }
                ],
                "invoices": [invoice_body(customer, "INV-TZ-2", "250")],
            }
        )

        at(world, server, second_sync)
        second = world.run_sync(company)
        assert second.status is SyncStatus.SUCCEEDED, second.error
        assert (second.counts.get("payments_imported"), second.counts.get("invoices_imported")) == (1, 1)

        at(world, server, third_sync)
        third, seen = counting(server, lambda: world.run_sync(company))
        assert (third.status, third.counts) == (SyncStatus.SUCCEEDED, {})
        zone = ZoneInfo(zone_name)
        offsets = {moment.astimezone(zone).utcoffset() for moment in (change, second_sync, third_sync)}
        # serverTime, SuiteQL's clock and one empty page each of payments and invoices; unless the
        # clock went back since the change (SuiteQL compares wall-clock times, so the change reads as
        # later than the last sync until the clock passes it again) or the change came in the very
        # second of the last sync (the read includes that second, so such a change is never lost).
        if len(offsets) == 1 and change < second_sync:
            assert seen.total == 4, seen.by_endpoint
    finally:
        server.restore_defaults()

    payments = world.payments(company, Origin.NETSUITE)
    assert sorted(i.number for i in world.invoices(company)) == ["INV-TZ-1", "INV-TZ-2"]
    assert [p.amount for p in payments] == [Decimal("40.00")]
    assert world.invoice_numbered(company, "INV-TZ-1").balance.amount == Decimal("60.00")


def at(world: World, server: SandboxServer, moment: datetime) -> None:
    """Both clocks, this server's and NetSuite's, read `moment`."""
    world.clock.set(moment)
    server.clock.pin(moment)
