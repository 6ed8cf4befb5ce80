"""Batch writes: one PUT per record by external id, within the concurrency limit, refusals per record."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest

from application.errors import NetSuiteAuthError, NetSuiteUnavailable
from domain.netsuite import (
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    NetSuiteProblem,
    PaymentApplicationRecord,
    PaymentRecord,
    UpsertOutcome,
)
from tests.unit.netsuite.conftest import GatewayFor
from tests.unit.netsuite.fake_netsuite import SUITEQL, FakeNetSuite, Reply, Seen, error, page, written

RECORD = "/services/rest/record/v1"
CURRENCIES = page([{"id": "1", "symbol": "USD"}, {"id": "4", "symbol": "EUR"}])


def invoice(number: int, **changes: object) -> InvoiceRecord:
    values: dict[str, object] = dict(
        external_id=f"invd-1-inv-{number}",
        customer_internal_id="313",
        tran_id=f"INV-{number:05d}",
        date=date(2026, 1, 5),
        due_date=date(2026, 2, 4),
        currency="usd",
        lines=(InvoiceLineRecord("215", "Consulting", Decimal("3"), Decimal("33.333")),),
        memo="Thanks",
        subsidiary_id=None,
    )
    values.update(changes)
    return InvoiceRecord(**values)  # type: ignore[arg-type]


def payment(number: int, **changes: object) -> PaymentRecord:
    values: dict[str, object] = dict(
        external_id=f"invd-1-pay-{number}",
        customer_internal_id="313",
        date=date(2026, 1, 9),
        currency="USD",
        amount=Decimal("150.005"),
        applications=(
            PaymentApplicationRecord("8935", Decimal("100.004")),
            PaymentApplicationRecord("8936", Decimal("50")),
        ),
        reference="CHK-1",
        memo=None,
        deposit_account_id=None,
    )
    values.update(changes)
    return PaymentRecord(**values)  # type: ignore[arg-type]


def customer(number: int, **changes: object) -> CustomerRecord:
    values: dict[str, object] = dict(
        external_id=f"invd-1-cus-{number}",
        name="Acme Corp",
        account_number=f"CUST-{number:04d}",
        email="ap@acme.example",
        is_person=False,
        currency="usd",
        subsidiary_id=None,
    )
    values.update(changes)
    return CustomerRecord(**values)  # type: ignore[arg-type]


def puts(fake: FakeNetSuite) -> list[Seen]:
    return [seen for seen in fake.requests if seen.method == "PUT"]


def test_an_invoice_is_put_by_external_id_with_its_lines_replacing_the_old_ones(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES, written("invoice", 9001))

    outcomes = gateway_for().upsert_invoices([invoice(7)])

    assert outcomes == [UpsertOutcome("invd-1-inv-7", internal_id="9001")]
    (sent,) = puts(fake_netsuite)
    assert sent.path == f"{RECORD}/invoice/eid:invd-1-inv-7"
    assert sent.param("replace") == "item"
    assert sent.headers["content-type"] == "application/json"
    assert sent.body == (
        b'{"externalId":"invd-1-inv-7","entity":{"id":"313"},"tranId":"INV-00007","tranDate":"2026-01-05",'
        b'"currency":{"id":"1"},"item":{"items":[{"item":{"id":"215"},"description":"Consulting",'
        b'"quantity":3,"rate":33.333,"amount":100.00}]},"dueDate":"2026-02-04","memo":"Thanks"}'
    )


def test_a_payment_body_applies_to_its_invoices_in_undeposited_funds(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES, written("customerpayment", 19943), written("customerpayment", 19944))

    outcomes = gateway_for(limit=1).upsert_payments(
        [payment(1), payment(2, deposit_account_id="1", reference=None, memo="wire", currency="eur")]
    )

    assert [outcome.internal_id for outcome in outcomes] == ["19943", "19944"]
    first, second = (seen.json() for seen in puts(fake_netsuite))
    assert puts(fake_netsuite)[0].path == f"{RECORD}/customerPayment/eid:invd-1-pay-1"
    assert first == {
        "externalId": "invd-1-pay-1",
        "customer": {"id": "313"},
        "tranDate": "2026-01-09",
        "currency": {"id": "1"},
        "payment": 150.01,
        "autoApply": False,
        "apply": {
            "items": [
                {"doc": {"id": "8935"}, "apply": True, "amount": 100.00},
                {"doc": {"id": "8936"}, "apply": True, "amount": 50.00},
            ]
        },
        "undepFunds": {"id": "T"},
        "checkNumber": "CHK-1",
    }
    assert b'"payment":150.01' in puts(fake_netsuite)[0].body
    assert second["account"] == {"id": "1"} and second["undepFunds"] == {"id": "F"}
    assert second["currency"] == {"id": "4"} and second["memo"] == "wire" and "checkNumber" not in second


def test_currencies_are_read_once_per_gateway(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(CURRENCIES)
    fake_netsuite.responder = lambda seen: written("invoice", 1)
    gateway = gateway_for()

    gateway.upsert_invoices([invoice(1), invoice(2)])
    gateway.upsert_payments([payment(1)])

    assert len([query for query in fake_netsuite.queries() if "FROM currency" in query]) == 1


def test_an_unknown_currency_is_a_problem_for_that_record_only(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES, written("invoice", 5))

    outcomes = gateway_for().upsert_invoices([invoice(1, currency="jpy"), invoice(2)])

    assert outcomes[0].problem is not None and "JPY" in outcomes[0].problem.message
    assert outcomes[0].problem.path == "currency" and not outcomes[0].succeeded
    assert outcomes[1] == UpsertOutcome("invd-1-inv-2", internal_id="5")
    assert [seen.path.rsplit(":", 1)[1] for seen in puts(fake_netsuite)] == ["invd-1-inv-2"]


def test_a_refused_record_reports_netsuites_message_code_and_path_and_the_others_go_on(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    def respond(seen: Seen) -> Reply:
        if seen.path == SUITEQL:
            return CURRENCIES
        if seen.path.endswith("inv-2"):
            return error(
                400,
                "INVALID_CONTENT",
                "Error while accessing a resource. You have entered an Invalid "
                "Field Value 215 for the following field: item",
                "item.items[0].item",
            )
        return written("invoice", seen.path.rsplit("-", 1)[1])

    fake_netsuite.responder = respond

    outcomes = gateway_for().upsert_invoices([invoice(1), invoice(2), invoice(3)])

    assert outcomes == [
        UpsertOutcome("invd-1-inv-1", internal_id="1"),
        UpsertOutcome(
            "invd-1-inv-2",
            problem=NetSuiteProblem(
                "You have entered an Invalid Field Value 215 for the following field: item",
                "INVALID_CONTENT",
                "item.items[0].item",
            ),
        ),
        UpsertOutcome("invd-1-inv-3", internal_id="3"),
    ]


def test_a_write_without_location_is_found_by_external_id_in_one_query(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    def respond(seen: Seen) -> Reply:
        if seen.path == SUITEQL:
            if "FROM currency" in seen.suiteql:
                return CURRENCIES
            return page(
                [{"id": "71", "externalid": "invd-1-inv-1"}, {"id": "72", "externalid": "invd-1-inv-2"}]
            )
        return Reply(204)

    fake_netsuite.responder = respond

    outcomes = gateway_for().upsert_invoices([invoice(1), invoice(2), invoice(3)])

    assert [outcome.internal_id for outcome in outcomes] == ["71", "72", None]
    assert outcomes[2].problem is not None and "invd-1-inv-3" in outcomes[2].problem.message
    lookups = [query for query in fake_netsuite.queries() if "externalid IN" in query]
    assert len(lookups) == 1
    assert "t.type = 'CustInvc'" in lookups[0]
    assert "'invd-1-inv-1', 'invd-1-inv-2', 'invd-1-inv-3'" in lookups[0]


def test_credentials_refused_mid_batch_raise_out_of_it(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES)
    fake_netsuite.responder = lambda seen: error(401, "INVALID_LOGIN", "Invalid login attempt.")

    with pytest.raises(NetSuiteAuthError):
        gateway_for(limit=2).upsert_invoices([invoice(number) for number in range(10)])
    assert len(puts(fake_netsuite)) < 10


def test_netsuite_down_mid_batch_raises_out_of_it(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES)
    fake_netsuite.responder = lambda seen: Reply(503, "<html>Service Unavailable</html>")

    with pytest.raises(NetSuiteUnavailable, match="HTTP 503"):
        gateway_for(limit=1).upsert_invoices([invoice(n) for n in range(1, 6)])
    assert len(puts(fake_netsuite)) == 3 * 5  # three records' attempts in a row, then the batch stops


def test_one_record_failing_on_every_try_on_a_one_slot_account_is_that_records_problem(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    def respond(seen: Seen) -> Reply:
        if seen.path == SUITEQL:
            return CURRENCIES
        if seen.path.endswith("inv-1"):
            return Reply(500, "<html>Internal Server Error</html>", {"Content-Type": "text/html"})
        return written("invoice", seen.path.rsplit("-", 1)[1])

    fake_netsuite.responder = respond

    outcomes = gateway_for(limit=1).upsert_invoices([invoice(1), invoice(2)])

    assert not outcomes[0].succeeded and outcomes[1].internal_id == "2"


def test_a_batch_fans_out_but_never_beyond_the_limit(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES)
    fake_netsuite.responder = lambda seen: Reply(204, None, {"Location": f"{RECORD}/invoice/1"}, delay=0.02)

    outcomes = gateway_for(limit=3).upsert_invoices([invoice(number) for number in range(12)])

    assert all(outcome.succeeded for outcome in outcomes)
    assert fake_netsuite.highest_in_flight == 3


def test_a_customer_gets_the_first_active_subsidiary_from_one_cached_query(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES, page([{"id": "3"}, {"id": "5"}]))
    fake_netsuite.responder = lambda seen: written("customer", 41)
    gateway = gateway_for()

    gateway.upsert_customers([customer(1)])
    gateway.upsert_customers([customer(2), customer(3, subsidiary_id="9")])

    bodies = [seen.json() for seen in puts(fake_netsuite)]
    assert bodies[0] == {
        "externalId": "invd-1-cus-1",
        "entityId": "CUST-0001",
        "isPerson": False,
        "companyName": "Acme Corp",
        "email": "ap@acme.example",
        "currency": {"id": "1"},
        "subsidiary": {"id": "3"},
    }
    # The second batch's two PUTs run side by side, so their order is not fixed.
    assert {body["externalId"]: body["subsidiary"] for body in bodies} == {
        "invd-1-cus-1": {"id": "3"},
        "invd-1-cus-2": {"id": "3"},
        "invd-1-cus-3": {"id": "9"},
    }
    subsidiary_queries = [query for query in fake_netsuite.queries() if "FROM subsidiary" in query]
    assert len(subsidiary_queries) == 1 and "isinactive = 'F'" in subsidiary_queries[0]


def test_a_person_is_written_with_first_and_last_name(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(page([{"id": "1"}]), written("customer", 42), written("customer", 43))

    gateway_for(limit=1).upsert_customers(
        [
            customer(1, is_person=True, name="Ada King Lovelace", currency=None, email=None),
            customer(2, is_person=True, name="Cher", currency=None, email=None),
        ]
    )

    first, second = (seen.json() for seen in puts(fake_netsuite))
    assert first["isPerson"] is True and (first["firstName"], first["lastName"]) == ("Ada King", "Lovelace")
    assert "companyName" not in first and "currency" not in first and "email" not in first
    assert second["firstName"] == "Cher" and "lastName" not in second


def test_without_subsidiaries_a_customer_is_sent_without_one(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(
        error(
            400,
            "INVALID_PARAMETER",
            "Invalid search query. Detailed unprocessed description follows. "
            "Invalid search type: subsidiary.",
        ),
        written("customer", 42),
    )

    outcomes = gateway_for().upsert_customers([customer(1, currency=None)])

    assert outcomes[0].internal_id == "42"
    assert "subsidiary" not in puts(fake_netsuite)[0].json()


def test_the_same_record_twice_in_a_batch_is_sent_once(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES)
    fake_netsuite.responder = lambda seen: written("invoice", 77)

    outcomes = gateway_for().upsert_invoices([invoice(1), invoice(1, memo="changed")])

    assert [outcome.internal_id for outcome in outcomes] == ["77", "77"]
    assert len(puts(fake_netsuite)) == 1 and puts(fake_netsuite)[0].json()["memo"] == "changed"


def test_an_empty_batch_sends_nothing(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    gateway = gateway_for()

    assert gateway.upsert_invoices([]) == [] and gateway.upsert_customers([]) == []
    assert fake_netsuite.requests == []


def test_a_dropped_write_is_resent_to_the_same_external_id(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(CURRENCIES, Reply(drop=True), written("invoice", 12))

    outcomes = gateway_for().upsert_invoices([invoice(1)])

    assert outcomes[0].internal_id == "12"
    assert [seen.path for seen in puts(fake_netsuite)] == [f"{RECORD}/invoice/eid:invd-1-inv-1"] * 2


def test_records_netsuite_cannot_take_are_their_own_problems_and_the_others_are_written(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    poison = {
        "inv-2": Reply(500, "<html>Internal Server Error</html>", {"Content-Type": "text/html"}),
        "inv-4": Reply(413, "<html>Request Entity Too Large</html>", {"Content-Type": "text/html"}),
        "inv-6": Reply(400, ""),
    }

    def respond(seen: Seen) -> Reply:
        if seen.path == SUITEQL:
            return CURRENCIES
        number = seen.path.rsplit("-", 1)[1]
        return poison.get(f"inv-{number}") or written("invoice", 100 + int(number))

    fake_netsuite.responder = respond

    outcomes = gateway_for(limit=3).upsert_invoices([invoice(number) for number in range(1, 9)])

    written_ids = {o.external_id: o.internal_id for o in outcomes if o.succeeded}
    assert written_ids == {f"invd-1-inv-{n}": str(100 + n) for n in (1, 3, 5, 7, 8)}
    problems = {o.external_id: o.problem.message for o in outcomes if o.problem is not None}
    assert set(problems) == {"invd-1-inv-2", "invd-1-inv-4", "invd-1-inv-6"}
    assert "HTTP 500" in problems["invd-1-inv-2"] and "HTTP 413" in problems["invd-1-inv-4"]
    assert "empty body" in problems["invd-1-inv-6"]


def test_an_outage_mid_batch_raises_carrying_every_answer_that_arrived(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    lock = threading.Lock()
    accepted: set[str] = set()

    def respond(seen: Seen) -> Reply:
        if seen.path == SUITEQL:
            return CURRENCIES
        number = seen.path.rsplit("-", 1)[1]
        with lock:
            if len(accepted) >= 4:
                return Reply(503, "<html>Service Unavailable</html>")
            accepted.add(number)
        return written("invoice", number)

    fake_netsuite.responder = respond

    with pytest.raises(NetSuiteUnavailable) as raised:
        gateway_for(limit=2).upsert_invoices([invoice(number) for number in range(1, 21)])

    arrived = {o.external_id: o.internal_id for o in raised.value.arrived if isinstance(o, UpsertOutcome)}
    assert len(accepted) == 4
    assert {k: v for k, v in arrived.items() if v} == {f"invd-1-inv-{n}": n for n in accepted}
    assert len(puts(fake_netsuite)) < 20 * 5  # the batch stopped sending once NetSuite looked down


def test_a_location_naming_another_record_is_not_trusted(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    # NetSuite's answer names record 500 for all three, but each carries our external id elsewhere.
    def respond(seen: Seen) -> Reply:
        if seen.path == SUITEQL:
            if "FROM currency" in seen.suiteql:
                return CURRENCIES
            return page([{"id": str(70 + n), "externalid": f"invd-1-inv-{n}"} for n in (1, 2)])
        return written("invoice", 500)

    fake_netsuite.responder = respond
    fake_netsuite.answers_lookups = False

    outcomes = gateway_for().upsert_invoices([invoice(1), invoice(2), invoice(3)])

    assert [o.internal_id for o in outcomes] == ["71", "72", None]
    assert outcomes[2].problem is not None and "no invoice has the external id invd-1-inv-3" in (
        outcomes[2].problem.message
    )
    assert len([q for q in fake_netsuite.queries() if "externalid IN" in q]) == 1  # one look-up for all


def test_a_record_netsuite_kept_failing_is_marked_as_passing_trouble(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.responder = lambda seen: (
        CURRENCIES
        if seen.path == SUITEQL
        else Reply(500, "<html>Error</html>", {"Content-Type": "text/html"})
    )

    (outcome,) = gateway_for(limit=2).upsert_invoices([invoice(1)])

    assert outcome.problem is not None and outcome.problem.passing  # nothing to correct on the record
