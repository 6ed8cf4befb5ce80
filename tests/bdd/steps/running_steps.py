"""Running syncs and importers, connecting, and acting on sync errors."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, when

from application.errors import ApplicationError
from application.integration import ConnectRequest, SettingsChange
from domain.integration import AuthMethod, OAuth2Credentials
from domain.sync import SyncError, SyncKind, SyncRun, SyncStatus, SyncTrigger
from tests.application.integration.world import World
from tests.bdd.steps.types import step


def _sync(world: World, company: int) -> SyncRun:
    world.user.reset_counts()
    return world.run_sync(company)


@when("the accounting sync runs", target_fixture="run")
def _(world: World, company: int) -> SyncRun:
    return _sync(world, company)


@given("the accounting sync has run", target_fixture="run")
def _(world: World, company: int) -> SyncRun:
    run = _sync(world, company)
    world.clock.advance(minutes=5)
    return run


@when("the invoice importer runs", target_fixture="run")
def _(world: World, company: int) -> SyncRun:
    world.user.reset_counts()
    return world.run_import(company, SyncKind.INVOICE_IMPORT)


@when("the customer importer runs", target_fixture="run")
def _(world: World, company: int) -> SyncRun:
    world.user.reset_counts()
    return world.run_import(company, SyncKind.CUSTOMER_IMPORT)


@given("the customer importer has run", target_fixture="run")
def _(world: World, company: int) -> SyncRun:
    run = world.run_import(company, SyncKind.CUSTOMER_IMPORT)
    world.clock.advance(minutes=5)
    return run


@given("the company is connected to NetSuite with a synced invoice", target_fixture="synced_invoice")
def _(world: World, company: int) -> int:
    world.connect(company, SettingsChange(fallback_item_id="201"))
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1", "100.00")
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED
    assert invoice.id is not None
    return invoice.id


def _connect(world: World, company: int, account: str, token_secret: str) -> dict[str, Any]:
    credentials = world.user.credentials
    request = ConnectRequest(
        company_id=company,
        account_id=account,
        consumer_key=credentials.consumer_key,
        consumer_secret=credentials.consumer_secret,
        token_id=credentials.token_id,
        token_secret=token_secret,
        base_url=world.base_url,
    )
    try:
        return {"view": world.connections.connect(request)}
    except ApplicationError as failure:
        return {"error": failure}


@when(
    step('the company connects to NetSuite account "{account:Text}" with the right credentials'),
    target_fixture="connecting",
)
def _(world: World, company: int, account: str) -> dict[str, Any]:
    return _connect(world, company, account, world.user.credentials.token_secret)


@when(
    step('the company connects to NetSuite account "{account:Text}" with a wrong token secret'),
    target_fixture="connecting",
)
def _(world: World, company: int, account: str) -> dict[str, Any]:
    return _connect(world, company, account, "not-the-token-secret")


def _connect_oauth2(
    world: World, company: int, account: str, certificate_id: str | None = None
) -> dict[str, Any]:
    mapped: OAuth2Credentials = world.mapped_certificate  # type: ignore[attr-defined]
    request = ConnectRequest(
        company_id=company,
        account_id=account,
        base_url=world.base_url,
        auth=AuthMethod.OAUTH2,
        client_id=mapped.client_id,
        certificate_id=certificate_id or mapped.certificate_id,
        private_key=mapped.private_key_pem,
    )
    try:
        return {"view": world.connections.connect(request)}
    except ApplicationError as failure:
        return {"error": failure}


@when(
    step('the company connects to NetSuite account "{account:Text}" with OAuth 2.0 client credentials'),
    target_fixture="connecting",
)
def _(world: World, company: int, account: str) -> dict[str, Any]:
    return _connect_oauth2(world, company, account)


@when(
    step(
        'the company connects to NetSuite account "{account:Text}" with OAuth 2.0 and the certificate ID '
        '"{certificate_id:Text}"'
    ),
    target_fixture="connecting",
)
def _(world: World, company: int, account: str, certificate_id: str) -> dict[str, Any]:
    return _connect_oauth2(world, company, account, certificate_id)


@when("the company disconnects from NetSuite")
def _(world: World, company: int) -> None:
    world.connections.disconnect(company)


@when("Sync Now is pressed again while the accounting sync runs", target_fixture="presses")
def _(world: World, company: int) -> dict[str, SyncRun]:
    first = world.sync.request_sync(company, SyncTrigger.MANUAL)
    assert first.id is not None
    presses: dict[str, SyncRun] = {"first": first}

    def press_again(done: int, total: int, stage: str) -> None:
        if "second" not in presses:  # the first progress report: the sync is running now
            presses["second"] = world.sync.request_sync(company, SyncTrigger.MANUAL)

    presses["finished"] = world.sync.run_accounting_sync(company, first.id, on_progress=press_again)
    return presses


def _error(world: World, company: int, label: str) -> SyncError:
    return world.error_for(company, label)


@when(step('the error for "{label:Text}" is ignored'))
def _(world: World, company: int, label: str) -> None:
    error = _error(world, company, label)
    assert error.id is not None
    world.sync_errors.ignore(company, error.id)


@when(step('the error for "{label:Text}" is retried'), target_fixture="retry")
def _(world: World, company: int, label: str) -> Any:
    error = _error(world, company, label)
    assert error.id is not None
    world.user.reset_counts()
    return world.sync_errors.retry(company, error.id)
