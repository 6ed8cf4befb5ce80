"""Auto-sync: each due company gets one automatic sync per interval, however many schedulers tick."""

from __future__ import annotations

import threading
import time

import pytest
from dependency_injector import providers

from adapters.memory import InMemoryJobQueue
from application.integration import SettingsChange
from domain.sync import SyncKind, SyncTrigger
from entrypoints.container import Container
from entrypoints.scheduler import Scheduler
from tests.application.integration.world import World


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def jobs() -> InMemoryJobQueue:
    return InMemoryJobQueue()


@pytest.fixture
def wired(container: Container, world: World, jobs: InMemoryJobQueue) -> Container:
    container.uow.override(providers.Object(world.store))
    container.netsuite_gateways.override(providers.Object(world.gateways))
    container.secret_box.override(providers.Object(world.secrets))
    container.clock.override(providers.Object(world.clock))
    container.company_locks.override(providers.Object(world.locks))
    container.job_queue.override(providers.Object(jobs))
    return container


def _auto_runs(world: World, company_id: int) -> list[int]:
    with world.store() as uow:
        return [
            run.id or 0
            for run in uow.sync_runs.recent(company_id, kind=SyncKind.ACCOUNTING_SYNC)
            if run.trigger is SyncTrigger.AUTO
        ]


def test_each_due_company_is_queued_once_per_interval(
    wired: Container, world: World, jobs: InMemoryJobQueue
) -> None:
    hourly = [world.connected_company() for _ in range(3)]
    off = world.connected_company(SettingsChange(auto_sync=False, fallback_item_id="201"))
    first, second = Scheduler(wired), Scheduler(wired)

    assert first.tick().claimed == []  # connected just now: the first auto-sync is an hour away
    world.clock.advance(minutes=61)
    report = first.tick()
    again = second.tick()  # another scheduler, the same moment

    assert sorted(report.claimed) == sorted(hourly)
    assert again.claimed == []
    assert sorted(job[1] for job in jobs.jobs) == sorted(hourly)
    assert all(len(_auto_runs(world, company)) == 1 for company in hourly)
    assert _auto_runs(world, off) == []

    world.clock.advance(minutes=61)
    assert sorted(second.tick().claimed) == sorted(hourly)


def test_a_company_whose_sync_is_already_under_way_gets_no_second_run(
    wired: Container, world: World, jobs: InMemoryJobQueue
) -> None:
    company_id = world.connected_company()
    manual = wired.accounting_sync().request_sync(company_id, SyncTrigger.MANUAL)
    world.clock.advance(minutes=60)  # due, and the queued run is not yet old enough to count as lost

    report = Scheduler(wired).tick()

    assert report.runs == [manual.id]
    assert [job[0] for job in jobs.jobs] == ["sync"]  # only Sync Now's job


def test_claims_continue_past_one_batch(wired: Container, world: World, jobs: InMemoryJobQueue) -> None:
    companies = [world.connected_company() for _ in range(5)]
    world.clock.advance(minutes=61)

    report = Scheduler(wired, batch=2).tick()

    assert sorted(report.claimed) == sorted(companies)
    assert len(jobs.jobs) == 5


def test_the_scheduler_thread_ticks_until_stopped_and_outlives_a_failing_tick(
    wired: Container, world: World, jobs: InMemoryJobQueue
) -> None:
    company_id = world.connected_company()
    world.clock.advance(minutes=61)
    calls = {"n": 0}
    real_uow = world.store

    def flaky_uow() -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("the database restarted")
        return real_uow()

    wired.uow.override(providers.Object(flaky_uow))
    scheduler = Scheduler(wired, tick_seconds=0.05)
    thread = scheduler.start_in_thread()
    deadline = time.monotonic() + 5
    while not jobs.jobs and time.monotonic() < deadline:
        time.sleep(0.02)
    scheduler.stop()

    assert not thread.is_alive()
    assert [job[1] for job in jobs.jobs] == [company_id]


def test_run_forever_returns_when_its_stop_event_is_set(wired: Container) -> None:
    stop = threading.Event()
    stop.set()
    Scheduler(wired, tick_seconds=60).run_forever(stop)  # returns at once instead of waiting a minute
