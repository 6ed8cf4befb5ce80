"""Connecting a company to its NetSuite account, and the settings of its accounting sync."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Final, Literal

from application.errors import (
    Conflict,
    InvalidInput,
    NetSuiteBadResponse,
    NetSuiteRejected,
    NetSuiteUnavailable,
    NotConnected,
    NotFound,
)
from application.integration.access import access_for, seal_credentials, unseal_credentials
from application.ports import (
    Clock,
    NetSuiteAccess,
    NetSuiteGateway,
    NetSuiteGatewayFactory,
    SecretBox,
    UnitOfWorkFactory,
)
from domain.errors import DomainError
from domain.integration import (
    SANDBOX_PORT,
    AuthMethod,
    ConnectionAuth,
    Credentials,
    IntegrationSettings,
    NetSuiteConnection,
    NetSuiteCredentials,
    OAuth2Credentials,
    allowed_base_url,
    canonical_account_id,
)
from domain.netsuite import NetSuiteItem
from domain.records import RecordKind

NOT_CONNECTED = "This company is not connected to NetSuite."
_CREDENTIAL_FIELDS = ("consumer_key", "consumer_secret", "token_id", "token_secret")


class _Unset(Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET
"""A settings field left as it is (None means 'clear it' for the optional ones)."""


@dataclass(frozen=True, slots=True)
class ConnectRequest:
    """What a user enters to connect: the account ID and either the four token-based-auth secrets, or
    (auth=OAUTH2) the client id, the certificate id and the certificate's private key (PEM), with the
    certificate's expiry date when it is known."""

    company_id: int
    account_id: str
    consumer_key: str = ""
    consumer_secret: str = ""
    token_id: str = ""
    token_secret: str = ""
    base_url: str | None = None
    auth: AuthMethod = AuthMethod.TBA
    client_id: str = ""
    certificate_id: str = ""
    private_key: str = ""
    certificate_expires_on: date | None = None

    def __repr__(self) -> str:
        return f"ConnectRequest(company_id={self.company_id}, account_id={self.account_id!r}, <secrets>)"


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """A partial update of the settings: None (or UNSET for the clearable ones) leaves a field as it is."""

    auto_sync: bool | None = None
    interval_minutes: int | None = None
    start_date: date | Literal[_Unset.UNSET] | None = UNSET
    read_invoices: bool | None = None
    read_payments: bool | None = None
    write_invoices: bool | None = None
    write_payments: bool | None = None
    write_credit_notes: bool | None = None
    fallback_item_id: str | Literal[_Unset.UNSET] | None = UNSET
    discount_item_id: str | Literal[_Unset.UNSET] | None = UNSET
    tax_item_id: str | Literal[_Unset.UNSET] | None = UNSET
    deposit_account_id: str | Literal[_Unset.UNSET] | None = UNSET
    subsidiary_id: str | Literal[_Unset.UNSET] | None = UNSET
    concurrency_limit: int | None = None
    external_id_prefix: str | None = None


@dataclass(frozen=True, slots=True)
class ConnectionView:
    """A connection as shown to a user: everything but the secrets."""

    company_id: int
    account_id: str
    base_url: str | None
    connected_at: datetime
    settings: IntegrationSettings
    watermark: datetime | None
    next_sync_at: datetime | None
    auth: ConnectionAuth = dataclasses.field(default_factory=ConnectionAuth)

    @property
    def needs_fallback_item(self) -> bool:
        """Invoices are written to NetSuite but no fallback item is set: every invoice line that maps to
        no NetSuite item (every line made on the CLI or the API) will fail to sync."""
        return self.settings.write_invoices and not self.settings.fallback_item_id

    @classmethod
    def of(cls, connection: NetSuiteConnection) -> ConnectionView:
        return cls(
            company_id=connection.company_id,
            account_id=connection.account_id,
            base_url=connection.base_url,
            connected_at=connection.connected_at,
            settings=dataclasses.replace(connection.settings),
            watermark=connection.watermark,
            next_sync_at=connection.next_sync_at,
            auth=connection.auth,
        )

    def certificate_warning(self, today: date) -> str | None:
        """Set once an OAuth 2.0 certificate expires within 30 days."""
        return self.auth.certificate_warning(today)


def _credentials(request: ConnectRequest) -> Credentials:
    if request.auth is AuthMethod.OAUTH2:
        try:
            return OAuth2Credentials(
                client_id=request.client_id,
                certificate_id=request.certificate_id,
                private_key_pem=request.private_key,
            )
        except DomainError as missing:
            needed = ("client_id", "certificate_id", "private_key")
            param = next((name for name in needed if not str(getattr(request, name) or "").strip()), None)
            raise InvalidInput(str(missing), param) from None
    try:
        return NetSuiteCredentials(
            consumer_key=request.consumer_key,
            consumer_secret=request.consumer_secret,
            token_id=request.token_id,
            token_secret=request.token_secret,
        )
    except DomainError as missing:
        fields = ("consumer_key", "consumer_secret", "token_id", "token_secret")
        param = next((name for name in fields if not str(getattr(request, name) or "").strip()), None)
        raise InvalidInput(str(missing), param) from None


def _auth_of(request: ConnectRequest, credentials: Credentials) -> ConnectionAuth:
    if isinstance(credentials, OAuth2Credentials):
        return ConnectionAuth(
            AuthMethod.OAUTH2,
            client_id=credentials.client_id,
            certificate_id=credentials.certificate_id,
            certificate_expires_on=request.certificate_expires_on,
        )
    return ConnectionAuth(AuthMethod.TBA)


def _base_url(base_url: str | None, *, allow_any: bool, sandbox_ports: Collection[int]) -> str | None:
    cleaned = (base_url or "").strip().rstrip("/")
    if not cleaned:
        return None
    try:
        return allowed_base_url(cleaned, allow_any=allow_any, sandbox_ports=sandbox_ports)
    except DomainError as wrong:
        raise InvalidInput(str(wrong), "base_url") from None


def _text_or_none(value: str | None) -> str | None:
    return (value or "").strip() or None


class NetSuiteConnections:
    """Connect, disconnect, configure, and show a company's NetSuite connection."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        gateways: NetSuiteGatewayFactory,
        secrets: SecretBox,
        clock: Clock,
        *,
        allow_any_base_url: bool = False,
        sandbox_ports: Collection[int] = (SANDBOX_PORT,),
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._secrets = secrets
        self._clock = clock
        self._allow_any_base_url = allow_any_base_url
        # Read at each connect: a process that starts a sandbox of its own adds its port.
        self._sandbox_ports = sandbox_ports

    def connect(self, request: ConnectRequest) -> ConnectionView:
        """Try the credentials with one real call before saving anything; then save them sealed,
        with the account's concurrency limit (the lower of NetSuite's and ours). Raises
        NetSuiteAuthError (its message is the checklist of what to check) and saves nothing.
        Moving a connection from TBA to OAuth 2.0 (same account) keeps its links, history and watermark."""
        try:
            account_id = canonical_account_id(request.account_id)
        except DomainError as wrong:
            raise InvalidInput(str(wrong), "account_id") from None
        credentials = _credentials(request)
        base_url = _base_url(
            request.base_url, allow_any=self._allow_any_base_url, sandbox_ports=self._sandbox_ports
        )
        with self._uow() as uow:
            company = uow.companies.get(request.company_id)
            if company is None:
                raise NotFound(f"Company {request.company_id} does not exist.")
            existing = uow.connections.get(request.company_id)
            linked_to = company.netsuite_account_id
            if linked_to not in (None, account_id) and uow.links.count(request.company_id):
                raise Conflict(
                    f"This company's records are linked to NetSuite account {linked_to}; NetSuite ids "
                    f"from that account mean nothing in {account_id}. Connect {linked_to} again, or "
                    "use a new company for the other account."
                )
        settings = dataclasses.replace(existing.settings) if existing is not None else IntegrationSettings()
        gateway = self._gateways(
            NetSuiteAccess(account_id, credentials, base_url, concurrency_limit=settings.concurrency_limit)
        )
        self._try_to_reach(gateway, account_id, base_url)
        try:
            account_limit = gateway.concurrency_limit()
        except (NetSuiteRejected, NetSuiteBadResponse):  # only administrators may read governance limits
            account_limit = None
        if account_limit is not None and account_limit >= 1:
            settings.concurrency_limit = max(1, min(settings.concurrency_limit, account_limit))
        now = self._clock.now()
        same_account = existing is not None and existing.account_id == account_id
        connection = NetSuiteConnection(
            company_id=request.company_id,
            account_id=account_id,
            sealed_credentials=seal_credentials(self._secrets, credentials),
            connected_at=now,
            base_url=base_url,
            settings=settings,
            watermark=existing.watermark if existing is not None and same_account else None,
            watermark_suiteql_offset=(
                existing.watermark_suiteql_offset if existing is not None and same_account else None
            ),
            id=existing.id if existing is not None else None,
            auth=_auth_of(request, credentials),
        )
        connection.schedule_next(now)
        with self._uow() as uow:
            saved = uow.connections.save(connection)
            company = uow.companies.get(request.company_id)
            if company is not None and company.netsuite_account_id != account_id:
                company.netsuite_account_id = account_id
                uow.companies.update(company)
            uow.commit()
        return ConnectionView.of(saved)

    def modify_credentials(self, request: ConnectRequest) -> ConnectionView:
        """Replace what is given of a connection's credentials: a blank account ID or secret keeps the
        saved one. The result is tried against NetSuite before anything is saved, as `connect` does."""
        with self._uow() as uow:
            existing = uow.connections.get(request.company_id)
        if existing is None:
            raise NotConnected(NOT_CONNECTED)
        saved = unseal_credentials(self._secrets, existing.sealed_credentials)
        kept: dict[str, Any] = {}
        if request.auth is AuthMethod.OAUTH2 and isinstance(saved, OAuth2Credentials):
            saved_values = {
                "client_id": saved.client_id,
                "certificate_id": saved.certificate_id,
                "private_key": saved.private_key_pem,
            }
            kept = {name: getattr(request, name) or value for name, value in saved_values.items()}
            same_key = (
                not request.private_key.strip()
                or request.private_key.strip() == saved.private_key_pem.strip()
            )
            if request.certificate_expires_on is None and same_key:
                kept["certificate_expires_on"] = existing.auth.certificate_expires_on
        elif request.auth is AuthMethod.TBA and isinstance(saved, NetSuiteCredentials):
            kept = {
                name: getattr(request, name) if getattr(request, name).strip() else getattr(saved, name)
                for name in _CREDENTIAL_FIELDS
            }
        # Another method than the saved one: everything it needs must be given (connect names what is not).
        account_id = request.account_id if request.account_id.strip() else existing.account_id
        return self.connect(dataclasses.replace(request, account_id=account_id, **kept))

    @staticmethod
    def _try_to_reach(gateway: NetSuiteGateway, account_id: str, base_url: str | None) -> None:
        """One real call before anything is saved; when NetSuite cannot be reached or does not answer
        as NetSuite, say so in plain words (nothing was saved, so nothing will try again by itself)."""
        where = f"account {account_id}" + (f" at {base_url}" if base_url else "")
        try:
            gateway.server_time()
        except NetSuiteUnavailable as unreachable:
            raise NetSuiteUnavailable(
                f"We could not reach NetSuite ({where}), so nothing was saved. Check the account ID "
                "and the REST domain, and that this server can reach NetSuite, then connect again.",
                detail=str(unreachable),
            ) from None
        except NetSuiteBadResponse as odd:
            raise NetSuiteBadResponse(
                f"Something answered for NetSuite ({where}), but not as NetSuite does, so nothing was "
                "saved. Check the REST domain (leave it empty for your account's own), then connect again.",
                detail=str(odd),
            ) from None

    def disconnect(self, company_id: int) -> None:
        """Forget the connection and its credentials; links and sync history stay."""
        with self._uow() as uow:
            if uow.connections.get(company_id) is None:
                raise NotConnected(NOT_CONNECTED)
            uow.connections.delete(company_id)
            uow.commit()

    def connection(self, company_id: int) -> ConnectionView:
        """The connection and its settings, without the secrets."""
        with self._uow() as uow:
            connection = uow.connections.get(company_id)
        if connection is None:
            raise NotConnected(NOT_CONNECTED)
        return ConnectionView.of(connection)

    def items(self, company_id: int) -> list[NetSuiteItem]:
        """The account's items, read from NetSuite (one query), to choose the fallback item from."""
        with self._uow() as uow:
            connection = uow.connections.get(company_id)
        if connection is None:
            raise NotConnected(NOT_CONNECTED)
        items = self._gateways(access_for(connection, self._secrets)).items()
        return sorted(items, key=lambda item: (item.name.lower(), item.internal_id))

    def configure(self, company_id: int, change: SettingsChange) -> ConnectionView:
        """Apply a partial settings change (each field validated, the offending one named), and
        reschedule auto-sync when it was switched on or its interval changed."""
        now = self._clock.now()
        with self._uow() as uow:
            connection = uow.connections.get(company_id)
            if connection is None:
                raise NotConnected(NOT_CONNECTED)
            before = connection.settings
            settings = dataclasses.replace(before)
            for name, value in self._changes(change).items():
                try:
                    settings = dataclasses.replace(settings, **{name: value})
                except DomainError as wrong:
                    raise InvalidInput(str(wrong), name) from None
            if settings.external_id_prefix != before.external_id_prefix and any(
                uow.links.list(company_id, kind) for kind in RecordKind
            ):
                raise Conflict(
                    "The external id prefix cannot change once records are linked to NetSuite: the "
                    "records already written would be written again as new ones.",
                )
            connection.settings = settings
            reschedule = settings.auto_sync and (
                not before.auto_sync
                or connection.next_sync_at is None
                or settings.interval_minutes != before.interval_minutes
            )
            if reschedule or not settings.auto_sync:
                connection.schedule_next(now)
            saved = uow.connections.save(connection)
            uow.commit()
        return ConnectionView.of(saved)

    @staticmethod
    def _changes(change: SettingsChange) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for name, kind in _PLAIN_FIELDS.items():
            value = getattr(change, name)
            if value is None:
                continue
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise InvalidInput(f"{name} must be {_KIND_NAMES[kind]}, not {value!r}.", name)
            changes[name] = value
        if change.start_date is not UNSET:
            if change.start_date is not None and not isinstance(change.start_date, date):
                raise InvalidInput(f"start_date must be a date, not {change.start_date!r}.", "start_date")
            changes["start_date"] = change.start_date
        for name in (
            "fallback_item_id",
            "discount_item_id",
            "tax_item_id",
            "deposit_account_id",
            "subsidiary_id",
        ):
            value = getattr(change, name)
            if value is not UNSET:
                changes[name] = _text_or_none(value)
        return changes


_PLAIN_FIELDS: dict[str, type] = {
    "auto_sync": bool,
    "interval_minutes": int,
    "read_invoices": bool,
    "read_payments": bool,
    "write_invoices": bool,
    "write_payments": bool,
    "write_credit_notes": bool,
    "concurrency_limit": int,
    "external_id_prefix": str,
}
_KIND_NAMES = {bool: "true or false", int: "a whole number", str: "text"}
