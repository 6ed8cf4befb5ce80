"""SuiteQL reads page by offset within a window and by key across windows (NetSuite caps offsets at
100,000 rows), with literals quoted so a name cannot break out of its string."""

from __future__ import annotations

import re

import pytest

from adapters.netsuite import SuiteQLPaging
from adapters.netsuite.suiteql import sql_string
from tests.unit.netsuite.conftest import GatewayFor
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply, Seen, page


def customers_table(count: int):  # type: ignore[no-untyped-def]
    """A responder serving `count` customers for keyset queries, honouring `id > n`, limit and offset."""

    def respond(seen: Seen) -> Reply:
        after = int(re.search(r"c\.id > (\d+)", seen.suiteql).group(1))  # type: ignore[union-attr]
        limit, offset = int(seen.param("limit") or 1000), int(seen.param("offset") or 0)
        ids = [number for number in range(1, count + 1) if number > after]
        chunk = ids[offset : offset + limit]
        rows = [
            {"id": str(number), "companyname": f"Customer {number}", "isperson": "F", "isinactive": "F"}
            for number in chunk
        ]
        return page(rows, has_more=offset + limit < len(ids))

    return respond


def test_2500_rows_take_three_pages(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.responder = customers_table(2500)

    found = list(gateway_for().customers())

    assert [customer.internal_id for customer in found] == [str(number) for number in range(1, 2501)]
    assert [(seen.param("limit"), seen.param("offset")) for seen in fake_netsuite.requests] == [
        ("1000", "0"),
        ("1000", "1000"),
        ("1000", "2000"),
    ]
    assert all(seen.headers.get("prefer") == "transient" for seen in fake_netsuite.requests)


def test_past_the_window_the_next_page_is_read_by_key(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.responder = customers_table(11)
    gateway = gateway_for(paging=SuiteQLPaging(page_size=2, rows_per_window=4))

    found = list(gateway.customers())

    assert len(found) == 11
    windows = [
        (re.search(r"c\.id > (\d+)", seen.suiteql).group(1), seen.param("offset"))  # type: ignore[union-attr]
        for seen in fake_netsuite.requests
    ]
    assert windows == [("0", "0"), ("0", "2"), ("4", "0"), ("4", "2"), ("8", "0"), ("8", "2")]
    assert all("ORDER BY c.id" in seen.suiteql for seen in fake_netsuite.requests)


def test_an_empty_result_is_one_request(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(page([]))

    assert list(gateway_for().customers()) == []
    assert len(fake_netsuite.requests) == 1


def test_inactive_customers_are_left_out_unless_asked_for(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(page([]), page([]))
    gateway = gateway_for()

    list(gateway.customers())
    list(gateway.customers(include_inactive=True))

    first, second = fake_netsuite.queries()
    assert "c.isinactive = 'F'" in first
    assert "isinactive = 'F'" not in second


def test_rows_past_100000_by_offset_are_refused_not_silently_cut(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.responder = lambda seen: page([{"id": "1", "symbol": "USD"}], has_more=True)
    gateway = gateway_for(paging=SuiteQLPaging(page_size=1000))

    from application.errors import NetSuiteBadResponse

    with pytest.raises(NetSuiteBadResponse, match="100,000"):
        gateway.currencies()
    assert len(fake_netsuite.requests) == 100


def test_string_literals_double_their_quotes() -> None:
    assert sql_string("O'Brien's") == "'O''Brien''s'"


def test_customers_are_looked_up_by_name_in_batches_of_500_names(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    names = [f"Customer {number}" for number in range(1200)] + ["  o'brien   LTD "]
    fake_netsuite.responder = lambda seen: page([])

    gateway_for().customers_named(names)

    queries = fake_netsuite.queries()
    assert len(queries) == 3
    assert "'O''BRIEN LTD'" in "".join(queries)
    assert all(query.count("', '") <= 2 * 499 + 1 for query in queries)


def test_only_customers_whose_name_matches_are_returned(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(
        page(
            [
                {"id": "1", "companyname": "Acme  Corp", "altname": "Acme  Corp", "isperson": "F"},
                {
                    "id": "2",
                    "companyname": "ACME CORP",
                    "altname": "ACME CORP",
                    "isperson": "F",
                    "entityid": "C2",
                },
                {"id": "3", "altname": "Jane Doe", "firstname": "Jane", "lastname": "Doe", "isperson": "T"},
                {"id": "4", "companyname": "Acme Corporation", "altname": "Acme Corp", "isperson": "F"},
            ]
        )
    )

    found = gateway_for().customers_named(["acme corp", "jane doe"])

    assert sorted(customer.internal_id for customer in found) == ["1", "2", "3"]
    assert "c.isinactive = 'F'" in fake_netsuite.queries()[0]


def test_no_names_no_request(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    assert gateway_for().customers_named(["", "  "]) == []
    assert fake_netsuite.requests == []


def test_customers_by_ids_batch_and_ignore_ids_no_record_can_have(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.responder = lambda seen: page([])

    gateway_for().customers_by_ids([str(number) for number in range(1, 1502)] + ["x1", "2"])

    queries = fake_netsuite.queries()
    assert len(queries) == 2
    assert "c.id IN (1, 2, 3," in queries[0] and "x1" not in "".join(queries)
