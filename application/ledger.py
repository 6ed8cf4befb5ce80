"""The Invoiced-side ledger: companies and their API keys, customers, invoices and payments."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Generic, TypeVar

from application.errors import Conflict, InvalidInput, NotFound
from application.ports import (
    Clock,
    CreditNoteFilter,
    CustomerFilter,
    InvoiceFilter,
    PaymentFilter,
    UnitOfWork,
    UnitOfWorkFactory,
)
from domain.adjustments import Discount, Tax
from domain.company import ApiKey, Company
from domain.credit_note import CreditNote
from domain.customer import Customer, CustomerType
from domain.errors import DomainError
from domain.invoice import Invoice, LineItem
from domain.metadata import clean_metadata
from domain.money import Money, sum_money, to_decimal
from domain.payment import (
    Payment,
    PaymentApplication,
    PaymentMethod,
    PaymentSource,
    apply_payment,
    void_payment,
)
from domain.policies.payment_terms import checked_payment_terms, net_days
from domain.records import Origin, RecordKind

T = TypeVar("T")
N = TypeVar("N", Invoice, Customer)

API_KEY_PREFIX = "ink_"
DEFAULT_CURRENCY = "usd"
MAX_EMAIL_LENGTH = 254
MAX_LINES = 1_000
# Tries at a number we chose before giving up: each clash means another creation won that number.
NUMBER_ATTEMPTS = 50


def hash_api_key(api_key: str) -> str:
    """API keys are long random tokens, so a plain SHA-256 is a safe one-way fingerprint to store."""
    return hashlib.sha256(api_key.encode()).hexdigest()


def due_date_from_terms(invoice_date: date, payment_terms: str | None) -> date | None:
    """'NET 30' means due 30 days after the invoice date; other terms leave the due date open."""
    days = net_days(payment_terms)
    return invoice_date + timedelta(days=days) if days is not None else None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int


@dataclass(frozen=True, slots=True)
class NewCompany:
    """A created company and its first API key, which is shown this once and never again."""

    company: Company
    api_key: str


@dataclass(frozen=True, slots=True)
class AdjustmentInput:
    """A discount (label = coupon) or a tax (label = tax rate) as given."""

    amount: Decimal
    label: str | None = None


@dataclass(frozen=True, slots=True)
class LineInput:
    """A line as a caller gives it; `id` names an existing line of the invoice being edited."""

    name: str
    quantity: Decimal
    unit_cost: Decimal
    description: str = ""
    netsuite_item_id: str | None = None
    discounts: tuple[AdjustmentInput, ...] = ()
    taxes: tuple[AdjustmentInput, ...] = ()
    id: int | None = None
    type: str | None = None
    catalog_item: str | None = None
    discountable: bool = True
    taxable: bool = True
    metadata: Mapping[str, object] | None = None


@dataclass(frozen=True, slots=True)
class CustomerBalance:
    """What a customer owes in one currency: the open balance of its issued invoices, and whether any
    of it is past due."""

    currency: str
    total_outstanding: Decimal
    past_due: bool
    open_invoices: int


@dataclass(frozen=True, slots=True)
class RemovedInvoice:
    """The outcome of deleting an invoice: a draft is gone; an issued invoice is voided instead."""

    invoice: Invoice
    deleted: bool


@dataclass(frozen=True, slots=True)
class ApplicationInput:
    """An `applied_to` entry: cash applied to an invoice, or (with credit_note_id) a credit note's
    balance applied to it."""

    invoice_id: int
    amount: Decimal
    credit_note_id: int | None = None


class Ledger:
    """Use cases of the ledger. Every call runs in its own unit of work and is scoped to one company."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # -- companies and keys --------------------------------------------------------------------

    def create_company(self, name: str, email: str | None = None) -> NewCompany:
        with self._uow() as uow:
            company = uow.companies.add(Company(name=name, email=_clean_email(email), created_at=self._now()))
            api_key = self._new_key(uow, _id(company.id))
            uow.commit()
        return NewCompany(company, api_key)

    def issue_api_key(self, company_id: int) -> str:
        with self._uow() as uow:
            self._company(uow, company_id)
            api_key = self._new_key(uow, company_id)
            uow.commit()
        return api_key

    def authenticate(self, api_key: str) -> Company | None:
        """The company an API key belongs to, or None for an unknown or revoked key."""
        if not api_key or not api_key.startswith(API_KEY_PREFIX):
            return None
        with self._uow() as uow:
            return uow.companies.company_for_key_hash(hash_api_key(api_key))

    def get_company(self, company_id: int) -> Company:
        with self._uow() as uow:
            return self._company(uow, company_id)

    def list_companies(self) -> list[Company]:
        with self._uow() as uow:
            return uow.companies.list()

    def update_company(
        self, company_id: int, *, name: str | None = None, email: str | None = None
    ) -> Company:
        with self._uow() as uow:
            company = self._company(uow, company_id)
            if name is not None:
                if not name.strip():
                    raise InvalidInput("A company needs a name.", param="name")
                company.name = name.strip()
            if email is not None:
                company.email = _clean_email(email)
            uow.companies.update(company)
            uow.commit()
            return company

    def _new_key(self, uow: UnitOfWork, company_id: int) -> str:
        api_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        uow.companies.add_api_key(
            ApiKey(
                company_id=company_id,
                key_hash=hash_api_key(api_key),
                prefix=api_key[:10],
                created_at=self._now(),
            )
        )
        return api_key

    # -- customers -----------------------------------------------------------------------------

    def create_customer(
        self,
        company_id: int,
        name: str,
        *,
        number: str | None = None,
        email: str | None = None,
        type: str = CustomerType.COMPANY.value,
        currency: str | None = None,
        payment_terms: str | None = None,
        details: Mapping[str, object] | None = None,
    ) -> Customer:
        """A new customer; `details` are Invoiced's other customer fields by name (address, phone,
        notes, tax_id, language, autopay, taxable, chase, credit_limit, metadata)."""
        with self._uow() as uow:
            self._company(uow, company_id)
            customer = _guard(
                lambda: Customer(
                    company_id=company_id,
                    name=name,
                    number=number or self._next_number(uow, company_id, "CUST"),
                    email=_clean_email(email),
                    type=_customer_type(type),
                    currency=currency,
                    payment_terms=checked_payment_terms(payment_terms),
                    origin=Origin.INVOICED,
                    created_at=self._now(),
                    updated_at=self._now(),
                )
            )
            _guard(lambda: customer.set_details(details or {}))
            if number is not None and uow.customers.by_number(company_id, customer.number) is not None:
                raise Conflict(
                    f"The customer number {customer.number} has already been taken.", param="number"
                )
            self._add_numbered(uow, company_id, "CUST", customer, uow.customers.add, numbered=number is None)
            uow.commit()
            return customer

    def update_customer(
        self,
        company_id: int,
        customer_id: int,
        *,
        name: str | None = None,
        email: str | None = None,
        currency: str | None = None,
        payment_terms: str | None = None,
        type: str | None = None,
        details: Mapping[str, object] | None = None,
    ) -> Customer:
        with self._uow() as uow:
            customer = self._customer(uow, company_id, customer_id)
            _guard(lambda: customer.set_details(details or {}))
            _guard(
                lambda: customer.change(
                    self._now(),
                    name=name,
                    email=(_clean_email(email) or "") if email is not None else None,  # "" clears it
                    currency=currency,
                    payment_terms=checked_payment_terms(payment_terms),
                    type=_customer_type(type) if type is not None else None,
                )
            )
            uow.customers.update(customer)
            uow.commit()
            return customer

    def get_customer(self, company_id: int, customer_id: int) -> Customer:
        with self._uow() as uow:
            return self._customer(uow, company_id, customer_id)

    def customers_by_ids(self, company_id: int, customer_ids: Collection[int]) -> list[Customer]:
        """The company's customers with these ids, in one query (ids of other companies are left out)."""
        with self._uow() as uow:
            return uow.customers.by_ids(company_id, customer_ids)

    def list_customers(
        self,
        company_id: int,
        where: CustomerFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page[Customer]:
        with self._uow() as uow:
            self._company(uow, company_id)
            return Page(
                uow.customers.list(company_id, where, offset=offset, limit=limit),
                uow.customers.count(company_id, where),
            )

    def delete_customer(self, company_id: int, customer_id: int) -> Customer:
        """Delete a customer that has no invoices or payments and is not linked to NetSuite."""
        with self._uow() as uow:
            customer = self._customer(uow, company_id, customer_id)
            invoices = uow.invoices.count(company_id, InvoiceFilter(customer_id=customer_id))
            payments = uow.payments.count(company_id, PaymentFilter(customer_id=customer_id))
            notes = uow.credit_notes.count(company_id, CreditNoteFilter(customer_id=customer_id))
            if invoices or payments or notes:
                raise InvalidInput(
                    f"{customer.label} has {invoices} invoice(s), {payments} payment(s) and {notes} credit "
                    "note(s); a customer with documents cannot be deleted. Void its documents instead, or "
                    "keep it."
                )
            if uow.links.get(company_id, RecordKind.CUSTOMER, customer_id) is not None:
                raise InvalidInput(
                    f"{customer.label} is linked to a NetSuite customer, so it cannot be deleted here: "
                    "the sync relies on the link to keep the two apart from other customers."
                )
            uow.customers.delete(company_id, customer_id)
            uow.commit()
            return customer

    def customer_balance(
        self, company_id: int, customer_id: int, currency: str | None = None
    ) -> CustomerBalance:
        """The customer's open balance in `currency` (the customer's own, else the default), from its
        issued, unvoided invoices."""
        with self._uow() as uow:
            customer = self._customer(uow, company_id, customer_id)
            wanted = _guard(lambda: Money.zero(currency or customer.currency or DEFAULT_CURRENCY), "currency")
            open_invoices = uow.invoices.list(
                company_id,
                InvoiceFilter(customer_id=customer_id, draft=False, voided=False, currency=wanted.currency),
            )
            owing = [i for i in open_invoices if i.balance.is_positive]
            today = self._clock.today()
            return CustomerBalance(
                currency=wanted.currency,
                total_outstanding=sum_money([i.balance for i in owing], wanted.currency).amount,
                past_due=any(i.due_date is not None and i.due_date < today for i in owing),
                open_invoices=len(owing),
            )

    # -- invoices ------------------------------------------------------------------------------

    def create_invoice(
        self,
        company_id: int,
        customer_id: int,
        items: Sequence[LineInput],
        *,
        number: str | None = None,
        currency: str | None = None,
        date: date | None = None,
        due_date: date | None = None,
        draft: bool = False,
        payment_terms: str | None = None,
        notes: str | None = None,
        discounts: Sequence[AdjustmentInput] = (),
        taxes: Sequence[AdjustmentInput] = (),
        details: Mapping[str, object] | None = None,
    ) -> Invoice:
        """A new invoice; `details` are Invoiced's other invoice fields by name (name, purchase_order,
        sent, closed, autopay, ship_to, metadata)."""
        with self._uow() as uow:
            customer = self._customer(uow, company_id, customer_id)
            invoice_date = date or self._clock.today()
            terms = _guard(lambda: checked_payment_terms(payment_terms)) or customer.payment_terms
            invoice = _guard(
                lambda: Invoice(
                    company_id=company_id,
                    customer_id=customer_id,
                    number=number or self._next_number(uow, company_id, "INV"),
                    currency=currency or customer.currency or DEFAULT_CURRENCY,
                    date=invoice_date,
                    due_date=due_date or due_date_from_terms(invoice_date, terms),
                    items=[_line(item) for item in items],
                    discounts=discounts_from(discounts),
                    taxes=taxes_from(taxes),
                    draft=draft,
                    payment_terms=terms,
                    notes=notes,
                    origin=Origin.INVOICED,
                    created_at=self._now(),
                    updated_at=self._now(),
                )
            )
            _guard(lambda: invoice.set_details(details or {}))
            _check_new_document(invoice)
            if number is not None and uow.invoices.by_number(company_id, invoice.number) is not None:
                raise Conflict(f"The invoice number {invoice.number} has already been taken.", param="number")
            self._add_numbered(uow, company_id, "INV", invoice, uow.invoices.add, numbered=number is None)
            uow.commit()
            return invoice

    def update_invoice(
        self,
        company_id: int,
        invoice_id: int,
        *,
        items: Sequence[LineInput] | None = None,
        date: date | None = None,
        due_date: date | None = None,
        customer_id: int | None = None,
        number: str | None = None,
        draft: bool | None = None,
        payment_terms: str | None = None,
        notes: str | None = None,
        discounts: Sequence[AdjustmentInput] | None = None,
        taxes: Sequence[AdjustmentInput] | None = None,
        details: Mapping[str, object] | None = None,
    ) -> Invoice:
        with self._uow() as uow:
            invoice = self._invoice(uow, company_id, invoice_id)
            if items is not None:
                _check_line_ids(invoice, items)
            if customer_id is not None:
                self._customer(uow, company_id, customer_id)
            if (
                number is not None
                and number != invoice.number
                and uow.invoices.by_number(company_id, number) is not None
            ):
                raise Conflict(f"The invoice number {number} has already been taken.", param="number")
            _guard(
                lambda: invoice.revise(
                    self._now(),
                    items=[_line(i) for i in items] if items is not None else None,
                    discounts=discounts_from(discounts) if discounts is not None else None,
                    taxes=taxes_from(taxes) if taxes is not None else None,
                    date=date,
                    due_date=due_date,
                    customer_id=customer_id,
                    number=number,
                    draft=draft,
                    payment_terms=checked_payment_terms(payment_terms),
                    notes=notes,
                    details=details,
                )
            )
            if items is not None or discounts is not None or taxes is not None:
                _check_new_document(invoice)
            uow.invoices.update(invoice)
            uow.commit()
            return invoice

    def delete_invoice(self, company_id: int, invoice_id: int) -> RemovedInvoice:
        """Delete a draft; an issued invoice is voided instead, so what NetSuite and the customer saw
        stays on record (and a payment applied to it still prevents that)."""
        with self._uow() as uow:
            invoice = self._invoice(uow, company_id, invoice_id)
            if invoice.draft and not invoice.voided:
                uow.invoices.delete(company_id, invoice_id)
                uow.commit()
                return RemovedInvoice(invoice, deleted=True)
            _guard(lambda: invoice.void(self._now()))
            uow.invoices.update(invoice)
            uow.commit()
            return RemovedInvoice(invoice, deleted=False)

    def pay_invoice(self, company_id: int, invoice_id: int) -> Invoice:
        """Record a payment of the invoice's whole balance (method `other`), as when the customer's
        payment is collected; the invoice is then paid and closed."""
        invoice = self.get_invoice(company_id, invoice_id)
        if not invoice.balance.is_positive:
            raise InvalidInput(f"{invoice.label} has nothing left to pay.")
        self.record_payment(
            company_id,
            applied_to=[ApplicationInput(invoice_id, invoice.balance.amount)],
            customer_id=invoice.customer_id,
            currency=invoice.currency,
        )
        return self.get_invoice(company_id, invoice_id)

    def issue_invoice(self, company_id: int, invoice_id: int) -> Invoice:
        with self._uow() as uow:
            invoice = self._invoice(uow, company_id, invoice_id)
            _guard(lambda: invoice.issue(self._now()))
            uow.invoices.update(invoice)
            uow.commit()
            return invoice

    def void_invoice(self, company_id: int, invoice_id: int) -> Invoice:
        with self._uow() as uow:
            invoice = self._invoice(uow, company_id, invoice_id)
            _guard(lambda: invoice.void(self._now()))
            uow.invoices.update(invoice)
            uow.commit()
            return invoice

    def get_invoice(self, company_id: int, invoice_id: int) -> Invoice:
        with self._uow() as uow:
            return self._invoice(uow, company_id, invoice_id)

    def list_invoices(
        self,
        company_id: int,
        where: InvoiceFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page[Invoice]:
        with self._uow() as uow:
            self._company(uow, company_id)
            return Page(
                uow.invoices.list(company_id, where, offset=offset, limit=limit),
                uow.invoices.count(company_id, where),
            )

    # -- payments ------------------------------------------------------------------------------

    def record_payment(
        self,
        company_id: int,
        *,
        applied_to: Sequence[ApplicationInput],
        amount: Decimal | None = None,
        customer_id: int | None = None,
        currency: str | None = None,
        method: str = PaymentMethod.OTHER.value,
        reference: str | None = None,
        date: date | None = None,
        notes: str | None = None,
        source: str | None = None,
        metadata: Mapping[str, object] | None = None,
    ) -> Payment:
        """Record a payment and apply it to invoices, all or nothing."""
        with self._uow() as uow:
            self._company(uow, company_id)
            invoices = {a.invoice_id: self._invoice(uow, company_id, a.invoice_id) for a in applied_to}
            if customer_id is None:
                if not invoices:
                    raise InvalidInput(
                        "Say which customer paid, or which invoices the payment is for.", param="customer"
                    )
                customer_id = next(iter(invoices.values())).customer_id
            customer = self._customer(uow, company_id, customer_id)
            payment_currency = currency or (
                next(iter(invoices.values())).currency if invoices else customer.currency or DEFAULT_CURRENCY
            )
            credit_notes = self._credit_notes_of(uow, company_id, applied_to)
            applications = _guard(
                lambda: [
                    PaymentApplication(a.invoice_id, to_decimal(a.amount), credit_note_id=a.credit_note_id)
                    for a in applied_to
                ]
            )
            cash = [a for a in applications if not a.is_credit]
            total = amount if amount is not None else sum((a.amount for a in cash), Decimal("0"))
            payment = _guard(
                lambda: Payment(
                    company_id=company_id,
                    customer_id=customer_id,
                    currency=payment_currency,
                    amount=to_decimal(total),
                    date=date or self._clock.today(),
                    applied_to=applications,
                    method=_payment_method(method),
                    reference=reference or None,
                    notes=notes,
                    origin=Origin.INVOICED,
                    created_at=self._now(),
                    updated_at=self._now(),
                    source=_payment_source(source),
                    metadata=clean_metadata(metadata),
                )
            )
            _guard(lambda: apply_payment(payment, invoices, credit_notes))
            uow.payments.add(payment)
            for invoice in invoices.values():
                uow.invoices.update(invoice)
            for note in credit_notes.values():
                uow.credit_notes.update(note)
            uow.commit()
            return payment

    @staticmethod
    def _credit_notes_of(
        uow: UnitOfWork, company_id: int, applied_to: Sequence[ApplicationInput]
    ) -> dict[int, CreditNote]:
        wanted = {a.credit_note_id for a in applied_to if a.credit_note_id is not None}
        found = {n.id: n for n in uow.credit_notes.by_ids(company_id, wanted) if n.id is not None}
        missing = sorted(wanted - set(found))
        if missing:
            raise NotFound(f"No credit note with id {missing[0]} in this company.")
        return found

    def void_payment(self, company_id: int, payment_id: int) -> Payment:
        with self._uow() as uow:
            payment = self._payment(uow, company_id, payment_id)
            invoices = {i.id: i for i in uow.invoices.by_ids(company_id, payment.invoice_ids) if i.id}
            notes = {n.id: n for n in uow.credit_notes.by_ids(company_id, payment.credit_note_ids) if n.id}
            _guard(lambda: void_payment(payment, invoices, self._now(), notes))
            uow.payments.update(payment)
            for invoice in invoices.values():
                uow.invoices.update(invoice)
            for note in notes.values():
                uow.credit_notes.update(note)
            uow.commit()
            return payment

    def amend_payment(
        self,
        company_id: int,
        payment_id: int,
        *,
        method: str | None = None,
        reference: str | None = None,
        notes: str | None = None,
        metadata: Mapping[str, object] | None = None,
        clear: Collection[str] = (),
    ) -> Payment:
        """Change a payment's method, reference, notes or metadata (`clear` names those to empty)."""
        with self._uow() as uow:
            payment = self._payment(uow, company_id, payment_id)
            _guard(
                lambda: payment.amend(
                    self._now(),
                    method=_payment_method(method) if method is not None else None,
                    reference=reference,
                    notes=notes,
                    metadata=metadata,
                    clear=frozenset(clear),
                )
            )
            uow.payments.update(payment)
            uow.commit()
            return payment

    def get_payment(self, company_id: int, payment_id: int) -> Payment:
        with self._uow() as uow:
            return self._payment(uow, company_id, payment_id)

    def list_payments(
        self,
        company_id: int,
        where: PaymentFilter | None = None,
        *,
        invoice_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page[Payment]:
        where = where or PaymentFilter()
        if invoice_id is not None:
            where = replace(where, invoice_id=invoice_id)
        with self._uow() as uow:
            self._company(uow, company_id)
            items = uow.payments.list(company_id, where=where, offset=offset, limit=limit)
            return Page(items, uow.payments.count(company_id, where))

    # -- helpers -------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self._clock.now()

    def _add_numbered(
        self,
        uow: UnitOfWork,
        company_id: int,
        prefix: str,
        record: N,
        add: Callable[[N], object],
        *,
        numbered: bool,
    ) -> None:
        """Add a record; when we chose its number and another request took that number first (two
        creations at once), take the next free one and try again, so concurrent creations never clash."""
        for _ in range(NUMBER_ATTEMPTS):
            try:
                add(record)
                return
            except Conflict as clash:
                if not numbered or clash.param != "number":
                    raise
                record.number = self._next_number(uow, company_id, prefix)
        raise Conflict(f"No free {prefix} number could be found; try again in a moment.", param="number")

    def _next_number(self, uow: UnitOfWork, company_id: int, prefix: str) -> str:
        """The next free number like INV-00001 (gaps from deleted or renamed records are skipped)."""
        taken = uow.invoices.count(company_id) if prefix == "INV" else uow.customers.count(company_id)
        candidate = taken + 1
        while True:
            number = f"{prefix}-{candidate:05d}"
            exists = (
                uow.invoices.by_number(company_id, number)
                if prefix == "INV"
                else uow.customers.by_number(company_id, number)
            )
            if exists is None:
                return number
            candidate += 1

    @staticmethod
    def _company(uow: UnitOfWork, company_id: int) -> Company:
        company = uow.companies.get(company_id)
        if company is None:
            raise NotFound(f"No company with id {company_id}: run `company list` to see the ids.")
        return company

    def _customer(self, uow: UnitOfWork, company_id: int, customer_id: int) -> Customer:
        self._company(uow, company_id)
        customer = uow.customers.get(company_id, customer_id)
        if customer is None:
            raise NotFound(f"No customer with id {customer_id} in this company.")
        return customer

    @staticmethod
    def _invoice(uow: UnitOfWork, company_id: int, invoice_id: int) -> Invoice:
        invoice = uow.invoices.get(company_id, invoice_id)
        if invoice is None:
            raise NotFound(f"No invoice with id {invoice_id} in this company.")
        return invoice

    @staticmethod
    def _payment(uow: UnitOfWork, company_id: int, payment_id: int) -> Payment:
        payment = uow.payments.get(company_id, payment_id)
        if payment is None:
            raise NotFound(f"No payment with id {payment_id} in this company.")
        return payment


def _guard(build: Callable[[], T], param: str | None = None) -> T:
    """Run a domain operation and turn a broken business rule into InvalidInput for the caller, naming
    the field the rule is about (the rule's own, else `param`)."""
    try:
        return build()
    except DomainError as error:
        raise InvalidInput(str(error), param=error.param or param) from error


guard = _guard


def _line(item: LineInput) -> LineItem:
    return LineItem(
        name=item.name,
        quantity=item.quantity,
        unit_cost=item.unit_cost,
        description=item.description,
        netsuite_item_id=item.netsuite_item_id,
        discounts=tuple(discounts_from(item.discounts)),
        taxes=tuple(taxes_from(item.taxes)),
        id=item.id,
        type=item.type,
        catalog_item=item.catalog_item,
        discountable=item.discountable,
        taxable=item.taxable,
        metadata=clean_metadata(item.metadata, "items"),
    )


def _check_new_document(invoice: Invoice) -> None:
    """What the ledger takes from a person or a script (records from NetSuite are taken as they are):
    at most MAX_LINES lines, and a total of at least zero (money given back is a credit note)."""
    if len(invoice.items) > MAX_LINES:
        raise InvalidInput(
            f"{invoice.label} has {len(invoice.items):,} lines; an invoice can have at most {MAX_LINES:,}.",
            param="items",
        )
    if invoice.total.amount < 0:
        raise InvalidInput(
            f"{invoice.label} would total {invoice.total}; an invoice cannot total below zero. To give "
            "money back, issue a credit note.",
            param="items",
        )


def _check_line_ids(invoice: Invoice, items: Sequence[LineInput]) -> None:
    """A line sent back with an id must be one of this invoice's lines, named once."""
    own = {line.id for line in invoice.items if line.id is not None}
    seen: set[int] = set()
    for position, item in enumerate(items):
        if item.id is None:
            continue
        if item.id not in own or item.id in seen:
            raise InvalidInput(
                f"Line {item.id} is not a line of {invoice.label} (or is listed twice); send its lines "
                "as retrieved, and new lines without an id.",
                param=f"items[{position}].id",
            )
        seen.add(item.id)


def _payment_source(value: str | None) -> PaymentSource | None:
    if value is None:
        return None
    try:
        return PaymentSource(value)
    except ValueError:
        allowed = ", ".join(s.value for s in PaymentSource)
        raise InvalidInput(
            f"Unknown payment source {value!r}; use one of: {allowed}.", param="source"
        ) from None


def line_from(item: LineInput) -> LineItem:
    """A document line from what was given (a broken rule raises the domain's error)."""
    return _line(item)


def discounts_from(given: Sequence[AdjustmentInput]) -> list[Discount]:
    return [Discount(to_decimal(d.amount), coupon=d.label) for d in given]


def taxes_from(given: Sequence[AdjustmentInput]) -> list[Tax]:
    return [Tax(to_decimal(t.amount), tax_rate=t.label) for t in given]


def _customer_type(value: str) -> CustomerType:
    try:
        return CustomerType(value)
    except ValueError:
        raise InvalidInput(
            f"Customer type must be 'company' or 'person', not {value!r}.", param="type"
        ) from None


def _payment_method(value: str) -> PaymentMethod:
    try:
        return PaymentMethod(value)
    except ValueError:
        allowed = ", ".join(m.value for m in PaymentMethod)
        raise InvalidInput(
            f"Unknown payment method {value!r}; use one of: {allowed}.", param="method"
        ) from None


def _clean_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    cleaned = email.strip()
    if "@" not in cleaned or cleaned.startswith("@") or cleaned.endswith("@"):
        raise InvalidInput(f"{email!r} is not an email address.", param="email")
    if any(ch.isspace() or not ch.isprintable() for ch in cleaned) or len(cleaned) > MAX_EMAIL_LENGTH:
        # A line break inside an address would let it add headers to the emails sent to it.
        raise InvalidInput(
            f"{email!r} is not an email address: one address of at most {MAX_EMAIL_LENGTH} characters, "
            "with no spaces or line breaks.",
            param="email",
        )
    return cleaned


def _id(value: int | None) -> int:
    assert value is not None, "the repository assigns ids on add"
    return value


__all__ = [
    "AdjustmentInput",
    "ApplicationInput",
    "CustomerBalance",
    "Ledger",
    "LineInput",
    "NewCompany",
    "Page",
    "RemovedInvoice",
    "due_date_from_terms",
    "hash_api_key",
]
