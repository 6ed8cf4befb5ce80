"""SuiteQL: the rewrite to SQLite, and the rows NetSuite's way (strings, user dates, no NULLs)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netsuite_sandbox.errors import NetSuiteError
from netsuite_sandbox.records import RECORD_TYPES, Body, RecordContext
from netsuite_sandbox.seeds import CONSULTING, apply_seed
from netsuite_sandbox.store import Store
from netsuite_sandbox.suiteql import QueryPage, run_query
from netsuite_sandbox.suiteql_rewrite import UnsupportedQuery, rewrite, table_aliases


def test_transaction_is_quoted_because_sqlite_reserves_it() -> None:
    sql = rewrite(
        "SELECT t.recordtype, tl.* FROM transaction t JOIN transactionLine tl "
        "ON tl.transaction = t.id WHERE t.memo = 'a transaction'"
    )

    assert sql == (
        'SELECT t.recordtype, tl.* FROM "transaction" t JOIN transactionLine tl '
        "ON tl.\"transaction\" = t.id WHERE t.memo = 'a transaction'"
    )


def test_builtin_status_functions_use_the_same_table_alias() -> None:
    assert rewrite("SELECT BUILTIN.DF(NT.Status) s, BUILTIN.CF(status) c FROM transaction NT") == (
        'SELECT ns_status_display(NT.type, NT.Status) s, ns_status_code(type, status) c FROM "transaction" NT'
    )


def test_builtin_df_of_a_reference_looks_up_the_name() -> None:
    assert "FROM currency ns_cu WHERE ns_cu.id = t.currency" in rewrite(
        "SELECT BUILTIN.DF(t.currency) FROM transaction t"
    )


def test_oracle_functions_are_renamed_and_fetch_first_becomes_limit() -> None:
    sql = rewrite(
        "SELECT NVL(memo, 'x'), TO_CHAR(trandate, 'YYYY-MM-DD') FROM transaction "
        "WHERE lastmodifieddate >= TO_TIMESTAMP('2025-01-01 10:00:00', "
        "'YYYY-MM-DD HH24:MI:SS') AND trandate < SYSDATE FETCH FIRST 10 ROWS ONLY"
    )

    assert "ifnull(memo, 'x')" in sql
    assert "ns_to_char(ns_calendar_day(trandate), 'YYYY-MM-DD')" in sql
    assert "ns_wall_clock(lastmodifieddate) >= ns_to_datetime(" in sql
    assert "ns_to_datetime('2025-01-01 10:00:00'" in sql
    assert "ns_sysdate()" in sql
    assert sql.endswith("LIMIT 10")


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM customer",
        "UPDATE customer SET email = 'x'",
        "SELECT 1; DELETE FROM customer",
        "PRAGMA table_info(customer)",
        "SELECT BUILTIN.CONSOLIDATE(x) FROM transaction",
    ],
)
def test_anything_but_one_select_is_refused(query: str) -> None:
    with pytest.raises(UnsupportedQuery):
        rewrite(query)


def test_available_identifiers_name_aliases_and_tables() -> None:
    assert table_aliases("SELECT x FROM transaction t INNER JOIN customer ON x = y") == {
        "t": "transaction",
        "customer": "customer",
    }


@pytest.fixture
def store() -> Store:
    store = Store()
    apply_seed(store, "empty")
    with store.write() as connection:
        ctx = RecordContext(connection, "")
        customer = RECORD_TYPES["customer"].create(
            ctx, Body({"companyName": "Finbox", "subsidiary": {"id": "1"}, "externalId": "C-1"})
        )
        RECORD_TYPES["customer"].create(ctx, Body({"companyName": "No Ext", "subsidiary": "1"}))
        invoice = RECORD_TYPES["invoice"].create(
            ctx,
            Body(
                {
                    "entity": {"id": str(customer)},
                    "tranDate": "2025-05-27",
                    "externalId": "INV-1",
                    "item": {"items": [{"item": {"id": str(CONSULTING)}, "quantity": 2, "rate": 50}]},
                }
            ),
        )
        RECORD_TYPES["customerpayment"].create(
            ctx,
            Body(
                {
                    "customer": str(customer),
                    "account": {"id": "1"},
                    "tranDate": "2025-05-28",
                    "apply": {
                        "items": [{"doc": {"id": str(invoice)}, "apply": True, "amount": Decimal("4.5")}]
                    },
                }
            ),
        )
    return store


def query(
    store: Store, q: str, params: list[object] | None = None, limit: int = 1000, offset: int = 0
) -> QueryPage:
    return run_query(store, q, params or [], limit, offset)


def test_rows_are_strings_with_lower_case_keys_and_without_null_columns(store: Store) -> None:
    page = query(
        store,
        "SELECT customer.id AS internalId, customer.companyName AS name, "
        "customer.externalId FROM customer ORDER BY id",
    )

    assert [item for item in page.items] == [
        {"links": [], "internalid": "301", "name": "Finbox", "externalid": "C-1"},
        {"links": [], "internalid": "302", "name": "No Ext"},
    ]


def test_invoice_lines_carry_negative_quantity_and_amount(store: Store) -> None:
    page = query(
        store,
        "SELECT t.recordtype, tl.* FROM transaction t INNER JOIN transactionLine "
        "tl ON tl.transaction = t.id WHERE mainline <> 'T' AND t.externalid IN "
        "('INV-1')",
    )

    (line,) = page.items
    assert (line["quantity"], line["foreignamount"], line["rate"]) == ("-2", "-100", "50")
    assert (line["recordtype"], line["mainline"], line["itemtype"]) == ("invoice", "F", "Service")


def test_payment_lookup_as_recorded_reads_display_status_and_user_dates(store: Store) -> None:
    page = query(
        store,
        (
            "SELECT DISTINCT NTLL.PreviousDoc transaction, NT.ID ID, NT.ID internalId, NT.externalId, "
            "NT.tranid, NT.transactionNumber, NT.account account, NT.TranDate, NT.Type, "
            "BUILTIN.DF(NT.Status) status, NT.ForeignTotal amount, currency, exchangeRate "
            "FROM NextTransactionLineLink AS NTLL INNER JOIN Transaction AS NT ON (NT.ID = NTLL.NextDoc) "
            "WHERE NT.recordtype = 'customerpayment'"
        ),
    )

    (row,) = page.items
    assert row["status"] == "Payment : Deposited"
    assert row["trandate"] == "5/28/2025"
    assert (row["amount"], row["type"], row["transactionnumber"]) == ("4.5", "CustPymt", "CUSTPYMT1")


def test_status_codes_filter_and_amounts_follow_payments(store: Store) -> None:
    page = query(
        store,
        "SELECT id, foreignamountremaining, BUILTIN.DF(status) s FROM transaction "
        "WHERE BUILTIN.CF(status) = 'CustInvc:A'",
    )

    assert [(row["foreignamountremaining"], row["s"]) for row in page.items] == [("95.5", "Invoice : Open")]


def test_to_char_and_to_date_compare_dates_and_datetimes(store: Store) -> None:
    page = query(
        store,
        "SELECT TO_CHAR(trandate, 'YYYY-MM-DD') d FROM transaction "
        "WHERE trandate >= TO_DATE('2025-05-28', 'YYYY-MM-DD') AND "
        "lastmodifieddate > TO_TIMESTAMP('2000-01-01 00:00:00', "
        "'YYYY-MM-DD HH24:MI:SS')",
    )

    assert page.items == [{"links": [], "d": "2025-05-28"}]


def test_bind_parameters_are_supported(store: Store) -> None:
    page = query(store, "SELECT companyname FROM customer WHERE externalid = ?", ["C-1"])

    assert page.items == [{"links": [], "companyname": "Finbox"}]


def test_pages_report_total_and_has_more(store: Store) -> None:
    page = query(store, "SELECT id FROM transactionline ORDER BY uniquekey", limit=1, offset=1)

    assert (page.total_results, page.offset, page.has_more, len(page.items)) == (3, 1, True, 1)


def errors_for(store: Store, q: str) -> NetSuiteError:
    with pytest.raises(NetSuiteError) as caught:
        query(store, q)
    assert (caught.value.code, caught.value.query_param) == ("INVALID_PARAMETER", "q")
    return caught.value


def test_unknown_columns_and_tables_are_worded_as_netsuite_words_them(store: Store) -> None:
    assert errors_for(store, "SELECT not_existing_field FROM customer").detail == (
        "Invalid search query. Detailed unprocessed description follows. Search error occurred: "
        "Unknown identifier 'not_existing_field'. Available identifiers are: {customer=customer}."
    )
    assert errors_for(store, "SELECT id FROM employee").detail == (
        "Invalid search query. Detailed unprocessed description follows. Invalid search type: employee."
    )


def test_writes_are_refused_even_when_smuggled_into_a_select(store: Store) -> None:
    errors_for(store, "DELETE FROM customer")
    errors_for(store, "SELECT * FROM sqlite_master")

    assert query(store, "SELECT COUNT(*) n FROM customer").items[0]["n"] == "2"


def test_unaliased_expressions_are_named_expr_n(store: Store) -> None:
    row = query(store, "SELECT COUNT(*), id, MAX(id) + 1 FROM customer").items[0]

    assert list(row) == ["links", "expr1", "id", "expr2"]
