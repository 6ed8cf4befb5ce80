"""A company's NetSuite connection and the settings of its accounting sync."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from domain.errors import ConnectionRuleViolation, SettingsRuleViolation

# Production ids are digits; sandboxes add _SB1…; test drives look like TSTDRV1234567.
_ACCOUNT_ID = re.compile(r"^[A-Z0-9]+(_[A-Z]+[0-9]*)?$")
_EXTERNAL_ID_PREFIX = re.compile(r"^[A-Za-z0-9_]{1,12}$")
_INTERNAL_ID = re.compile(r"^[0-9]{1,18}$")


def canonical_account_id(account_id: str) -> str:
    """NetSuite's canonical spelling, upper case with underscore (`1234567-sb1` → `1234567_SB1`)."""
    canonical = (account_id or "").strip().upper().replace("-", "_")
    if not canonical or not _ACCOUNT_ID.match(canonical):
        raise ConnectionRuleViolation(
            f"{account_id!r} is not a NetSuite account ID: copy it from Setup > Company > Company "
            "Information (for example 1234567 or 1234567_SB1)."
        )
    return canonical


_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# The port `invoiced-netsuite sandbox serve` listens on unless told otherwise.
SANDBOX_PORT = 8700
_DEFAULT_PORTS = {"http": 80, "https": 443}


def allowed_base_url(
    url: str, *, allow_any: bool = False, sandbox_ports: Collection[int] = (SANDBOX_PORT,)
) -> str:
    """A REST domain the server may send signed requests to: NetSuite's own (https, *.netsuite.com,
    port 443), or this machine's NetSuite sandbox (loopback, on one of `sandbox_ports`). Anything else
    only when the operator allows it, so one tenant cannot point the server at hosts on its network or
    at the other services on this machine. Every refused address gets the same answer, before any
    request is sent: nothing tells an open port from a closed one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        port = None
    if parts.scheme not in ("https", "http") or not host or port is None:
        raise ConnectionRuleViolation(
            f"{url!r} is not a URL: give the account's REST domain, e.g. "
            "https://1234567.suitetalk.api.netsuite.com, or leave it empty."
        )
    netsuite = (
        parts.scheme == "https"
        and (host == "netsuite.com" or host.endswith(".netsuite.com"))
        and port == _DEFAULT_PORTS["https"]
    )
    sandbox = host in _LOOPBACK_HOSTS and port in sandbox_ports
    if netsuite or sandbox or allow_any:
        return url
    raise ConnectionRuleViolation(
        f"{url!r} is not a NetSuite address: use the account's REST domain "
        "(https://<account>.suitetalk.api.netsuite.com) or leave it empty. A NetSuite sandbox on this "
        "machine must listen on a port the operator named in NETSUITE_SANDBOX_PORTS; an operator can "
        "allow other addresses with NETSUITE_ALLOW_ANY_BASE_URL=true."
    )


@dataclass(frozen=True, slots=True)
class NetSuiteCredentials:
    """The four token-based-auth secrets. Never printed: repr hides them."""

    consumer_key: str
    consumer_secret: str
    token_id: str
    token_secret: str

    def __post_init__(self) -> None:
        for name in ("consumer_key", "consumer_secret", "token_id", "token_secret"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ConnectionRuleViolation(
                    f"The {name.replace('_', ' ')} is missing: copy it from the integration record "
                    "(consumer key and secret) or the access token (token ID and secret) in NetSuite."
                )
            object.__setattr__(self, name, value.strip())

    def __repr__(self) -> str:
        return "NetSuiteCredentials(<redacted>)"

    __str__ = __repr__


class AuthMethod(StrEnum):
    """How the service logs in to NetSuite. NetSuite takes no new token-based-auth integrations from
    2027.1 and ends TBA (tentatively) in 2028.1; OAuth 2.0 client credentials replace it."""

    TBA = "tba"
    OAUTH2 = "oauth2"

    @property
    def label(self) -> str:
        return "OAuth 2.0 client credentials" if self is AuthMethod.OAUTH2 else "Token-based authentication"


CERTIFICATE_WARNING_DAYS = 30


@dataclass(frozen=True, slots=True)
class OAuth2Credentials:
    """OAuth 2.0 client credentials (machine to machine): the integration record's client id, the
    certificate id NetSuite showed when the certificate was mapped, and the certificate's private key
    (PEM). Never printed: repr hides the key."""

    client_id: str
    certificate_id: str
    private_key_pem: str

    def __post_init__(self) -> None:
        wheres = {
            "client_id": "the integration record (Setup > Integration > Manage Integrations)",
            "certificate_id": "Setup > Integration > Manage Authentication > OAuth 2.0 Client "
            "Credentials (M2M) Setup",
            "private_key_pem": "the file written with the certificate (invoiced-netsuite certificate create)",
        }
        for name, where in wheres.items():
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                label = {"client_id": "client ID", "certificate_id": "certificate ID"}.get(
                    name, "private key"
                )
                raise ConnectionRuleViolation(f"The {label} is missing: copy it from {where}.")
            object.__setattr__(self, name, value.strip() + ("\n" if name == "private_key_pem" else ""))

    def __repr__(self) -> str:
        return f"OAuth2Credentials(client_id={self.client_id[:8]}…, certificate_id={self.certificate_id!r})"

    __str__ = __repr__


Credentials = NetSuiteCredentials | OAuth2Credentials


@dataclass(frozen=True, slots=True)
class ConnectionAuth:
    """What may be shown of how a connection logs in: the method, and for OAuth 2.0 the client id,
    the certificate id and when the certificate expires (no secret)."""

    method: AuthMethod = AuthMethod.TBA
    client_id: str | None = None
    certificate_id: str | None = None
    certificate_expires_on: date | None = None

    def certificate_warning(self, today: date) -> str | None:
        """A warning once the certificate expires within 30 days (or has expired); None otherwise."""
        if self.method is not AuthMethod.OAUTH2 or self.certificate_expires_on is None:
            return None
        left = (self.certificate_expires_on - today).days
        if left > CERTIFICATE_WARNING_DAYS:
            return None
        what = f"The NetSuite certificate {self.certificate_id} "
        if left < 0:
            expired = self.certificate_expires_on.isoformat()
            what += f"expired on {expired}: NetSuite refuses it and nothing syncs."
        else:
            days = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
            what += f"expires {days} ({self.certificate_expires_on.isoformat()})."
        return (
            what + " Create a new one (invoiced-netsuite certificate create), map it under Setup > "
            "Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup, and connect "
            "again with its certificate ID."
        )


@dataclass(slots=True)
class IntegrationSettings:
    """What the accounting sync does for one company. `deposit_account_id` None = undeposited funds."""

    auto_sync: bool = True
    interval_minutes: int = 60
    start_date: date | None = None
    read_invoices: bool = True
    read_payments: bool = True
    write_invoices: bool = True
    write_payments: bool = True
    # Invoiced's "Write to NetSuite › Credit Notes" toggle.
    write_credit_notes: bool = True
    fallback_item_id: str | None = None
    # Invoiced's "Default Discount Item Id" and "Default Tax Item Id": the NetSuite items a document's
    # discounts and taxes are written on, so NetSuite's total equals Invoiced's.
    discount_item_id: str | None = None
    tax_item_id: str | None = None
    deposit_account_id: str | None = None
    subsidiary_id: str | None = None
    concurrency_limit: int = 5
    external_id_prefix: str = "invd"

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if not 5 <= self.interval_minutes <= 24 * 60:
            raise SettingsRuleViolation(
                f"The sync interval must be between 5 and 1440 minutes, not {self.interval_minutes}."
            )
        if not 1 <= self.concurrency_limit <= 50:
            raise SettingsRuleViolation(
                f"The NetSuite concurrency limit must be between 1 and 50, not {self.concurrency_limit} "
                "(see Setup > Integration > Integration Governance in NetSuite)."
            )
        for name in (
            "fallback_item_id",
            "discount_item_id",
            "tax_item_id",
            "deposit_account_id",
            "subsidiary_id",
        ):
            value = getattr(self, name)
            if value is not None and not _INTERNAL_ID.match(value):
                raise SettingsRuleViolation(
                    f"The {name.replace('_', ' ').replace(' id', ' ID')} must be a NetSuite internal ID "
                    f"(digits, as in the record's URL ?id=201), not {value!r}."
                )
        if not _EXTERNAL_ID_PREFIX.match(self.external_id_prefix):
            raise SettingsRuleViolation(
                "The external id prefix must be 1 to 12 letters, digits or underscores."
            )

    @property
    def deposits_to_undeposited_funds(self) -> bool:
        return self.deposit_account_id is None


@dataclass(slots=True)
class NetSuiteConnection:
    """A company's link to one NetSuite account. Credentials are kept sealed (encrypted)."""

    company_id: int
    account_id: str
    sealed_credentials: str
    connected_at: datetime
    base_url: str | None = None
    settings: IntegrationSettings = field(default_factory=IntegrationSettings)
    watermark: datetime | None = None
    next_sync_at: datetime | None = None
    id: int | None = None
    auth: ConnectionAuth = field(default_factory=ConnectionAuth)
    # How far SuiteQL's clock (the integration user's time zone) ran ahead of UTC at the watermark.
    watermark_suiteql_offset: timedelta | None = None

    def __post_init__(self) -> None:
        self.account_id = canonical_account_id(self.account_id)
        if self.base_url is not None:
            self.base_url = self.base_url.strip().rstrip("/") or None

    def schedule_next(self, now: datetime) -> None:
        """Set when auto-sync should run next (none while auto-sync is off)."""
        if self.settings.auto_sync:
            self.next_sync_at = now + timedelta(minutes=self.settings.interval_minutes)
        else:
            self.next_sync_at = None

    def is_due(self, now: datetime) -> bool:
        return self.settings.auto_sync and self.next_sync_at is not None and self.next_sync_at <= now

    def __repr__(self) -> str:
        return f"NetSuiteConnection(company_id={self.company_id}, account_id={self.account_id!r})"
