"""Credit notes, discounts and taxes written to NetSuite (memory double): the totals, the apply list,
the settings they need, and the toggle."""

from __future__ import annotations

from decimal import Decimal

from application.integration import SettingsChange
from domain.adjustments import Discount, Tax
from domain.policies.problems import ProblemCode
from domain.records import RecordKind
from domain.sync import SyncStatus
from tests.application.integration.world import World

D = Decimal


def _items(world: World) -> None:
    world.netsuite.items.update({"203": ("Discount", "Discount"), "204": ("Sales Tax", "TaxItem")})


def test_a_credited_invoice_is_written_and_the_credit_applied_on_the_credit_memo(
    world: World, company: int
) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1", "100.00")
    note = world.credit_note(company, customer.id, "CN-1", "40.00")
    assert invoice.id is not None and note.id is not None
    world.apply_credit(company, note.id, {invoice.id: "30"})

    run = world.run_sync(company)

    assert run.status is SyncStatus.SUCCEEDED, world.errors(company)
    assert run.counts["credit_notes_written"] == 1 and run.counts["invoices_written"] == 1
    memo = world.netsuite.credit_memo_by_external_id(f"invd-{company}-cred-{note.id}")
    assert memo is not None and (memo.total, memo.unapplied) == (D("40.00"), D("10.00"))
    link = world.link(company, RecordKind.INVOICE, invoice.id)
    assert link is not None
    ns_invoice = world.netsuite.invoice(link.netsuite_id)
    assert [(a.invoice_internal_id, a.amount) for a in memo.applications] == [
        (ns_invoice.internal_id, D("30"))
    ]
    assert ns_invoice.amount_remaining == D("70.00")


def test_an_unchanged_credit_note_is_not_written_again_and_a_new_application_is(
    world: World, company: int
) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    first, second = world.invoice(company, customer.id, "INV-1"), world.invoice(company, customer.id, "INV-2")
    note = world.credit_note(company, customer.id, "CN-1", "50.00")
    assert first.id is not None and second.id is not None and note.id is not None
    world.run_sync(company)

    assert world.run_sync(company).counts == {}
    world.apply_credit(company, note.id, {first.id: "20", second.id: "30"})
    assert world.run_sync(company).counts == {"credit_notes_written": 1}

    memo = world.netsuite.credit_memo_by_external_id(f"invd-{company}-cred-{note.id}")
    assert memo is not None and memo.unapplied == D("0")
    assert sorted(i.amount_remaining for i in world.netsuite.all_invoices()) == [D("70.00"), D("80.00")]


def test_a_taxed_and_discounted_invoice_totals_the_same_in_netsuite(world: World) -> None:
    _items(world)
    company = world.connected_company(
        SettingsChange(fallback_item_id="201", discount_item_id="203", tax_item_id="204")
    )
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1", "99.99")
    assert invoice.id is not None
    world.edit_invoice(company, invoice.id, discounts=[Discount(D("10.00"))], taxes=[Tax(D("7.43"))])

    assert world.run_sync(company).status is SyncStatus.SUCCEEDED
    (written,) = world.netsuite.all_invoices()
    assert written.total == D("97.42") == world.invoices(company)[0].total.amount
    assert [(line.item_id, line.amount) for line in written.lines] == [
        ("201", D("99.99")),
        ("203", D("-10.00")),
        ("204", D("7.43")),
    ]


def test_a_tax_with_no_tax_item_set_is_a_sync_error_naming_the_setting(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    assert invoice.id is not None
    world.edit_invoice(company, invoice.id, taxes=[Tax(D("8.25"))])

    run = world.run_sync(company)

    assert run.status is SyncStatus.PARTIAL
    error = world.error_for(company, "INV-1")
    assert error.code == ProblemCode.NO_TAX_ITEM
    assert "no tax item is set" in error.message and "Default Tax Item Id" in (error.hint or "")
    assert world.netsuite.all_invoices() == [] and world.netsuite.all_customers() == []


def test_a_voided_credit_note_is_removed_from_netsuite_once(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    note = world.credit_note(company, customer.id, "CN-1")
    assert invoice.id is not None and note.id is not None
    applying = world.apply_credit(company, note.id, {invoice.id: "40"})
    world.run_sync(company)
    assert applying.id is not None
    world.void_payment(company, applying.id)
    world.void_credit_note(company, note.id)

    assert world.run_sync(company).counts == {"credit_notes_removed": 1}
    assert world.netsuite.credit_memos == {}
    assert world.netsuite.all_invoices()[0].amount_remaining == D("100.00")
    assert world.run_sync(company).counts == {}


def test_credit_notes_wait_while_their_toggle_is_off(world: World) -> None:
    company = world.connected_company(SettingsChange(fallback_item_id="201", write_credit_notes=False))
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    world.credit_note(company, customer.id, "CN-1")

    assert "credit_notes_written" not in world.run_sync(company).counts
    world.connections.configure(company, SettingsChange(write_credit_notes=True))
    assert world.run_sync(company).counts["credit_notes_written"] == 1


def test_a_netsuite_credit_memo_on_an_invoice_invoiced_knows_comes_over_as_a_credit_note(
    world: World, company: int
) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1", "100.00")
    assert invoice.id is not None
    world.run_sync(company)
    link = world.link(company, RecordKind.INVOICE, invoice.id)
    assert link is not None
    ns_customer = world.netsuite.invoice(link.netsuite_id).customer_internal_id
    world.clock.advance(minutes=5)
    world.netsuite.add_credit_memo(ns_customer, "CM-77", {link.netsuite_id: D("25")}, amount=D("25"))
    world.netsuite.reset_counts()

    run = world.run_sync(company)

    assert run.counts == {"credit_notes_imported": 1}
    (note,) = world.credit_notes(company)
    assert (note.number, note.total.amount, note.balance.amount, note.origin.value) == (
        "CM-77",
        D("25"),
        D("0"),
        "netsuite",
    )
    assert world.invoices(company)[0].balance.amount == D("75.00")
    # On the payments' pages: the credit memo costs only its lines query (and SuiteQL's clock is
    # read once for every read of the run).
    assert world.netsuite.request_count <= 6, world.netsuite.requests
    assert world.run_sync(company).counts == {}
    assert len(world.credit_notes(company)) == 1


def test_our_own_credit_memos_are_never_read_back(world: World, company: int) -> None:
    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    invoice = world.invoice(company, customer.id, "INV-1")
    note = world.credit_note(company, customer.id, "CN-1")
    assert invoice.id is not None and note.id is not None
    world.apply_credit(company, note.id, {invoice.id: "40"})
    world.run_sync(company)
    world.clock.advance(minutes=5)

    assert world.run_sync(company).counts == {}
    assert len(world.credit_notes(company)) == 1 and world.invoices(company)[0].balance.amount == D("60.00")


def test_the_customer_importer_brings_address_and_phone(world: World, company: int) -> None:
    from domain.address import Address
    from domain.sync import SyncKind

    billing = Address(
        address1="12 Harbor Way", city="Charlotte", state="NC", postal_code="28202", country="US"
    )
    world.netsuite.add_customer("Initech", phone="+1 704 555 0100", address=billing)

    assert world.run_import(company, SyncKind.CUSTOMER_IMPORT).status is SyncStatus.SUCCEEDED

    (initech,) = world.customers(company)
    assert (initech.phone, initech.address) == ("+1 704 555 0100", billing)


def test_a_customer_is_written_with_its_phone_and_complete_address(world: World, company: int) -> None:
    from dataclasses import replace

    from domain.address import Address

    customer = world.customer(company, "Hooli")
    assert customer.id is not None
    with world.store() as uow:
        stored = uow.customers.get(company, customer.id)
        assert stored is not None
        address = Address(
            address1="1 Hacker Way", city="Palo Alto", state="CA", postal_code="94301", country="US"
        )
        uow.customers.update(replace(stored, phone="+1 650 555 0199", address=address))
        uow.commit()
    world.invoice(company, customer.id, "INV-1")

    world.run_sync(company)

    (written,) = world.netsuite.all_customers()
    assert (written.phone, written.address) == ("+1 650 555 0199", address)
