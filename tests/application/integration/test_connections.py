"""Connecting, configuring and disconnecting (what the scenarios do not spell out)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from application.errors import (
    Conflict,
    InvalidInput,
    NetSuiteAuthError,
    NetSuiteRejected,
    NetSuiteUnavailable,
    NotConnected,
    NotFound,
)
from application.integration import UNSET, ConnectRequest, SettingsChange
from application.integration.access import unseal_credentials
from domain.integration import AuthMethod, OAuth2Credentials
from domain.records import RecordKind
from tests.application.integration.world import World


def _request(world: World, company_id: int, **changes: str) -> ConnectRequest:
    credentials = world.netsuite.credentials
    request = ConnectRequest(
        company_id,
        world.netsuite.account_id,
        credentials.consumer_key,
        credentials.consumer_secret,
        credentials.token_id,
        credentials.token_secret,
    )
    return dataclasses.replace(request, **changes)


def test_connecting_tries_the_credentials_then_saves_them_sealed(world: World) -> None:
    company = world.company()
    view = world.connections.connect(_request(world, company, account_id="1234567 "))
    assert view.account_id == "1234567" and view.watermark is None
    assert world.netsuite.requests["server_time"] == 1
    with world.store() as uow:
        saved = uow.connections.get(company)
    assert saved is not None
    assert unseal_credentials(world.secrets, saved.sealed_credentials) == world.netsuite.credentials
    assert world.netsuite.credentials.consumer_secret not in saved.sealed_credentials
    assert world.netsuite.credentials.token_secret not in repr(_request(world, company))


@pytest.mark.parametrize(
    ("changes", "param"),
    [
        ({"account_id": "not an account!"}, "account_id"),
        ({"token_secret": "  "}, "token_secret"),
        ({"consumer_key": ""}, "consumer_key"),
        ({"base_url": "ftp//nowhere"}, "base_url"),
    ],
)
def test_malformed_details_are_refused_before_netsuite_is_asked(
    world: World, changes: dict[str, str], param: str
) -> None:
    company = world.company()
    with pytest.raises(InvalidInput) as refused:
        world.connections.connect(_request(world, company, **changes))
    assert refused.value.param == param
    assert world.netsuite.request_count == 0


def test_wrong_credentials_save_nothing_and_say_what_to_check(world: World) -> None:
    company = world.company()
    with pytest.raises(NetSuiteAuthError) as refused:
        world.connections.connect(_request(world, company, consumer_secret="wrong"))
    assert "account ID" in str(refused.value) and "clock" in str(refused.value)
    with pytest.raises(NotConnected):
        world.connections.connection(company)


def test_an_unknown_account_fails_like_bad_credentials(world: World) -> None:
    company = world.company()
    with pytest.raises(NetSuiteAuthError):
        world.connections.connect(_request(world, company, account_id="7654321_SB1"))


def test_netsuite_unreachable_at_connect_saves_nothing(world: World) -> None:
    company = world.company()
    world.netsuite.go_down()
    with pytest.raises(NetSuiteUnavailable):
        world.connections.connect(_request(world, company))
    with pytest.raises(NotConnected):
        world.connections.connection(company)


def test_an_unknown_company_cannot_connect(world: World) -> None:
    with pytest.raises(NotFound):
        world.connections.connect(_request(world, 999))


def test_the_lower_concurrency_limit_wins_and_an_unreadable_one_keeps_ours(world: World) -> None:
    company = world.company()
    world.netsuite.concurrency_limit = 15
    assert world.connections.connect(_request(world, company)).settings.concurrency_limit == 5
    world.netsuite.concurrency_limit = 2
    assert world.connections.connect(_request(world, company)).settings.concurrency_limit == 2

    other = world.company("Other")
    world.netsuite.concurrency_limit = None  # the role may not read governance limits
    assert world.connections.connect(_request(world, other)).settings.concurrency_limit == 5


def test_governance_limits_refused_to_a_non_administrator_do_not_stop_connecting(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    company = world.company()

    def refuse(self: object) -> int:
        raise NetSuiteRejected("Permission Violation", "INSUFFICIENT_PERMISSION", status=403)

    from adapters.memory.gateway import InMemoryNetSuiteGateway

    monkeypatch.setattr(InMemoryNetSuiteGateway, "concurrency_limit", refuse)
    assert world.connections.connect(_request(world, company)).settings.concurrency_limit == 5


def test_reconnecting_the_same_account_keeps_settings_and_watermark(world: World, company: int) -> None:
    world.connections.configure(company, SettingsChange(interval_minutes=30, deposit_account_id="101"))
    world.run_sync(company)
    watermark = world.connections.connection(company).watermark
    assert watermark is not None
    view = world.connections.connect(_request(world, company))
    assert view.settings.interval_minutes == 30 and view.settings.deposit_account_id == "101"
    assert view.watermark == watermark


def test_settings_change_one_field_at_a_time_and_name_the_wrong_one(world: World, company: int) -> None:
    view = world.connections.configure(
        company,
        SettingsChange(write_payments=False, start_date=dt.date(2026, 1, 1), subsidiary_id="  1 "),
    )
    settings = view.settings
    assert (settings.write_payments, settings.write_invoices, settings.subsidiary_id) == (False, True, "1")
    assert settings.start_date == dt.date(2026, 1, 1) and settings.fallback_item_id == "201"
    cleared = world.connections.configure(company, SettingsChange(start_date=None, fallback_item_id=""))
    assert cleared.settings.start_date is None and cleared.settings.fallback_item_id is None
    assert SettingsChange().start_date is UNSET

    with pytest.raises(InvalidInput) as wrong:
        world.connections.configure(company, SettingsChange(interval_minutes=1))
    assert wrong.value.param == "interval_minutes"
    with pytest.raises(InvalidInput) as wrong:
        world.connections.configure(company, SettingsChange(concurrency_limit=True))
    assert wrong.value.param == "concurrency_limit"
    assert world.connections.connection(company).settings.interval_minutes == 60


def test_auto_sync_off_clears_the_schedule_and_on_sets_it_from_the_interval(
    world: World, company: int
) -> None:
    assert world.connections.configure(company, SettingsChange(auto_sync=False)).next_sync_at is None
    world.clock.advance(minutes=7)
    view = world.connections.configure(company, SettingsChange(auto_sync=True, interval_minutes=15))
    assert view.next_sync_at == world.clock.now() + dt.timedelta(minutes=15)


def test_the_external_id_prefix_is_frozen_once_records_are_linked(world: World, company: int) -> None:
    assert (
        world.connections.configure(
            company, SettingsChange(external_id_prefix="acme")
        ).settings.external_id_prefix
        == "acme"
    )
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    world.invoice(company, customer.id, "INV-1")
    world.run_sync(company)
    with pytest.raises(Conflict):
        world.connections.configure(company, SettingsChange(external_id_prefix="invd"))
    assert world.netsuite.invoice_by_external_id(f"acme-{company}-inv-{world.invoices(company)[0].id}")


def test_disconnecting_twice_says_it_is_not_connected(world: World, company: int) -> None:
    world.connections.disconnect(company)
    with pytest.raises(NotConnected):
        world.connections.disconnect(company)
    with pytest.raises(NotConnected):
        world.sync.request_sync(company)


def test_moving_from_tba_to_oauth2_keeps_links_history_settings_and_watermark(
    world: World, company: int
) -> None:
    world.connections.configure(company, SettingsChange(interval_minutes=30))
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    world.invoice(company, customer.id, "INV-1")
    world.run_sync(company)
    before = world.connections.connection(company)
    links = world.links(company, RecordKind.INVOICE)
    runs = world.history.recent_runs(company).runs
    oauth2 = OAuth2Credentials(
        "client-1", "kid-1", "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----"
    )
    world.netsuite.credentials = oauth2  # type: ignore[assignment]  # the account now takes the certificate

    view = world.connections.connect(
        ConnectRequest(
            company,
            world.netsuite.account_id,
            auth=AuthMethod.OAUTH2,
            client_id="client-1",
            certificate_id="kid-1",
            private_key=oauth2.private_key_pem,
            certificate_expires_on=dt.date(2028, 12, 1),
        )
    )

    assert (view.auth.method, view.auth.certificate_id, view.auth.certificate_expires_on) == (
        AuthMethod.OAUTH2, "kid-1", dt.date(2028, 12, 1),
    )  # fmt: skip
    assert view.watermark == before.watermark and view.settings.interval_minutes == 30
    assert world.links(company, RecordKind.INVOICE) == links and links
    assert world.history.recent_runs(company).runs == runs
    with world.store() as uow:
        saved = uow.connections.get(company)
    assert saved is not None and unseal_credentials(world.secrets, saved.sealed_credentials) == oauth2
    assert "PRIVATE" not in saved.sealed_credentials


def test_oauth2_without_a_private_key_names_it(world: World, company: int) -> None:
    with pytest.raises(InvalidInput) as missing:
        world.connections.connect(
            ConnectRequest(company, "1234567", auth=AuthMethod.OAUTH2, client_id="c", certificate_id="k")
        )
    assert missing.value.param == "private_key"
