"""How a connection logs in, what of it may be shown, and when its certificate needs renewing."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import ConnectionRuleViolation
from domain.integration import AuthMethod, ConnectionAuth, OAuth2Credentials

KEY = (
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----"
)


def oauth2(expires: date | None) -> ConnectionAuth:
    return ConnectionAuth(AuthMethod.OAUTH2, "client", "kid-1", expires)


def test_no_warning_while_the_certificate_has_more_than_30_days() -> None:
    assert oauth2(date(2027, 3, 1)).certificate_warning(date(2027, 1, 29)) is None


def test_a_warning_30_days_before_the_certificate_expires() -> None:
    warning = oauth2(date(2027, 3, 1)).certificate_warning(date(2027, 1, 30))
    assert warning is not None and "kid-1 expires in 30 days (2027-03-01)" in warning
    assert "certificate create" in warning


def test_an_expired_certificate_says_nothing_syncs() -> None:
    warning = oauth2(date(2027, 3, 1)).certificate_warning(date(2027, 3, 2))
    assert warning is not None and "expired on 2027-03-01" in warning


def test_token_based_auth_and_unknown_expiry_never_warn() -> None:
    assert ConnectionAuth().certificate_warning(date(2099, 1, 1)) is None
    assert oauth2(None).certificate_warning(date(2099, 1, 1)) is None


def test_oauth2_credentials_hide_the_key_and_name_what_is_missing() -> None:
    credentials = OAuth2Credentials("client-id-123456", "kid-1", KEY)
    assert "PRIVATE" not in repr(credentials) and "PRIVATE" not in str(credentials)
    with pytest.raises(ConnectionRuleViolation, match="certificate ID is missing"):
        OAuth2Credentials("client", " ", KEY)
