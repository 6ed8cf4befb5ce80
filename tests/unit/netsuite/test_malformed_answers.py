"""An answer that is not what the API promises is a clear NetSuiteBadResponse, never a crash or a skip."""

from __future__ import annotations

import pytest

from application.errors import NetSuiteBadResponse
from tests.unit.netsuite.conftest import GatewayFor
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply, page


def test_an_html_page_instead_of_a_suiteql_page(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(
        Reply(200, "<html><head><title>Maintenance</title></head></html>", {"Content-Type": "text/html"})
    )

    with pytest.raises(NetSuiteBadResponse) as raised:
        gateway_for().currencies()

    assert "not JSON" in str(raised.value) and "Maintenance" in str(raised.value)


def test_truncated_json(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(200, '{"links": [], "count": 2, "hasMore": false, "items": [{"id": "1", "sym'))

    with pytest.raises(NetSuiteBadResponse, match="not JSON"):
        gateway_for().currencies()


def test_a_page_without_items_or_has_more(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(200, {"count": 0, "links": []}))

    with pytest.raises(NetSuiteBadResponse, match="'items' and 'hasMore'"):
        gateway_for().currencies()


def test_a_row_missing_a_column_the_gateway_needs(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(page([{"symbol": "USD"}]))

    with pytest.raises(NetSuiteBadResponse, match="'id' is missing"):
        gateway_for().currencies()


def test_a_row_with_a_malformed_amount(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(
        page(
            [
                {
                    "id": "7",
                    "entity": "3",
                    "currency": "USD",
                    "trandate": "2026-01-02",
                    "foreigntotal": "12,50",
                    "status": "CustInvc:A",
                }
            ]
        ),
        page([]),
    )

    with pytest.raises(NetSuiteBadResponse, match="'foreigntotal' is not a number"):
        list(gateway_for().open_invoices())


def test_a_row_with_a_date_in_the_display_format(
    fake_netsuite: FakeNetSuite, gateway_for: GatewayFor
) -> None:
    fake_netsuite.reply(
        page(
            [
                {
                    "id": "7",
                    "entity": "3",
                    "currency": "USD",
                    "trandate": "5/27/2025",
                    "foreigntotal": "5",
                    "status": "CustInvc:A",
                }
            ]
        ),
        page([]),
    )

    with pytest.raises(NetSuiteBadResponse, match="YYYY-MM-DD"):
        list(gateway_for().open_invoices())


def test_server_time_without_server_time(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(200, {"time": "now"}))

    with pytest.raises(NetSuiteBadResponse, match="serverTime"):
        gateway_for().server_time()


def test_governance_limits_without_a_limit(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(200, {"integrationLimitType": "internal"}))

    with pytest.raises(NetSuiteBadResponse, match="concurrency limit"):
        gateway_for().concurrency_limit()


def test_a_redirect_is_not_followed(fake_netsuite: FakeNetSuite, gateway_for: GatewayFor) -> None:
    fake_netsuite.reply(Reply(302, "", {"Location": "https://login.netsuite.com/"}))

    with pytest.raises(NetSuiteBadResponse, match=r"redirect.*login\.netsuite\.com"):
        gateway_for().server_time()
    assert len(fake_netsuite.requests) == 1
