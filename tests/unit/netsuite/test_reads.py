"""NetSuite's SuiteQL rows become the sync's values: invoices with lines, payments with applications."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from adapters.netsuite.gateway import suiteql_offset_between
from application.errors import NetSuiteBadResponse
from domain.netsuite import (
    NetSuiteCurrency,
    NetSuiteInvoiceLine,
    NetSuiteInvoiceStatus,
    NetSuiteItem,
    NetSuitePaymentApplication,
)
from tests.unit.netsuite.conftest import GatewayFor
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply, error, page

INVOICE_ROW = {
    "id": "8938",
    "tranid": "INV-1001",
    "entity": "313",
    "currency": "USD",
    "trandate": "2026-01-05",
    "duedate": "2026-02-04",
    "foreigntotal": "100",
    "foreignamountunpaid": "60",
    "status": "CustInvc:A",
    "voided": "F",
    "externalid": "EXT-1",
    "memo": "January",
    "lastmodified": "2026-01-06 10:11:12",
}
# Recorded shape: quantity and amount negative on invoice lines, rate positive.
LINE_ROW = {
    "transaction": "8938",
    "id": "1",
    "linesequencenumber": "1",
    "item": "215",
    "memo": "Product 1",
    "quantity": "-2",
    "rate": "50",
    "foreignamount": "-100",
}


def test_open_invoices_come_with_their_lines_signs_flipped(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(
        page([INVOICE_ROW, {**INVOICE_ROW, "id": "8940", "externalid": None}]), page([LINE_ROW])
    )

    invoices = list(gateway_for().open_invoices())

    first, second = invoices
    assert first.internal_id == "8938" and first.tran_id == "INV-1001" and first.customer_internal_id == "313"
    assert (first.currency, first.date, first.due_date) == ("usd", date(2026, 1, 5), date(2026, 2, 4))
    assert (first.total, first.amount_remaining, first.status) == (
        Decimal("100"),
        Decimal("60"),
        NetSuiteInvoiceStatus.OPEN,
    )
    assert first.lines == (
        NetSuiteInvoiceLine("215", "Product 1", Decimal("2"), Decimal("50"), Decimal("100")),
    )
    assert first.external_id == "EXT-1" and first.memo == "January"
    assert first.last_modified == datetime(2026, 1, 6, 10, 11, 12, tzinfo=UTC)
    assert second.lines == () and second.external_id is None


def test_one_lines_query_per_page_of_invoices(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(page([INVOICE_ROW, {**INVOICE_ROW, "id": "8940"}]), page([LINE_ROW]))

    list(gateway_for().open_invoices())

    header_query, lines_query = fake_netsuite.queries()
    assert "t.type = 'CustInvc'" in header_query and "BUILTIN.CF(t.status) = 'CustInvc:A'" in header_query
    assert "TO_CHAR(t.trandate, 'YYYY-MM-DD')" in header_query
    assert "tl.transaction IN (8938, 8940)" in lines_query
    # Tax lines come too, told apart by what NetSuite says they are (taxline, itemtype).
    assert "tl.mainline = 'F'" in lines_query and "tl.taxline" in lines_query and "tl.itemtype" in lines_query


def test_invoice_statuses(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(
        page(
            [
                {**INVOICE_ROW, "id": "1", "status": "CustInvc:B", "foreignamountunpaid": "0"},
                {**INVOICE_ROW, "id": "2", "status": "CustInvc:A", "voided": "T"},
                {**INVOICE_ROW, "id": "3", "status": "CustInvc:D"},
            ]
        ),
        page([]),
    )

    found = gateway_for().invoices_by_ids(["1", "2", "3"])

    assert [invoice.status for invoice in found] == [
        NetSuiteInvoiceStatus.PAID_IN_FULL,
        NetSuiteInvoiceStatus.VOIDED,
        NetSuiteInvoiceStatus.OTHER,
    ]
    assert "t.id IN (1, 2, 3)" in fake_netsuite.queries()[0]


def test_invoices_by_no_ids_make_no_request(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    assert gateway_for().invoices_by_ids([]) == []
    assert fake_netsuite.requests == []


PAYMENT_ROW = {
    "id": "19943",
    "tranid": "48",
    "externalid": "EXT-TEST-3200",
    "entity": "313",
    "currency": "USD",
    "trandate": "2025-05-27",
    "foreigntotal": "15",
    "otherrefnum": "CHK-9",
    "memo": "thanks",
    "voided": "F",
    "lastmodified": "2025-05-27 08:00:00",
}


def test_payments_come_with_their_applications_in_one_more_query(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(
        page(
            [
                PAYMENT_ROW,
                {**PAYMENT_ROW, "id": "19950", "voided": "T", "foreigntotal": "0", "otherrefnum": None},
            ]
        ),
        page(
            [
                {"nextdoc": "19943", "previousdoc": "8935", "foreignamount": "5"},
                {"nextdoc": "19943", "previousdoc": "8936", "foreignamount": "7.50"},
                {"nextdoc": "19943", "previousdoc": "8936", "foreignamount": "2.50"},
            ]
        ),
    )

    payments = list(gateway_for().payments_modified_since(datetime(2025, 5, 1, 12, 30, tzinfo=UTC)))

    first, voided = payments
    assert (first.internal_id, first.customer_internal_id, first.currency) == ("19943", "313", "usd")
    assert (first.date, first.amount, first.reference, first.memo) == (
        date(2025, 5, 27),
        Decimal("15"),
        "CHK-9",
        "thanks",
    )
    assert first.applications == (
        NetSuitePaymentApplication("8935", Decimal("5")),
        NetSuitePaymentApplication("8936", Decimal("10.00")),
    )
    assert not first.voided
    assert voided.voided and voided.applications == () and voided.amount == Decimal("0")
    header_query, links_query = fake_netsuite.queries()
    assert "t.type IN ('CustPymt', 'CustCred')" in header_query  # credit memos ride along
    assert (
        "t.lastmodifieddate >= TO_TIMESTAMP('2025-05-01 12:30:00', 'YYYY-MM-DD HH24:MI:SS')" in header_query
    )
    assert "NextTransactionLineLink" in links_query and "l.nextdoc IN (19943, 19950)" in links_query


def test_payments_since_a_local_time_filter_in_utc(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    from datetime import timedelta, timezone

    fake_netsuite.reply(page([]))

    list(
        gateway_for().payments_modified_since(
            datetime(2025, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
        )
    )

    assert "TO_TIMESTAMP('2025-05-01 12:30:00'" in fake_netsuite.queries()[0]


def test_all_payments_when_no_watermark(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(page([]))

    list(gateway_for().payments_modified_since(None))

    assert "lastmodifieddate" not in fake_netsuite.queries()[0].split("WHERE", 1)[1]


def test_customers_companies_and_persons(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(
        page(
            [
                {
                    "id": "107",
                    "entityid": "C-1",
                    "companyname": "Central Carolina Ac Co",
                    "isperson": "F",
                    "email": "ap@ccac.example",
                    "currency": "USD",
                    "isinactive": "F",
                    "lastmodified": "2025-02-20 00:00:00",
                },
                {
                    "id": "108",
                    "entityid": "C-2",
                    "firstname": "Ada",
                    "lastname": "Lovelace",
                    "altname": "Ada Lovelace",
                    "isperson": "T",
                    "externalid": "invd-1-cus-3",
                    "isinactive": "T",
                },
            ]
        )
    )

    company, person = gateway_for().customers(include_inactive=True)

    assert (company.internal_id, company.name, company.entity_id, company.email, company.currency) == (
        "107",
        "Central Carolina Ac Co",
        "C-1",
        "ap@ccac.example",
        "usd",
    )
    assert not company.is_person and not company.inactive
    assert (person.name, person.is_person, person.inactive, person.external_id) == (
        "Ada Lovelace",
        True,
        True,
        "invd-1-cus-3",
    )


def test_currencies_and_items(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(
        page([{"id": "1", "symbol": "USD"}, {"id": "4", "symbol": "EUR"}]),
        page([{"id": "215", "itemid": "Product 11", "itemtype": "NonInvtPart"}]),
    )
    gateway = gateway_for()

    assert gateway.currencies() == [NetSuiteCurrency("1", "usd"), NetSuiteCurrency("4", "eur")]
    assert gateway.items() == [NetSuiteItem("215", "Product 11", "NonInvtPart")]
    assert "i.isinactive = 'F'" in fake_netsuite.queries()[1]


def test_server_time_is_timezone_aware_utc(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(200, {"serverTime": "2025-03-26T16:21:00.000Z"}))

    assert gateway_for().server_time() == datetime(2025, 3, 26, 16, 21, tzinfo=UTC)


def test_the_concurrency_limit_prefers_the_integrations_own(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(
        Reply(
            200,
            {
                "accountConcurrencyLimit": 15,
                "accountUnallocatedConcurrencyLimit": 10,
                "integrationConcurrencyLimit": 4,
                "integrationLimitType": "integrationSpecific",
            },
        ),
        Reply(
            200,
            {
                "accountConcurrencyLimit": 15,
                "accountUnallocatedConcurrencyLimit": 10,
                "integrationLimitType": "accountLimit",
            },
        ),
        Reply(200, {"accountConcurrencyLimit": 5}),
    )
    gateway = gateway_for()

    assert [gateway.concurrency_limit() for _ in range(3)] == [4, 10, 5]
    assert fake_netsuite.requests[0].path == "/services/rest/system/v1/governanceLimits"


def test_no_concurrency_limit_when_the_role_may_not_read_it(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(error(403, "INSUFFICIENT_PERMISSION", "Permission Violation: you need admin."))

    assert gateway_for().concurrency_limit() is None


def test_suiteql_clock_is_measured_against_server_time_to_the_quarter_hour() -> None:
    utc_now = datetime(2026, 3, 8, 10, 0, 7, tzinfo=UTC)

    assert suiteql_offset_between(datetime(2026, 3, 8, 3, 0, 9), utc_now) == timedelta(hours=-7)
    assert suiteql_offset_between(datetime(2026, 3, 8, 15, 45, 5), utc_now) == timedelta(hours=5, minutes=45)
    assert suiteql_offset_between(datetime(2026, 3, 9, 0, 0, 7), utc_now) == timedelta(hours=14)


def test_a_suiteql_clock_no_time_zone_could_show_is_a_bad_answer() -> None:
    with pytest.raises(NetSuiteBadResponse, match="no time zone"):
        suiteql_offset_between(datetime(2026, 3, 9, 3, 0), datetime(2026, 3, 8, 10, 0, tzinfo=UTC))
