"""The SQL repositories, one per port in application.ports."""

from adapters.persistence.repositories.companies import SqlCompanyRepository
from adapters.persistence.repositories.connections import SqlConnectionRepository
from adapters.persistence.repositories.credit_notes import SqlCreditNoteRepository
from adapters.persistence.repositories.customers import SqlCustomerRepository
from adapters.persistence.repositories.idempotency import SqlIdempotencyKeyRepository
from adapters.persistence.repositories.invoices import SqlInvoiceRepository
from adapters.persistence.repositories.links import SqlLinkRepository
from adapters.persistence.repositories.payments import SqlPaymentRepository
from adapters.persistence.repositories.pending import SqlPendingWriteRepository
from adapters.persistence.repositories.sessions import SqlDashboardSessionRepository
from adapters.persistence.repositories.sync import SqlSyncErrorRepository, SqlSyncRunRepository

__all__ = [
    "SqlCompanyRepository",
    "SqlConnectionRepository",
    "SqlCreditNoteRepository",
    "SqlCustomerRepository",
    "SqlDashboardSessionRepository",
    "SqlIdempotencyKeyRepository",
    "SqlInvoiceRepository",
    "SqlLinkRepository",
    "SqlPaymentRepository",
    "SqlPendingWriteRepository",
    "SqlSyncErrorRepository",
    "SqlSyncRunRepository",
]
