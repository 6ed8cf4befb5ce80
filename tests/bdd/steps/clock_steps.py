"""When things happen, on the NetSuite user's clock: '11:30 pm Pacific time on 15 January 2026'."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from parse import with_pattern
from pytest_bdd import given, parsers, then, when

from domain.records import Origin
from domain.sync import SyncRun, SyncStatus
from tests.application.integration.world import World
from tests.bdd.steps.netsuite_steps import _record_payment
from tests.bdd.steps.types import TYPES

_ZONES = {"Pacific": "America/Los_Angeles"}
_MOMENT = re.compile(
    r"(?P<hour>\d{1,2}):(?P<minute>\d\d) (?P<half>am|pm) (?P<zone>\w+)(?: (?P<season>daylight|standard))? "
    r"time on (?P<day>\d{1,2} \w+ \d{4})"
)


@with_pattern(_MOMENT.pattern)
def _moment(text: str) -> dt.datetime:
    """A local time as people say it; 'daylight' / 'standard' picks one of the hour that repeats."""
    match = _MOMENT.fullmatch(text)
    assert match is not None, text
    hour = int(match["hour"]) % 12 + (12 if match["half"] == "pm" else 0)
    day = dt.datetime.strptime(match["day"], "%d %B %Y").date()
    zone = ZoneInfo(_ZONES[match["zone"]])
    wall = dt.datetime.combine(day, dt.time(hour, int(match["minute"])))
    # fold=0 is the first (daylight) reading of a repeated hour, fold=1 the second (standard).
    moment = wall.replace(tzinfo=zone, fold=1 if match["season"] == "standard" else 0)
    if match["season"] == "daylight":
        assert moment.dst(), text
    if match["season"] == "standard":
        assert not moment.dst(), text
    return moment.astimezone(dt.UTC)


def moment_step(text: str) -> object:
    return parsers.parse(text, extra_types={**TYPES, "Moment": _moment})


def _at(world: World, moment: dt.datetime) -> None:
    """Both clocks, this server's and NetSuite's, now read `moment`."""
    world.clock.set(moment)
    world.user.set_clock(moment)


@given(moment_step('the NetSuite user works in "{zone:Text}" time'))
def _(world: World, zone: str) -> None:
    world.user.work_in_time_zone(zone)
    world.user.set_clock(world.clock.now())


@given(moment_step("the accounting sync ran at {moment:Moment}"))
def _(world: World, company: int, moment: dt.datetime) -> None:
    _at(world, moment)
    run = world.run_sync(company)
    assert run.status is SyncStatus.SUCCEEDED, run


@when(moment_step('"{customer:Text}" pays {amount:Money} on "{number:Text}" in NetSuite at {moment:Moment}'))
def _(world: World, customer: str, amount: Decimal, number: str, moment: dt.datetime) -> None:
    _at(world, moment - dt.timedelta(minutes=1))  # recording it takes the person a minute
    _record_payment(world, {number: amount})


@when(moment_step("the accounting sync runs at {moment:Moment}"), target_fixture="run")
def _(world: World, company: int, moment: dt.datetime) -> SyncRun:
    _at(world, moment)
    return world.run_sync(company)


@then("a sync an hour later brings nothing over twice")
def _(world: World, company: int) -> None:
    before = _netsuite_payments(world, company)
    _at(world, world.clock.now() + dt.timedelta(hours=1))
    run = world.run_sync(company)
    assert (run.status, run.counts) == (SyncStatus.SUCCEEDED, {})
    assert _netsuite_payments(world, company) == before


def _netsuite_payments(world: World, company: int) -> list[Decimal]:
    return sorted(p.amount for p in world.payments(company, Origin.NETSUITE))
