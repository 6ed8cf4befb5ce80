"""Batch mode over real HTTP: the same outcome per record as synchronous writes, in a fiftieth of the
requests (polling included), and a batch resent with its idempotency key applied once."""

from __future__ import annotations

import pytest

from adapters.netsuite.batch_writes import BatchPolling
from netsuite_sandbox import SandboxServer
from tests.integration.gateway.conftest import GatewayTo
from tests.integration.gateway.test_gateway_writes import customer, invoice

pytestmark = pytest.mark.integration

QUICK_POLLING = BatchPolling(first_wait=0.02, max_wait=0.2, timeout=30.0)


def requests_seen(server: SandboxServer) -> int:
    return int(server.stats()["requests"]["total"])


def test_a_thousand_invoices_take_about_three_requests_a_batch_and_one_look_up(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to(write_mode="batch", batch_polling=QUICK_POLLING)
    (written_customer,) = gateway.upsert_customers([customer(1)])
    customer_id = written_customer.internal_id or ""
    before = requests_seen(netsuite_sandbox)

    outcomes = gateway.upsert_invoices([invoice(n, customer_id, line_count=1) for n in range(1000)])

    assert all(outcome.succeeded for outcome in outcomes)
    assert len({outcome.internal_id for outcome in outcomes}) == 1000
    requests = requests_seen(netsuite_sandbox) - before
    by_endpoint = netsuite_sandbox.stats()["requests"]["by_endpoint"]
    submits = sum(by_endpoint["PUT /record/v1/invoice"].values())
    assert submits == 10
    # 10 submits, about two polls each (the price of waiting no longer than the jobs take), one look-up.
    assert requests <= 35, by_endpoint
    assert netsuite_sandbox.stats()["highest_concurrency"] <= 5


def test_refused_records_get_the_same_problem_as_a_synchronous_write(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    sync = gateway_to()
    batch = gateway_to(write_mode="batch", batch_polling=QUICK_POLLING)
    customer_id = sync.upsert_customers([customer(1)])[0].internal_id or ""
    netsuite_sandbox.reject_writes("invd-1-inv-2", "This period is closed for posting.")
    records = [
        invoice(1, customer_id),
        invoice(2, customer_id),
        invoice(3, "999999"),  # no such customer: NetSuite's INVALID_CONTENT on the entity field
    ]

    by_sync = sync.upsert_invoices(records)
    netsuite_sandbox.reset("empty")  # the same account again, its ids restarting where they did
    assert sync.upsert_customers([customer(1)])[0].internal_id == customer_id
    netsuite_sandbox.reject_writes("invd-1-inv-2", "This period is closed for posting.")
    by_batch = batch.upsert_invoices(records)

    assert [o.problem for o in by_batch] == [o.problem for o in by_sync]
    assert [o.succeeded for o in by_batch] == [True, False, False]


def test_a_batch_resent_after_its_answer_was_lost_is_applied_once(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to(write_mode="batch", batch_polling=QUICK_POLLING)
    customer_id = gateway.upsert_customers([customer(1)])[0].internal_id or ""
    netsuite_sandbox.set_faults(script=["dropped_connection"])  # the job is queued, its 202 lost

    outcomes = gateway.upsert_invoices([invoice(n, customer_id) for n in range(5)])

    assert all(outcome.succeeded for outcome in outcomes)
    assert netsuite_sandbox.stats()["requests"]["by_endpoint"]["PUT /record/v1/invoice"] == {"0": 1, "400": 1}
    stats = netsuite_sandbox.stats()["async"]
    assert (stats["jobs"], stats["items_applied"]) == (2, 6)  # the customer's job and one of invoices


def test_a_job_that_fails_whole_is_sent_again_under_a_new_key(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to(write_mode="batch", batch_polling=QUICK_POLLING)
    customer_id = gateway.upsert_customers([customer(1)])[0].internal_id or ""
    netsuite_sandbox.jobs.fail_next_jobs(1)

    outcomes = gateway.upsert_invoices([invoice(n, customer_id) for n in range(3)])

    assert all(outcome.succeeded for outcome in outcomes)
    assert netsuite_sandbox.stats()["async"]["jobs"] == 3


def test_a_job_still_running_at_the_deadline_leaves_its_records_in_doubt(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    from application.errors import NetSuiteUnavailable

    gateway = gateway_to(
        write_mode="batch", batch_polling=BatchPolling(first_wait=0.02, max_wait=0.05, timeout=0.3)
    )
    customer_id = gateway.upsert_customers([customer(1)])[0].internal_id or ""
    netsuite_sandbox.jobs.configure(record_ms=200)

    with pytest.raises(NetSuiteUnavailable, match="in doubt") as raised:
        gateway.upsert_invoices([invoice(n, customer_id) for n in range(5)])

    assert raised.value.arrived == ()
    netsuite_sandbox.jobs.wait_idle()
