"""Every kind of malformed NetSuite answer we know of, against the real gateway over loopback: each ends
as a clear NetSuite error (or, for a batch write, that record's problem), never a crash, a hang or a
silent skip. One answer per case, repeated for every request (retries included)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from adapters.netsuite import RestNetSuiteGateway
from application.errors import NetSuiteError
from domain.netsuite import InvoiceLineRecord, InvoiceRecord
from tests.unit.netsuite.conftest import GatewayFor
from tests.unit.netsuite.fake_netsuite import SUITEQL, FakeNetSuite, Reply, Seen, page

CURRENCIES = page([{"id": "1", "symbol": "USD"}])
HTML = {"Content-Type": "text/html"}
ERROR_TYPE = {"Content-Type": "application/vnd.oracle.resource+json; type=error"}


def raw(head: str, body: bytes = b"") -> Reply:
    return Reply(raw=head.replace("\n", "\r\n").encode() + body)


def invoice_row(**changes: Any) -> dict[str, Any]:
    row = {
        "id": "7",
        "entity": "3",
        "currency": "USD",
        "trandate": "2026-01-02",
        "foreigntotal": "12.50",
        "status": "CustInvc:A",
    }
    return row | changes


def deeply_nested(depth: int) -> str:
    return '{"items": ' + "[" * depth + "]" * depth + ', "hasMore": false}'


# -- the calls ---------------------------------------------------------------------------------


def read_currencies(gateway: RestNetSuiteGateway) -> object:
    return gateway.currencies()


def read_server_time(gateway: RestNetSuiteGateway) -> object:
    return gateway.server_time()


def read_open_invoices(gateway: RestNetSuiteGateway) -> object:
    return list(gateway.open_invoices())


def read_limit(gateway: RestNetSuiteGateway) -> object:
    return gateway.concurrency_limit()


def write_invoice(gateway: RestNetSuiteGateway) -> object:
    record = InvoiceRecord(
        external_id="invd-1-inv-1",
        customer_internal_id="3",
        tran_id="INV-00001",
        date=date(2026, 1, 5),
        due_date=date(2026, 2, 4),
        currency="usd",
        lines=(InvoiceLineRecord("215", "Consulting", Decimal("1"), Decimal("10")),),
    )
    return gateway.upsert_invoices([record])


def remove_invoice(gateway: RestNetSuiteGateway) -> object:
    return gateway.remove_invoices(["invd-1-inv-1"])


@dataclass(frozen=True)
class Kind:
    name: str
    call: Callable[[RestNetSuiteGateway], object]
    answer: Reply
    rows: list[Reply] | None = None  # SuiteQL answers before the bad one (invoice lines, say)

    def __str__(self) -> str:
        return self.name


KINDS = [
    # SuiteQL pages that are not pages
    Kind("html maintenance page", read_currencies, Reply(200, "<html><body>Maintenance</body></html>", HTML)),
    Kind("empty 200 body", read_currencies, Reply(200, "")),
    Kind("truncated json", read_currencies, Reply(200, '{"items": [{"id": "1", "sym')),
    Kind("json array instead of a page", read_currencies, Reply(200, [1, 2, 3])),
    Kind("json string instead of a page", read_currencies, Reply(200, '"ok"')),
    Kind("json null", read_currencies, Reply(200, "null")),
    Kind("page without items or hasMore", read_currencies, Reply(200, {"count": 0})),
    Kind("items is a string", read_currencies, Reply(200, {"items": "none", "hasMore": False})),
    Kind("items are strings", read_currencies, Reply(200, {"items": ["USD"], "hasMore": False})),
    Kind("hasMore is not a boolean", read_currencies, Reply(200, {"items": [], "hasMore": "no"})),
    Kind("row without its id", read_currencies, page([{"symbol": "USD"}])),
    Kind("row id is an object", read_currencies, page([{"id": {"value": 1}, "symbol": "USD"}])),
    Kind("json nested 100000 deep", read_currencies, Reply(200, deeply_nested(100_000))),
    Kind("NaN constant", read_currencies, Reply(200, '{"items": [{"id": NaN}], "hasMore": false}')),
    Kind("body not utf-8", read_currencies, Reply(200, b'{"items": [{"id": "\xff\xfe"}], "hasMore": fals')),
    Kind("byte order mark", read_currencies, Reply(200, '\ufeff{"items": [], "hasMore": false}')),
    Kind(
        "xml body", read_currencies, Reply(200, "<?xml version='1.0'?><items/>", {"Content-Type": "text/xml"})
    ),
    Kind("204 to a query", read_currencies, Reply(204)),
    Kind("duplicate keys with a bad last value", read_currencies, Reply(200, '{"items": [], "hasMore": 3}')),
    # broken on the wire
    Kind(
        "bad gzip",
        read_currencies,
        raw("HTTP/1.1 200 OK\nContent-Encoding: gzip\nContent-Length: 5\n\n", b"hello"),
    ),
    Kind(
        "bad deflate",
        read_currencies,
        raw("HTTP/1.1 200 OK\nContent-Encoding: deflate\nContent-Length: 5\n\n", b"hello"),
    ),
    Kind(
        "body shorter than its length", read_currencies, raw("HTTP/1.1 200 OK\nContent-Length: 50\n\n", b"{}")
    ),
    Kind(
        "broken chunked encoding",
        read_currencies,
        raw("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n", b"zz\r\n{}\r\n"),
    ),
    Kind("broken status line", read_currencies, raw("HTTQ/9 two hundred\n\n")),
    Kind("header too long", read_currencies, raw("HTTP/1.1 200 OK\nX-Pad: " + "a" * 70_000 + "\n\n")),
    Kind("connection closed without an answer", read_currencies, Reply(drop=True)),
    # error answers that are not NetSuite's
    Kind("400 html", read_currencies, Reply(400, "<html>Bad Request</html>", HTML)),
    Kind("400 json that is not an error", read_currencies, Reply(400, {"foo": 1})),
    Kind("400 errorDetails not a list", read_currencies, Reply(400, {"o:errorDetails": "bad"}, ERROR_TYPE)),
    Kind("400 errorDetails of strings", read_currencies, Reply(400, {"o:errorDetails": ["bad"]}, ERROR_TYPE)),
    Kind("404 empty body", read_currencies, Reply(404, "")),
    Kind("413 html", read_currencies, Reply(413, "<html>Request Entity Too Large</html>", HTML)),
    Kind("401 html", read_currencies, Reply(401, "<html>Unauthorized</html>", HTML)),
    Kind(
        "403 netsuite error",
        read_currencies,
        Reply(403, {"o:errorDetails": [{"detail": "No", "o:errorCode": "INSUFFICIENT_PERMISSION"}]}),
    ),
    Kind("500 html every time", read_currencies, Reply(500, "<html>Internal Server Error</html>", HTML)),
    Kind("503 empty every time", read_currencies, Reply(503, "")),
    Kind(
        "429 with a retry-after that is not a time", read_currencies, Reply(429, "", {"Retry-After": "soon"})
    ),
    Kind("429 with a negative retry-after", read_currencies, Reply(429, "", {"Retry-After": "-5"})),
    Kind("302 to a login page", read_currencies, Reply(302, "", {"Location": "https://login.example/"})),
    Kind("302 without a location", read_currencies, Reply(302, "")),
    # serverTime
    Kind("serverTime missing", read_server_time, Reply(200, {"time": "now"})),
    Kind("serverTime not a date", read_server_time, Reply(200, {"serverTime": "yesterday"})),
    Kind("serverTime a number", read_server_time, Reply(200, {"serverTime": 1767258000})),
    Kind("serverTime in a list", read_server_time, Reply(200, [{"serverTime": "2026-01-15T09:00:00Z"}])),
    # governance limits
    Kind("limit given as text", read_limit, Reply(200, {"accountConcurrencyLimit": "5"})),
    Kind("negative limit", read_limit, Reply(200, {"accountConcurrencyLimit": -1})),
    Kind("limit a boolean", read_limit, Reply(200, {"accountConcurrencyLimit": True})),
    # invoice rows
    Kind("amount with a comma", read_open_invoices, page([invoice_row(foreigntotal="12,50")])),
    Kind(
        "amount of a million digits' exponent",
        read_open_invoices,
        page([invoice_row(foreigntotal="1e999999")]),
    ),
    Kind("amount infinity", read_open_invoices, page([invoice_row(foreigntotal="Infinity")])),
    Kind("amount as an object", read_open_invoices, page([invoice_row(foreigntotal={"value": "1"})])),
    Kind("date that does not exist", read_open_invoices, page([invoice_row(trandate="2026-13-45")])),
    Kind("date in the display format", read_open_invoices, page([invoice_row(trandate="5/27/2025")])),
    Kind("customer id not a number", read_open_invoices, page([invoice_row(entity="Acme")])),
    # batch writes: that record's problem
    Kind("write answered 500 html every time", write_invoice, Reply(500, "<html>Error</html>", HTML)),
    Kind("write answered 413 html", write_invoice, Reply(413, "<html>Too Large</html>", HTML)),
    Kind("write answered 400 empty", write_invoice, Reply(400, "")),
    Kind("write answered 200 html without location", write_invoice, Reply(200, "<html>ok</html>", HTML)),
    Kind(
        "write answered with a location that is not a url",
        write_invoice,
        Reply(204, None, {"Location": "::garbage::"}),
    ),
    Kind("delete answered 404 html", remove_invoice, Reply(404, "<html>Not Found</html>", HTML)),
    Kind("delete answered 500 html every time", remove_invoice, Reply(500, "<html>Error</html>", HTML)),
]


def test_the_suite_covers_at_least_forty_kinds() -> None:
    assert len({kind.name for kind in KINDS}) == len(KINDS) >= 40


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_malformed_answer_is_a_clear_netsuite_error(
    kind: Kind, fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    writes = kind.call in (write_invoice, remove_invoice)

    def respond(seen: Seen) -> Reply:
        if writes and seen.path == SUITEQL:
            return CURRENCIES if "FROM currency" in seen.suiteql else page([])
        if kind.call is read_open_invoices and seen.path == SUITEQL and "transactionline" in seen.suiteql:
            return page([])
        return kind.answer

    fake_netsuite.responder = respond
    gateway = gateway_for(limit=1)

    try:
        result = kind.call(gateway)
    except NetSuiteError as error:
        message = str(error)
        assert message.strip() and "Traceback" not in message
        assert len(message) < 1200  # an excerpt of the answer, never all of it
        return
    # Reads must not come back as if nothing were wrong; a batch write reports that record's problem.
    assert writes, f"{kind} was read as {result!r}"
    (outcome,) = result  # type: ignore[misc]
    assert outcome.problem is not None and outcome.problem.message.strip()
    assert not outcome.succeeded
