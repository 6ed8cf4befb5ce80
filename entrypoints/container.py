"""The composition root: one container for every process (CLI, HTTP, workers, scheduler, tests).

Nothing is built at import. `build_container(settings)` returns a container whose providers build
their objects on first use; tests swap any of them with `container.<provider>.override(...)`.
Providers are named after the constructor parameter they fill.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

from dependency_injector import containers, providers
from sqlalchemy.engine import Engine

from adapters.netsuite import RestNetSuiteGatewayFactory
from adapters.persistence import SqlUnitOfWorkFactory, create_engine_for, upgrade_database
from adapters.queue import DramatiqJobQueue
from adapters.security import FernetSecretBox, InvalidSecretKey, load_or_create_key
from application.credit_notes import CreditNotes
from application.dashboard_sessions import DashboardSessions
from application.idempotency import IdempotentRequests
from application.integration import (
    AccountingSync,
    NetSuiteConnections,
    NetSuiteImports,
    SyncErrors,
    SyncHistory,
)
from application.integration.drift import DriftReports
from application.integration.drift_repairs import DriftRepairs
from application.ledger import Ledger
from application.notifications import RunNotifications
from entrypoints.clock import SystemClock
from entrypoints.settings import Settings
from entrypoints.worker import wiring as worker_wiring
from netsuite_sandbox import serving_ports


def engine_for(database_url: str) -> Iterator[Engine]:
    """The process's one engine (a connection pool), disposed when the container shuts down."""
    engine = create_engine_for(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


class SandboxPorts:
    """The loopback ports a connection may use to reach a NetSuite sandbox: those the operator named
    (NETSUITE_SANDBOX_PORTS), and those of the sandboxes this process runs itself (`serve --demo`,
    `demo`), whatever free port they took."""

    def __init__(self, named: Collection[int]) -> None:
        self.named = frozenset(named)

    def __contains__(self, port: object) -> bool:
        return port in self.named or port in serving_ports()

    def __iter__(self) -> Iterator[int]:
        return iter(self.named | serving_ports())

    def __len__(self) -> int:
        return len(self.named | serving_ports())


def secret_box_for(settings: Settings) -> FernetSecretBox:
    """SECRET_KEY when set; otherwise the embedded default's key file in DATA_DIR (created on first use).
    With REDIS_URL (workers on other machines) a per-machine key file would seal credentials that the
    other machines cannot open, so SECRET_KEY is required there."""
    if settings.secret_key is not None:
        return FernetSecretBox.from_setting(settings.secret_key.get_secret_value())
    if settings.redis_url is not None:
        raise InvalidSecretKey(
            "SECRET_KEY is not set but REDIS_URL is: workers on other machines could not open the NetSuite "
            "credentials sealed here. Set the same SECRET_KEY on every process (generate one with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
        )
    return FernetSecretBox(load_or_create_key(settings.data_dir))


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    engine = providers.Resource(engine_for, settings.provided.database_url)
    uow = providers.Singleton(SqlUnitOfWorkFactory, engine)
    secret_box = providers.Singleton(secret_box_for, settings)
    sandbox_ports = providers.Singleton(SandboxPorts, settings.provided.sandbox_ports)

    # -- the outside world ---------------------------------------------------------------------------
    # Background work (entrypoints/worker/wiring.py): Redis when REDIS_URL is set, else embedded defaults.
    redis = providers.Resource(worker_wiring.redis_client_for, settings)
    broker = providers.Resource(worker_wiring.broker_for, settings)
    limiter_for = providers.Resource(worker_wiring.limiter_for, redis)  # the gateway factory's limiter_for
    notifier = providers.Singleton(worker_wiring.notifier_for, settings)
    job_queue = providers.Singleton(DramatiqJobQueue, broker)
    company_locks = providers.Singleton(
        worker_wiring.company_locks_for, redis, engine, settings.provided.company_lock_ttl_seconds
    )
    token_cache = providers.Singleton(worker_wiring.token_cache_for, redis, secret_box)
    failed_sign_ins = providers.Singleton(worker_wiring.failed_sign_ins_for, redis)
    netsuite_gateways = providers.Singleton(
        RestNetSuiteGatewayFactory,
        timeout=settings.provided.netsuite_timeout_seconds,
        write_mode=settings.provided.netsuite_write_mode,
        limiter_for=limiter_for,
        token_cache=token_cache,
    )

    # -- use cases -----------------------------------------------------------------------------------
    ledger = providers.Factory(Ledger, uow=uow, clock=clock)
    idempotent_requests = providers.Factory(IdempotentRequests, uow=uow, clock=clock)
    dashboard_sessions = providers.Factory(DashboardSessions, uow=uow, clock=clock)
    credit_notes = providers.Factory(CreditNotes, uow=uow, clock=clock)
    run_notifications = providers.Factory(
        RunNotifications, uow=uow, notifier=notifier, public_url=settings.provided.public_url
    )
    # The NetSuite integration (application/integration/): the ports' parameter names are shorter
    # than the providers' (gateways, secrets, locks, queue), so they are passed by keyword.
    netsuite_connections = providers.Factory(
        NetSuiteConnections,
        uow=uow,
        gateways=netsuite_gateways,
        secrets=secret_box,
        clock=clock,
        allow_any_base_url=settings.provided.netsuite_allow_any_base_url,
        sandbox_ports=sandbox_ports,
    )
    accounting_sync = providers.Factory(
        AccountingSync,
        uow=uow,
        gateways=netsuite_gateways,
        secrets=secret_box,
        clock=clock,
        locks=company_locks,
        queue=job_queue,
    )
    netsuite_imports = providers.Factory(
        NetSuiteImports,
        uow=uow,
        gateways=netsuite_gateways,
        secrets=secret_box,
        clock=clock,
        locks=company_locks,
        queue=job_queue,
        # No notifications: the worker emails the result of a background import as a job of its own.
    )
    sync_errors = providers.Factory(
        SyncErrors,
        uow=uow,
        gateways=netsuite_gateways,
        secrets=secret_box,
        clock=clock,
        locks=company_locks,
        queue=job_queue,
    )
    sync_history = providers.Factory(SyncHistory, uow=uow)
    drift_reports = providers.Factory(DriftReports, uow=uow, gateways=netsuite_gateways, secrets=secret_box)
    drift_repairs = providers.Factory(
        DriftRepairs,
        uow=uow,
        gateways=netsuite_gateways,
        secrets=secret_box,
        clock=clock,
        locks=company_locks,
    )


def build_container(settings: Settings | None = None) -> Container:
    """The object graph of one process. Settings default to the environment."""
    return Container(settings=providers.Object(settings if settings is not None else Settings()))


def create_shared_services(container: Container) -> None:
    """Create every process-wide service now, in the calling thread, before worker threads start:
    dependency-injector's Singleton and Resource providers are not thread-safe, and threads racing to
    create the first one have crashed a worker process (a segfault in its C extension)."""
    container.init_resources()
    for provider in container.traverse(types=[providers.Singleton]):
        provider()


_prepared: set[str] = set()


def prepare_database(settings: Settings) -> None:
    """What the embedded default does on start: make DATA_DIR and bring a SQLite database up to date.
    PostgreSQL is upgraded by the operator (`invoiced-netsuite db upgrade`), never behind their back."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not settings.is_sqlite or settings.database_url in _prepared:
        return
    sqlite_file = _sqlite_file(settings.database_url)
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    upgrade_database(settings.database_url)
    _prepared.add(settings.database_url)


def _sqlite_file(url: str) -> Path | None:
    """The file behind sqlite:///relative/or sqlite:////absolute URLs; None for in-memory databases."""
    _, _, rest = url.partition(":///")
    path = rest.split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return Path(path)


__all__ = ["Container", "build_container", "prepare_database", "secret_box_for"]
