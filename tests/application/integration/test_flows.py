"""Flow details the scenarios leave out: lost links, balances, held watermarks, request counts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from application.integration import AccountingSync, SettingsChange
from application.ports import NetSuiteGateway
from domain.netsuite import InvoiceRecord, NetSuiteProblem, UpsertOutcome
from domain.policies.external_ids import external_id_for
from domain.records import Origin, RecordKind
from domain.sync import SyncErrorStatus, SyncKind, SyncStatus
from tests.application.integration.world import World

D = Decimal


def _forget_links(world: World, *kinds: RecordKind) -> None:
    """A crash between NetSuite's answer and our commit: NetSuite has the records, we have no links."""
    with world.store() as uow:
        links = uow._tables.links  # type: ignore[attr-defined]
        for link_id, link in list(links.items()):
            if not kinds or link.kind in kinds:
                del links[link_id]
        uow.commit()


def _synced_customer(world: World, company: int, name: str = "Hooli", invoices: int = 1) -> int:
    customer = world.customer(company, name)
    assert customer.id is not None
    for n in range(invoices):
        world.invoice(company, customer.id, f"{name[:3].upper()}-{n + 1}")
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED
    world.clock.advance(minutes=5)
    return customer.id


def test_our_own_records_never_come_back_even_when_the_links_are_lost(world: World, company: int) -> None:
    customer_id = _synced_customer(world, company)
    invoice = world.invoices(company)[0]
    assert invoice.id is not None
    world.payment(company, customer_id, {invoice.id: "25"})
    world.run_sync(company)
    _forget_links(world)
    again = world.run_sync(company)
    imported = world.run_import(company, SyncKind.CUSTOMER_IMPORT)
    assert world.errors(company) == []  # nothing of ours was even considered for import
    assert not [name for name in {**again.counts, **imported.counts} if name.endswith("_imported")]
    assert len(world.invoices(company)) == 1 and len(world.customers(company)) == 1
    assert len(world.payments(company)) == 1
    assert len(world.netsuite.all_customers()) == 1  # our customer was recognised, not created again
    assert len(world.netsuite.all_invoices()) == 1 and len(world.netsuite.all_payments()) == 1


def test_our_payment_read_back_after_its_link_was_lost_is_not_taken_as_netsuite_s(
    world: World, company: int
) -> None:
    customer_id = _synced_customer(world, company)
    invoice = world.invoices(company)[0]
    world.payment(company, customer_id, {invoice.id or 0: "25"})
    world.run_sync(company)
    _forget_links(world, RecordKind.PAYMENT)
    world.clock.advance(minutes=1)
    run = world.run_sync(company)
    assert run.counts.get("payments_imported") is None and world.payments(company, Origin.NETSUITE) == []
    assert world.invoice_numbered(company, invoice.number).balance.amount == D("75.00")
    assert len(world.netsuite.all_payments()) == 1


def test_another_company_s_records_in_the_same_account_are_not_echoes(world: World, company: int) -> None:
    other = world.connected_company()
    _synced_customer(world, other, "Hooli")
    world.run_sync(company)
    assert [i.number for i in world.invoices(company)] == ["HOO-1"]
    assert world.invoices(company)[0].origin is Origin.NETSUITE


def test_a_payment_recorded_before_its_invoice_was_imported_is_not_counted_twice(
    world: World, company: int
) -> None:
    netsuite_customer = world.netsuite.add_customer("Umbrella")
    netsuite_invoice = world.netsuite.add_invoice(netsuite_customer.internal_id, "NS-1", amount=D("300"))
    world.netsuite.record_payment(netsuite_customer.internal_id, {netsuite_invoice.internal_id: D("100")})
    world.run_sync(company)  # NetSuite's clock and ours stand still: the payment is read again below
    world.run_sync(company)
    (invoice,) = world.invoices(company)
    assert invoice.balance.amount == D("200")
    assert world.payments(company) == []  # already inside the imported balance


def test_a_payment_recorded_after_the_import_reduces_the_balance(world: World, company: int) -> None:
    netsuite_customer = world.netsuite.add_customer("Umbrella")
    netsuite_invoice = world.netsuite.add_invoice(netsuite_customer.internal_id, "NS-1", amount=D("300"))
    world.run_sync(company)
    world.clock.advance(minutes=2)
    world.netsuite.record_payment(netsuite_customer.internal_id, {netsuite_invoice.internal_id: D("100")})
    world.run_sync(company)
    (invoice,) = world.invoices(company)
    assert invoice.balance.amount == D("200") and len(world.payments(company, Origin.NETSUITE)) == 1


def test_a_failed_netsuite_payment_is_read_again_and_clears_itself_once_fixed(
    world: World, company: int
) -> None:
    customer_id = _synced_customer(world, company)
    invoice = world.invoices(company)[0]
    assert invoice.id is not None
    local = world.payment(company, customer_id, {invoice.id: "80"})  # also recorded in NetSuite, below
    world.connections.configure(company, SettingsChange(write_payments=False))
    netsuite_invoice = world.netsuite.invoice_by_external_id(
        external_id_for("invd", company, RecordKind.INVOICE, invoice.id)
    )
    assert netsuite_invoice is not None
    world.clock.advance(minutes=1)
    world.netsuite.record_payment(
        netsuite_invoice.customer_internal_id, {netsuite_invoice.internal_id: D("80")}
    )
    world.clock.advance(minutes=1)
    first = world.run_sync(company)
    assert first.status is SyncStatus.PARTIAL
    held = world.connections.connection(company).watermark
    assert held is not None and held < world.clock.now()  # held back to the failed payment

    world.clock.advance(minutes=60)  # a later run still reads it: the same error, refreshed
    world.run_sync(company)
    (error,) = world.errors(company)
    assert error.occurrences == 2 and error.code == "overpayment"

    world.void_payment(company, local.id or 0)  # the finance user removes the double entry
    world.clock.advance(minutes=60)
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED
    assert world.errors(company) == []
    assert world.invoice_numbered(company, invoice.number).balance.amount == D("20.00")
    assert world.connections.connection(company).watermark == world.clock.now()


def test_reads_stay_batched_however_many_records_move(world: World, company: int) -> None:
    for n in range(25):
        customer = world.customer(company, f"Customer {n}")
        assert customer.id is not None
        world.invoice(company, customer.id, f"INV-{n}")
    world.netsuite.reset_counts()
    run = world.run_sync(company)
    assert run.counts["invoices_written"] == 25 and run.counts["customers_written"] == 25
    reads = {op: count for op, count in world.netsuite.requests.items() if not op.startswith("upsert:")}
    assert reads == {
        "server_time": 1,
        "query:suiteql_clock": 1,  # SuiteQL's clock, so its times read right in the user's zone
        "query:payments": 1,
        "query:open_invoices": 1,
        "query:currencies": 1,
        "query:customers_named": 1,
        # each batch's writes are confirmed by one look-up by external id, as the REST gateway does
        "query:external_ids:customer": 1,
        "query:external_ids:invoice": 1,
    }
    assert world.netsuite.requests["upsert:invoice"] == 25


def test_names_are_looked_up_in_batches_and_pages_are_counted() -> None:
    world = World(page_size=10)
    world.netsuite.names_per_query = world.netsuite.ids_per_query = 10
    company = world.connected_company()
    for n in range(25):
        netsuite_customer = world.netsuite.add_customer(f"Umbrella {n}")
        world.netsuite.add_invoice(netsuite_customer.internal_id, f"NS-{n}", amount=D("10"))
    for n in range(25):
        customer = world.customer(company, f"Customer {n}")
        assert customer.id is not None
        world.invoice(company, customer.id, f"INV-{n}")
    world.netsuite.reset_counts()
    world.run_sync(company)
    assert world.netsuite.requests["query:open_invoices"] == 3  # 25 invoice lines, 10 a page
    assert world.netsuite.requests["query:customers_by_ids"] == 3  # 25 ids, 10 a query
    assert world.netsuite.requests["query:customers_named"] == 3


def test_an_imported_customer_s_invoice_written_later_uses_its_netsuite_customer(
    world: World, company: int
) -> None:
    netsuite_customer = world.netsuite.add_customer("Umbrella")
    world.netsuite.add_invoice(netsuite_customer.internal_id, "NS-1", amount=D("300"))
    world.run_sync(company)
    (customer,) = world.customers(company)
    assert customer.id is not None and customer.origin is Origin.NETSUITE
    world.invoice(company, customer.id, "INV-1")
    world.run_sync(company)
    written = world.netsuite.invoice_by_external_id(
        external_id_for("invd", company, RecordKind.INVOICE, world.invoice_numbered(company, "INV-1").id or 0)
    )
    assert written is not None and written.customer_internal_id == netsuite_customer.internal_id
    assert len(world.netsuite.all_customers()) == 1


def test_an_edit_made_while_the_invoice_was_being_written_is_sent_next_time(
    world: World, company: int
) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    assert invoice.id is not None

    def edit_during_the_write(done: int, total: int, stage: str) -> None:
        if stage == "Writing invoices to NetSuite" and done == 0:
            from domain.invoice import LineItem

            world.edit_invoice(company, invoice.id or 0, items=[LineItem("Consulting", D("1"), D("120"))])

    world.sync.sync_now(company, on_progress=edit_during_the_write)
    link = world.link(company, RecordKind.INVOICE, invoice.id)
    assert link is not None and link.synced_version == 1
    world.run_sync(company)
    written = world.netsuite.invoice_by_external_id(
        external_id_for("invd", company, RecordKind.INVOICE, invoice.id)
    )
    assert written is not None and written.total == D("120")


def test_a_netsuite_customer_we_cannot_import_leaves_its_invoices_waiting(world: World, company: int) -> None:
    world.customer(company, "Umbrella")
    world.customer(company, "umbrella")
    netsuite_customer = world.netsuite.add_customer("Umbrella")
    world.netsuite.add_invoice(netsuite_customer.internal_id, "NS-1", amount=D("10"))
    run = world.run_sync(company)
    assert run.status is SyncStatus.PARTIAL and run.counts.get("waiting_for_customer") == 1
    (error,) = world.errors(company)
    assert (
        error.record_kind is RecordKind.CUSTOMER
        and error.record_id == f"netsuite:{netsuite_customer.internal_id}"
    )
    assert world.invoices(company) == []
    assert error.status is SyncErrorStatus.OPEN


def test_once_imported_open_invoices_are_read_again_only_when_they_change() -> None:
    world = World(page_size=10)
    company = world.connected_company()
    netsuite_customer = world.netsuite.add_customer("Umbrella")
    for n in range(25):
        world.netsuite.add_invoice(netsuite_customer.internal_id, f"NS-{n}", amount=D("10"))
    world.clock.advance(minutes=1)
    world.run_sync(company)
    assert len(world.invoices(company)) == 25

    world.clock.advance(minutes=60)
    world.netsuite.reset_counts()
    world.run_sync(company)
    assert world.netsuite.requests["query:open_invoices"] == 1  # one empty page, not three full ones
    assert sum(world.netsuite.requests.values()) <= 5

    world.clock.advance(minutes=60)
    world.netsuite.add_invoice(netsuite_customer.internal_id, "NS-NEW", amount=D("10"))
    world.run_sync(company)
    assert len(world.invoices(company)) == 26


def test_a_record_netsuites_answer_leaves_out_gets_an_error_not_silence(world: World, company: int) -> None:
    class ForgetfulGateway:
        """NetSuite kept both invoices, but its answer mentions only the first."""

        def __init__(self, inner: NetSuiteGateway) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        def upsert_invoices(self, records: Sequence[InvoiceRecord]) -> list[UpsertOutcome]:
            return self._inner.upsert_invoices(records)[:1]

    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    world.invoice(company, customer.id, "INV-1")
    world.invoice(company, customer.id, "INV-2")
    sync = AccountingSync(
        world.store,
        lambda access: ForgetfulGateway(world.gateways(access)),
        world.secrets,
        world.clock,
        world.locks,
    )

    run = sync.sync_now(company)

    assert run.status is SyncStatus.PARTIAL and run.counts["invoices_written"] == 1
    (error,) = world.errors(company)
    assert error.record_label == "Invoice INV-2" and "did not say" in error.message
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED  # sent again, and settled this time
    assert world.errors(company) == []


def test_answers_naming_one_record_for_three_invoices_link_one_and_fail_two(
    world: World, company: int
) -> None:
    class SameRecordGateway:
        """NetSuite's answers all name the first invoice's record."""

        def __init__(self, inner: NetSuiteGateway) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        def upsert_invoices(self, records: Sequence[InvoiceRecord]) -> list[UpsertOutcome]:
            outcomes = self._inner.upsert_invoices(records)
            return [UpsertOutcome(o.external_id, internal_id=outcomes[0].internal_id) for o in outcomes]

    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    for n in range(1, 4):
        world.invoice(company, customer.id, f"INV-{n}")
    sync = AccountingSync(
        world.store,
        lambda access: SameRecordGateway(world.gateways(access)),
        world.secrets,
        world.clock,
        world.locks,
    )

    run = sync.sync_now(company)

    assert run.status is SyncStatus.PARTIAL and run.counts["invoices_written"] == 1
    assert len(world.links(company, RecordKind.INVOICE)) == 1
    assert sorted(e.record_label for e in world.errors(company)) == ["Invoice INV-2", "Invoice INV-3"]
    assert all("already linked" in e.message for e in world.errors(company))
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED  # sent again, answered right this time
    assert len(world.links(company, RecordKind.INVOICE)) == 3 and world.errors(company) == []


def test_a_record_netsuite_kept_failing_says_nothing_needs_correcting(world: World, company: int) -> None:
    class FailingOnceGateway:
        def __init__(self, inner: NetSuiteGateway) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        def upsert_invoices(self, records: Sequence[InvoiceRecord]) -> list[UpsertOutcome]:
            problem = NetSuiteProblem("NetSuite kept failing on PUT …: HTTP 503.", passing=True)
            return [UpsertOutcome(r.external_id, problem=problem) for r in records]

    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    world.invoice(company, customer.id, "INV-1")
    sync = AccountingSync(
        world.store,
        lambda access: FailingOnceGateway(world.gateways(access)),
        world.secrets,
        world.clock,
        world.locks,
    )

    assert sync.sync_now(company).status is SyncStatus.PARTIAL
    (error,) = world.errors(company)
    assert error.message.startswith("NetSuite did not take Invoice INV-1") and "rejected" not in error.message
    assert error.hint is not None and "Nothing to correct" in error.hint
