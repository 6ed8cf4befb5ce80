"""`/imports`: import outstanding invoices or the customer list from NetSuite, in the background."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from application.integration import NetSuiteImports, SyncHistory
from domain.sync import SyncRun, SyncTrigger
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import company_id, imports, sync_history
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.errors import ApiError
from entrypoints.http.api.schemas import ImportCreate, ImportDetailsOut, ImportOut, PathId

router = APIRouter(prefix="/imports", tags=["Imports"], route_class=DecimalJsonRoute)


def start_import(
    importer: NetSuiteImports, company: int, type: str, trigger: SyncTrigger
) -> tuple[SyncRun, bool]:
    """Queue an import of `type` (invoice or customer): the run, and False when it is the one of that
    type already queued or running (the importer hands that one back instead of starting another)."""
    return importer.start_import(company, presenters.IMPORT_KINDS[type], trigger)


@router.post(
    "",
    status_code=202,
    response_model=ImportOut,
    summary="Start an import",
    description="Runs in the background; the company's notification address gets an email with the "
    "result. A second import of the same type while one runs answers 400 naming `type`.",
)
def create_import(
    payload: ImportCreate,
    company: int = Depends(company_id),
    importer: NetSuiteImports = Depends(imports),
) -> ApiResponse:
    run, started = start_import(importer, company, payload.type, SyncTrigger.API)
    if not started:
        raise ApiError(
            400,
            f"Another {payload.type} import is already running (import {run.id}); wait for it to finish, "
            f"then start a new one. Its progress: GET /imports/{run.id}.",
            param="type",
        )
    return ApiResponse(presenters.import_run(run), status_code=202)


@router.get("/{import_id}", response_model=ImportDetailsOut, summary="An import's progress and result")
def retrieve_import(
    import_id: PathId, company: int = Depends(company_id), history: SyncHistory = Depends(sync_history)
) -> ApiResponse:
    details = history.run_details(company, import_id)
    if details.run.kind not in presenters.IMPORT_TYPES:
        raise ApiError(404, f"Run {import_id} is an accounting sync, not an import.")
    return ApiResponse(presenters.run_details(details))
