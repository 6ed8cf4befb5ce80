"""The SQL unit of work: one Session, one transaction, rolled back unless commit() was called."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.persistence.repositories import (
    SqlCompanyRepository,
    SqlConnectionRepository,
    SqlCreditNoteRepository,
    SqlCustomerRepository,
    SqlDashboardSessionRepository,
    SqlIdempotencyKeyRepository,
    SqlInvoiceRepository,
    SqlLinkRepository,
    SqlPaymentRepository,
    SqlPendingWriteRepository,
    SqlSyncErrorRepository,
    SqlSyncRunRepository,
)


class SqlUnitOfWork:
    """Use as `with factory() as uow: ...; uow.commit()`. commit() may be called more than once: each
    call ends one transaction and the next statement begins another. Leaving the block rolls back
    whatever was not committed and closes the session."""

    companies: SqlCompanyRepository
    customers: SqlCustomerRepository
    invoices: SqlInvoiceRepository
    credit_notes: SqlCreditNoteRepository
    payments: SqlPaymentRepository
    links: SqlLinkRepository
    pending_writes: SqlPendingWriteRepository
    sync_runs: SqlSyncRunRepository
    sync_errors: SqlSyncErrorRepository
    connections: SqlConnectionRepository
    dashboard_sessions: SqlDashboardSessionRepository
    idempotency_keys: SqlIdempotencyKeyRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("This unit of work is already open; ask the factory for a new one.")
        session = self._session_factory()
        self._session = session
        self.companies = SqlCompanyRepository(session)
        self.customers = SqlCustomerRepository(session)
        self.invoices = SqlInvoiceRepository(session)
        self.credit_notes = SqlCreditNoteRepository(session)
        self.payments = SqlPaymentRepository(session)
        self.links = SqlLinkRepository(session)
        self.pending_writes = SqlPendingWriteRepository(session)
        self.sync_runs = SqlSyncRunRepository(session)
        self.sync_errors = SqlSyncErrorRepository(session)
        self.connections = SqlConnectionRepository(session)
        self.dashboard_sessions = SqlDashboardSessionRepository(session)
        self.idempotency_keys = SqlIdempotencyKeyRepository(session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            session.rollback()
        finally:
            session.close()

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("Open the unit of work with `with` before using it.")
        return self._session

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SqlUnitOfWorkFactory:
    """Satisfies application.ports.UnitOfWorkFactory: each call gives a new, unopened SqlUnitOfWork."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)
