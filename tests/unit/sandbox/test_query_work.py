"""The sandbox's own cost: a query runs once for all its pages, and a request does the same work
in an account of a few hundred records as in one of many thousands (counted in SQLite's work, not
timed), so a benchmark of the service measures the service."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from netsuite_sandbox.api import ApiRequest, NetSuiteApi
from netsuite_sandbox.preferences import UserPreferences
from netsuite_sandbox.records import RECORD_TYPES, Body, RecordContext
from netsuite_sandbox.seeds import CONSULTING, apply_seed
from netsuite_sandbox.store import Store
from netsuite_sandbox.suiteql import QueryPage, run_query

SMALL, LARGE = 300, 6000
OPEN_INVOICES = (
    "SELECT t.id, t.tranid, t.foreigntotal, BUILTIN.CF(t.status) AS status, "
    "TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodified "
    "FROM transaction t LEFT JOIN currency cu ON cu.id = t.currency "
    "WHERE (t.type = 'CustInvc') AND (BUILTIN.CF(t.status) = 'CustInvc:A') AND t.id > 0 ORDER BY t.id"
)


@dataclass
class Work:
    statements: int = 0
    steps: int = 0  # SQLite virtual-machine instructions, in hundreds: rows visited and compared


@contextmanager
def counted(store: Store) -> Iterator[Work]:
    """Count the statements SQLite runs and the work it does while the block runs."""
    work = Work()

    def statement(_: str) -> None:
        work.statements += 1

    def step() -> int:
        work.steps += 1
        return 0

    store.connection.set_trace_callback(statement)
    store.connection.set_progress_handler(step, 100)
    try:
        yield work
    finally:
        store.connection.set_trace_callback(None)
        store.connection.set_progress_handler(None, 0)


def bulk_store(count: int) -> Store:
    store = Store()
    apply_seed(store, f"bulk:{count}")
    return store


@pytest.fixture(scope="module")
def large() -> Store:
    return bulk_store(LARGE)


def pages(store: Store, query: str, limit: int = 1000) -> list[QueryPage]:
    read = [run_query(store, query, [], limit, 0)]
    while read[-1].has_more:
        read.append(run_query(store, query, [], limit, read[-1].offset + limit))
    return read


def test_every_page_after_the_first_is_served_without_running_the_query_again(large: Store) -> None:
    large.result_sets.clear()
    with counted(large) as first:
        run_query(large, OPEN_INVOICES, [], 1000, 0)
    with counted(large) as later:
        for offset in range(1000, LARGE, 1000):
            run_query(large, OPEN_INVOICES, [], 1000, offset)

    assert first.statements == 1 and first.steps > 100
    assert later.statements == 0 and later.steps == 0


def test_pages_read_from_one_run_are_the_pages_of_running_the_query_for_each(large: Store) -> None:
    large.result_sets.clear()
    kept = pages(large, OPEN_INVOICES, limit=700)
    rerun = []
    for page in kept:
        large.result_sets.clear()  # as if nothing were kept: the query runs again for this page
        rerun.append(run_query(large, OPEN_INVOICES, [], 700, page.offset))

    assert kept == rerun
    assert [(p.offset, len(p.items), p.has_more, p.total_results) for p in kept][-2:] == [
        (4900, 700, True, LARGE),
        (5600, 400, False, LARGE),
    ]
    assert len({item["id"] for page in kept for item in page.items}) == LARGE


def test_a_write_between_pages_is_seen_as_a_new_run_of_the_query_would_see_it() -> None:
    store = bulk_store(30)
    query = "SELECT c.id, c.companyname FROM customer c ORDER BY c.id"
    first = run_query(store, query, [], 10, 0)
    with store.write() as connection:
        connection.execute("DELETE FROM customeraddressbook")  # touches no row: same pages
    assert run_query(store, query, [], 10, 0) == first
    with store.write() as connection:
        RECORD_TYPES["customer"].create(
            RecordContext(connection, ""), Body({"companyName": "Aardvark Late", "subsidiary": "1"})
        )

    last = run_query(store, query, [], 10, 30)

    assert (last.total_results, last.has_more) == (31, False)
    assert last.items[-1]["companyname"] == "Aardvark Late"
    assert store.result_sets.runs == 2


def test_a_query_reading_the_clock_is_not_answered_from_another_second() -> None:
    store = bulk_store(1)
    store.clock.pin(datetime(2026, 12, 3, 18, 0, 0, tzinfo=UTC))
    query = "SELECT TO_CHAR(CURRENT_TIMESTAMP, 'YYYY-MM-DD HH24:MI:SS') AS now FROM DUAL"
    before = run_query(store, query, [], 1000, 0).items
    store.clock.advance(timedelta(seconds=1))

    after = run_query(store, query, [], 1000, 0).items

    assert before == [{"links": [], "now": "2026-12-03 10:00:00"}]
    assert after == [{"links": [], "now": "2026-12-03 10:00:01"}]


def test_changed_since_reads_the_same_rows_through_the_index_in_the_zone_furthest_ahead() -> None:
    store = bulk_store(50)
    store.preferences = UserPreferences("Pacific/Kiritimati", "YYYY-MM-DD")  # UTC+14
    with store.write() as connection:
        connection.execute("UPDATE \"transaction\" SET lastmodifieddate = '2026-01-01 00:00:00'")
        connection.execute(
            "UPDATE \"transaction\" SET lastmodifieddate = '2026-12-03 10:00:00' WHERE id IN "
            '(SELECT id FROM "transaction" ORDER BY id LIMIT 2)'
        )
        connection.execute(
            "UPDATE \"transaction\" SET lastmodifieddate = '2026-12-03 09:59:59' WHERE id IN "
            '(SELECT id FROM "transaction" ORDER BY id LIMIT 1 OFFSET 2)'
        )
    since = "TO_TIMESTAMP('2026-12-04 00:00:00', 'YYYY-MM-DD HH24:MI:SS')"  # 10:00 UTC on that wall clock
    at_or_after = f"SELECT t.id FROM transaction t WHERE t.lastmodifieddate >= {since} ORDER BY t.id"
    after = f"SELECT t.id FROM transaction t WHERE t.lastmodifieddate > {since} ORDER BY t.id"
    plan = store.connection.execute(
        "EXPLAIN QUERY PLAN " + _sqlite(store, at_or_after.replace("t.id FROM", "t.id, 1 FROM"))
    ).fetchall()

    assert len(run_query(store, at_or_after, [], 1000, 0).items) == 2
    assert run_query(store, after, [], 1000, 0).items == []
    assert any("transaction_lastmodified" in str(tuple(row)) for row in plan)


def _sqlite(store: Store, query: str) -> str:
    from netsuite_sandbox.suiteql import register_functions
    from netsuite_sandbox.suiteql_rewrite import rewrite

    register_functions(store.connection, store.preferences)
    return rewrite(query)


# ---- one request's work, in a small account and a large one --------------------------------


def put_invoice(external_id: str, customer_id: int) -> Callable[[NetSuiteApi], Any]:
    body = {
        "entity": {"id": str(customer_id)},
        "tranDate": "2026-12-01",
        "item": {"items": [{"item": {"id": str(CONSULTING)}, "quantity": 3, "rate": 125.5}]},
    }

    def send(api: NetSuiteApi) -> Any:
        return api.handle(
            ApiRequest(
                "PUT",
                f"/services/rest/record/v1/invoice/eid:{external_id}",
                {"replace": ["item"]},
                {"content-type": "application/json"},
                json.dumps(body).encode(),
                "http://sandbox",
            )
        )

    return send


def suiteql(query: str) -> Callable[[NetSuiteApi], Any]:
    def send(api: NetSuiteApi) -> Any:
        return api.handle(
            ApiRequest(
                "POST",
                "/services/rest/query/v1/suiteql",
                {"limit": ["1000"], "offset": ["0"]},
                {"prefer": "transient"},
                json.dumps({"q": query}).encode(),
                "http://sandbox",
            )
        )

    return send


REQUESTS = {
    "upsert a new invoice": lambda: put_invoice("invd-1-invoice-new", 301),
    "upsert it again": lambda: put_invoice("invd-1-invoice-new", 301),
    "look up invoices by external id": lambda: suiteql(
        "SELECT t.id, t.externalid FROM transaction t WHERE t.type = 'CustInvc' "
        "AND t.externalid IN ('invd-1-invoice-new', 'invd-1-invoice-none')"
    ),
    "look up customers by name": lambda: suiteql(
        "SELECT c.id, c.companyname FROM customer c WHERE c.isinactive = 'F' AND "
        "(UPPER(TRIM(c.companyname)) IN ('BULK CUSTOMER 000301') OR UPPER(TRIM(c.altname)) IN "
        "('BULK CUSTOMER 000301')) ORDER BY c.id"
    ),
    "read what changed since the last sync": lambda: suiteql(
        OPEN_INVOICES.replace(
            "AND t.id > 0",
            "AND (t.lastmodifieddate >= TO_TIMESTAMP('2099-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS')) "
            "AND t.id > 0",
        )
    ),
}


@pytest.mark.parametrize("name", list(REQUESTS))
def test_a_request_costs_the_same_in_a_large_account_as_in_a_small_one(name: str) -> None:
    def work(count: int) -> tuple[int, int]:
        store = bulk_store(count)
        api = NetSuiteApi(store, concurrency_limit=5)
        if name == "upsert it again":
            put_invoice("invd-1-invoice-new", 301)(api)
        with counted(store) as done:
            reply = REQUESTS[name]()(api)
        assert reply.status in (200, 204), reply.body
        return done.statements, done.steps

    small_statements, small_steps = work(SMALL)
    large_statements, large_steps = work(LARGE)

    # Twenty times the records; the same statements and within a few hundred VM steps of the same work.
    assert large_statements == small_statements
    assert large_steps <= small_steps * 1.2 + 5, (small_steps, large_steps)
