"""The API's request and response bodies (pydantic), as Invoiced spells them.

Amounts are Decimals: requests accept JSON numbers (parsed as Decimal, never float) or numeric strings;
responses write them as JSON numbers. Dates and times are unix seconds."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from domain.errors import InvalidMoney
from domain.money import parse_amount

Amount = Annotated[Decimal, WithJsonSchema({"type": "number", "example": 51.15})]


def _amount_in(value: object) -> Decimal:
    """The ledger's one rule for amounts (the CLI's too): a JSON number, or text like "10.50"."""
    try:
        return parse_amount(value, "amount")
    except InvalidMoney as error:
        raise PydanticCustomError("amount", str(error)) from None


AmountIn = Annotated[
    Decimal,
    BeforeValidator(_amount_in),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": -(10**12), "exclusiveMaximum": 10**12},
                {"type": "string", "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)$"},
            ],
            "description": "Below a trillion either side of zero, at most 6 decimals; "
            "as text, digits and a dot.",
            "example": 51.15,
        }
    ),
]
Timestamp = Annotated[
    int, WithJsonSchema({"type": "integer", "description": "unix seconds", "example": 1768467600})
]
Origin = Literal["invoiced", "netsuite"]
# Ids are positive and fit the ledger's integer columns; anything else is a 400 naming the field.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Metadata = Annotated[
    dict[str, Any] | None,
    Field(
        description="Up to 10 keys (at most 40 characters) with text values (at most 255); "
        "null removes a key.",
        json_schema_extra={"example": {"account_rep": "Jan"}},
    ),
]


class RequestBody(BaseModel):
    """Unknown parameters are refused with their name, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid")


# -- customers ---------------------------------------------------------------------------------


class CustomerDetails(RequestBody):
    """Invoiced's contact, address, tax and collection fields of a customer."""

    autopay: bool | None = None
    phone: str | None = None
    attention_to: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = Field(None, description="Two-letter ISO 3166 code, e.g. US.")
    language: str | None = Field(None, description="Two-letter ISO 639-1 code, e.g. en.")
    notes: str | None = None
    tax_id: str | None = None
    taxable: bool | None = None
    credit_limit: AmountIn | None = None
    chase: bool | None = None
    metadata: Metadata = None


class CustomerCreate(CustomerDetails):
    name: str = Field(max_length=255)
    number: str | None = Field(None, max_length=32, description="Account number; generated when omitted.")
    email: str | None = None
    type: Literal["company", "person"] = "company"
    currency: str | None = Field(None, description="ISO-4217 code, e.g. usd.")
    payment_terms: str | None = Field(None, description='e.g. "NET 30".')


class CustomerUpdate(CustomerDetails):
    name: str | None = Field(None, max_length=255)
    email: str | None = None
    type: Literal["company", "person"] | None = None
    currency: str | None = None
    payment_terms: str | None = None


class CustomerOut(BaseModel):
    id: int
    object: Literal["customer"] = "customer"
    name: str
    number: str
    email: str | None
    type: str
    currency: str | None
    payment_terms: str | None
    autopay: bool
    phone: str | None
    attention_to: str | None
    address1: str | None
    address2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None
    language: str | None
    notes: str | None
    tax_id: str | None
    taxable: bool
    credit_limit: Amount | None
    chase: bool
    metadata: dict[str, str]
    origin: Origin
    created_at: Timestamp
    updated_at: Timestamp


class CustomerBalanceOut(BaseModel):
    currency: str
    total_outstanding: Amount = Field(description="The open balance of the customer's issued invoices.")
    past_due: bool = Field(description="Whether any of that balance is past its due date.")
    available_credits: Amount = Field(description="Credit balance; this ledger keeps none, so 0.")


# -- invoices ----------------------------------------------------------------------------------


class DiscountIn(RequestBody):
    amount: AmountIn = Field(description="The amount taken off, in the document's currency.")
    coupon: str | None = Field(None, description="The coupon it came from (a label).")


class TaxIn(RequestBody):
    amount: AmountIn = Field(description="The tax charged, in the document's currency.")
    tax_rate: str | None = Field(None, description="The tax rate it came from (a label).")


class DiscountOut(BaseModel):
    object: Literal["discount"] = "discount"
    amount: Amount
    coupon: str | None


class TaxOut(BaseModel):
    object: Literal["tax"] = "tax"
    amount: Amount
    tax_rate: str | None


class LineItemIn(RequestBody):
    """A line; a line retrieved from an invoice can be sent back as it is (its `id` keeps it, `object`
    and `amount` are read-only and ignored)."""

    id: Id | None = Field(None, description="An existing line of this invoice; omit for a new line.")
    object: Literal["line_item"] | None = None
    name: str
    description: str | None = ""
    quantity: AmountIn = Decimal("1")
    unit_cost: AmountIn
    amount: AmountIn | None = Field(None, description="Read-only: quantity × unit_cost, ignored.")
    type: str | None = Field(None, description="e.g. product, service, hours.")
    catalog_item: str | None = None
    discountable: bool = True
    taxable: bool = True
    metadata: Metadata = None
    discounts: list[DiscountIn] = Field(default_factory=list)
    taxes: list[TaxIn] = Field(default_factory=list)


class ShipTo(RequestBody):
    name: str | None = None
    attention_to: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = Field(None, description="Two-letter ISO 3166 code.")


class InvoiceDetails(RequestBody):
    """Invoiced's descriptive invoice fields."""

    name: str | None = Field(None, description='An internal label; "Invoice" when omitted.')
    purchase_order: str | None = None
    sent: bool | None = None
    closed: bool | None = Field(
        None, description="true closes an issued invoice (bad debt): it takes no more payments or edits."
    )
    autopay: bool | None = None
    ship_to: ShipTo | None = None
    metadata: Metadata = None
    attachments: list[int] | None = Field(None, description="Not supported: this ledger keeps no files.")
    calculate_taxes: bool | None = Field(None, description="Accepted; this ledger calculates no taxes.")


class InvoiceCreate(InvoiceDetails):
    customer: Id
    items: list[LineItemIn] = Field(min_length=1)
    number: str | None = Field(None, max_length=32, description="Generated (INV-00001…) when omitted.")
    currency: str | None = None
    date: Timestamp | None = None
    due_date: Timestamp | None = None
    payment_terms: str | None = None
    notes: str | None = None
    draft: bool = False
    discounts: list[DiscountIn] = Field(default_factory=list)
    taxes: list[TaxIn] = Field(default_factory=list)


class InvoiceUpdate(InvoiceDetails):
    customer: Id | None = None
    items: list[LineItemIn] | None = Field(None, min_length=1)
    number: str | None = Field(None, max_length=32)
    date: Timestamp | None = None
    due_date: Timestamp | None = None
    payment_terms: str | None = None
    notes: str | None = None
    draft: bool | None = Field(
        None, description="false issues a draft; an issued invoice cannot return to draft."
    )
    discounts: list[DiscountIn] | None = None
    taxes: list[TaxIn] | None = None


class LineItemOut(BaseModel):
    id: int | None = Field(None, description="Send it back with the line to keep the line (invoices).")
    object: Literal["line_item"] = "line_item"
    type: str | None = None
    catalog_item: str | None = None
    name: str
    description: str
    quantity: Amount
    unit_cost: Amount
    amount: Amount
    discounts: list[DiscountOut] = Field(default_factory=list)
    taxes: list[TaxOut] = Field(default_factory=list)
    discountable: bool = True
    taxable: bool = True
    metadata: dict[str, str] = Field(default_factory=dict)


class ShipToOut(BaseModel):
    name: str | None
    attention_to: str | None
    address1: str | None
    address2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None


class InvoiceOut(BaseModel):
    id: int
    object: Literal["invoice"] = "invoice"
    customer: int | CustomerOut = Field(
        description="The customer's id, or the customer with expand=customer."
    )
    name: str
    number: str
    purchase_order: str | None
    currency: str
    date: Timestamp
    due_date: Timestamp | None
    payment_terms: str | None
    status: str
    draft: bool
    sent: bool
    closed: bool = Field(description="Closed by hand, paid, or voided: it takes no further payments.")
    voided: bool
    paid: bool
    autopay: bool
    items: list[LineItemOut]
    discounts: list[DiscountOut] = Field(default_factory=list)
    taxes: list[TaxOut] = Field(default_factory=list)
    subtotal: Amount
    total: Amount
    amount_paid: Amount
    amount_credited: Amount = Field(Decimal("0"), description="What credit notes have paid of it.")
    balance: Amount = Field(description="total − amount_paid − amount_credited")
    notes: str | None
    ship_to: ShipToOut | None
    url: str | None = Field(description="The customer's page of this invoice; null: this ledger has none.")
    payment_url: str | None = Field(description="Null: this ledger takes no online payments.")
    pdf_url: str | None = Field(description="Null: this ledger produces no PDFs.")
    metadata: dict[str, str]
    origin: Origin
    created_at: Timestamp
    updated_at: Timestamp


# -- payments ----------------------------------------------------------------------------------


class ApplicationIn(RequestBody):
    """Cash applied to an invoice (`type: invoice`), or a credit note's balance applied to one
    (`type: credit_note` with `credit_note` and `document_type: invoice`)."""

    type: Literal["invoice", "credit_note"] = "invoice"
    invoice: Id
    credit_note: Id | None = None
    document_type: Literal["invoice"] | None = None
    amount: AmountIn


PaymentSource = Literal[
    "keyed", "imported", "bank_feed", "check_lockbox", "remittance_advice", "network", "accounting_system"
]


class PaymentCreate(RequestBody):
    applied_to: list[ApplicationIn] = Field(default_factory=list)
    customer: Id | None = None
    amount: AmountIn | None = Field(
        None,
        description="Defaults to the sum of the invoice entries of applied_to; credit_note entries "
        "spend the credit note, not the payment, so a payment that only applies credit notes is 0.",
    )
    currency: str | None = None
    date: Timestamp | None = None
    method: str = "other"
    reference: str | None = None
    notes: str | None = None
    source: PaymentSource | None = Field(None, description="How it was received; keyed when omitted.")
    metadata: Metadata = None


class PaymentUpdate(RequestBody):
    """What describes a payment; its amount and applications are changed by voiding it (DELETE) and
    recording it again."""

    method: str | None = None
    reference: str | None = None
    notes: str | None = None
    metadata: Metadata = None


class ApplicationOut(BaseModel):
    type: Literal["invoice", "credit_note"] = "invoice"
    invoice: int
    credit_note: int | None = None
    document_type: Literal["invoice"] | None = None
    amount: Amount


class PaymentOut(BaseModel):
    id: int
    object: Literal["payment"] = "payment"
    customer: int | CustomerOut = Field(
        description="The customer's id, or the customer with expand=customer."
    )
    date: Timestamp
    currency: str
    amount: Amount
    balance: Amount = Field(description="What is not applied to invoices.")
    method: str
    reference: str | None
    notes: str | None
    source: str
    matched: bool = Field(False, description="Always false: this ledger makes no cash-match suggestions.")
    voided: bool
    applied_to: list[ApplicationOut]
    metadata: dict[str, str]
    origin: Origin
    created_at: Timestamp
    updated_at: Timestamp


# -- accounting sync ---------------------------------------------------------------------------


class SyncErrorOut(BaseModel):
    id: int
    object: Literal["sync_error"] = "sync_error"
    record_type: str
    record_id: str
    record_label: str
    direction: str
    message: str
    code: str
    netsuite_code: str | None
    hint: str | None
    status: str
    occurrences: int
    sync: int | None = Field(description="The run that last met this error.")
    created_at: Timestamp
    updated_at: Timestamp


class AccountingSyncStatusOut(BaseModel):
    object: Literal["accounting_sync_status"] = "accounting_sync_status"
    synced: bool
    accounting_system: Literal["netsuite"] = "netsuite"
    accounting_id: str | None = Field(description="The record's NetSuite internal id.")
    source: Origin | None = Field(description="Where the record was created.")
    first_synced: Timestamp | None
    last_synced: Timestamp | None
    error: SyncErrorOut | None


class SyncRunOut(BaseModel):
    id: int
    object: Literal["sync", "import"]
    kind: str
    trigger: str
    status: str
    queued_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    duration_seconds: int | None
    counts: dict[str, int]
    error_count: int
    error: str | None


class ImportOut(SyncRunOut):
    type: Literal["invoice", "customer"]
    source: Literal["netsuite"] = "netsuite"


class SyncRunDetailsOut(SyncRunOut):
    errors: list[SyncErrorOut] = Field(description="The sync errors this run left.")


class ImportDetailsOut(ImportOut):
    errors: list[SyncErrorOut] = Field(description="The records that did not import.")


class SyncHistoryOut(BaseModel):
    object: Literal["list"] = "list"
    data: list[SyncRunOut]
    next_scheduled_sync: Timestamp | None = Field(description="When auto-sync runs next; null when off.")


class IntegrationSettingsBody(RequestBody):
    auto_sync: bool | None = Field(None, description='"Reconcile to NetSuite": sync about every interval.')
    interval_minutes: int | None = None
    start_date: Timestamp | None = Field(None, description="Only reconcile transactions dated on or after.")
    read_invoices: bool | None = None
    read_payments: bool | None = None
    write_invoices: bool | None = None
    write_payments: bool | None = None
    write_credit_notes: bool | None = Field(None, description='"Write to NetSuite › Credit Notes".')
    fallback_item_id: str | None = None
    discount_item_id: str | None = Field(
        None, description="The NetSuite item discounts are written on (Default Discount Item Id)."
    )
    tax_item_id: str | None = Field(
        None, description="The NetSuite item taxes are written on (Default Tax Item Id)."
    )
    deposit_account_id: str | None = Field(None, description="null or empty = undeposited funds.")
    subsidiary_id: str | None = None
    concurrency_limit: int | None = None
    external_id_prefix: str | None = None


class NetSuiteAuthIn(RequestBody):
    """How to log in. `oauth2` (OAuth 2.0 client credentials, what NetSuite takes for new integrations
    from 2027.1): `client_id`, `certificate_id`, `private_key` (PEM text) and optionally `certificate`
    (PEM text, to warn before it expires). `tba` (token-based auth): the four token secrets."""

    method: Literal["oauth2", "tba"]
    client_id: str | None = None
    certificate_id: str | None = None
    private_key: str | None = Field(None, description="PEM text; sealed, never returned.")
    certificate: str | None = Field(None, description="PEM text of the certificate mapped in NetSuite.")
    consumer_key: str | None = None
    consumer_secret: str | None = None
    token_id: str | None = None
    token_secret: str | None = None


class NetSuiteConnect(RequestBody):
    account_id: str = Field(description="e.g. 1234567 or 1234567_SB1.")
    auth: NetSuiteAuthIn | None = Field(
        None, description="The login method and its parts; without it, the four TBA fields below."
    )
    consumer_key: str | None = Field(None, description="Token-based auth, when `auth` is not given.")
    consumer_secret: str | None = None
    token_id: str | None = None
    token_secret: str | None = None
    base_url: str | None = Field(None, description="Override of the REST domain (the sandbox, tests).")
    settings: IntegrationSettingsBody | None = None


class IntegrationSettingsOut(BaseModel):
    auto_sync: bool
    interval_minutes: int
    start_date: Timestamp | None
    read_invoices: bool
    read_payments: bool
    write_invoices: bool
    write_payments: bool
    write_credit_notes: bool = True
    fallback_item_id: str | None
    discount_item_id: str | None = None
    tax_item_id: str | None = None
    deposit_account_id: str | None
    subsidiary_id: str | None
    concurrency_limit: int
    external_id_prefix: str


class IntegrationAuthOut(BaseModel):
    method: Literal["oauth2", "tba"]
    client_id: str | None = None
    certificate_id: str | None = None
    certificate_expires: Timestamp | None = None
    certificate_warning: str | None = Field(None, description="Set within 30 days of the expiry.")


class IntegrationOut(BaseModel):
    object: Literal["netsuite_integration"] = "netsuite_integration"
    connected: bool
    account_id: str
    auth: IntegrationAuthOut | None = None
    base_url: str | None
    connected_at: Timestamp
    last_synced: Timestamp | None
    next_scheduled_sync: Timestamp | None
    settings: IntegrationSettingsOut


class ImportCreate(RequestBody):
    type: Literal["invoice", "customer"]
    source: Literal["netsuite"] = "netsuite"


class DriftSideOut(BaseModel):
    totals: dict[str, Amount] = Field(description="Per currency: the linked invoices' totals.")
    balances: dict[str, Amount] = Field(description="Per currency: what remains to be paid on them.")


class InvoiceDriftOut(BaseModel):
    invoice: int = Field(description="The invoice's id on Invoiced.")
    number: str
    netsuite_id: str
    currency: str
    invoiced_total: Amount
    netsuite_total: Amount | None = Field(description="Null when the invoice is not in NetSuite.")
    invoiced_balance: Amount
    netsuite_balance: Amount | None
    cause: str = Field(
        description="changed_in_netsuite, credit_applied_in_netsuite, deleted_in_netsuite, "
        "not_yet_synced or sync_error_open."
    )
    what_to_do: str
    repairable: bool = Field(description="POST /integrations/netsuite/drift/repairs settles it.")


class PaymentDriftOut(BaseModel):
    payment: int = Field(description="The payment's id on Invoiced.")
    label: str
    netsuite_id: str
    currency: str
    invoiced_amount: Amount
    netsuite_amount: Amount | None
    invoiced_applied: dict[str, Amount] = Field(description="Keyed by the invoices' NetSuite ids.")
    netsuite_applied: dict[str, Amount] | None
    cause: str
    what_to_do: str
    repairable: bool


class DriftReportOut(BaseModel):
    object: Literal["drift_report"] = "drift_report"
    in_agreement: bool = Field(description="True only with no difference and no open sync error.")
    summary: str
    invoices_compared: int
    payments_compared: int
    open_errors: int
    invoiced: DriftSideOut
    netsuite: DriftSideOut
    invoice_differences: list[InvoiceDriftOut]
    payment_differences: list[PaymentDriftOut]


class DriftRepairOut(BaseModel):
    object: Literal["drift_repair"] = "drift_repair"
    summary: str
    attempted: int = Field(description="How many differences the repair could settle.")
    sync: SyncRunOut | None = Field(description="The accounting sync run that repaired; null if none ran.")
    report: DriftReportOut = Field(description="The drift report after the repair.")
