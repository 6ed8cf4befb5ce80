from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import ConnectionRuleViolation, SettingsRuleViolation
from domain.integration import (
    IntegrationSettings,
    NetSuiteConnection,
    NetSuiteCredentials,
    allowed_base_url,
    canonical_account_id,
)


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("1234567", "1234567"),
        ("1234567_sb1", "1234567_SB1"),
        ("1234567-SB1", "1234567_SB1"),
        (" tstdrv2450117 ", "TSTDRV2450117"),
    ],
)
def test_account_ids_take_netsuites_canonical_form(given: str, canonical: str) -> None:
    assert canonical_account_id(given) == canonical


@pytest.mark.parametrize("bad", ["", "12 34", "acme.netsuite.com", "1234567_"])
def test_a_malformed_account_id_says_where_to_find_the_right_one(bad: str) -> None:
    with pytest.raises(ConnectionRuleViolation, match="Company Information"):
        canonical_account_id(bad)


def test_credentials_never_show_in_repr_or_str() -> None:
    credentials = NetSuiteCredentials("ck-secret", "cs-secret", "tk-secret", "ts-secret")
    assert "secret" not in repr(credentials)
    assert "secret" not in str(credentials)


def test_a_blank_credential_names_what_is_missing() -> None:
    with pytest.raises(ConnectionRuleViolation, match="token secret"):
        NetSuiteCredentials("ck", "cs", "tk", "  ")


@pytest.mark.parametrize(
    "changes", [{"interval_minutes": 1}, {"concurrency_limit": 0}, {"external_id_prefix": "in-vd"}]
)
def test_settings_outside_their_range_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(SettingsRuleViolation):
        IntegrationSettings(**changes)  # type: ignore[arg-type]


def test_auto_sync_is_due_one_interval_after_scheduling() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    connection = NetSuiteConnection(1, "123", "sealed", now)
    connection.schedule_next(now)
    assert not connection.is_due(now + timedelta(minutes=59))
    assert connection.is_due(now + timedelta(minutes=60))
    connection.settings.auto_sync = False
    connection.schedule_next(now)
    assert connection.next_sync_at is None


@pytest.mark.parametrize(
    "url",
    ["https://1234567-sb1.suitetalk.api.netsuite.com", "http://127.0.0.1:8700", "http://localhost:8700"],
)
def test_netsuites_own_domains_and_the_local_sandbox_are_allowed(url: str) -> None:
    assert allowed_base_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://1234567.suitetalk.api.netsuite.com",  # NetSuite only over TLS
        "https://netsuite.com.evil.example",
        "http://10.0.0.5:6379",
        "https://intranet.example.com/admin",
    ],
)
def test_other_addresses_are_refused_unless_the_operator_allows_them(url: str) -> None:
    with pytest.raises(ConnectionRuleViolation, match="NETSUITE_ALLOW_ANY_BASE_URL"):
        allowed_base_url(url)
    assert allowed_base_url(url, allow_any=True) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379",  # Redis
        "http://localhost:5432",  # PostgreSQL
        "http://[::1]:22",
        "http://127.0.0.1",  # port 80
        "http://127.0.0.1:8701",
        "https://1234567.suitetalk.api.netsuite.com:6379",  # NetSuite answers on 443 only
    ],
)
def test_this_machines_other_ports_are_refused_all_with_the_same_answer(url: str) -> None:
    with pytest.raises(ConnectionRuleViolation) as refused:
        allowed_base_url(url)
    with pytest.raises(ConnectionRuleViolation) as elsewhere:
        allowed_base_url("https://intranet.example.com")

    assert str(refused.value).replace(url, "<url>") == str(elsewhere.value).replace(
        "https://intranet.example.com", "<url>"
    ), "nothing in the answer tells one port from another"


def test_the_sandbox_ports_the_operator_names_are_allowed_on_loopback_only() -> None:
    assert allowed_base_url("http://127.0.0.1:9000", sandbox_ports={9000}) == "http://127.0.0.1:9000"
    assert allowed_base_url("http://localhost:9000", sandbox_ports={9000}) == "http://localhost:9000"
    with pytest.raises(ConnectionRuleViolation):
        allowed_base_url("http://127.0.0.1:8700", sandbox_ports={9000})
    with pytest.raises(ConnectionRuleViolation):
        allowed_base_url("http://10.0.0.5:9000", sandbox_ports={9000})


def test_something_that_is_not_a_url_is_refused_even_when_any_is_allowed() -> None:
    with pytest.raises(ConnectionRuleViolation, match="not a URL"):
        allowed_base_url("ftp://files.example", allow_any=True)


@pytest.mark.parametrize("field", ["fallback_item_id", "deposit_account_id", "subsidiary_id"])
@pytest.mark.parametrize("value", ["abc", "-5", "2 01"])
def test_netsuite_ids_in_the_settings_are_internal_ids(field: str, value: str) -> None:
    with pytest.raises(SettingsRuleViolation, match="NetSuite internal ID"):
        IntegrationSettings(**{field: value})  # type: ignore[arg-type]
    assert getattr(IntegrationSettings(**{field: "201"}), field) == "201"  # type: ignore[arg-type]
