"""A container on memory adapters whose broker is Dramatiq's in-memory one, for the worker's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dependency_injector import providers

from adapters.memory import FixedClock, InMemoryCompanyLocks, InMemoryNotifier, InMemoryStore
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def notifier() -> InMemoryNotifier:
    return InMemoryNotifier()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def container(
    tmp_path: Path, store: InMemoryStore, notifier: InMemoryNotifier, clock: FixedClock
) -> Iterator[Container]:
    built = build_container(Settings(data_dir=tmp_path, public_url="https://ar.example.test"))
    built.uow.override(providers.Object(store))
    built.notifier.override(providers.Object(notifier))
    built.clock.override(providers.Object(clock))
    built.company_locks.override(providers.Object(InMemoryCompanyLocks()))
    yield built
    built.shutdown_resources()
