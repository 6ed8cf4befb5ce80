"""The manual importers as runs of their own, and the email when one finishes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.errors import InvalidInput, NotConnected
from domain.sync import SyncKind, SyncStatus, SyncTrigger
from tests.application.integration.world import World

D = Decimal


def test_an_import_is_queued_once_and_handed_to_the_workers(world: World, company: int) -> None:
    run = world.imports.request_import(company, SyncKind.INVOICE_IMPORT, SyncTrigger.API)
    assert world.imports.request_import(company, SyncKind.INVOICE_IMPORT).id == run.id
    assert world.queue.jobs == [("import", company, run.id)]


def test_only_the_importers_are_imports(world: World, company: int) -> None:
    with pytest.raises(InvalidInput) as wrong:
        world.imports.request_import(company, SyncKind.ACCOUNTING_SYNC)
    assert wrong.value.param == "kind"


def test_an_import_needs_a_connection(world: World) -> None:
    with pytest.raises(NotConnected):
        world.imports.request_import(world.company(), SyncKind.CUSTOMER_IMPORT)


def test_a_finished_import_emails_its_result_once(world: World, company: int) -> None:
    for name in ("Umbrella", "Vandelay"):
        world.netsuite.add_customer(name)
    world.customer(company, "Wonka")
    world.customer(company, "wonka")
    world.netsuite.add_customer("Wonka")
    run = world.imports.request_import(company, SyncKind.CUSTOMER_IMPORT)
    finished = world.imports.run_import(company, run.id or 0)
    assert finished.status is SyncStatus.PARTIAL and finished.counts == {"customers_imported": 2}
    (email,) = world.notifier.sent
    assert email.to == "finance@acme.test"
    assert email.subject == "Your import of customers from NetSuite finished with 1 failed record"
    assert "Imported: 2" in email.text and "Failed: 1" in email.text
    assert "NetSuite customer Wonka" in email.text and "Rename one of them" in email.text
    world.imports.run_import(company, run.id or 0)  # delivered twice: no second email
    assert len(world.notifier.sent) == 1


def test_a_failed_import_says_why_in_its_email(world: World, company: int) -> None:
    world.netsuite.fail_auth()
    world.run_import(company, SyncKind.INVOICE_IMPORT)
    (email,) = world.notifier.sent
    assert "failed" in email.subject and "NetSuite refused the credentials" in email.text


def test_no_email_without_an_address(world: World) -> None:
    company = world.company(email=None)
    world.connect(company)
    world.run_import(company, SyncKind.CUSTOMER_IMPORT)
    assert world.notifier.sent == []


def test_the_invoice_importer_brings_every_outstanding_invoice_and_no_more(
    world: World, company: int
) -> None:
    umbrella = world.netsuite.add_customer("Umbrella")
    paid = world.netsuite.add_invoice(umbrella.internal_id, "NS-1", amount=D("50"))
    world.netsuite.record_payment(umbrella.internal_id, {paid.internal_id: D("50")})
    world.netsuite.add_invoice(umbrella.internal_id, "NS-2", amount=D("70"))
    voided = world.netsuite.add_invoice(umbrella.internal_id, "NS-3", amount=D("90"))
    world.netsuite.void_invoice(voided.internal_id)
    run = world.run_import(company, SyncKind.INVOICE_IMPORT)
    assert run.counts == {"customers_imported": 1, "invoices_imported": 1}
    assert [i.number for i in world.invoices(company)] == ["NS-2"]
    assert world.netsuite.requests["query:payments"] == 0  # an importer touches no payments


def test_imported_customers_keep_netsuite_s_entity_id_unless_it_is_taken(world: World, company: int) -> None:
    world.customer(company, "Someone else", "CUST301")
    world.netsuite.add_customer("Umbrella", entity_id="CUST301")
    world.netsuite.add_customer("Vandelay", entity_id="V-1", email="ap@vandelay.test", is_person=True)
    world.run_import(company, SyncKind.CUSTOMER_IMPORT)
    numbers = {c.name: (c.number, c.email, c.type.value) for c in world.customers(company)}
    assert numbers["Umbrella"][0].startswith("NS-")
    assert numbers["Vandelay"] == ("V-1", "ap@vandelay.test", "person")
