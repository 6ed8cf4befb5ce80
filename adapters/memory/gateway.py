"""A fake NetSuite account in memory, and the NetSuiteGateway port over it.

`InMemoryNetSuite` keeps an account's customers, invoices (with lines and what is still owed) and
customer payments (with the invoices they apply to), enforces the accounting rules NetSuite enforces
(with NetSuite's error codes and wording), and counts the requests the REST gateway would make for
each operation: one per SuiteQL page, one per batch of looked-up names or ids, one per upsert or delete.
Tests act as a NetSuite user through its helpers (`add_customer`, `add_invoice`, `record_payment`…).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import partial
from threading import RLock
from typing import TypeVar

import netsuite_sandbox.errors as refusals
from adapters.netsuite.problems import unknown_currency, without_preamble
from adapters.netsuite.upserts import OutageWatch, problem_of
from application.errors import NetSuiteAuthError, NetSuiteBadResponse, NetSuiteError, NetSuiteUnavailable
from application.ports import NetSuiteAccess
from domain.address import Address
from domain.errors import DomainError
from domain.integration import NetSuiteCredentials, OAuth2Credentials, canonical_account_id
from domain.netsuite import (
    CreditMemoRecord,
    CustomerRecord,
    InvoiceRecord,
    NetSuiteCreditMemo,
    NetSuiteCurrency,
    NetSuiteCustomer,
    NetSuiteInvoice,
    NetSuiteInvoiceLine,
    NetSuiteInvoiceStatus,
    NetSuiteItem,
    NetSuitePayment,
    NetSuitePaymentApplication,
    NetSuiteProblem,
    PaymentRecord,
    RemovalOutcome,
    UpsertOutcome,
)
from domain.policies.drift import NetSuiteInvoiceAmounts, NetSuitePaymentAmounts
from domain.records import RecordKind

ACCESS_PREFIX = refusals.ACCESS_PREFIX
DEFAULT_CREDENTIALS = NetSuiteCredentials(
    consumer_key="memory-consumer-key",
    consumer_secret="memory-consumer-secret",
    token_id="memory-token-id",
    token_secret="memory-token-secret",
)
R = TypeVar("R", CustomerRecord, InvoiceRecord, PaymentRecord)
# The sandbox's reference data (netsuite_sandbox/seeds.py), so a scenario reads the same on both.
DEFAULT_ITEMS = {"201": ("Consulting Services", "Service"), "202": ("Annual Software License", "NonInvtPart")}
DEFAULT_CURRENCIES = {"1": "usd", "2": "eur"}


class Rejected(Exception):
    """A NetSuite business-rule refusal of one record (becomes the outcome's problem)."""

    def __init__(self, message: str, code: str = "USER_ERROR", path: str | None = None) -> None:
        super().__init__(message)
        self.problem = NetSuiteProblem(message, code, path)

    @classmethod
    def because(cls, refusal: refusals.NetSuiteError) -> Rejected:
        """NetSuite's refusal, in the words the sandbox answers with (one place for both doubles)."""
        return cls(refusal.detail, refusal.code, refusal.error_path)


def _invalid_reference(path: str, value: object) -> Rejected:
    return Rejected.because(refusals.invalid_reference(path, value))


@dataclass
class _Customer:
    internal_id: str
    name: str
    entity_id: str | None
    email: str | None
    is_person: bool
    currency: str | None
    external_id: str | None
    inactive: bool
    subsidiary_id: str | None
    last_modified: datetime
    phone: str | None = None
    address: Address | None = None


@dataclass
class _Invoice:
    internal_id: str
    tran_id: str
    customer_id: str
    currency: str
    date: dt.date
    due_date: dt.date | None
    lines: list[NetSuiteInvoiceLine]
    external_id: str | None
    memo: str | None
    subsidiary_id: str | None
    last_modified: datetime
    voided: bool = False

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))


@dataclass
class _Payment:
    internal_id: str
    tran_id: str
    customer_id: str
    currency: str
    date: dt.date
    amount: Decimal
    applications: dict[str, Decimal]
    external_id: str | None
    reference: str | None
    memo: str | None
    deposit_account_id: str | None
    last_modified: datetime
    voided: bool = False


@dataclass
class _CreditMemo:
    internal_id: str
    tran_id: str
    customer_id: str
    currency: str
    date: dt.date
    lines: list[NetSuiteInvoiceLine]
    applications: dict[str, Decimal]
    external_id: str | None
    memo: str | None
    last_modified: datetime
    voided: bool = False

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))


@dataclass
class _Faults:
    auth: bool = False
    unavailable: bool = False
    bad_response: bool = False
    outage_after: int | None = None
    rejections: dict[str, NetSuiteProblem] = field(default_factory=dict)


class InMemoryNetSuite:
    """One fake NetSuite account: its records, its rules, its faults and its request counts."""

    def __init__(
        self,
        account_id: str = "1234567",
        credentials: NetSuiteCredentials = DEFAULT_CREDENTIALS,
        *,
        clock: Callable[[], datetime] | None = None,
        concurrency_limit: int | None = 5,
        page_size: int = 1000,
        names_per_query: int = 500,
        ids_per_query: int = 1000,
        currencies: Mapping[str, str] = DEFAULT_CURRENCIES,
        items: Mapping[str, tuple[str, str]] = DEFAULT_ITEMS,
        subsidiaries: Collection[str] = ("1",),
    ) -> None:
        self.account_id = canonical_account_id(account_id)
        self.credentials = credentials
        # OAuth 2.0 client credentials whose certificate is mapped in this account (beside TBA's).
        self.oauth2_clients: list[OAuth2Credentials] = []
        self.concurrency_limit = concurrency_limit
        # SuiteQL's clock runs in the integration user's zone; the fake keeps every time in UTC.
        self.suiteql_offset = timedelta(0)
        self.page_size = page_size
        self.names_per_query = names_per_query
        self.ids_per_query = ids_per_query
        self._clock = clock or (lambda: datetime(2026, 1, 15, 9, 0, tzinfo=UTC))
        self.currencies: dict[str, str] = dict(currencies)
        self.items: dict[str, tuple[str, str]] = dict(items)
        self.subsidiaries = set(subsidiaries)
        self.customers: dict[str, _Customer] = {}
        self.invoices: dict[str, _Invoice] = {}
        self.payments: dict[str, _Payment] = {}
        self.credit_memos: dict[str, _CreditMemo] = {}
        self.requests: Counter[str] = Counter()
        self.faults = _Faults()
        self._lock = RLock()
        self._next_ids = {"customer": 300, "transaction": 8900, "item": 300}

    # -- faults a test can switch on -------------------------------------------------------------

    def fail_auth(self, failing: bool = True) -> None:
        """Answer every request with 401 INVALID_LOGIN (revoked token, wrong secret…)."""
        self.faults.auth = failing

    def go_down(self, down: bool = True, *, after_requests: int | None = None) -> None:
        """Be unreachable now, or after this many more requests (an outage in the middle of a run)."""
        if after_requests is None:
            self.faults.unavailable = down
            self.faults.outage_after = None
        else:
            self.faults.outage_after = self.request_count + after_requests

    def answer_garbage(self, garbage: bool = True) -> None:
        """Answer with something that is not the API's JSON (an HTML maintenance page)."""
        self.faults.bad_response = garbage

    def reject(
        self, external_id: str, message: str, code: str = "USER_ERROR", path: str | None = None
    ) -> None:
        """Refuse every write of the record with this external id until `stop_rejecting`."""
        self.faults.rejections[external_id] = NetSuiteProblem(ACCESS_PREFIX + message, code, path)

    def stop_rejecting(self, external_id: str) -> None:
        self.faults.rejections.pop(external_id, None)

    # -- request accounting ----------------------------------------------------------------------

    @property
    def request_count(self) -> int:
        return sum(self.requests.values())

    def reset_counts(self) -> None:
        self.requests.clear()

    def _request(self, operation: str, times: int = 1) -> None:
        """Count requests as the REST gateway would send them, failing the way NetSuite would."""
        for _ in range(times):
            self.requests[operation] += 1
            if self.faults.outage_after is not None and self.request_count > self.faults.outage_after:
                self.faults.unavailable = True
            if self.faults.auth:
                raise NetSuiteAuthError()
            if self.faults.unavailable:
                raise NetSuiteUnavailable(
                    "NetSuite could not be reached (HTTP 503 after 3 attempts). It is usually a short "
                    "outage or maintenance: the next sync will try again."
                )
            if self.faults.bad_response:
                raise NetSuiteBadResponse(
                    "NetSuite answered with an HTML page instead of JSON (status 200); "
                    "this is usually NetSuite maintenance."
                )

    def _pages(self, rows: int) -> int:
        return max(1, math.ceil(rows / self.page_size))

    def _batches(self, keys: int, per_query: int | None = None) -> int:
        """As the REST gateway batches: 500 names or 1,000 internal ids to a query."""
        return max(1, math.ceil(keys / (per_query or self.names_per_query)))

    # -- time and ids ----------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def _new_id(self, table: str) -> str:
        self._next_ids[table] += 1
        return str(self._next_ids[table])

    # -- views -------------------------------------------------------------------------------------

    def _amount_applied(self, invoice_id: str, *, except_payment: str | None = None) -> Decimal:
        """What payments and credit memos apply to an invoice (both lower its amount remaining)."""
        paid = sum(
            (
                p.applications.get(invoice_id, Decimal("0"))
                for p in self.payments.values()
                if not p.voided and p.internal_id != except_payment
            ),
            Decimal("0"),
        )
        credited = sum(
            (
                c.applications.get(invoice_id, Decimal("0"))
                for c in self.credit_memos.values()
                if not c.voided and c.internal_id != except_payment
            ),
            Decimal("0"),
        )
        return paid + credited

    def _credit_memo_view(self, c: _CreditMemo) -> NetSuiteCreditMemo:
        applied = sum(c.applications.values(), Decimal("0"))
        return NetSuiteCreditMemo(
            internal_id=c.internal_id,
            tran_id=c.tran_id,
            customer_internal_id=c.customer_id,
            currency=c.currency,
            date=c.date,
            lines=tuple(c.lines),
            total=c.total,
            unapplied=Decimal("0") if c.voided else c.total - applied,
            applications=tuple(NetSuitePaymentApplication(i, a) for i, a in c.applications.items()),
            external_id=c.external_id,
            memo=c.memo,
            voided=c.voided,
            last_modified=c.last_modified,
        )

    def credit_memo(self, internal_id: str) -> NetSuiteCreditMemo:
        return self._credit_memo_view(self.credit_memos[internal_id])

    def credit_memo_by_external_id(self, external_id: str) -> NetSuiteCreditMemo | None:
        found = next((c for c in self.credit_memos.values() if c.external_id == external_id), None)
        return None if found is None else self._credit_memo_view(found)

    def add_credit_memo(
        self,
        customer_id: str,
        tran_id: str,
        applications: Mapping[str, Decimal],
        *,
        amount: Decimal,
        on: dt.date | None = None,
        currency: str = "usd",
        external_id: str | None = None,
    ) -> NetSuiteCreditMemo:
        """Issue a credit memo in NetSuite as a user would, for `amount` on the first item, applied
        to invoices (NetSuite's rules apply: a refusal raises ValueError with its message)."""
        with self._lock:
            internal_id = self._new_id("transaction")
            memo = _CreditMemo(
                internal_id=internal_id,
                tran_id=tran_id,
                customer_id=customer_id,
                currency=currency.lower(),
                date=on or self.now().date(),
                lines=[NetSuiteInvoiceLine(next(iter(self.items)), "", Decimal(1), amount, amount)],
                applications={k: Decimal(v) for k, v in applications.items()},
                external_id=external_id,
                memo=None,
                last_modified=self.now(),
            )
            try:
                self._check_credit_memo(memo)
            except Rejected as refused:
                raise ValueError(str(refused)) from None
            self.credit_memos[internal_id] = memo
            return self.credit_memo(internal_id)

    def _check_credit_memo(self, memo: _CreditMemo) -> None:
        """NetSuite's rules: its own customer's open invoices in its currency, never more than an
        invoice's amount remaining nor, in all, more than the credit memo's total."""
        if memo.customer_id not in self.customers:
            raise _invalid_reference("entity", memo.customer_id)
        self._currency_id(memo.currency, "currency")
        applied = sum(memo.applications.values(), Decimal("0"))
        for index, (invoice_id, amount) in enumerate(memo.applications.items()):
            doc_path, amount_path = f"apply.items[{index}].doc", f"apply.items[{index}].amount"
            invoice = self.invoices.get(invoice_id)
            if invoice is None:
                raise _invalid_reference(doc_path, invoice_id)
            if invoice.customer_id != memo.customer_id:
                raise Rejected.because(
                    refusals.applied_to_another_customer(
                        invoice_id, invoice.customer_id, memo.customer_id, doc_path, by="credit memo"
                    )
                )
            if invoice.currency != memo.currency:
                raise Rejected.because(
                    refusals.applied_in_another_currency(invoice_id, doc_path, by="credit memo")
                )
            remaining = (
                Decimal("0")
                if invoice.voided
                else invoice.total - self._amount_applied(invoice_id, except_payment=memo.internal_id)
            )
            if remaining <= 0:
                raise Rejected.because(refusals.applied_to_closed_invoice(invoice_id, doc_path))
            if amount > remaining:
                raise Rejected.because(
                    refusals.applied_more_than_due(invoice_id, amount, remaining, amount_path)
                )
        if applied > memo.total:
            raise Rejected.because(refusals.applied_more_than_credit(applied, memo.total))

    def _upsert_credit_memo(self, record: CreditMemoRecord) -> str:
        self._rejection(record.external_id)
        if record.customer_internal_id not in self.customers:
            raise _invalid_reference("entity", record.customer_internal_id)
        if not record.lines:
            raise Rejected.because(refusals.no_line_items())
        for index, line in enumerate(record.lines):
            if line.item_id not in self.items:
                raise _invalid_reference(f"item.items[{index}].item", line.item_id)
        existing = next((c for c in self.credit_memos.values() if c.external_id == record.external_id), None)
        internal_id = existing.internal_id if existing else self._new_id("transaction")
        applications: dict[str, Decimal] = {}
        for application in record.applications:
            applications[application.invoice_internal_id] = (
                applications.get(application.invoice_internal_id, Decimal("0")) + application.amount
            )
        memo = _CreditMemo(
            internal_id=internal_id,
            tran_id=record.tran_id,
            customer_id=record.customer_internal_id,
            currency=record.currency.lower(),
            date=record.date,
            lines=[
                NetSuiteInvoiceLine(
                    line.item_id, line.description, line.quantity, line.rate, line.quantity * line.rate
                )
                for line in record.lines
            ],
            applications=applications,
            external_id=record.external_id,
            memo=record.memo,
            last_modified=self.now(),
        )
        self._check_credit_memo(memo)
        self.credit_memos[internal_id] = memo
        for invoice_id in set(applications) | set(existing.applications if existing else {}):
            if invoice_id in self.invoices:
                self.invoices[invoice_id].last_modified = self.now()
        return internal_id

    def _delete_credit_memo(self, external_id: str) -> bool:
        """Delete a credit memo by external id (its invoices owe again); True when already gone."""
        self._rejection(external_id)
        memo = next((c for c in self.credit_memos.values() if c.external_id == external_id), None)
        if memo is None:
            return True
        del self.credit_memos[memo.internal_id]
        return False

    def _remaining(self, invoice: _Invoice) -> Decimal:
        if invoice.voided:
            return Decimal("0")
        return invoice.total - self._amount_applied(invoice.internal_id)

    def _customer_view(self, c: _Customer) -> NetSuiteCustomer:
        return NetSuiteCustomer(
            internal_id=c.internal_id,
            name=c.name,
            entity_id=c.entity_id,
            email=c.email,
            is_person=c.is_person,
            currency=c.currency,
            external_id=c.external_id,
            inactive=c.inactive,
            last_modified=c.last_modified,
            phone=c.phone,
            address=c.address,
        )

    def _invoice_view(self, i: _Invoice) -> NetSuiteInvoice:
        remaining = self._remaining(i)
        if i.voided:
            status = NetSuiteInvoiceStatus.VOIDED
        elif remaining <= 0:
            status = NetSuiteInvoiceStatus.PAID_IN_FULL
        else:
            status = NetSuiteInvoiceStatus.OPEN
        return NetSuiteInvoice(
            internal_id=i.internal_id,
            tran_id=i.tran_id,
            customer_internal_id=i.customer_id,
            currency=i.currency,
            date=i.date,
            due_date=i.due_date,
            lines=tuple(i.lines),
            total=i.total,
            amount_remaining=remaining,
            status=status,
            external_id=i.external_id,
            memo=i.memo,
            last_modified=i.last_modified,
        )

    def _payment_view(self, p: _Payment) -> NetSuitePayment:
        return NetSuitePayment(
            internal_id=p.internal_id,
            customer_internal_id=p.customer_id,
            currency=p.currency,
            date=p.date,
            amount=p.amount,
            applications=tuple(NetSuitePaymentApplication(i, a) for i, a in p.applications.items()),
            tran_id=p.tran_id,
            external_id=p.external_id,
            reference=p.reference,
            memo=p.memo,
            voided=p.voided,
            last_modified=p.last_modified,
        )

    def customer(self, internal_id: str) -> NetSuiteCustomer:
        return self._customer_view(self.customers[internal_id])

    def invoice(self, internal_id: str) -> NetSuiteInvoice:
        return self._invoice_view(self.invoices[internal_id])

    def payment(self, internal_id: str) -> NetSuitePayment:
        return self._payment_view(self.payments[internal_id])

    def customer_by_external_id(self, external_id: str) -> NetSuiteCustomer | None:
        found = next((c for c in self.customers.values() if c.external_id == external_id), None)
        return None if found is None else self._customer_view(found)

    def invoice_by_external_id(self, external_id: str) -> NetSuiteInvoice | None:
        found = next((i for i in self.invoices.values() if i.external_id == external_id), None)
        return None if found is None else self._invoice_view(found)

    def deposit_account_of(self, payment_internal_id: str) -> str | None:
        """Where a customer payment was deposited (None = undeposited funds)."""
        return self.payments[payment_internal_id].deposit_account_id

    def all_customers(self) -> list[NetSuiteCustomer]:
        return [self._customer_view(c) for c in self.customers.values()]

    def all_invoices(self) -> list[NetSuiteInvoice]:
        return [self._invoice_view(i) for i in self.invoices.values()]

    def all_payments(self) -> list[NetSuitePayment]:
        return [self._payment_view(p) for p in self.payments.values()]

    # -- acting as a NetSuite user -------------------------------------------------------------------

    def add_customer(
        self,
        name: str,
        *,
        entity_id: str | None = None,
        email: str | None = None,
        is_person: bool = False,
        currency: str | None = "usd",
        external_id: str | None = None,
        inactive: bool = False,
        phone: str | None = None,
        address: Address | None = None,
    ) -> NetSuiteCustomer:
        """Create a customer as a NetSuite user would (`address` is its default billing address)."""
        with self._lock:
            if external_id is not None and self.customer_by_external_id(external_id) is not None:
                raise ValueError(f"A customer with external id {external_id} already exists.")
            internal_id = self._new_id("customer")
            self.customers[internal_id] = _Customer(
                internal_id=internal_id,
                name=name,
                entity_id=entity_id or f"CUST{internal_id}",
                email=email,
                is_person=is_person,
                currency=currency,
                external_id=external_id,
                inactive=inactive,
                subsidiary_id="1",
                last_modified=self.now(),
                phone=phone,
                address=address,
            )
            return self.customer(internal_id)

    def add_invoice(
        self,
        customer_id: str,
        tran_id: str,
        lines: Sequence[tuple[str | None, Decimal, Decimal]] | None = None,
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
        due: dt.date | None = None,
        currency: str = "usd",
        external_id: str | None = None,
        memo: str | None = None,
    ) -> NetSuiteInvoice:
        """Create an invoice as a NetSuite user would: `lines` are (item id, quantity, rate), or one
        line of the first item for `amount`."""
        if lines is None:
            lines = [(next(iter(self.items)), Decimal("1"), Decimal(amount or 0))]
        with self._lock:
            if customer_id not in self.customers:
                raise ValueError(f"No NetSuite customer {customer_id}.")
            if external_id is not None and self.invoice_by_external_id(external_id) is not None:
                raise ValueError(f"An invoice with external id {external_id} already exists.")
            internal_id = self._new_id("transaction")
            self.invoices[internal_id] = _Invoice(
                internal_id=internal_id,
                tran_id=tran_id,
                customer_id=customer_id,
                currency=currency.lower(),
                date=on or self.now().date(),
                due_date=due,
                lines=[
                    NetSuiteInvoiceLine(
                        item_id, self.items.get(item_id or "", ("", ""))[0], Decimal(q), Decimal(r), q * r
                    )
                    for item_id, q, r in lines
                ],
                external_id=external_id,
                memo=memo,
                subsidiary_id="1",
                last_modified=self.now(),
            )
            return self.invoice(internal_id)

    def record_payment(
        self,
        customer_id: str,
        applications: Mapping[str, Decimal],
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
        currency: str | None = None,
        tran_id: str | None = None,
        reference: str | None = None,
    ) -> NetSuitePayment:
        """Record a customer payment in NetSuite as a user would (NetSuite's rules apply: a refusal
        raises ValueError with NetSuite's message)."""
        with self._lock:
            customer = self.customers.get(customer_id)
            if customer is None:
                raise ValueError(f"No NetSuite customer {customer_id}.")
            first_invoice = self.invoices.get(next(iter(applications), ""))
            record_currency = (
                currency or (first_invoice.currency if first_invoice else None) or customer.currency or "usd"
            )
            internal_id = self._new_id("transaction")
            payment = _Payment(
                internal_id=internal_id,
                tran_id=tran_id or f"PYMT{internal_id}",
                customer_id=customer_id,
                currency=record_currency.lower(),
                date=on or self.now().date(),
                amount=Decimal(amount) if amount is not None else sum(applications.values(), Decimal("0")),
                applications={k: Decimal(v) for k, v in applications.items()},
                external_id=None,
                reference=reference,
                memo=None,
                deposit_account_id=None,
                last_modified=self.now(),
            )
            try:
                self._check_payment(payment)
            except Rejected as refused:
                raise ValueError(str(refused)) from None
            self.payments[internal_id] = payment
            return self.payment(internal_id)

    def void_payment(self, internal_id: str) -> NetSuitePayment:
        with self._lock:
            payment = self.payments[internal_id]
            payment.voided = True
            payment.last_modified = self.now()
            return self.payment(internal_id)

    def void_invoice(self, internal_id: str) -> NetSuiteInvoice:
        with self._lock:
            invoice = self.invoices[internal_id]
            if self._amount_applied(internal_id):
                raise ValueError("Void the payments applied to this invoice first.")
            invoice.voided = True
            invoice.last_modified = self.now()
            return self.invoice(internal_id)

    def change_invoice_total(self, internal_id: str, total: Decimal) -> NetSuiteInvoice:
        """A NetSuite user edits the invoice down (or up) to one line of `total` on its first item."""
        with self._lock:
            invoice = self.invoices[internal_id]
            applied = self._amount_applied(internal_id)
            if total < applied:
                raise ValueError(refusals.total_below_paid(total, applied).detail)
            item = invoice.lines[0].item_id if invoice.lines else None
            invoice.lines = [NetSuiteInvoiceLine(item, None, Decimal(1), total, total)]
            invoice.last_modified = self.now()
            return self.invoice(internal_id)

    def delete_invoice(self, internal_id: str) -> None:
        """A user deletes an invoice (NetSuite refuses while payments or credits apply to it)."""
        with self._lock:
            if self._amount_applied(internal_id):
                raise ValueError(refusals.has_dependent_records().detail)
            del self.invoices[internal_id]

    def delete_payment(self, internal_id: str) -> None:
        """A user deletes a customer payment: its invoices owe again."""
        with self._lock:
            del self.payments[internal_id]

    def unapply_payment(self, payment_id: str, invoice_id: str) -> NetSuitePayment:
        """A user unticks an invoice on a payment's Apply list: the money stays, unapplied."""
        with self._lock:
            payment = self.payments[payment_id]
            payment.applications.pop(invoice_id, None)
            payment.last_modified = self.now()
            return self.payment(payment_id)

    def rename_customer(self, internal_id: str, name: str) -> NetSuiteCustomer:
        with self._lock:
            self.customers[internal_id].name = name
            self.customers[internal_id].last_modified = self.now()
            return self.customer(internal_id)

    # -- the accounting rules ------------------------------------------------------------------------

    def _currency_id(self, code: str | None, path: str) -> str:
        for internal_id, known in self.currencies.items():
            if code is not None and known == code.lower():
                return internal_id
        raise _invalid_reference(path, (code or "").upper())

    def _check_payment(self, payment: _Payment) -> None:
        """NetSuite's rules for a customer payment, checked in the sandbox's order. The deposit account
        is not checked: neither double has a chart of accounts."""
        if payment.customer_id not in self.customers:
            raise _invalid_reference("customer", payment.customer_id)
        self._currency_id(payment.currency, "currency")
        for index, (invoice_id, amount) in enumerate(payment.applications.items()):
            doc_path, amount_path = f"apply.items[{index}].doc", f"apply.items[{index}].amount"
            invoice = self.invoices.get(invoice_id)
            if invoice is None:
                raise _invalid_reference(doc_path, invoice_id)
            if invoice.customer_id != payment.customer_id:
                raise Rejected.because(
                    refusals.applied_to_another_customer(
                        invoice_id, invoice.customer_id, payment.customer_id, doc_path
                    )
                )
            if invoice.currency != payment.currency:
                raise Rejected.because(refusals.applied_in_another_currency(invoice_id, doc_path))
            remaining = (
                Decimal("0")
                if invoice.voided
                else invoice.total - self._amount_applied(invoice_id, except_payment=payment.internal_id)
            )
            if remaining <= 0:
                raise Rejected.because(refusals.applied_to_closed_invoice(invoice_id, doc_path))
            if amount <= 0:
                raise Rejected.because(refusals.applied_nothing(amount_path))
            if amount > remaining:
                raise Rejected.because(
                    refusals.applied_more_than_due(invoice_id, amount, remaining, amount_path)
                )
        if payment.amount <= 0:
            raise Rejected.because(refusals.missing_values("Payment Amount"))
        applied = sum(payment.applications.values(), Decimal("0"))
        if applied > payment.amount:
            raise Rejected.because(refusals.applied_more_than_payment(applied, payment.amount))

    def _rejection(self, external_id: str) -> None:
        problem = self.faults.rejections.get(external_id)
        if problem is not None:
            raise Rejected(problem.message, problem.code or "USER_ERROR", problem.path)

    def _upsert_customer(self, record: CustomerRecord) -> str:
        self._rejection(record.external_id)
        if not record.name.strip():
            raise Rejected.because(refusals.missing_values("Company Name"))
        if record.currency is not None:
            self._currency_id(record.currency, "currency")
        subsidiary = record.subsidiary_id or "1"
        if subsidiary not in self.subsidiaries:
            raise _invalid_reference("subsidiary", subsidiary)
        existing = next((c for c in self.customers.values() if c.external_id == record.external_id), None)
        internal_id = existing.internal_id if existing else self._new_id("customer")
        # Fields the body leaves out (no email, no currency) keep their value, as in NetSuite's upsert.
        self.customers[internal_id] = _Customer(
            internal_id=internal_id,
            name=record.name,
            entity_id=record.account_number,
            email=record.email or (existing.email if existing else None),
            is_person=record.is_person,
            currency=record.currency.lower() if record.currency else existing.currency if existing else None,
            external_id=record.external_id,
            inactive=existing.inactive if existing else False,
            subsidiary_id=subsidiary,
            last_modified=self.now(),
            phone=record.phone or (existing.phone if existing else None),
            address=record.address or (existing.address if existing else None),
        )
        return internal_id

    def _upsert_invoice(self, record: InvoiceRecord) -> str:
        self._rejection(record.external_id)
        customer = self.customers.get(record.customer_internal_id)
        if customer is None:
            raise _invalid_reference("entity", record.customer_internal_id)
        self._currency_id(record.currency, "currency")
        if record.subsidiary_id is not None and record.subsidiary_id not in self.subsidiaries:
            raise _invalid_reference("subsidiary", record.subsidiary_id)
        if not record.lines:
            raise Rejected.because(refusals.no_line_items())
        for index, line in enumerate(record.lines):
            if line.item_id not in self.items:
                raise _invalid_reference(f"item.items[{index}].item", line.item_id)
        lines = [
            NetSuiteInvoiceLine(
                line.item_id, line.description, line.quantity, line.rate, line.quantity * line.rate
            )
            for line in record.lines
        ]
        existing = next((i for i in self.invoices.values() if i.external_id == record.external_id), None)
        if existing is not None:
            new_total = sum((line.amount for line in lines), Decimal("0"))
            applied = self._amount_applied(existing.internal_id)
            if new_total < applied:
                raise Rejected.because(refusals.total_below_paid(new_total, applied))
        internal_id = existing.internal_id if existing else self._new_id("transaction")
        self.invoices[internal_id] = _Invoice(
            internal_id=internal_id,
            tran_id=record.tran_id,
            customer_id=record.customer_internal_id,
            currency=record.currency.lower(),
            date=record.date,
            due_date=record.due_date,
            lines=lines,
            external_id=record.external_id,
            memo=record.memo,
            subsidiary_id=record.subsidiary_id or "1",
            last_modified=self.now(),
            voided=existing.voided if existing else False,
        )
        return internal_id

    def _upsert_payment(self, record: PaymentRecord) -> str:
        self._rejection(record.external_id)
        existing = next((p for p in self.payments.values() if p.external_id == record.external_id), None)
        internal_id = existing.internal_id if existing else self._new_id("transaction")
        applications: dict[str, Decimal] = {}
        for application in record.applications:
            applications[application.invoice_internal_id] = (
                applications.get(application.invoice_internal_id, Decimal("0")) + application.amount
            )
        payment = _Payment(
            internal_id=internal_id,
            tran_id=existing.tran_id if existing else f"PYMT{internal_id}",
            customer_id=record.customer_internal_id,
            currency=record.currency.lower(),
            date=record.date,
            amount=record.amount,
            applications=applications,
            external_id=record.external_id,
            reference=record.reference,
            memo=record.memo,
            deposit_account_id=record.deposit_account_id,
            last_modified=self.now(),
        )
        self._check_payment(payment)
        self.payments[internal_id] = payment
        return internal_id

    def _delete_invoice(self, external_id: str) -> bool:
        """Delete an invoice as `DELETE …/invoice/eid:{externalId}` does; True when it was already gone.
        Like NetSuite, an invoice with payments applied cannot be deleted."""
        self._rejection(external_id)
        invoice = next((i for i in self.invoices.values() if i.external_id == external_id), None)
        if invoice is None:
            return True
        if any(invoice.internal_id in p.applications and not p.voided for p in self.payments.values()) or any(
            invoice.internal_id in c.applications and not c.voided for c in self.credit_memos.values()
        ):
            raise Rejected.because(refusals.has_dependent_records())
        del self.invoices[invoice.internal_id]
        return False

    def _delete_payment(self, external_id: str) -> bool:
        """Delete a customer payment by external id (its invoices owe again); True when already gone."""
        self._rejection(external_id)
        payment = next((p for p in self.payments.values() if p.external_id == external_id), None)
        if payment is None:
            return True
        del self.payments[payment.internal_id]
        return False

    # -- what the gateway calls ------------------------------------------------------------------------

    def upsert(
        self, operation: str, external_id: str, write: Callable[[], str], *, requests: int = 1
    ) -> UpsertOutcome:
        """One PUT …/eid:{externalId}: the record's NetSuite id, or NetSuite's refusal."""
        with self._lock:
            self._request(operation, requests)
            try:
                return UpsertOutcome(external_id, internal_id=write())
            except Rejected as refused:
                return UpsertOutcome(external_id, problem=without_preamble(refused.problem))

    def remove(self, operation: str, external_id: str, delete: Callable[[str], bool]) -> RemovalOutcome:
        """One DELETE …/eid:{externalId}: removed, already gone (NetSuite's 404), or NetSuite's refusal."""
        with self._lock:
            self._request(operation)
            try:
                return RemovalOutcome(external_id, already_gone=delete(external_id))
            except Rejected as refused:
                return RemovalOutcome(external_id, problem=without_preamble(refused.problem))


def _starts_with(external_id: str | None, prefix: str | None) -> bool:
    return bool(prefix) and bool(external_id) and str(external_id).startswith(str(prefix))


class InMemoryNetSuiteGateway:
    """The NetSuiteGateway port over an InMemoryNetSuite, checking the credentials like NetSuite."""

    def __init__(self, netsuite: InMemoryNetSuite, access: NetSuiteAccess) -> None:
        self.netsuite = netsuite
        self.access = access
        self._authentic = _canonical_or_none(access.account_id) == netsuite.account_id and (
            access.credentials == netsuite.credentials or access.credentials in netsuite.oauth2_clients
        )
        self._currency_codes: set[str] | None = None
        self._credit_memos_read: dict[tuple[datetime | None, str | None], list[NetSuiteCreditMemo]] = {}

    def _call(self, operation: str, times: int = 1) -> None:
        if not self._authentic:
            self.netsuite.requests[operation] += 1
            if isinstance(self.access.credentials, OAuth2Credentials):
                raise NetSuiteAuthError.oauth2("NetSuite refused the client assertion (invalid_client).")
            raise NetSuiteAuthError()
        self.netsuite._request(operation, times)

    def server_time(self) -> datetime:
        with self.netsuite._lock:
            self._call("server_time")
            return self.netsuite.now()

    def suiteql_offset(self) -> timedelta:
        with self.netsuite._lock:
            self._call("query:suiteql_clock")
            return self.netsuite.suiteql_offset

    def concurrency_limit(self) -> int | None:
        with self.netsuite._lock:
            self._call("governance_limits")
            return self.netsuite.concurrency_limit

    def currencies(self) -> list[NetSuiteCurrency]:
        with self.netsuite._lock:
            self._call("query:currencies")
            found = [NetSuiteCurrency(i, code) for i, code in self.netsuite.currencies.items()]
            self._currency_codes = {currency.code for currency in found}
            return found

    def items(self) -> list[NetSuiteItem]:
        with self.netsuite._lock:
            self._call("query:items", self.netsuite._pages(len(self.netsuite.items)))
            return [NetSuiteItem(i, name, kind) for i, (name, kind) in self.netsuite.items.items()]

    def customers(self, *, include_inactive: bool = False) -> Iterator[NetSuiteCustomer]:
        with self.netsuite._lock:
            found = [
                self.netsuite._customer_view(c)
                for c in self.netsuite.customers.values()
                if include_inactive or not c.inactive
            ]
            self._call("query:customers", self.netsuite._pages(len(found)))
            return iter(found)

    def customers_named(self, names: Collection[str]) -> list[NetSuiteCustomer]:
        """Like the SuiteQL the REST gateway sends: active customers whose name, upper-cased, is one of
        the names given (spaces folded, upper-cased); NetSuite's own names are trimmed, not folded."""
        wanted = {" ".join(name.split()).upper() for name in names if name.strip()}
        if not wanted:
            return []
        with self.netsuite._lock:
            found = [
                self.netsuite._customer_view(c)
                for c in self.netsuite.customers.values()
                if not c.inactive and c.name.strip().upper() in wanted
            ]
            self._call("query:customers_named", self.netsuite._batches(len(wanted)))
            return found

    def customers_by_ids(self, internal_ids: Collection[str]) -> list[NetSuiteCustomer]:
        wanted = set(internal_ids)
        if not wanted:
            return []
        with self.netsuite._lock:
            self._call(
                "query:customers_by_ids", self.netsuite._batches(len(wanted), self.netsuite.ids_per_query)
            )
            return [
                self.netsuite._customer_view(c) for i, c in self.netsuite.customers.items() if i in wanted
            ]

    def open_invoices(
        self,
        modified_since: datetime | None = None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuiteInvoice]:
        with self.netsuite._lock:
            found = [
                view
                for view in map(self.netsuite._invoice_view, self.netsuite.invoices.values())
                if view.status is NetSuiteInvoiceStatus.OPEN
                and (modified_since is None or (view.last_modified or modified_since) >= modified_since)
                and not _starts_with(view.external_id, not_ours)
            ]
            # One SuiteQL over transaction joined with its lines: pages count lines, not invoices.
            self._call("query:open_invoices", self.netsuite._pages(sum(len(i.lines) for i in found)))
            return iter(found)

    def invoices_by_ids(self, internal_ids: Collection[str]) -> list[NetSuiteInvoice]:
        wanted = set(internal_ids)
        if not wanted:
            return []
        with self.netsuite._lock:
            self._call(
                "query:invoices_by_ids", self.netsuite._batches(len(wanted), self.netsuite.ids_per_query)
            )
            return [self.netsuite._invoice_view(i) for k, i in self.netsuite.invoices.items() if k in wanted]

    def invoice_amounts(self, internal_ids: Collection[str]) -> list[NetSuiteInvoiceAmounts]:
        wanted = set(internal_ids)
        if not wanted:
            return []
        with self.netsuite._lock:
            self._call(
                "query:invoice_amounts", self.netsuite._batches(len(wanted), self.netsuite.ids_per_query)
            )
            views = [self.netsuite._invoice_view(i) for k, i in self.netsuite.invoices.items() if k in wanted]
        return [
            NetSuiteInvoiceAmounts(
                v.internal_id, v.total, v.amount_remaining, v.status is NetSuiteInvoiceStatus.VOIDED
            )
            for v in views
        ]

    def payment_amounts(self, internal_ids: Collection[str]) -> list[NetSuitePaymentAmounts]:
        wanted = set(internal_ids)
        if not wanted:
            return []
        with self.netsuite._lock:
            self._call(
                "query:payment_amounts", self.netsuite._batches(len(wanted), self.netsuite.ids_per_query)
            )
            views = [self.netsuite._payment_view(p) for k, p in self.netsuite.payments.items() if k in wanted]
        return [
            NetSuitePaymentAmounts(
                v.internal_id,
                v.amount,
                {a.invoice_internal_id: a.amount for a in v.applications},
                v.voided,
            )
            for v in views
        ]

    def payments_modified_since(
        self,
        since: datetime | None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuitePayment]:
        with self.netsuite._lock:
            found = sorted(
                (
                    p
                    for p in self.netsuite.payments.values()
                    if (since is None or p.last_modified >= since)
                    and not _starts_with(p.external_id, not_ours)
                ),
                key=lambda p: (p.last_modified, int(p.internal_id)),
            )
            memos = [
                c
                for c in self.netsuite.credit_memos.values()
                if (since is None or c.last_modified >= since) and not _starts_with(c.external_id, not_ours)
            ]
            # As the REST gateway: credit memos come on the payments' pages (one query for both).
            rows = sum(max(1, len(p.applications)) for p in found) + len(memos)
            self._call("query:payments", self.netsuite._pages(rows))
            self._credit_memos_read[(since, not_ours)] = [self.netsuite._credit_memo_view(c) for c in memos]
            return iter([self.netsuite._payment_view(p) for p in found])

    def _upsert_all(
        self, operation: str, records: Sequence[R], write: Callable[[R], str]
    ) -> list[UpsertOutcome]:
        if not self._authentic and records:
            self._call(operation)
        done: list[UpsertOutcome] = []
        watch = OutageWatch(self.access.concurrency_limit)
        for record in records:
            if record.currency and not self._has_currency(record.currency):
                done.append(UpsertOutcome(record.external_id, problem=unknown_currency(record.currency)))
                continue
            try:
                try:
                    done.append(self.netsuite.upsert(operation, record.external_id, partial(write, record)))
                    watch.succeeded()
                except (NetSuiteUnavailable, NetSuiteBadResponse) as trouble:
                    watch.failed(trouble)  # as the REST gateway: one record's trouble until `limit` in a row
                    done.append(UpsertOutcome(record.external_id, problem=problem_of(trouble)))
            except NetSuiteError as cut:  # as the REST gateway: what arrived travels with the failure
                raise cut.cutting_short(self._confirmed(operation, done)) from None
        self._confirm(operation, done)
        return done

    def _confirm(self, operation: str, outcomes: Sequence[UpsertOutcome]) -> None:
        """As the REST gateway: what NetSuite accepted is trusted only once one batched look-up by
        external id (a query per 1,000) shows it; that query failing fails the call."""
        accepted = [o for o in outcomes if o.succeeded]
        if accepted:
            self._call(
                "query:external_ids:" + operation.removeprefix("upsert:"),
                self.netsuite._batches(len(accepted), self.netsuite.ids_per_query),
            )

    def _confirmed(self, operation: str, outcomes: list[UpsertOutcome]) -> list[UpsertOutcome]:
        """What a cut-short batch carries: its writes only if the look-up still goes through (else the
        next run looks them up), its refusals always."""
        try:
            self._confirm(operation, outcomes)
        except NetSuiteError:
            return [o for o in outcomes if not o.succeeded]
        return outcomes

    def _has_currency(self, code: str) -> bool:
        """Like the REST gateway: the currency list is read once per gateway (one query), and a
        record in a currency the account lacks is refused before it is sent."""
        known = self._currency_codes
        if known is None:
            known = {currency.code for currency in self.currencies()}
        return code.strip().lower() in known

    def upsert_customers(self, records: Sequence[CustomerRecord]) -> list[UpsertOutcome]:
        return self._upsert_all("upsert:customer", records, self.netsuite._upsert_customer)

    def upsert_invoices(self, records: Sequence[InvoiceRecord]) -> list[UpsertOutcome]:
        return self._upsert_all("upsert:invoice", records, self.netsuite._upsert_invoice)

    def upsert_payments(self, records: Sequence[PaymentRecord]) -> list[UpsertOutcome]:
        return self._upsert_all("upsert:customerPayment", records, self.netsuite._upsert_payment)

    def _remove_all(
        self, operation: str, external_ids: Sequence[str], delete: Callable[[str], bool]
    ) -> list[RemovalOutcome]:
        if not self._authentic and external_ids:
            self._call(operation)
        done: dict[str, RemovalOutcome] = {}
        watch = OutageWatch(self.access.concurrency_limit)
        for external_id in external_ids:  # one request per external id, as the REST gateway sends
            if external_id not in done:
                try:
                    try:
                        done[external_id] = self.netsuite.remove(operation, external_id, delete)
                        watch.succeeded()
                    except (NetSuiteUnavailable, NetSuiteBadResponse) as trouble:
                        watch.failed(trouble)
                        done[external_id] = RemovalOutcome(external_id, problem=problem_of(trouble))
                except NetSuiteError as cut:
                    raise cut.cutting_short(list(done.values())) from None
        return [done[external_id] for external_id in external_ids]

    def credit_memos_modified_since(
        self,
        since: datetime | None,
        *,
        not_ours: str | None = None,
        since_offset: timedelta | None = None,
    ) -> Iterator[NetSuiteCreditMemo]:
        with self.netsuite._lock:
            read = self._credit_memos_read.pop((since, not_ours), None)
            if read is not None:  # on the payments' pages already: only their lines are asked for
                if read:
                    self._call(
                        "query:credit_memo_lines", self.netsuite._pages(sum(len(c.lines) for c in read))
                    )
                return iter(read)
            found = sorted(
                (
                    c
                    for c in self.netsuite.credit_memos.values()
                    if (since is None or c.last_modified >= since)
                    and not _starts_with(c.external_id, not_ours)
                ),
                key=lambda c: (c.last_modified, int(c.internal_id)),
            )
            self._call("query:credit_memos", self.netsuite._pages(len(found)))
            if found:  # one applications query and one lines query per page, as the REST gateway
                self._call("query:credit_memo_applications", self.netsuite._pages(len(found)))
                self._call("query:credit_memo_lines", self.netsuite._pages(sum(len(c.lines) for c in found)))
            return iter([self.netsuite._credit_memo_view(c) for c in found])

    def upsert_credit_memos(self, records: Sequence[CreditMemoRecord]) -> list[UpsertOutcome]:
        return self._upsert_all("upsert:creditMemo", records, self.netsuite._upsert_credit_memo)

    def remove_credit_memos(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        return self._remove_all("delete:creditMemo", external_ids, self.netsuite._delete_credit_memo)

    def remove_invoices(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        return self._remove_all("delete:invoice", external_ids, self.netsuite._delete_invoice)

    def remove_payments(self, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        return self._remove_all("delete:customerPayment", external_ids, self.netsuite._delete_payment)

    def ids_by_external_id(self, kind: RecordKind, external_ids: Collection[str]) -> dict[str, str]:
        if not external_ids:
            return {}
        wanted = set(external_ids)
        self._call("query:ids_by_external_id", self.netsuite._batches(len(wanted)))
        tables: dict[RecordKind, Mapping[str, _Invoice | _Payment | _CreditMemo]] = {
            RecordKind.INVOICE: self.netsuite.invoices,
            RecordKind.PAYMENT: self.netsuite.payments,
            RecordKind.CREDIT_NOTE: self.netsuite.credit_memos,
        }
        table = tables[RecordKind(kind)]
        return {r.external_id: r.internal_id for r in table.values() if r.external_id in wanted}


class InMemoryNetSuiteGatewayFactory:
    """A NetSuiteGatewayFactory over fake accounts; an unknown account id fails like bad credentials."""

    def __init__(self, *accounts: InMemoryNetSuite) -> None:
        self.accounts = {account.account_id: account for account in accounts}
        self.opened: list[NetSuiteAccess] = []

    def __call__(self, access: NetSuiteAccess) -> InMemoryNetSuiteGateway:
        self.opened.append(access)
        account = self.accounts.get(_canonical_or_none(access.account_id) or "")
        if account is None:
            account = InMemoryNetSuite("0", credentials=_NOBODY)
        return InMemoryNetSuiteGateway(account, access)


_NOBODY = NetSuiteCredentials("nobody", "nobody", "nobody", "nobody")


def _canonical_or_none(account_id: str) -> str | None:
    try:
        return canonical_account_id(account_id)
    except DomainError:
        return None
