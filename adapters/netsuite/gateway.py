"""The NetSuite gateway over SuiteTalk REST: SuiteQL reads page by page; upserts and deletes by
external id."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from adapters.netsuite import credit_memos, customers, invoices, payments
from adapters.netsuite.batch_writes import AsyncBatchUpserter, BatchPolling
from adapters.netsuite.problems import excerpt, unknown_currency
from adapters.netsuite.reference_data import (
    ACTIVE_ITEMS,
    CURRENCIES_QUERY,
    SUBSIDIARIES_QUERY,
    currency_from_row,
    item_from_row,
)
from adapters.netsuite.removals import BatchRemover
from adapters.netsuite.suiteql import (
    MAX_IN_LIST,
    SUITEQL_NOW,
    Row,
    SuiteQL,
    SuiteQLPaging,
    chunks,
    internal_ids,
    to_timestamp,
)
from adapters.netsuite.transport import NetSuiteTransport
from adapters.netsuite.upserts import BatchUpserter, PreparedUpsert
from application.errors import NetSuiteBadResponse, NetSuiteRejected
from domain.netsuite import (
    CreditMemoRecord,
    CustomerRecord,
    InvoiceRecord,
    NetSuiteCreditMemo,
    NetSuiteCurrency,
    NetSuiteCustomer,
    NetSuiteInvoice,
    NetSuiteItem,
    NetSuitePayment,
    PaymentRecord,
    RemovalOutcome,
    UpsertOutcome,
)
from domain.policies.drift import NetSuiteInvoiceAmounts, NetSuitePaymentAmounts
from domain.records import RecordKind

logger = logging.getLogger("adapters.netsuite")

SERVER_TIME_PATH = "/services/rest/system/v1/serverTime"
# A serverTime reading this recent stands for "now" when SuiteQL's clock is measured against it.
SERVER_TIME_FRESH_SECONDS = 300
QUARTER_HOUR = 15 * 60
# UTC-12 to UTC+14 are the zones in use; anything further off is not a time zone.
LARGEST_OFFSET = timedelta(hours=14)
GOVERNANCE_LIMITS_PATH = "/services/rest/system/v1/governanceLimits"
NAMES_PER_QUERY = 500
WRITE_MODE_SYNC = "sync"
WRITE_MODE_BATCH = "batch"


def suiteql_offset_between(wall: datetime, utc_now: datetime) -> timedelta:
    """The offset of a SuiteQL wall-clock reading from UTC at the same moment, to the quarter hour."""
    seconds = (wall - utc_now.astimezone(UTC).replace(tzinfo=None)).total_seconds()
    offset = timedelta(seconds=round(seconds / QUARTER_HOUR) * QUARTER_HOUR)
    if abs(offset) > LARGEST_OFFSET:
        raise NetSuiteBadResponse(
            f"NetSuite's SuiteQL clock reads {wall:%Y-%m-%d %H:%M:%S} while its serverTime reads "
            f"{utc_now:%Y-%m-%d %H:%M:%S} UTC: that is no time zone's offset."
        )
    return offset


class RestNetSuiteGateway:
    """One NetSuite account (see the NetSuiteGateway port). Build it with RestNetSuiteGatewayFactory."""

    def __init__(
        self,
        transport: NetSuiteTransport,
        *,
        concurrency_limit: int,
        paging: SuiteQLPaging | None = None,
        suiteql_offset: timedelta | None = None,
        write_mode: str = "sync",
        batch_polling: BatchPolling | None = None,
    ) -> None:
        """`write_mode` "batch" sends upserts as asynchronous batch jobs; "sync" (the default) one
        PUT per record. Either way each record gets its own outcome."""
        self._transport = transport
        self._suiteql = SuiteQL(transport, paging, self.suiteql_offset)
        # How far SuiteQL's clock runs ahead of UTC: measured once per gateway (one sync run), or given.
        self._offset = suiteql_offset
        self._offset_lock = threading.RLock()
        self._server_time_seen: tuple[datetime, float] | None = None
        self._upserter: BatchUpserter
        if write_mode == WRITE_MODE_BATCH:
            self._upserter = AsyncBatchUpserter(transport, self._suiteql, polling=batch_polling)
        elif write_mode == WRITE_MODE_SYNC:
            self._upserter = BatchUpserter(transport, self._suiteql, max_workers=concurrency_limit)
        else:
            raise ValueError(f"The NetSuite write mode is sync or batch, not {write_mode!r}.")
        self._remover = BatchRemover(transport, max_workers=concurrency_limit)
        self._cache_lock = threading.Lock()
        self._currency_ids: dict[str, str] | None = None
        self._default_subsidiary: tuple[str | None] | None = None
        # Credit memos met on the payments' pages, by the (since, not_ours) they were read with.
        self._credit_memos_read: dict[tuple[datetime | None, str | None], list[tuple[Row, list[Any]]]] = {}

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- account ------------------------------------------------------------------------------

    def server_time(self) -> datetime:
        answer = self._transport.send("GET", SERVER_TIME_PATH)
        body = answer.json("the server time")
        value = body.get("serverTime") if isinstance(body, dict) else None
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None:
            raise NetSuiteBadResponse(
                f"NetSuite's serverTime answer has no ISO 8601 'serverTime': {excerpt(answer.text)}."
            )
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        self._server_time_seen = (moment, time.monotonic())
        return moment

    def suiteql_offset(self) -> timedelta:
        """How far SuiteQL's wall clock (the integration user's Time Zone preference) runs ahead of
        UTC: SuiteQL's CURRENT_TIMESTAMP against serverTime, to the quarter hour (every zone's offset
        is a multiple of 15 minutes). One query, once per gateway, after the run's serverTime."""
        with self._offset_lock:
            if self._offset is None:
                self._offset = self._measure_suiteql_offset()
            return self._offset

    def _measure_suiteql_offset(self) -> timedelta:
        row = next(iter(self._suiteql.rows(SUITEQL_NOW, name="SuiteQL clock")), None)
        text = row.text("now") if row is not None else None
        try:
            wall = datetime.fromisoformat(text) if text is not None else None
        except ValueError:
            wall = None
        if wall is None or wall.tzinfo is not None:
            raise NetSuiteBadResponse(
                f"NetSuite's SuiteQL clock did not answer with a 'YYYY-MM-DD HH24:MI:SS' time: {text!r}."
            )
        seen = self._server_time_seen
        if seen is None or time.monotonic() - seen[1] > SERVER_TIME_FRESH_SECONDS:
            self.server_time()
            seen = self._server_time_seen
        assert seen is not None
        utc_now = seen[0] + timedelta(seconds=time.monotonic() - seen[1])
        return suiteql_offset_between(wall, utc_now)

    def concurrency_limit(self) -> int | None:
        """This integration's own limit, else the share of integrations without one (the account's
        unallocated limit), else the account's; None when the role may not read governance limits."""
        try:
            answer = self._transport.send("GET", GOVERNANCE_LIMITS_PATH)
        except NetSuiteRejected as refusal:
            logger.info(
                "netsuite governance limits not readable status=%s code=%s", refusal.status, refusal.code
            )
            return None
        body = answer.json("the governance limits")
        if not isinstance(body, dict):
            body = {}
        for key in (
            "integrationConcurrencyLimit",
            "accountUnallocatedConcurrencyLimit",
            "accountConcurrencyLimit",
        ):
            value = body.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
        raise NetSuiteBadResponse(
            f"NetSuite's governanceLimits answer has no concurrency limit: {excerpt(answer.text)}."
        )

    def suiteql_rows(self, query: str) -> Iterator[dict[str, str]]:
        """Any SuiteQL query's rows as NetSuite sends them (for diagnostics; not part of the port)."""
        for row in self._suiteql.rows(query, name="SuiteQL"):
            yield {column: value for column in row.as_dict() if (value := row.text(column)) is not None}

    # -- reads --------------------------------------------------------------------------------

    def currencies(self) -> list[NetSuiteCurrency]:
        found = [currency_from_row(row) for row in self._suiteql.rows(CURRENCIES_QUERY, name="currencies")]
        with self._cache_lock:
            self._currency_ids = {currency.code: currency.internal_id for currency in found}
        return found

    def items(self) -> list[NetSuiteItem]:
        return [item_from_row(row) for rows in self._suiteql.keyset_pages(ACTIVE_ITEMS) for row in rows]

    def customers(self, *, include_inactive: bool = False) -> Iterator[NetSuiteCustomer]:
        for rows in self._suiteql.keyset_pages(customers.all_customers(include_inactive=include_inactive)):
            yield from (customers.customer_from_row(row) for row in rows)

    def customers_named(self, names: Collection[str]) -> list[NetSuiteCustomer]:
        wanted = {customers.comparable_name(name) for name in names if name and name.strip()}
        upper_names = sorted({" ".join(name.split()).upper() for name in names if name and name.strip()})
        found: dict[str, NetSuiteCustomer] = {}
        for batch in chunks(upper_names, NAMES_PER_QUERY):
            for row in self._suiteql.rows(customers.customers_named(batch), name="customers by name"):
                customer = customers.customer_from_row(row)
                # SuiteQL matched on upper case; the name rule also folds spaces and case the Python way.
                if customers.comparable_name(customer.name) in wanted:
                    found[customer.internal_id] = customer
        return list(found.values())

    def customers_by_ids(self, internal_ids_: Collection[str]) -> list[NetSuiteCustomer]:
        found: list[NetSuiteCustomer] = []
        for batch in chunks(internal_ids(internal_ids_), MAX_IN_LIST):
            rows = self._suiteql.rows(customers.customers_by_ids(batch), name="customers by id")
            found.extend(customers.customer_from_row(row) for row in rows)
        return found

    def open_invoices(
        self,
        modified_since: datetime | None = None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuiteInvoice]:
        since = self._on_suiteql_clock(modified_since, since_offset)
        for rows in self._suiteql.keyset_pages(invoices.open_invoices(since, not_ours)):
            yield from self._invoices_with_lines(rows)

    def invoices_by_ids(self, internal_ids_: Collection[str]) -> list[NetSuiteInvoice]:
        found: list[NetSuiteInvoice] = []
        for batch in chunks(internal_ids(internal_ids_), MAX_IN_LIST):
            rows = list(self._suiteql.rows(invoices.invoices_by_ids(batch), name="invoices by id"))
            found.extend(self._invoices_with_lines(rows))
        return found

    def invoice_amounts(self, internal_ids_: Collection[str]) -> list[NetSuiteInvoiceAmounts]:
        found: list[NetSuiteInvoiceAmounts] = []
        for batch in chunks(internal_ids(internal_ids_), MAX_IN_LIST):
            rows = self._suiteql.rows(invoices.amounts_by_ids(batch), name="invoice amounts")
            found.extend(invoices.amounts_from_row(row) for row in rows)
        return found

    def payment_amounts(self, internal_ids_: Collection[str]) -> list[NetSuitePaymentAmounts]:
        found: list[NetSuitePaymentAmounts] = []
        for batch in chunks(internal_ids(internal_ids_), MAX_IN_LIST):
            rows = self._suiteql.rows(payments.amounts_by_ids(batch), name="payment amounts")
            found.extend(payments.amounts_from_rows(rows))
        return found

    def _invoices_with_lines(self, rows: Sequence[Row]) -> Iterable[NetSuiteInvoice]:
        """One lines query for a whole page of invoices, never one per invoice."""
        if not rows:
            return []
        ids = [int(row.required("id")) for row in rows]
        line_rows = self._suiteql.rows(invoices.lines_of(ids), name="invoice lines")
        lines = invoices.group_lines(line_rows)
        return [invoices.invoice_from_row(row, lines.get(row.required("id"), ())) for row in rows]

    def payments_modified_since(
        self,
        since: datetime | None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuitePayment]:
        memos: list[tuple[Row, list[Any]]] = []
        wall = self._on_suiteql_clock(since, since_offset)
        for rows in self._suiteql.keyset_pages(payments.payments_modified_since(wall, not_ours)):
            ids = [int(row.required("id")) for row in rows]
            link_rows = self._suiteql.rows(payments.applications_of(ids), name="payment applications")
            applications = payments.group_applications(link_rows)
            for row in rows:
                applied = applications.get(row.required("id"), [])
                if row.text("type") == payments.CREDIT_MEMO_TYPE:
                    memos.append((row, list(applied)))
                else:
                    yield payments.payment_from_row(row, applied)
        with self._cache_lock:
            self._credit_memos_read[(since, not_ours)] = memos

    def _on_suiteql_clock(self, since: datetime | None, since_offset: timedelta | None) -> str | None:
        """A TO_TIMESTAMP literal for `since` as SuiteQL's clock showed it: with the offset it had
        then when known (daylight saving time may have moved it since), else the one it has now."""
        if since is None:
            return None
        return to_timestamp(since, since_offset if since_offset is not None else self.suiteql_offset())

    # -- writes -------------------------------------------------------------------------------

    def upsert_customers(self, records: Sequence[CustomerRecord]) -> list[UpsertOutcome]:
        prepared: list[PreparedUpsert] = []
        for record in records:
            currency_id = None
            if record.currency:
                currency_id = self._currency_id(record.currency)
                if currency_id is None:
                    prepared.append(
                        PreparedUpsert(record.external_id, problem=unknown_currency(record.currency))
                    )
                    continue
            subsidiary_id = record.subsidiary_id or self._first_active_subsidiary()
            body = customers.customer_body(record, currency_id=currency_id, subsidiary_id=subsidiary_id)
            prepared.append(PreparedUpsert(record.external_id, body=body))
        return self._upserter.upsert(
            customers.RECORD_TYPE, prepared, ids_by_external_id=customers.ids_by_external_id
        )

    def upsert_invoices(self, records: Sequence[InvoiceRecord]) -> list[UpsertOutcome]:
        prepared: list[PreparedUpsert] = []
        for record in records:
            currency_id = self._currency_id(record.currency)
            if currency_id is None:
                prepared.append(PreparedUpsert(record.external_id, problem=unknown_currency(record.currency)))
                continue
            prepared.append(
                PreparedUpsert(
                    record.external_id, body=invoices.invoice_body(record, currency_id=currency_id)
                )
            )
        return self._upserter.upsert(
            invoices.RECORD_TYPE,
            prepared,
            params=invoices.UPSERT_PARAMS,
            ids_by_external_id=invoices.ids_by_external_id,
        )

    def upsert_payments(self, records: Sequence[PaymentRecord]) -> list[UpsertOutcome]:
        prepared: list[PreparedUpsert] = []
        for record in records:
            currency_id = self._currency_id(record.currency)
            if currency_id is None:
                prepared.append(PreparedUpsert(record.external_id, problem=unknown_currency(record.currency)))
                continue
            prepared.append(
                PreparedUpsert(
                    record.external_id, body=payments.payment_body(record, currency_id=currency_id)
                )
            )
        return self._upserter.upsert(
            payments.RECORD_TYPE, prepared, ids_by_external_id=payments.ids_by_external_id
        )

    def upsert_credit_memos(self, records: Sequence[CreditMemoRecord]) -> list[UpsertOutcome]:
        prepared: list[PreparedUpsert] = []
        for record in records:
            currency_id = self._currency_id(record.currency)
            if currency_id is None:
                prepared.append(PreparedUpsert(record.external_id, problem=unknown_currency(record.currency)))
                continue
            body = credit_memos.credit_memo_body(record, currency_id=currency_id)
            prepared.append(PreparedUpsert(record.external_id, body=body))
        return self._upserter.upsert(
            credit_memos.RECORD_TYPE,
            prepared,
            params=credit_memos.UPSERT_PARAMS,
            ids_by_external_id=credit_memos.ids_by_external_id,
        )

    def remove_credit_memos(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        return self._remover.remove(credit_memos.RECORD_TYPE, external_ids)

    def credit_memos_modified_since(
        self,
        since: datetime | None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuiteCreditMemo]:
        """Credit memos changed since `since`, each page with one lines query and one applications
        query (never one per credit memo). After `payments_modified_since` with the same arguments
        they were on its pages already: only their lines are asked for."""
        with self._cache_lock:
            read = self._credit_memos_read.pop((since, not_ours), None)
        if read is not None:
            yield from self._credit_memos_with_lines(read)
            return
        wall = self._on_suiteql_clock(since, since_offset)
        for rows in self._suiteql.keyset_pages(credit_memos.credit_memos_modified_since(wall, not_ours)):
            ids = [int(row.required("id")) for row in rows]
            link_rows = self._suiteql.rows(credit_memos.applications_of(ids), name="credit memo applications")
            applications = payments.group_applications(link_rows)
            line_rows = self._suiteql.rows(invoices.lines_of(ids), name="credit memo lines")
            lines = invoices.group_lines(line_rows, sign=1)
            for row in rows:
                memo_id = row.required("id")
                yield credit_memos.credit_memo_from_row(
                    row, lines.get(memo_id, ()), applications.get(memo_id, ())
                )

    def _credit_memos_with_lines(self, read: list[tuple[Row, list[Any]]]) -> Iterator[NetSuiteCreditMemo]:
        for batch in chunks(read, MAX_IN_LIST):
            ids = [int(row.required("id")) for row, _ in batch]
            lines = invoices.group_lines(
                self._suiteql.rows(invoices.lines_of(ids), name="credit memo lines"), sign=1
            )
            for row, applied in batch:
                yield credit_memos.credit_memo_from_row(row, lines.get(row.required("id"), ()), applied)

    def remove_invoices(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        return self._remover.remove(invoices.RECORD_TYPE, external_ids)

    def remove_payments(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        return self._remover.remove(payments.RECORD_TYPE, external_ids)

    def ids_by_external_id(self, kind: RecordKind, external_ids: Collection[str]) -> dict[str, str]:
        if not external_ids:
            return {}
        modules = {
            RecordKind.INVOICE: invoices,
            RecordKind.PAYMENT: payments,
            RecordKind.CREDIT_NOTE: credit_memos,
        }
        module = modules.get(RecordKind(kind))
        if module is None:
            raise ValueError(
                f"Only invoices, payments and credit memos are looked up by external id, not {kind}."
            )
        return self._upserter.look_up(list(external_ids), module.ids_by_external_id, module.RECORD_TYPE)

    # -- cached look-ups ----------------------------------------------------------------------

    def _currency_id(self, code: str) -> str | None:
        """NetSuite's internal id of a lower-case ISO code; the currency list is read once per gateway."""
        with self._cache_lock:
            known = self._currency_ids
        if known is None:
            self.currencies()
            with self._cache_lock:
                known = self._currency_ids or {}
        return known.get(code.strip().lower())

    def _first_active_subsidiary(self) -> str | None:
        """Where new customers go when the record names no subsidiary; None on accounts without
        subsidiaries (not OneWorld), where NetSuite needs none."""
        with self._cache_lock:
            cached = self._default_subsidiary
        if cached is not None:
            return cached[0]
        try:
            page = self._suiteql.page(SUBSIDIARIES_QUERY, name="subsidiaries")
            first = page.rows[0].required("id") if page.rows else None
        except NetSuiteRejected as refusal:
            logger.info("netsuite subsidiaries not readable code=%s", refusal.code)
            first = None
        with self._cache_lock:
            self._default_subsidiary = (first,)
        return first
