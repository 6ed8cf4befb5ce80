"""The demo's story end to end — connect, import, invoice and get paid on Invoiced, sync, get paid in
NetSuite, sync again — over real HTTP to the sandbox, on SQLite and PostgreSQL; then NetSuite's side
is read back through SuiteQL: every record once, with the right customer, lines, totals and
applications, and the same balances on both sides."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from application.ledger import Ledger
from domain.records import Origin, RecordKind
from domain.sync import SyncStatus
from entrypoints.cli.demo import (
    IMPORTED_CUSTOMER,
    NEW_CUSTOMER,
    NetSuiteAccount,
    StoryServices,
    SyncStory,
    run_accounting_sync,
    tell_sync_story,
)
from entrypoints.container import Container
from netsuite_sandbox import SandboxServer
from tests.e2e.conftest import NetSuiteReader

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.sandbox_seed("demo")]

FALLBACK_ITEM = "201"


@pytest.fixture
def services(container: Container) -> StoryServices:
    return StoryServices.of(container)


@pytest.fixture
def story(services: StoryServices, netsuite_sandbox: SandboxServer) -> SyncStory:
    return tell_sync_story(services, NetSuiteAccount.of(netsuite_sandbox), date.today())


def ours(story: SyncStory, code: str) -> str:
    """The external-id prefix of this company's records of one kind, e.g. invd-3-inv-."""
    return f"invd-{story.company_id}-{code}-"


def netsuite_ids(services: StoryServices, story: SyncStory, kind: RecordKind) -> dict[int, str]:
    """Local id → NetSuite internal id, for every record of the kind that is linked."""
    ledger = services.ledger
    records: list[Any] = {
        RecordKind.CUSTOMER: ledger.list_customers,
        RecordKind.INVOICE: ledger.list_invoices,
        RecordKind.PAYMENT: ledger.list_payments,
    }[kind](story.company_id).items
    statuses = services.history.record_statuses(story.company_id, kind, [r.id for r in records])
    return {local: s.netsuite_id for local, s in statuses.items() if s.netsuite_id is not None}


def test_every_run_of_the_story_succeeds(story: SyncStory) -> None:
    assert [run.status for run in (*story.imports, *story.syncs)] == [SyncStatus.SUCCEEDED] * 4
    first, second = story.syncs
    assert first.counts == {"customers_written": 1, "invoices_written": 3, "payments_written": 2}
    assert second.counts == {"payments_imported": 1}


def test_each_invoiced_invoice_is_in_netsuite_once_with_its_customer_lines_and_total(
    story: SyncStory, services: StoryServices, netsuite: NetSuiteReader
) -> None:
    written = netsuite.rows(
        "SELECT t.id, t.externalid, t.entity, t.tranid, t.foreigntotal FROM transaction t "
        f"WHERE t.type = 'CustInvc' AND t.externalid LIKE '{ours(story, 'inv')}%'"
    )
    issued = [i for i in story.invoices if not i.draft]
    by_external_id = {row["externalid"]: row for row in written}
    assert Counter(row["externalid"] for row in written) == Counter(
        f"{ours(story, 'inv')}{i.id}" for i in issued
    ), "each issued invoice exactly once; the draft not at all"

    customers = {
        row["id"]: row for row in netsuite.rows("SELECT c.id, c.companyname, c.externalid FROM customer c")
    }
    names = Counter(row.get("companyname") for row in customers.values())  # a person has none
    assert names[NEW_CUSTOMER] == 1 and names[IMPORTED_CUSTOMER] == 1, "no customer created twice"
    local_names = {c.id: c.name for c in services.ledger.list_customers(story.company_id).items}

    lines = defaultdict(list)
    written_ids = ", ".join(row["id"] for row in written)
    for line in netsuite.rows(
        "SELECT tl.transaction, tl.item, tl.quantity, tl.rate, tl.foreignamount, tl.memo "
        f"FROM transactionline tl WHERE tl.mainline = 'F' AND tl.transaction IN ({written_ids}) "
        "ORDER BY tl.transaction, tl.linesequencenumber"
    ):
        lines[line["transaction"]].append(line)

    for invoice in issued:
        row = by_external_id[f"{ours(story, 'inv')}{invoice.id}"]
        assert customers[row["entity"]]["companyname"] == local_names[invoice.customer_id]
        assert row["tranid"] == invoice.number
        assert Decimal(row["foreigntotal"]) == invoice.total.amount
        # SuiteQL shows income lines from the ledger's side: negative quantities and amounts.
        assert [
            (line["item"], -Decimal(line["quantity"]), Decimal(line["rate"]), -Decimal(line["foreignamount"]))
            for line in lines[row["id"]]
        ] == [(FALLBACK_ITEM, item.quantity, item.unit_cost, item.amount) for item in invoice.items]
        assert [line["memo"] for line in lines[row["id"]]] == [item.name for item in invoice.items]


def test_each_payment_is_applied_to_the_right_invoices(
    story: SyncStory, services: StoryServices, netsuite: NetSuiteReader
) -> None:
    invoice_ids = netsuite_ids(services, story, RecordKind.INVOICE)
    payment_ids = netsuite_ids(services, story, RecordKind.PAYMENT)
    written = netsuite.rows(
        "SELECT t.id, t.externalid, t.foreigntotal FROM transaction t "
        f"WHERE t.type = 'CustPymt' AND t.externalid LIKE '{ours(story, 'pay')}%'"
    )
    assert Counter(row["externalid"] for row in written) == Counter(
        f"{ours(story, 'pay')}{p.id}" for p in story.payments
    )
    applied: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for link in netsuite.rows(
        "SELECT l.nextdoc, l.previousdoc, l.foreignamount FROM NextTransactionLineLink l "
        "WHERE l.nexttype = 'CustPymt'"
    ):
        applied[link["nextdoc"]][link["previousdoc"]] = abs(Decimal(link["foreignamount"]))

    everything = services.ledger.list_payments(story.company_id).items
    assert {p.origin for p in everything} == {Origin.INVOICED, Origin.NETSUITE}
    for payment in everything:
        assert payment.id is not None
        expected = {invoice_ids[a.invoice_id]: a.amount for a in payment.applied_to}
        assert applied[payment_ids[payment.id]] == expected, f"payment {payment.label}"
    from_netsuite = next(p for p in everything if p.origin is Origin.NETSUITE)
    assert payment_ids[from_netsuite.id or 0] == story.netsuite_payment.internal_id
    assert [(a.invoice_id, a.amount) for a in from_netsuite.applied_to] == [
        (story.netsuite_payment.invoice_id, story.netsuite_payment.amount)
    ]


def balances_on_both_sides(
    story: SyncStory, services: StoryServices, netsuite: NetSuiteReader
) -> list[tuple[str, Decimal, Decimal]]:
    linked = netsuite_ids(services, story, RecordKind.INVOICE)
    remaining = {
        row["id"]: Decimal(row["foreignamountremaining"])
        for row in netsuite.rows(
            "SELECT t.id, t.foreignamountremaining FROM transaction t "
            f"WHERE t.id IN ({', '.join(linked.values())})"
        )
    }
    ledger: Ledger = services.ledger
    return [
        (invoice.number, invoice.balance.amount, remaining[linked[invoice.id]])
        for invoice in ledger.list_invoices(story.company_id).items
        if invoice.id in linked
    ]


def test_balances_agree_on_both_sides_for_every_linked_invoice(
    story: SyncStory, services: StoryServices, netsuite: NetSuiteReader
) -> None:
    balances = balances_on_both_sides(story, services, netsuite)

    assert len(balances) == 9, "six imported from NetSuite, three issued on Invoiced"
    assert [(number, ours) for number, ours, theirs in balances if ours != theirs] == []
    paid_in_netsuite = next(i for i in story.invoices if i.id == story.netsuite_payment.invoice_id)
    assert dict((n, b) for n, b, _ in balances)[paid_in_netsuite.number] == Decimal("0.00")


def test_syncing_again_writes_nothing_new_and_duplicates_nothing(
    story: SyncStory, services: StoryServices, netsuite: NetSuiteReader, netsuite_sandbox: SandboxServer
) -> None:
    before = netsuite.rows("SELECT t.id FROM transaction t ORDER BY t.id")

    again = run_accounting_sync(services.accounting_sync, story.company_id)

    assert again.status is SyncStatus.SUCCEEDED and again.counts == {}
    assert netsuite.rows("SELECT t.id FROM transaction t ORDER BY t.id") == before
    assert [
        ours_ for _, ours_, theirs in balances_on_both_sides(story, services, netsuite) if ours_ != theirs
    ] == []
