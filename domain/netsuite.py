"""NetSuite's records as the sync sees them, and the records it writes there, in business terms.

These are plain values: the gateway adapter turns them into and out of NetSuite's JSON and SuiteQL rows.
Ids are NetSuite internal ids (strings); currencies are lower-case ISO codes, like the ledger's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.address import Address


class NetSuiteInvoiceStatus(StrEnum):
    OPEN = "open"
    PAID_IN_FULL = "paid_in_full"
    VOIDED = "voided"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class NetSuiteCurrency:
    internal_id: str
    code: str


@dataclass(frozen=True, slots=True)
class NetSuiteItem:
    internal_id: str
    name: str
    item_type: str


@dataclass(frozen=True, slots=True)
class NetSuiteCustomer:
    """A customer record read from NetSuite."""

    internal_id: str
    name: str
    entity_id: str | None = None
    email: str | None = None
    is_person: bool = False
    currency: str | None = None
    external_id: str | None = None
    inactive: bool = False
    last_modified: dt.datetime | None = None
    phone: str | None = None
    address: Address | None = None  # the default billing address


class NetSuiteLineKind(StrEnum):
    """What NetSuite says a transaction line is: an item sold, a discount, or a tax."""

    ITEM = "item"
    DISCOUNT = "discount"
    TAX = "tax"


@dataclass(frozen=True, slots=True)
class NetSuiteInvoiceLine:
    item_id: str | None
    description: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    kind: NetSuiteLineKind = NetSuiteLineKind.ITEM


@dataclass(frozen=True, slots=True)
class NetSuiteInvoice:
    """An invoice read from NetSuite, with its item lines and what is still owed on it."""

    internal_id: str
    tran_id: str
    customer_internal_id: str
    currency: str
    date: dt.date
    due_date: dt.date | None
    lines: tuple[NetSuiteInvoiceLine, ...]
    total: Decimal
    amount_remaining: Decimal
    status: NetSuiteInvoiceStatus
    external_id: str | None = None
    memo: str | None = None
    last_modified: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class NetSuitePaymentApplication:
    invoice_internal_id: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class NetSuitePayment:
    """A customerPayment read from NetSuite with the invoices it is applied to."""

    internal_id: str
    customer_internal_id: str
    currency: str
    date: dt.date
    amount: Decimal
    applications: tuple[NetSuitePaymentApplication, ...]
    tran_id: str | None = None
    external_id: str | None = None
    reference: str | None = None
    memo: str | None = None
    voided: bool = False
    last_modified: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class NetSuiteCreditMemo:
    """A creditMemo read from NetSuite, with its lines and the invoices it is applied to (amounts
    positive, as on the record)."""

    internal_id: str
    tran_id: str
    customer_internal_id: str
    currency: str
    date: dt.date
    lines: tuple[NetSuiteInvoiceLine, ...]
    total: Decimal
    unapplied: Decimal
    applications: tuple[NetSuitePaymentApplication, ...]
    external_id: str | None = None
    memo: str | None = None
    voided: bool = False
    last_modified: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    """A customer to create or update in NetSuite, keyed by our external id."""

    external_id: str
    name: str
    account_number: str
    email: str | None
    is_person: bool
    currency: str | None
    subsidiary_id: str | None = None
    phone: str | None = None
    address: Address | None = None  # written as the default billing address when complete


@dataclass(frozen=True, slots=True)
class InvoiceLineRecord:
    item_id: str
    description: str
    quantity: Decimal
    rate: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    """An invoice to create or update in NetSuite, keyed by our external id."""

    external_id: str
    customer_internal_id: str
    tran_id: str
    date: dt.date
    due_date: dt.date | None
    currency: str
    lines: tuple[InvoiceLineRecord, ...]
    memo: str | None = None
    subsidiary_id: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentApplicationRecord:
    invoice_internal_id: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """A customerPayment to create or update in NetSuite, keyed by our external id.
    `deposit_account_id` None means undeposited funds."""

    external_id: str
    customer_internal_id: str
    date: dt.date
    currency: str
    amount: Decimal
    applications: tuple[PaymentApplicationRecord, ...]
    reference: str | None = None
    memo: str | None = None
    deposit_account_id: str | None = None


@dataclass(frozen=True, slots=True)
class CreditMemoRecord:
    """A creditMemo to create or update in NetSuite, keyed by our external id, applied to the
    invoices' NetSuite twins (the whole apply list: an upsert replaces it)."""

    external_id: str
    customer_internal_id: str
    tran_id: str
    date: dt.date
    currency: str
    lines: tuple[InvoiceLineRecord, ...]
    applications: tuple[PaymentApplicationRecord, ...] = ()
    memo: str | None = None
    subsidiary_id: str | None = None


@dataclass(frozen=True, slots=True)
class NetSuiteProblem:
    """Why NetSuite refused one record: its message, its error code and the field it points at.
    `passing` when nothing was wrong with the record itself (NetSuite kept failing, or its answer was
    garbled): it is simply sent again."""

    message: str
    code: str | None = None
    path: str | None = None
    passing: bool = False


@dataclass(frozen=True, slots=True)
class UpsertOutcome:
    """What happened to one record of a batch write: its NetSuite id, or the problem."""

    external_id: str
    internal_id: str | None = None
    problem: NetSuiteProblem | None = None

    @property
    def succeeded(self) -> bool:
        return self.internal_id is not None and self.problem is None


@dataclass(frozen=True, slots=True)
class RemovalOutcome:
    """What happened to one record of a batch removal: gone from NetSuite (removed now, or already gone
    before — a retry after a dropped answer), or NetSuite's refusal."""

    external_id: str
    problem: NetSuiteProblem | None = None
    already_gone: bool = False

    @property
    def succeeded(self) -> bool:
        return self.problem is None
