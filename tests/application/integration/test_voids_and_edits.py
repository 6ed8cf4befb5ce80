"""Voids and edits on Invoiced after a record reached NetSuite: the details the scenarios leave out
(toggles, retries and ignored errors, answers lost on the way back, request counts, record status)."""

from __future__ import annotations

from decimal import Decimal

from application.integration import SettingsChange
from domain.customer import Customer
from domain.invoice import Invoice
from domain.payment import Payment
from domain.policies.external_ids import external_id_for
from domain.records import Origin, RecordKind
from domain.sync import SyncErrorStatus, SyncKind, SyncStatus
from tests.application.integration.world import World

D = Decimal


def _in_netsuite(
    world: World, company: int, *, paid: str | None = "60"
) -> tuple[Customer, Invoice, Payment | None]:
    """A customer with one invoice of 100.00 (and a payment on it) written to NetSuite."""
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    assert invoice.id is not None
    payment = world.payment(company, customer.id, {invoice.id: paid}) if paid else None
    assert world.run_sync(company).status is SyncStatus.SUCCEEDED
    world.clock.advance(minutes=5)
    return customer, invoice, payment


def _sync(world: World, company: int) -> tuple[SyncStatus, dict[str, int]]:
    world.netsuite.reset_counts()
    run = world.run_sync(company)
    return run.status, run.counts


def _deletes(world: World) -> int:
    return sum(n for op, n in world.netsuite.requests.items() if op.startswith("delete:"))


def test_voids_wait_while_their_kind_is_not_written_and_go_once_it_is(world: World, company: int) -> None:
    _, invoice, payment = _in_netsuite(world, company)
    assert invoice.id is not None and payment is not None and payment.id is not None
    world.void_payment(company, payment.id)
    world.void_invoice(company, invoice.id)
    world.connections.configure(company, SettingsChange(write_payments=False, write_invoices=False))

    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {})
    assert _deletes(world) == 0 and len(world.netsuite.all_payments()) == 1

    world.connections.configure(company, SettingsChange(write_payments=True))
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {"payments_removed": 1})
    assert world.netsuite.all_payments() == [] and len(world.netsuite.all_invoices()) == 1

    world.connections.configure(company, SettingsChange(write_invoices=True))
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {"invoices_removed": 1})
    assert world.netsuite.all_invoices() == []


def test_customer_edits_go_with_the_invoices_toggle(world: World, company: int) -> None:
    customer, _, _ = _in_netsuite(world, company, paid=None)
    assert customer.id is not None
    world.edit_customer(company, customer.id, name="Hooli XYZ", email="ap@hooli.test", currency="eur")
    world.connections.configure(company, SettingsChange(write_invoices=False))
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {})

    world.connections.configure(company, SettingsChange(write_invoices=True))
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {"customer_edits_written": 1})
    (in_netsuite,) = world.netsuite.all_customers()
    assert (in_netsuite.name, in_netsuite.email, in_netsuite.currency) == (
        "Hooli XYZ",
        "ap@hooli.test",
        "eur",
    )
    assert in_netsuite.internal_id == world.netsuite_customer_id(
        company, customer.id
    )  # the same one, updated


def test_a_record_already_gone_from_netsuite_counts_as_removed(world: World, company: int) -> None:
    """The delete went through but its answer was lost (or someone deleted it in NetSuite): the next
    sync's 404 means done, not an error."""
    _, _, payment = _in_netsuite(world, company)
    assert payment is not None and payment.id is not None
    world.void_payment(company, payment.id)
    (ours,) = world.netsuite.all_payments()
    del world.netsuite.payments[ours.internal_id]

    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {"payments_removed": 1})
    assert world.errors(company) == []
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {})
    assert _deletes(world) == 0


def test_a_sync_after_voids_and_edits_makes_one_request_per_record_and_reads_nothing_more(
    world: World, company: int
) -> None:
    customer, invoice, payment = _in_netsuite(world, company)
    assert customer.id is not None and invoice.id is not None and payment is not None and payment.id
    world.void_payment(company, payment.id)
    world.void_invoice(company, invoice.id)
    world.edit_customer(company, customer.id, name="Hooli XYZ")

    status, counts = _sync(world, company)
    assert (status, counts) == (
        SyncStatus.SUCCEEDED,
        {"payments_removed": 1, "invoices_removed": 1, "customer_edits_written": 1},
    )
    writes = {op: n for op, n in world.netsuite.requests.items() if not op.startswith("query:")}
    assert writes == {
        "server_time": 1,
        "delete:customerPayment": 1,
        "delete:invoice": 1,
        "upsert:customer": 1,
    }
    # What the sync reads of NetSuite every time (SuiteQL's clock, then payments and open invoices
    # since the watermark), and the one look-up by external id that confirms the customer's write.
    assert sum(n for op, n in world.netsuite.requests.items() if op.startswith("query:")) <= 4

    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {})
    assert world.netsuite.request_count <= 5 and _deletes(world) == 0


def test_a_payment_from_netsuite_voided_on_invoiced_is_not_pushed(world: World, company: int) -> None:
    _, invoice, _ = _in_netsuite(world, company, paid=None)
    netsuite_invoice = world.netsuite.invoice_by_external_id(
        external_id_for("invd", company, RecordKind.INVOICE, invoice.id or 0)
    )
    assert netsuite_invoice is not None
    world.clock.advance(minutes=1)
    world.netsuite.record_payment(
        netsuite_invoice.customer_internal_id, {netsuite_invoice.internal_id: D("30")}
    )
    assert _sync(world, company)[1] == {"payments_imported": 1}
    (imported,) = world.payments(company, Origin.NETSUITE)
    assert imported.id is not None
    world.void_payment(company, imported.id)

    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {})
    assert _deletes(world) == 0 and len(world.netsuite.all_payments()) == 1


def test_a_refused_removal_stays_open_until_fixed_then_clears_on_the_next_sync(
    world: World, company: int
) -> None:
    _, invoice, _ = _in_netsuite(world, company, paid=None)
    assert invoice.id is not None
    eid = external_id_for("invd", company, RecordKind.INVOICE, invoice.id)
    world.netsuite.reject(eid, "The accounting period is closed.")
    world.void_invoice(company, invoice.id)

    status, _ = _sync(world, company)
    assert status is SyncStatus.PARTIAL
    error = world.error_for(company, "Invoice INV-1")
    assert error.message.endswith("NetSuite would not remove it: The accounting period is closed.")
    assert error.hint is not None and "void the invoice in NetSuite by hand" in error.hint
    assert "payments applied" not in error.hint
    assert _sync(world, company)[0] is SyncStatus.PARTIAL  # tried again, still refused: the same error
    assert world.error_for(company, "Invoice INV-1").occurrences == 2

    world.netsuite.stop_rejecting(eid)
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {"invoices_removed": 1})
    assert world.error_for(company, "Invoice INV-1").status is SyncErrorStatus.RESOLVED
    assert world.netsuite.all_invoices() == []


def test_an_ignored_removal_is_skipped_and_a_retry_removes_only_that_record(
    world: World, company: int
) -> None:
    customer, invoice, _ = _in_netsuite(world, company, paid=None)
    assert customer.id is not None and invoice.id is not None
    other = world.invoice(company, customer.id, "INV-2")
    assert other.id is not None and world.run_sync(company).status is SyncStatus.SUCCEEDED
    eid = external_id_for("invd", company, RecordKind.INVOICE, invoice.id)
    world.netsuite.reject(eid, "The accounting period is closed.")
    world.void_invoice(company, invoice.id)
    world.run_sync(company)
    error = world.error_for(company, "Invoice INV-1")
    assert error.id is not None
    world.sync_errors.ignore(company, error.id)

    world.netsuite.stop_rejecting(eid)
    world.void_invoice(company, other.id)
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {"invoices_removed": 1})  # INV-2 only
    assert [i.tran_id for i in world.netsuite.all_invoices()] == ["INV-1"]

    world.netsuite.reset_counts()
    outcome = world.sync_errors.retry(company, error.id)
    assert outcome.resolved and world.netsuite.all_invoices() == []
    assert world.netsuite.requests["delete:invoice"] == 1


def test_a_voided_payment_that_never_reached_netsuite_drops_its_error(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    assert invoice.id is not None
    world.netsuite.reject(
        external_id_for("invd", company, RecordKind.INVOICE, invoice.id), "The accounting period is closed."
    )
    payment = world.payment(company, customer.id, {invoice.id: "60"})
    assert payment.id is not None
    world.run_sync(company)
    assert len(world.errors(company)) == 2  # the invoice, and the payment waiting for it
    world.void_payment(company, payment.id)

    world.run_sync(company)
    assert [e.record_kind for e in world.errors(company)] == [RecordKind.INVOICE]
    assert _deletes(world) == 0


def test_a_refused_customer_edit_is_a_sync_error_and_its_invoices_still_go(
    world: World, company: int
) -> None:
    customer, _, _ = _in_netsuite(world, company, paid=None)
    assert customer.id is not None
    world.netsuite.reject(
        external_id_for("invd", company, RecordKind.CUSTOMER, customer.id),
        "A customer with that name exists.",
    )
    world.edit_customer(company, customer.id, name="Hooli XYZ")
    world.invoice(company, customer.id, "INV-2")

    status, counts = _sync(world, company)
    assert (status, counts) == (SyncStatus.PARTIAL, {"invoices_written": 1})
    error = world.error_for(company, "Customer Hooli XYZ")
    assert "NetSuite rejected Customer Hooli XYZ" in error.message and error.netsuite_code == "USER_ERROR"
    assert sorted(i.tran_id for i in world.netsuite.all_invoices()) == ["INV-1", "INV-2"]

    world.netsuite.stop_rejecting(external_id_for("invd", company, RecordKind.CUSTOMER, customer.id))
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {"customer_edits_written": 1})
    assert world.errors(company) == []


def test_a_customer_found_again_by_our_external_id_is_ours_and_follows_its_edits(
    world: World, company: int
) -> None:
    customer, _, _ = _in_netsuite(world, company, paid=None)
    assert customer.id is not None
    with world.store() as uow:  # the link was lost (a crash before the commit, say)
        links = uow._tables.links  # type: ignore[attr-defined]
        for link_id, link in list(links.items()):
            if link.kind is RecordKind.CUSTOMER:
                del links[link_id]
        uow.commit()
    world.invoice(company, customer.id, "INV-2")
    assert _sync(world, company)[1] == {"customers_linked": 1, "invoices_written": 1}
    link = world.link(company, RecordKind.CUSTOMER, customer.id)
    assert link is not None and link.origin is Origin.INVOICED

    world.edit_customer(company, customer.id, name="Hooli XYZ")
    assert _sync(world, company)[1] == {"customer_edits_written": 1}
    assert [c.name for c in world.netsuite.all_customers()] == ["Hooli XYZ"]


def test_customers_matched_by_name_either_way_are_netsuite_s(world: World, company: int) -> None:
    world.netsuite.add_customer("Globex")
    world.netsuite.add_customer("Initech")
    globex = world.customer(company, "Globex")
    initech = world.customer(company, "Initech")
    assert globex.id is not None and initech.id is not None
    world.invoice(company, globex.id, "INV-1")
    world.run_sync(company)  # Globex matched by the sync, for its invoice
    world.run_import(company, SyncKind.CUSTOMER_IMPORT)  # Initech matched by the customer importer

    for local_id in (globex.id, initech.id):
        link = world.link(company, RecordKind.CUSTOMER, local_id)
        assert link is not None and link.origin is Origin.NETSUITE
        world.edit_customer(company, local_id, name="Renamed")
    assert _sync(world, company) == (SyncStatus.SUCCEEDED, {})
    assert sorted(c.name for c in world.netsuite.all_customers()) == ["Globex", "Initech"]
    assert world.history.record_status(company, RecordKind.CUSTOMER, globex.id).synced


def test_the_record_status_says_removed_from_netsuite(world: World, company: int) -> None:
    _, invoice, payment = _in_netsuite(world, company)
    assert invoice.id is not None and payment is not None and payment.id is not None
    world.void_payment(company, payment.id)
    before = world.history.record_status(company, RecordKind.PAYMENT, payment.id)
    assert not before.synced and not before.removed_from_netsuite

    world.run_sync(company)
    after = world.history.record_status(company, RecordKind.PAYMENT, payment.id)
    assert after.synced and after.removed_from_netsuite and after.netsuite_id == before.netsuite_id
    listed = world.history.record_statuses(company, RecordKind.INVOICE, [invoice.id])[invoice.id]
    assert listed.synced and not listed.removed_from_netsuite
