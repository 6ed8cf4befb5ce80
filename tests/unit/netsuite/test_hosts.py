"""Which host an account's REST API lives on."""

from __future__ import annotations

import pytest

from adapters.netsuite.hosts import account_base_url
from domain.errors import ConnectionRuleViolation


@pytest.mark.parametrize(
    ("account_id", "expected"),
    [
        ("1234567", "https://1234567.suitetalk.api.netsuite.com"),
        ("1234567_SB1", "https://1234567-sb1.suitetalk.api.netsuite.com"),
        ("1234567-sb2", "https://1234567-sb2.suitetalk.api.netsuite.com"),
        ("TSTDRV2450117", "https://tstdrv2450117.suitetalk.api.netsuite.com"),
    ],
)
def test_the_host_is_derived_from_the_account_id(account_id: str, expected: str) -> None:
    assert account_base_url(account_id) == expected


def test_a_configured_base_url_wins_without_its_trailing_slash() -> None:
    assert account_base_url("1234567_SB1", "http://127.0.0.1:8123/") == "http://127.0.0.1:8123"
    assert account_base_url("1234567", " https://acme.example.com ") == "https://acme.example.com"


def test_a_blank_base_url_falls_back_to_the_account_host() -> None:
    assert account_base_url("1234567", "  ") == "https://1234567.suitetalk.api.netsuite.com"


def test_a_malformed_account_id_is_refused_with_what_to_copy() -> None:
    with pytest.raises(ConnectionRuleViolation, match="Company Information"):
        account_base_url("12 34/evil.example.com#")
