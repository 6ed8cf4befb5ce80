"""The composition root: nothing built until asked for, the same door for production and fakes."""

from __future__ import annotations

import stat
from pathlib import Path

from dependency_injector import providers

from adapters.memory import FixedClock, InMemoryStore
from adapters.security import FernetSecretBox, InvalidSecretKey, generate_key
from application.ledger import Ledger
from entrypoints.container import build_container, prepare_database
from entrypoints.settings import Settings


def test_building_the_container_touches_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    container = build_container(Settings(data_dir=data_dir))

    assert container.settings().data_dir == data_dir
    assert not data_dir.exists(), "no directory, database or key file until a provider is used"


def test_the_embedded_database_is_prepared_and_keeps_the_ledger(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    prepare_database(settings)
    first = build_container(settings)
    try:
        created = first.ledger().create_company("Acme")
    finally:
        first.shutdown_resources()

    second = build_container(settings)
    try:
        assert [c.name for c in second.ledger().list_companies()] == ["Acme"]
        assert second.ledger().authenticate(created.api_key) is not None
    finally:
        second.shutdown_resources()
    assert (tmp_path / "data" / "invoiced-netsuite.db").is_file()


def test_postgresql_is_never_migrated_behind_the_operators_back(tmp_path: Path) -> None:
    # Nothing listens on port 9: a connection attempt would fail the test.
    settings = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://app:pw@127.0.0.1:9/ledger")

    prepare_database(settings)


def test_secret_key_seals_the_credentials_when_set(tmp_path: Path) -> None:
    key = generate_key()
    container = build_container(Settings(data_dir=tmp_path, secret_key=key))

    sealed = container.secret_box().seal("token secret")

    assert FernetSecretBox(key).unseal(sealed) == "token secret"
    assert not (tmp_path / "secret.key").exists()


def test_without_secret_key_a_private_key_file_is_kept_in_data_dir(tmp_path: Path) -> None:
    sealed = build_container(Settings(data_dir=tmp_path)).secret_box().seal("token secret")

    key_file = tmp_path / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert build_container(Settings(data_dir=tmp_path)).secret_box().unseal(sealed) == "token secret"


def test_tests_swap_adapters_through_the_same_container(tmp_path: Path) -> None:
    container = build_container(Settings(data_dir=tmp_path))
    store = InMemoryStore()
    container.uow.override(providers.Object(store))
    container.clock.override(providers.Object(FixedClock()))

    ledger = container.ledger()
    ledger.create_company("In memory")

    assert isinstance(ledger, Ledger)
    assert [c.name for c in store.tables.companies.values()] == ["In memory"]
    assert not (tmp_path / "invoiced-netsuite.db").exists()


def test_every_provider_builds_on_the_embedded_defaults(tmp_path: Path) -> None:
    container = build_container(Settings(data_dir=tmp_path))
    try:
        for name in container.providers:
            assert container.providers[name]() is not None or name == "redis", name
    finally:
        container.shutdown_resources()


def test_workers_on_redis_need_one_shared_secret_key(tmp_path: Path) -> None:
    container = build_container(Settings(data_dir=tmp_path, redis_url="redis://127.0.0.1:6379/0"))
    try:
        container.secret_box()
    except InvalidSecretKey as refused:
        assert "SECRET_KEY is not set but REDIS_URL is" in str(refused)
    else:
        raise AssertionError("a per-machine key file was used with REDIS_URL")
    assert not (tmp_path / "secret.key").exists()
