"""Credits, discounts and taxes end to end, over real HTTP to the sandbox, on SQLite and PostgreSQL: a
taxed, discounted, partly credited and partly paid invoice goes to NetSuite, NetSuite pays and credits
it too, and NetSuite's side is read back through SuiteQL — every total, amount remaining and
application the same as Invoiced's, to the cent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from application.credit_notes import CreditNotes
from application.integration import SettingsChange
from application.ledger import AdjustmentInput, ApplicationInput, LineInput
from domain.credit_note import CreditNote
from domain.invoice import Invoice
from domain.records import Origin, RecordKind
from domain.sync import SyncRun, SyncStatus
from entrypoints.cli.demo import NetSuiteAccount, StoryServices, connect_to_netsuite, run_accounting_sync
from entrypoints.container import Container
from netsuite_sandbox import SandboxServer
from tests.e2e.conftest import NetSuiteReader

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

D = Decimal


@dataclass
class CreditStory:
    company_id: int
    taxed: Invoice  # 3 × 33.33, 4.13 tax on the line, 10.00 off and 3.30 tax on the invoice: 97.42
    plain: Invoice  # 200.00
    credit: CreditNote  # 50.00 + 4.13 tax = 54.13: 30.00 on the taxed invoice, 24.13 on the plain one
    syncs: list[SyncRun]
    netsuite_credit_memo: str


def _netsuite_id(services: StoryServices, company_id: int, kind: RecordKind, local_id: int | None) -> str:
    assert local_id is not None
    found = services.history.record_status(company_id, kind, local_id).netsuite_id
    assert found is not None, f"{kind} {local_id} is not in NetSuite"
    return found


@pytest.fixture
def story(container: Container, netsuite_sandbox: SandboxServer) -> CreditStory:
    services = StoryServices.of(container)
    notes: CreditNotes = container.credit_notes()
    ledger = services.ledger
    company = ledger.create_company("Harbor Point Books").company
    assert company.id is not None
    connect_to_netsuite(services.connections, company.id, NetSuiteAccount.of(netsuite_sandbox))
    services.connections.configure(company.id, SettingsChange(discount_item_id="203", tax_item_id="204"))
    customer = ledger.create_customer(company.id, "Globex Corporation")
    assert customer.id is not None
    taxed = ledger.create_invoice(
        company.id,
        customer.id,
        [LineInput("Seats", D("3"), D("33.33"), taxes=(AdjustmentInput(D("4.13"), "CA"),))],
        discounts=[AdjustmentInput(D("10.00"), "LAUNCH")],
        taxes=[AdjustmentInput(D("3.30"))],
    )
    plain = ledger.create_invoice(company.id, customer.id, [LineInput("Onboarding", D("1"), D("200"))])
    credit = notes.create(
        company.id,
        customer.id,
        [LineInput("Seats returned", D("1"), D("50"))],
        taxes=[AdjustmentInput(D("4.13"), "CA")],
    )
    assert taxed.id is not None and plain.id is not None and credit.id is not None
    ledger.record_payment(
        company.id,
        applied_to=[
            ApplicationInput(taxed.id, D("30.00"), credit_note_id=credit.id),
            ApplicationInput(plain.id, D("24.13"), credit_note_id=credit.id),
        ],
    )
    ledger.record_payment(company.id, applied_to=[ApplicationInput(taxed.id, D("40.00"))])
    first = run_accounting_sync(services.accounting_sync, company.id)

    # NetSuite's side: a payment of 100.00 and a credit memo of 20.00 on the plain invoice.
    plain_id = _netsuite_id(services, company.id, RecordKind.INVOICE, plain.id)
    customer_id = _netsuite_id(services, company.id, RecordKind.CUSTOMER, customer.id)
    seeded = netsuite_sandbox.seed_records(
        {
            "customerPayments": [
                {
                    "customer": {"id": customer_id},
                    "payment": "100.00",
                    "undepFunds": True,
                    "apply": {"items": [{"doc": {"id": plain_id}, "amount": "100.00"}]},
                }
            ],
            "creditMemos": [
                {
                    "entity": {"id": customer_id},
                    "tranId": "CM-9",
                    "item": {"items": [{"item": {"id": "201"}, "quantity": "1", "rate": "20.00"}]},
                    "apply": {"items": [{"doc": {"id": plain_id}, "amount": "20.00"}]},
                }
            ],
        }
    )
    second = run_accounting_sync(services.accounting_sync, company.id)
    return CreditStory(
        company.id,
        ledger.get_invoice(company.id, taxed.id),
        ledger.get_invoice(company.id, plain.id),
        notes.get(company.id, credit.id),
        [first, second],
        str(seeded["creditMemos"][0]),
    )


def _both_syncs_succeed_and_move_what_changed(story: CreditStory) -> None:
    first, second = story.syncs
    assert (first.status, second.status) == (SyncStatus.SUCCEEDED, SyncStatus.SUCCEEDED)
    assert first.counts == {
        "customers_written": 1,
        "invoices_written": 2,
        "credit_notes_written": 1,
        "payments_written": 1,
    }
    assert second.counts == {"payments_imported": 1, "credit_notes_imported": 1}


def _totals_and_amounts_remaining_agree_to_the_cent(
    story: CreditStory, container: Container, netsuite: NetSuiteReader
) -> None:
    services = StoryServices.of(container)
    assert (story.taxed.total.amount, story.taxed.balance.amount) == (D("97.42"), D("27.42"))
    assert (story.plain.total.amount, story.plain.balance.amount) == (D("200.00"), D("55.87"))
    for invoice in (story.taxed, story.plain):
        invoice_id = _netsuite_id(services, story.company_id, RecordKind.INVOICE, invoice.id)
        (row,) = netsuite.rows(
            "SELECT t.foreigntotal, t.foreignamountremaining, t.tranid FROM transaction t "
            f"WHERE t.type = 'CustInvc' AND t.id = {invoice_id}"
        )
        assert (row["tranid"], D(row["foreigntotal"]), D(row["foreignamountremaining"])) == (
            invoice.number,
            invoice.total.amount,
            invoice.balance.amount,
        )


def _the_discount_and_tax_lines_say_what_they_are(
    story: CreditStory, container: Container, netsuite: NetSuiteReader
) -> None:
    taxed_id = _netsuite_id(StoryServices.of(container), story.company_id, RecordKind.INVOICE, story.taxed.id)
    lines = netsuite.rows(
        "SELECT tl.item, tl.itemtype, tl.taxline, tl.foreignamount FROM transactionline tl "
        f"WHERE tl.transaction = {taxed_id} AND tl.mainline = 'F' ORDER BY tl.linesequencenumber"
    )
    # Income lines from the ledger's side (negative); the discount the other way round.
    assert [(r["item"], r["itemtype"], r["taxline"], D(r["foreignamount"])) for r in lines] == [
        ("201", "Service", "F", D("-99.99")),
        ("203", "Discount", "F", D("10.00")),
        ("204", "TaxItem", "T", D("-7.43")),
    ]


def _the_credit_memo_is_applied_where_invoiced_applied_the_credit(
    story: CreditStory, container: Container, netsuite: NetSuiteReader
) -> None:
    services = StoryServices.of(container)
    memo_id = _netsuite_id(services, story.company_id, RecordKind.CREDIT_NOTE, story.credit.id)
    (memo,) = netsuite.rows(
        "SELECT t.tranid, t.externalid, t.foreigntotal, t.foreignpaymentamountused, "
        "t.foreignpaymentamountunused, BUILTIN.CF(t.status) AS status FROM transaction t "
        f"WHERE t.type = 'CustCred' AND t.id = {memo_id}"
    )
    assert memo == {
        "tranid": story.credit.number,
        "externalid": f"invd-{story.company_id}-cred-{story.credit.id}",
        "foreigntotal": "-54.13",
        "foreignpaymentamountused": "54.13",
        "foreignpaymentamountunused": "0",
        "status": "CustCred:B",
    }
    applied: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for link in netsuite.rows(
        "SELECT l.nextdoc, l.previousdoc, l.foreignamount FROM NextTransactionLineLink l "
        "WHERE l.nexttype = 'CustCred'"
    ):
        applied[link["nextdoc"]][link["previousdoc"]] = D(link["foreignamount"])
    invoice_id = {
        invoice.id: _netsuite_id(services, story.company_id, RecordKind.INVOICE, invoice.id)
        for invoice in (story.taxed, story.plain)
    }
    assert applied[memo_id] == {
        invoice_id[story.taxed.id]: D("30.00"),
        invoice_id[story.plain.id]: D("24.13"),
    }
    assert applied[story.netsuite_credit_memo] == {invoice_id[story.plain.id]: D("20.00")}


def _the_netsuite_credit_memo_is_a_credit_note_on_invoiced(story: CreditStory, container: Container) -> None:
    notes: CreditNotes = container.credit_notes()
    (arrived,) = [n for n in notes.list(story.company_id).items if n.origin is Origin.NETSUITE]
    assert (arrived.number, arrived.total.amount, arrived.balance.amount) == ("CM-9", D("20.00"), D("0.00"))
    assert story.plain.credited.amount == D("44.13") and story.plain.paid.amount == D("100.00")


def _an_unchanged_sync_writes_nothing_and_asks_at_most_six_requests(
    story: CreditStory, container: Container, netsuite_sandbox: SandboxServer
) -> None:
    before = netsuite_sandbox.stats()

    again = run_accounting_sync(StoryServices.of(container).accounting_sync, story.company_id)

    after = netsuite_sandbox.stats()
    assert again.status is SyncStatus.SUCCEEDED and again.counts == {}
    # Five, and SuiteQL's clock read once so the reads follow the NetSuite user's time zone.
    assert _requests(after) - _requests(before) <= 6, after["requests"]["by_endpoint"]


def _requests(stats: dict[str, Any]) -> int:
    total: int = stats["requests"]["total"]
    return total


def test_credits_discounts_and_taxes_agree_both_ways(
    story: CreditStory, container: Container, netsuite: NetSuiteReader, netsuite_sandbox: SandboxServer
) -> None:
    """One story per database (it is the slow part); each check below says what it holds."""
    _both_syncs_succeed_and_move_what_changed(story)
    _totals_and_amounts_remaining_agree_to_the_cent(story, container, netsuite)
    _the_discount_and_tax_lines_say_what_they_are(story, container, netsuite)
    _the_credit_memo_is_applied_where_invoiced_applied_the_credit(story, container, netsuite)
    _the_netsuite_credit_memo_is_a_credit_note_on_invoiced(story, container)
    _an_unchanged_sync_writes_nothing_and_asks_at_most_six_requests(story, container, netsuite_sandbox)
