"""The Invoiced-style JSON API: ledger records, their accounting-sync status, the NetSuite integration."""

from fastapi import APIRouter

from entrypoints.http.api import customers, invoices, payments

router = APIRouter()
for module in (customers, invoices, payments):
    router.include_router(module.router)

__all__ = ["router"]
