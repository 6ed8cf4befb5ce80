"""The Invoiced-style JSON API: ledger records, their accounting-sync status, the NetSuite integration."""

from fastapi import APIRouter

from entrypoints.http.api import (
    credit_notes,
    customers,
    imports,
    integration,
    invoices,
    payments,
    sync_status,
)

router = APIRouter()
for module in (customers, invoices, credit_notes, payments, sync_status, integration, imports):
    router.include_router(module.router)

__all__ = ["router"]
