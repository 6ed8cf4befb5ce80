"""Errors of the integration use cases (all subclass the application's errors)."""

from __future__ import annotations

from application.errors import Conflict


class SyncBusy(Conflict):
    """Another sync, import or retry is running for this company right now; try again shortly.
    Workers let the job be redelivered later; the run it was asked to execute stays queued."""

    def __init__(self, company_id: int) -> None:
        super().__init__(
            f"Another sync or import is running for company {company_id}; "
            "this one starts when it has finished."
        )
        self.company_id = company_id
