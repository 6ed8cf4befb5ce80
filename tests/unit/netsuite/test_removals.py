"""Batch deletes: one DELETE per record by external id, within the concurrency limit; a record NetSuite
does not know is already gone; refusals reported per record, run-level failures raised."""

from __future__ import annotations

import threading

import pytest

from application.errors import NetSuiteAuthError
from domain.netsuite import NetSuiteProblem, RemovalOutcome
from tests.unit.netsuite.conftest import GatewayFor
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply, Seen, error

RECORD = "/services/rest/record/v1"
DEPENDANTS = (
    "Error while accessing a resource. This record cannot be deleted because it has dependent records."
)


def deletes(fake: FakeNetSuite) -> list[Seen]:
    return [seen for seen in fake.requests if seen.method == "DELETE"]


def test_payments_and_invoices_are_deleted_by_external_id(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(Reply(204), Reply(204))
    gateway = gateway_for(limit=1)

    assert gateway.remove_payments(["invd-1-pay-7"]) == [RemovalOutcome("invd-1-pay-7")]
    assert gateway.remove_invoices(["invd-1-inv-3"]) == [RemovalOutcome("invd-1-inv-3")]

    first, second = deletes(fake_netsuite)
    assert first.path == f"{RECORD}/customerPayment/eid:invd-1-pay-7" and first.body == b""
    assert second.path == f"{RECORD}/invoice/eid:invd-1-inv-3"
    assert first.headers["authorization"].startswith("OAuth realm=")
    assert len(fake_netsuite.requests) == 2  # nothing read first: the external id is the address


def test_a_record_netsuite_does_not_know_is_already_gone(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(
        error(404, "NONEXISTENT_ID", "The record instance does not exist."),
        error(404, "RCRD_DSNT_EXIST", "That record does not exist."),
    )

    outcomes = gateway_for(limit=1).remove_payments(["invd-1-pay-1", "invd-1-pay-2"])

    assert outcomes == [
        RemovalOutcome("invd-1-pay-1", already_gone=True),
        RemovalOutcome("invd-1-pay-2", already_gone=True),
    ]
    assert all(outcome.succeeded for outcome in outcomes)


def test_a_refusal_keeps_netsuite_s_message_and_code_and_the_others_go_on(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    def respond(seen: Seen) -> Reply:
        if seen.path.endswith("inv-2"):
            return error(400, "USER_ERROR", DEPENDANTS)
        return Reply(204)

    fake_netsuite.responder = respond

    outcomes = gateway_for().remove_invoices(["invd-1-inv-1", "invd-1-inv-2", "invd-1-inv-3"])

    assert outcomes == [
        RemovalOutcome("invd-1-inv-1"),
        RemovalOutcome(
            "invd-1-inv-2",
            problem=NetSuiteProblem(
                "This record cannot be deleted because it has dependent records.", "USER_ERROR"
            ),
        ),
        RemovalOutcome("invd-1-inv-3"),
    ]


def test_deletes_go_concurrently_but_never_beyond_the_limit_and_once_per_record(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.responder = lambda seen: Reply(204, delay=0.02)
    external_ids = [f"invd-1-pay-{n}" for n in range(12)]

    outcomes = gateway_for(limit=3).remove_payments([*external_ids, external_ids[0]])

    assert [outcome.external_id for outcome in outcomes] == [*external_ids, external_ids[0]]
    assert len(deletes(fake_netsuite)) == 12
    assert 1 < fake_netsuite.highest_in_flight <= 3


def test_a_delete_whose_answer_was_lost_is_sent_again_and_its_404_means_done(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    # The first DELETE went through but the connection dropped before the answer.
    fake_netsuite.reply(Reply(drop=True), error(404, "NONEXISTENT_ID", "The record instance does not exist."))

    (outcome,) = gateway_for().remove_invoices(["invd-1-inv-9"])

    assert outcome == RemovalOutcome("invd-1-inv-9", already_gone=True)
    assert len(deletes(fake_netsuite)) == 2


def test_run_level_failures_are_raised_not_reported_per_record(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(error(401, "INVALID_LOGIN", "Invalid login attempt."))
    with pytest.raises(NetSuiteAuthError):
        gateway_for().remove_payments(["invd-1-pay-1"])


def test_a_404_that_is_not_netsuites_is_no_proof_the_record_is_gone(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    # Someone else's 404 (a proxy, a wrong path): that record's problem, never "already gone".
    fake_netsuite.reply(Reply(404, "<html>Not Found</html>", {"Content-Type": "text/html"}))

    (outcome,) = gateway_for().remove_payments(["invd-1-pay-1"])

    assert not outcome.succeeded and not outcome.already_gone
    assert outcome.problem is not None and "not a NetSuite error" in outcome.problem.message


def test_a_failure_mid_batch_stops_sending(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    lock = threading.Lock()
    sent = 0

    def respond(seen: Seen) -> Reply:
        nonlocal sent
        with lock:
            sent += 1
        return error(401, "INVALID_LOGIN", "Invalid login attempt.")

    fake_netsuite.responder = respond

    with pytest.raises(NetSuiteAuthError):
        gateway_for(limit=2).remove_invoices([f"invd-1-inv-{n}" for n in range(20)])
    assert sent < 20


def test_nothing_to_remove_sends_nothing(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    gateway = gateway_for()
    assert gateway.remove_invoices([]) == [] and gateway.remove_payments([]) == []
    assert fake_netsuite.requests == []
