"""`/{kind}/{id}/accounting_sync_status`: where one customer, invoice, payment or credit note stands."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from application.integration import SyncHistory
from domain.records import RecordKind
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import company_id, sync_history
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.schemas import AccountingSyncStatusOut, PathId

router = APIRouter(tags=["Accounting sync status"], route_class=DecimalJsonRoute)


def _route(kind: RecordKind, plural: str) -> None:
    @router.get(
        f"/{plural}/{{record_id}}/accounting_sync_status",
        response_model=AccountingSyncStatusOut,
        summary=f"A {kind.value}'s accounting sync status",
        operation_id=f"{kind.value}_accounting_sync_status",
    )
    def status(
        record_id: PathId, company: int = Depends(company_id), history: SyncHistory = Depends(sync_history)
    ) -> ApiResponse:
        return ApiResponse(presenters.accounting_sync_status(history.record_status(company, kind, record_id)))


for _kind, _plural in (
    (RecordKind.CUSTOMER, "customers"),
    (RecordKind.INVOICE, "invoices"),
    (RecordKind.PAYMENT, "payments"),
    (RecordKind.CREDIT_NOTE, "credit_notes"),
):
    _route(_kind, _plural)
