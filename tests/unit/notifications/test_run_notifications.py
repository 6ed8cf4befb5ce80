"""What the emails about background work say, and when they are (not) sent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from adapters.memory import InMemoryNotifier, InMemoryStore
from application.errors import NotFound
from application.notifications import (
    MAX_LISTED_ERRORS,
    RunNotifications,
    format_duration,
    summarize_counts,
)
from domain.company import Company
from domain.integration import AuthMethod, ConnectionAuth, NetSuiteConnection
from domain.records import RecordKind
from domain.sync import SyncDirection, SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncTrigger

T0 = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
PUBLIC_URL = "https://ar.example.test/"


class World:
    def __init__(self, email: str | None = "ar@acme.test") -> None:
        self.store = InMemoryStore()
        self.notifier = InMemoryNotifier()
        self.notifications = RunNotifications(self.store, self.notifier, PUBLIC_URL)
        with self.store() as uow:
            company = uow.companies.add(Company(name="Acme", created_at=T0, email=email))
            uow.commit()
        assert company.id is not None
        self.company_id = company.id

    def run(
        self,
        kind: SyncKind,
        *,
        counts: dict[str, int] | None = None,
        errors: list[tuple[str, datetime]] = (),  # type: ignore[assignment]
        failed: str | None = None,
        finished: bool = True,
        took: timedelta = timedelta(seconds=42),
    ) -> int:
        with self.store() as uow:
            run = uow.sync_runs.add(SyncRun(self.company_id, kind, SyncTrigger.MANUAL, queued_at=T0))
            assert run.id is not None
            run.start(T0)
            for flow, n in (counts or {}).items():
                run.count(flow, n)
            for label, created_at in errors:
                run.record_error()
                uow.sync_errors.add(
                    SyncError(
                        self.company_id, run.id, RecordKind.INVOICE, label, f"Invoice {label}",
                        SyncDirection.TO_NETSUITE, f"{label} was refused", "rejected", created_at, T0,
                        netsuite_code="INVALID_FLD_VALUE", hint="Pick an item in the settings.",
                    )
                )  # fmt: skip
            if failed:
                run.fail(T0 + took, failed)
            elif finished:
                run.finish(T0 + took)
            uow.sync_runs.update(run)
            uow.commit()
            return run.id


def test_a_finished_customer_import_tells_what_moved_how_long_it_took_and_where_to_look() -> None:
    world = World()
    run_id = world.run(
        SyncKind.CUSTOMER_IMPORT,
        counts={"customers_imported": 12, "customers_updated": 3},
        took=timedelta(minutes=1, seconds=30),
    )

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert world.notifier.sent == [sent]
    assert sent is not None
    assert sent.to == "ar@acme.test"
    assert sent.subject == "Your import of customers from NetSuite finished"
    assert "Imported: 12\n" in sent.text
    assert "Updated: 3\n" in sent.text
    assert "Failed: 0\n" in sent.text
    assert "finished in 1 min 30 s" in sent.text
    assert f"https://ar.example.test/dashboard/imports/{run_id}\n" in sent.text


def test_a_failed_import_says_why() -> None:
    world = World()
    run_id = world.run(SyncKind.INVOICE_IMPORT, failed="NetSuite refused the credentials (INVALID_LOGIN).")

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None
    assert sent.subject == "Your import of invoices from NetSuite failed"
    assert "Reason: NetSuite refused the credentials (INVALID_LOGIN)." in sent.text


def test_an_import_with_failed_records_names_them_and_their_netsuite_code() -> None:
    world = World()
    run_id = world.run(
        SyncKind.INVOICE_IMPORT, counts={"invoices_imported": 4}, errors=[("INV-1", T0), ("INV-2", T0)]
    )

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None
    assert sent.subject == "Your import of invoices from NetSuite finished with 2 failed records"
    assert "  - Invoice INV-1: INV-1 was refused (INVALID_FLD_VALUE)" in sent.text
    assert "What to do: Pick an item in the settings." in sent.text


def test_a_long_error_list_is_cut_short_and_points_to_the_dashboard() -> None:
    world = World()
    run_id = world.run(
        SyncKind.INVOICE_IMPORT, errors=[(f"INV-{n}", T0) for n in range(MAX_LISTED_ERRORS + 5)]
    )

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None
    assert sent.text.count("  - Invoice INV-") == MAX_LISTED_ERRORS
    assert "… and 5 more." in sent.text


def test_no_email_without_a_notification_address() -> None:
    world = World(email=None)
    run_id = world.run(SyncKind.INVOICE_IMPORT, counts={"invoices_imported": 1})

    assert world.notifications.run_finished(world.company_id, run_id) is None
    assert world.notifier.sent == []


def test_no_email_while_the_run_is_still_going() -> None:
    world = World()
    run_id = world.run(SyncKind.INVOICE_IMPORT, finished=False)

    assert world.notifications.run_finished(world.company_id, run_id) is None
    assert world.notifier.sent == []


def test_a_clean_accounting_sync_sends_nothing() -> None:
    world = World()
    run_id = world.run(SyncKind.ACCOUNTING_SYNC, counts={"invoices_written": 5})

    assert world.notifications.run_finished(world.company_id, run_id) is None
    assert world.notifier.sent == []


def test_a_failed_accounting_sync_sends_the_reason_and_a_link_to_the_run() -> None:
    world = World()
    run_id = world.run(SyncKind.ACCOUNTING_SYNC, failed="NetSuite could not be reached.")

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None
    assert sent.subject == "The NetSuite accounting sync failed"
    assert "Reason: NetSuite could not be reached." in sent.text
    assert f"https://ar.example.test/dashboard/syncs/{run_id}" in sent.text


def test_an_accounting_sync_emails_only_the_sync_errors_it_found_first() -> None:
    world = World()
    earlier = T0 - timedelta(hours=1)  # an error an earlier sync already reported, met again
    run_id = world.run(SyncKind.ACCOUNTING_SYNC, errors=[("INV-OLD", earlier), ("INV-NEW", T0)])

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None
    assert sent.subject == "The NetSuite accounting sync has 1 new sync error"
    assert "Invoice INV-NEW" in sent.text
    assert "INV-OLD" not in sent.text


def test_an_accounting_sync_that_only_meets_known_errors_sends_nothing() -> None:
    world = World()
    run_id = world.run(SyncKind.ACCOUNTING_SYNC, errors=[("INV-OLD", T0 - timedelta(hours=1))])

    assert world.notifications.run_finished(world.company_id, run_id) is None


def test_ignored_errors_are_not_news() -> None:
    world = World()
    run_id = world.run(SyncKind.ACCOUNTING_SYNC, errors=[("INV-1", T0)])
    with world.store() as uow:
        [error] = uow.sync_errors.list(world.company_id, run_id=run_id)
        error.status = SyncErrorStatus.IGNORED
        uow.sync_errors.update(error)
        uow.commit()

    assert world.notifications.run_finished(world.company_id, run_id) is None


def test_another_companys_run_is_not_found() -> None:
    world = World()
    run_id = world.run(SyncKind.INVOICE_IMPORT)

    with pytest.raises(NotFound):
        world.notifications.run_finished(world.company_id + 1000, run_id)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(None, "an unknown time"), (0.4, "0 s"), (42, "42 s"), (60, "1 min"), (125, "2 min 5 s"),
     (3600, "1 h"), (3780, "1 h 3 min")],
)  # fmt: skip
def test_durations_read_the_way_a_person_says_them(seconds: float | None, said: str) -> None:
    assert format_duration(seconds) == said


def test_imported_counts_created_records_and_updated_counts_updates_across_flows() -> None:
    counts = {"invoices_imported": 3, "customers_created": 2, "invoices_updated": 4, "payments_written": 9}
    assert summarize_counts(counts) == (5, 4)


def _connect_with_a_certificate(world: World, expires_on: date) -> None:
    with world.store() as uow:
        uow.connections.save(
            NetSuiteConnection(
                world.company_id,
                "1234567",
                "sealed",
                T0,
                auth=ConnectionAuth(AuthMethod.OAUTH2, "client", "kid-7", expires_on),
            )
        )
        uow.commit()


def test_a_failed_sync_email_warns_that_the_certificate_expires_within_30_days() -> None:
    world = World()
    _connect_with_a_certificate(world, T0.date() + timedelta(days=12))
    run_id = world.run(SyncKind.ACCOUNTING_SYNC, failed="NetSuite could not be reached.")

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None
    assert "Also: The NetSuite certificate kid-7 expires in 12 days (2026-01-27)." in sent.text


def test_no_certificate_warning_while_it_has_more_than_30_days() -> None:
    world = World()
    _connect_with_a_certificate(world, T0.date() + timedelta(days=31))
    run_id = world.run(SyncKind.ACCOUNTING_SYNC, failed="NetSuite could not be reached.")

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None and "certificate" not in sent.text


def test_an_error_that_names_its_record_names_it_once_in_the_email() -> None:
    world = World()
    run_id = world.run(SyncKind.INVOICE_IMPORT, errors=[("INV-7", T0)])
    with world.store() as uow:
        (error,) = uow.sync_errors.list(world.company_id)
        error.message = "Invoice INV-7: its currency is not in NetSuite"
        uow.sync_errors.update(error)
        uow.commit()

    sent = world.notifications.run_finished(world.company_id, run_id)

    assert sent is not None
    assert sent.text.count("Invoice INV-7") == 1
    assert "  - Invoice INV-7: its currency is not in NetSuite (INVALID_FLD_VALUE).\n" in sent.text
