"""An import keeps its invoices a batch to a transaction, each with its link, never one commit each."""

from __future__ import annotations

from decimal import Decimal

from adapters.memory import InMemoryStore
from application.integration.flows.invoices_from_netsuite import IMPORT_BATCH
from domain.records import RecordKind
from domain.sync import SyncKind, SyncStatus
from tests.application.integration.world import World


def test_importing_450_invoices_takes_a_handful_of_commits_not_450(world: World, company: int) -> None:
    customer = world.netsuite.add_customer("Umbrella")
    for n in range(450):
        world.netsuite.add_invoice(customer.internal_id, f"NS-{n:04d}", amount=Decimal("10"))
    world.netsuite.add_invoice(customer.internal_id, "NS-0007", amount=Decimal("10"))  # a number clash
    store = world.store
    assert isinstance(store, InMemoryStore)
    before = store.commits

    run = world.run_import(company, SyncKind.INVOICE_IMPORT)

    assert run.status is SyncStatus.PARTIAL and run.counts["invoices_imported"] == 450
    batches = -(-451 // IMPORT_BATCH)
    assert store.commits - before <= batches + 10, store.commits - before  # run, customer, error, close
    with store() as uow:
        assert len(uow.links.list(company, RecordKind.INVOICE)) == 450  # every imported invoice is linked
