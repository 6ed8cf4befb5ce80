"""Setting the scene: the company, its connection and its settings, and NetSuite's mood."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_bdd import given, when

from application.integration import UNSET, SettingsChange
from application.ports import UnitOfWorkFactory
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from netsuite_sandbox import SandboxServer
from tests.application.integration.world import World
from tests.bdd.paths import skip_if_not_on
from tests.bdd.steps.types import step
from tests.support.netsuite_user import NETSUITE_BACKENDS, sandbox_double


@pytest.fixture(params=NETSUITE_BACKENDS)
def netsuite_path(request: pytest.FixtureRequest) -> str:
    """Which path a scenario runs on: "memory" (the in-memory ledger and NetSuite fake) or "sandbox"
    (the SQLite ledger and the REST gateway talking to the sandbox over loopback HTTP)."""
    return str(request.param)


@pytest.fixture
def world(request: pytest.FixtureRequest, netsuite_path: str) -> World:
    """The service on this scenario's path (skipped, saying why, where tests/bdd/paths.py says so)."""
    skip_if_not_on(netsuite_path, request)
    if netsuite_path == "memory":
        return World()
    server: SandboxServer = request.getfixturevalue("sandbox_as_1234567")
    store: UnitOfWorkFactory = request.getfixturevalue("sqlite_uow_factory")
    world = World(store=store, double=sandbox_double(server))
    world.user.today = world.clock.today  # type: ignore[attr-defined]
    world.netsuite = NotOnTheRealPath()  # type: ignore[assignment]
    return world


class NotOnTheRealPath:
    """Stands in for the in-memory fake on the real path, so a step that reaches into it says so."""

    def __getattr__(self, name: str) -> None:
        raise AssertionError(
            f"This step uses world.netsuite.{name}, the in-memory fake, which the real path does not have. "
            "Act and look through world.user (the NetSuite user port, tests/support/netsuite_user.py) so "
            "the scenario runs on both paths, or tag it @fake_only with its reason in tests/bdd/paths.py."
        )


@given(step('a company "{name:Text}" on Invoiced'), target_fixture="company")
def _(world: World, name: str) -> int:
    return world.company(name)


@given("the NetSuite administrator has mapped a certificate to the integration")
def _(world: World) -> None:
    world.mapped_certificate = world.user.map_certificate()  # type: ignore[attr-defined]


@given("a company connected to NetSuite", target_fixture="company")
def _(world: World) -> int:
    return world.connected_company()


@given(step("the NetSuite account allows {limit:d} requests at a time"))
def _(world: World, limit: int) -> None:
    world.user.allow_concurrent_requests(limit)


@given(step("the start date is {day:Date}"))
def _(world: World, company: int, day: dt.date) -> None:
    world.connections.configure(company, SettingsChange(start_date=day))


@given("the fallback item id is not set")
def _(world: World, company: int) -> None:
    world.connections.configure(company, SettingsChange(fallback_item_id=None))
    assert world.connections.connection(company).settings.fallback_item_id is None
    assert SettingsChange().fallback_item_id is UNSET


@given(step('the deposit account is "{account:Text}"'))
def _(world: World, company: int, account: str) -> None:
    world.connections.configure(company, SettingsChange(deposit_account_id=account))


@given("NetSuite refuses the credentials")
def _(world: World) -> None:
    world.user.refuse_credentials()


@given("NetSuite is unreachable")
def _(world: World) -> None:
    world.user.go_down()


@when("NetSuite is back")
def _(world: World) -> None:
    world.user.go_down(False)


def _reject(world: World, company: int, number: str, message: str) -> None:
    invoice = world.invoice_numbered(company, number)
    assert invoice.id is not None
    world.user.reject(external_id_for("invd", company, RecordKind.INVOICE, invoice.id), message)


@given(step('NetSuite rejects invoice "{number:Text}" with "{message:Text}"'))
def _(world: World, company: int, number: str, message: str) -> None:
    _reject(world, company, number, message)


@when(step('NetSuite rejects invoice "{number:Text}" with "{message:Text}"'))
def _(world: World, company: int, number: str, message: str) -> None:
    _reject(world, company, number, message)


@when(step('NetSuite accepts invoice "{number:Text}" again'))
def _(world: World, company: int, number: str) -> None:
    invoice = world.invoice_numbered(company, number)
    assert invoice.id is not None
    world.user.stop_rejecting(external_id_for("invd", company, RecordKind.INVOICE, invoice.id))
