"""`invoiced-netsuite scheduler --once` and `invoiced-netsuite worker`, through the real CLI."""

from __future__ import annotations

import json

from dependency_injector import providers
from typer.testing import CliRunner

from adapters.memory import InMemoryJobQueue
from entrypoints.cli.main import build_app
from entrypoints.container import Container
from tests.application.integration.world import World


def test_scheduler_once_queues_the_due_syncs_and_says_which(container: Container) -> None:
    world = World()
    jobs = InMemoryJobQueue()
    container.uow.override(providers.Object(world.store))
    container.netsuite_gateways.override(providers.Object(world.gateways))
    container.secret_box.override(providers.Object(world.secrets))
    container.clock.override(providers.Object(world.clock))
    container.job_queue.override(providers.Object(jobs))
    due = [world.connected_company(), world.connected_company()]
    world.clock.advance(minutes=61)

    result = CliRunner().invoke(build_app(), ["scheduler", "--once", "--json"], obj=container)

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted(report["claimed"]) == sorted(due)
    assert len(report["runs"]) == 2
    assert sorted(job[1] for job in jobs.jobs) == sorted(due)


def test_separate_workers_without_redis_are_refused_with_what_to_do(container: Container) -> None:
    result = CliRunner().invoke(build_app(), ["worker"], obj=container)

    assert result.exit_code == 2
    assert "REDIS_URL is not set" in result.output
    assert "invoiced-netsuite serve" in result.output
