"""The life of a run: queued once, executed once, one per company at a time, failing cleanly."""

from __future__ import annotations

import datetime as dt

import pytest

from application.errors import NotFound
from application.integration import AccountingSync, Stage, SyncBusy
from application.ports import NetSuiteAccess, NetSuiteGateway
from domain.records import RecordKind
from domain.sync import SyncKind, SyncRun, SyncStatus, SyncTrigger
from tests.application.integration.world import World


def _invoice(world: World, company: int, number: str = "INV-1") -> int:
    customers = world.customers(company)
    customer = customers[0] if customers else world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, number)
    assert invoice.id is not None
    return invoice.id


def test_sync_now_queues_one_run_and_hands_it_to_the_workers(world: World, company: int) -> None:
    run = world.sync.request_sync(company, SyncTrigger.API)
    again = world.sync.request_sync(company, SyncTrigger.MANUAL)
    assert run.id == again.id and run.status is SyncStatus.QUEUED and run.trigger is SyncTrigger.API
    assert world.queue.jobs == [("sync", company, run.id)]


def test_a_finished_run_delivered_again_is_not_run_again(world: World, company: int) -> None:
    _invoice(world, company)
    run = world.sync.request_sync(company)
    assert run.id is not None
    first = world.sync.run_accounting_sync(company, run.id)
    world.netsuite.reset_counts()
    second = world.sync.run_accounting_sync(company, run.id)
    assert first.status is SyncStatus.SUCCEEDED and second.status is SyncStatus.SUCCEEDED
    assert second.finished_at == first.finished_at and world.netsuite.request_count == 0


def test_a_run_waits_while_another_run_of_the_company_holds_the_lock(world: World, company: int) -> None:
    run = world.sync.request_sync(company)
    assert run.id is not None
    with world.locks.hold(company) as held:
        assert held
        with pytest.raises(SyncBusy):
            world.sync.run_accounting_sync(company, run.id)
    assert world.history.run_details(company, run.id).run.status is SyncStatus.QUEUED
    assert world.sync.run_accounting_sync(company, run.id).status is SyncStatus.SUCCEEDED


def test_another_company_is_not_held_up(world: World, company: int) -> None:
    other = world.connected_company()
    with world.locks.hold(company):
        assert world.sync.sync_now(other).status is SyncStatus.SUCCEEDED


def test_an_unknown_run_is_not_found(world: World, company: int) -> None:
    with pytest.raises(NotFound):
        world.sync.run_accounting_sync(company, 4242)


def test_a_run_abandoned_by_a_dead_worker_is_closed_and_replaced(world: World, company: int) -> None:
    """Sync Now never hands back a run nobody executes: a run's executor holds the company lock."""
    stuck = world.sync.request_sync(company)
    with world.store() as uow:
        found = uow.sync_runs.get(company, stuck.id or 0)
        assert found is not None
        found.start(world.clock.now())
        uow.sync_runs.update(found)
        uow.commit()
    with world.locks.hold(company) as held:  # a live executor holds the company lock: it is running
        assert held and world.sync.request_sync(company).id == stuck.id
    fresh = world.sync.request_sync(company)  # nobody holds it: its worker died, at once a new run
    assert fresh.id != stuck.id
    closed = world.history.run_details(company, stuck.id or 0).run
    assert closed.status is SyncStatus.FAILED and closed.error is not None and "interrupted" in closed.error


def test_a_running_run_redelivered_after_a_crash_is_resumed(world: World, company: int) -> None:
    invoice_id = _invoice(world, company)
    run = world.sync.request_sync(company)
    with world.store() as uow:
        found = uow.sync_runs.get(company, run.id or 0)
        assert found is not None
        found.start(world.clock.now())
        uow.sync_runs.update(found)
        uow.commit()
    resumed = world.sync.run_accounting_sync(company, run.id or 0)
    assert resumed.status is SyncStatus.SUCCEEDED
    assert world.link(company, RecordKind.INVOICE, invoice_id) is not None


def test_auto_sync_queues_the_companies_that_are_due(world: World, company: int) -> None:
    assert world.sync.request_due_syncs().claimed == []
    world.clock.advance(minutes=61)
    due = world.sync.request_due_syncs()
    assert due.claimed == [company] and due.failed == {}
    run = world.history.run_details(company, due.runs[0]).run
    assert run.trigger is SyncTrigger.AUTO and run.company_id == company
    assert world.sync.request_due_syncs().claimed == []  # claimed: not queued twice
    assert world.connections.connection(company).next_sync_at == world.clock.now() + dt.timedelta(minutes=60)


def test_a_finished_run_schedules_the_next_one_from_the_interval(world: World, company: int) -> None:
    world.clock.advance(minutes=10)
    world.run_sync(company)
    assert world.connections.connection(company).next_sync_at == world.clock.now() + dt.timedelta(minutes=60)


def test_failed_runs_move_no_watermark_and_change_nothing(world: World, company: int) -> None:
    invoice_id = _invoice(world, company)
    world.run_sync(company)
    watermark = world.connections.connection(company).watermark
    second = _invoice(world, company, "INV-2")
    world.clock.advance(minutes=30)
    world.netsuite.fail_auth()
    run = world.run_sync(company)
    assert run.status is SyncStatus.FAILED and run.watermark is None
    assert world.connections.connection(company).watermark == watermark
    assert world.link(company, RecordKind.INVOICE, second) is None
    assert world.link(company, RecordKind.INVOICE, invoice_id) is not None
    assert world.errors(company) == []


def test_netsuite_answering_garbage_fails_the_run_with_its_reason(world: World, company: int) -> None:
    world.netsuite.answer_garbage()
    run = world.run_sync(company)
    assert run.status is SyncStatus.FAILED and run.error is not None and "HTML" in run.error


def test_an_outage_mid_batch_fails_the_run_and_the_next_run_writes_each_invoice_once(
    world: World, company: int
) -> None:
    ids = [_invoice(world, company, f"INV-{n}") for n in range(1, 4)]
    # connect check, SuiteQL's clock, payments, open invoices, currencies, customers named, customer
    # upsert and its look-up, 1st invoice; then NetSuite is down for the rest and for the look-up that
    # would confirm it
    world.netsuite.go_down(after_requests=9)
    run = world.run_sync(company)
    assert run.status is SyncStatus.FAILED
    # The write that arrived cannot be confirmed while NetSuite is down (as on the REST gateway): no
    # invoice is linked, and the next run looks them up by sending them again by external id.
    assert [world.link(company, RecordKind.INVOICE, i) for i in ids] == [None, None, None]
    world.netsuite.go_down(False)
    world.netsuite.reset_counts()
    assert world.run_sync(company).counts["invoices_written"] == 3
    assert len(world.netsuite.all_invoices()) == 3  # upserts by external id: no duplicates


def test_unreadable_saved_credentials_fail_the_run_with_what_to_do(world: World, company: int) -> None:
    with world.store() as uow:
        connection = uow.connections.get(company)
        assert connection is not None
        connection.sealed_credentials = "sealed:garbage"
        uow.connections.save(connection)
        uow.commit()
    run = world.run_sync(company)
    assert (
        run.status is SyncStatus.FAILED and run.error is not None and "Connect to NetSuite again" in run.error
    )


def test_an_unexpected_error_fails_the_run_and_is_raised(
    world: World, company: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import application.integration.runner as runner

    def broken(ctx: object, **toggles: bool) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(runner, "write_to_netsuite", broken)
    run = world.sync.request_sync(company)
    with pytest.raises(RuntimeError):
        world.sync.run_accounting_sync(company, run.id or 0)
    failed = world.history.run_details(company, run.id or 0).run
    assert failed.status is SyncStatus.FAILED and failed.error is not None and "unexpected" in failed.error


def test_a_company_disconnected_after_queueing_fails_its_run(world: World, company: int) -> None:
    run = world.sync.request_sync(company)
    world.connections.disconnect(company)
    finished = world.sync.run_accounting_sync(company, run.id or 0)
    assert (
        finished.status is SyncStatus.FAILED
        and finished.error is not None
        and "connect it again" in finished.error
    )


def test_progress_is_reported_stage_by_stage(world: World, company: int) -> None:
    _invoice(world, company)
    seen: list[tuple[int, int, str]] = []
    world.sync.sync_now(company, on_progress=lambda done, total, stage: seen.append((done, total, stage)))
    stages = [stage for _, _, stage in seen]
    assert stages[0] == Stage.CONNECTION
    assert Stage.INVOICES_TO_NETSUITE in stages and Stage.CUSTOMERS_TO_NETSUITE in stages
    assert (1, 1, Stage.INVOICES_TO_NETSUITE) in seen


@pytest.mark.parametrize(
    ("toggle", "flow"),
    [("read_payments", "query:payments"), ("read_invoices", "query:open_invoices")],
)
def test_read_toggles_switch_their_flow_off(world: World, company: int, toggle: str, flow: str) -> None:
    from application.integration import SettingsChange

    world.connections.configure(company, SettingsChange(**{toggle: False}))
    world.netsuite.reset_counts()
    world.run_sync(company)
    assert world.netsuite.requests[flow] == 0


def test_write_toggles_switch_their_flow_off(world: World, company: int) -> None:
    from application.integration import SettingsChange

    invoice_id = _invoice(world, company)
    customer_id = world.customers(company)[0].id or 0
    payment = world.payment(company, customer_id, {invoice_id: "10"})
    world.connections.configure(company, SettingsChange(write_invoices=False))
    run = world.run_sync(company)
    assert world.link(company, RecordKind.INVOICE, invoice_id) is None
    assert run.status is SyncStatus.PARTIAL  # the payment waits for its invoice
    world.connections.configure(company, SettingsChange(write_invoices=True, write_payments=False))
    world.run_sync(company)
    assert world.link(company, RecordKind.INVOICE, invoice_id) is not None
    assert world.link(company, RecordKind.PAYMENT, payment.id) is None


def test_imports_and_syncs_are_separate_kinds_of_run(world: World, company: int) -> None:
    sync = world.sync.request_sync(company)
    imported = world.imports.request_import(company, SyncKind.CUSTOMER_IMPORT)
    assert sync.id != imported.id
    assert isinstance(world.imports.run_import(company, imported.id or 0), SyncRun)


def test_a_run_stopped_by_a_time_limit_is_closed_not_left_running(world: World, company: int) -> None:
    class TimeLimitExceeded(BaseException):
        """What a worker raises inside a job that ran too long (dramatiq's is a BaseException)."""

    def stop_mid_run() -> None:
        raise TimeLimitExceeded

    run = world.sync.request_sync(company, enqueue=False)
    world.netsuite.now = stop_mid_run  # type: ignore[method-assign]  # the first NetSuite call never returns
    with pytest.raises(TimeLimitExceeded):
        world.sync.run_accounting_sync(company, run.id or 0)
    stopped = world.history.run_details(company, run.id or 0).run
    assert stopped.status is SyncStatus.FAILED and "stopped before it finished" in (stopped.error or "")


def test_credentials_that_will_not_open_fail_the_run_with_what_to_do(world: World, company: int) -> None:
    run = world.sync.request_sync(company, enqueue=False)
    world.secrets.unseal = lambda token: (_ for _ in ()).throw(ValueError("wrong key"))  # type: ignore[method-assign]
    finished = world.sync.run_accounting_sync(company, run.id or 0)
    assert finished.status is SyncStatus.FAILED and "SECRET_KEY" in (finished.error or "")


def test_a_broken_gateway_is_not_blamed_on_the_credentials(world: World, company: int) -> None:
    def broken(access: NetSuiteAccess) -> NetSuiteGateway:
        raise RuntimeError("the concurrency limiter's Redis is down")

    sync = AccountingSync(world.store, broken, world.secrets, world.clock, world.locks)
    run = sync.request_sync(company, enqueue=False)
    with pytest.raises(RuntimeError):
        sync.run_accounting_sync(company, run.id or 0)
    failed = world.history.run_details(company, run.id or 0).run
    assert failed.status is SyncStatus.FAILED and "SECRET_KEY" not in (failed.error or "")


def test_due_companies_are_claimed_in_batches_until_none_is_left(world: World) -> None:
    companies = [world.connected_company() for _ in range(5)]
    world.connections.disconnect(companies[0])  # not due any more: never claimed
    world.clock.advance(minutes=61)

    due = world.sync.request_due_syncs(batch=2)

    assert sorted(due.claimed) == companies[1:] and len(due.runs) == 4 and due.failed == {}


def test_an_account_listing_no_currencies_fails_the_run_saying_why(world: World, company: int) -> None:
    _invoice(world, company)
    world.netsuite.currencies.clear()  # the integration's role cannot see the currency list

    run = world.run_sync(company)

    assert run.status is SyncStatus.FAILED and run.error is not None
    assert "no currencies" in run.error and "permission" in run.error
    assert world.errors(company) == []  # no invoice blamed for its own currency
