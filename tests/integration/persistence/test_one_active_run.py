"""The database keeps one queued or running run per company and kind, however many processes ask."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.memory import FixedClock
from application.errors import Conflict
from application.integration.sync import queue_run
from application.ports import UnitOfWorkFactory
from domain.sync import SyncKind, SyncStatus, SyncTrigger
from tests.integration.persistence import builders as make

pytestmark = pytest.mark.integration


def _company_with_connection(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        company = uow.companies.add(make.company("Acme Corp"))
        assert company.id is not None
        uow.connections.save(make.connection(company.id))
        uow.commit()
    return company.id


def test_a_second_active_run_of_the_same_kind_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company_with_connection(uow_factory)
    with uow_factory() as uow:
        uow.sync_runs.add(make.sync_run(company_id))
        uow.commit()
    with uow_factory() as uow, pytest.raises(Conflict, match="already queued or running"):
        uow.sync_runs.add(make.sync_run(company_id))
    with uow_factory() as uow:  # another kind, or a finished run of the same kind, is fine
        uow.sync_runs.add(make.sync_run(company_id, SyncKind.INVOICE_IMPORT))
        uow.sync_runs.add(make.sync_run(company_id, status=SyncStatus.SUCCEEDED))
        uow.commit()


def test_a_run_queued_between_read_and_write_is_handed_back(uow_factory: UnitOfWorkFactory) -> None:
    """The race two Sync Now presses can run: our 'is one active?' read comes just before the other
    process commits its run. The database refuses our second run and queue_run hands back theirs."""
    company_id = _company_with_connection(uow_factory)
    with uow_factory() as uow:
        theirs = uow.sync_runs.add(make.sync_run(company_id))
        uow.commit()

    class StaleFirstRead:
        """A unit of work whose 'is one active?' read answers as it would have a moment earlier."""

        def __init__(self) -> None:
            self.stale = True

        def __call__(self) -> Any:
            uow = uow_factory()
            if self.stale:
                self.stale = False
                uow.__enter__()
                uow.sync_runs.active = lambda company_id, kind: None
                return _Entered(uow)
            return uow

    stale_first_read = StaleFirstRead()
    run, new = queue_run(
        stale_first_read, FixedClock(make.NOW), company_id, SyncKind.ACCOUNTING_SYNC, SyncTrigger.MANUAL
    )
    assert (run.id, new) == (theirs.id, False)
    with uow_factory() as uow:
        assert len(uow.sync_runs.recent(company_id, kind=SyncKind.ACCOUNTING_SYNC)) == 1


class _Entered:
    """Hands back an already entered unit of work from `with`, closing it on the way out."""

    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def __enter__(self) -> Any:
        return self._uow

    def __exit__(self, *exc: object) -> None:
        self._uow.__exit__(*exc)
