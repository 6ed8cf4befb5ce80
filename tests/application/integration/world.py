"""A whole NetSuite integration on memory adapters, with a finance user's hands on both sides.

Shared by the application tests and the BDD steps: the Invoiced side is set up through the domain
(as the ledger's use cases would), the NetSuite side through InMemoryNetSuite's user helpers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from adapters.memory import (
    FixedClock,
    InMemoryCompanyLocks,
    InMemoryJobQueue,
    InMemoryNetSuite,
    InMemoryNetSuiteGatewayFactory,
    InMemoryNotifier,
    InMemorySecretBox,
    InMemoryStore,
)
from application.integration import (
    AccountingSync,
    ConnectionView,
    ConnectRequest,
    NetSuiteConnections,
    NetSuiteImports,
    SettingsChange,
    SyncErrors,
    SyncHistory,
)
from application.notifications import RunNotifications
from application.ports import NetSuiteAccess, NetSuiteGateway, NetSuiteGatewayFactory, UnitOfWorkFactory
from domain.adjustments import Discount, Tax
from domain.company import Company
from domain.credit_note import CreditNote
from domain.customer import Customer
from domain.invoice import Invoice, LineItem
from domain.link import Link
from domain.payment import Payment, PaymentApplication, apply_payment, void_payment
from domain.records import Origin, RecordKind
from domain.sync import SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncTrigger
from entrypoints.container import SandboxPorts
from tests.support.netsuite_user import MemoryNetSuiteUser, NetSuiteDouble, NetSuiteUser

D = Decimal


class OpenedGateways:
    """A gateway factory that remembers every access it opened a gateway with."""

    def __init__(self, factory: NetSuiteGatewayFactory) -> None:
        self.factory = factory
        self.opened: list[NetSuiteAccess] = []

    def __call__(self, access: NetSuiteAccess) -> NetSuiteGateway:
        self.opened.append(access)
        return self.factory(access)


class World:
    """One test's service: memory store, fake NetSuite account, and the integration's use cases.

    `netsuite` is the in-memory account when the world runs on the fake (the default); `user` is the
    NetSuite user's hands on whichever double the world runs on. `World(store=..., double=...)` runs
    the same service on another ledger and double (SQLite, the REST gateway and the sandbox)."""

    def __init__(
        self,
        *,
        page_size: int = 1000,
        store: UnitOfWorkFactory | None = None,
        double: NetSuiteDouble | None = None,
    ) -> None:
        self.clock = FixedClock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))
        self.store: UnitOfWorkFactory = store or InMemoryStore()
        self.netsuite = InMemoryNetSuite("1234567", clock=self.clock.now, page_size=page_size)
        gateways: NetSuiteGatewayFactory = InMemoryNetSuiteGatewayFactory(self.netsuite)
        self.user: NetSuiteUser = MemoryNetSuiteUser(self.netsuite)
        self.base_url: str | None = None
        if double is not None:
            gateways, self.user, self.base_url = double.gateways, double.user, double.access.base_url
        self.gateways = OpenedGateways(gateways)
        self.secrets = InMemorySecretBox()
        self.locks = InMemoryCompanyLocks()
        self.queue = InMemoryJobQueue()
        self.notifier = InMemoryNotifier()
        ports = (self.store, self.gateways, self.secrets, self.clock)
        self.connections = NetSuiteConnections(*ports, sandbox_ports=SandboxPorts(()))
        self.sync = AccountingSync(*ports, self.locks, self.queue)
        notifications = RunNotifications(self.store, self.notifier, "http://invoiced.test")
        self.imports = NetSuiteImports(*ports, self.locks, self.queue, notifications)
        self.sync_errors = SyncErrors(*ports, self.locks, self.queue)
        self.history = SyncHistory(self.store)

    # -- the company and its connection -----------------------------------------------------------

    def company(self, name: str = "Acme Books", email: str | None = "finance@acme.test") -> int:
        with self.store() as uow:
            company = uow.companies.add(Company(name, self.clock.now(), email))
            uow.commit()
        assert company.id is not None
        return company.id

    def connect(self, company_id: int, change: SettingsChange | None = None) -> ConnectionView:
        credentials = self.user.credentials
        view = self.connections.connect(
            ConnectRequest(
                company_id=company_id,
                account_id=self.user.account_id,
                consumer_key=credentials.consumer_key,
                consumer_secret=credentials.consumer_secret,
                token_id=credentials.token_id,
                token_secret=credentials.token_secret,
                base_url=self.base_url,
            )
        )
        if change is not None:
            view = self.connections.configure(company_id, change)
        return view

    def connected_company(self, change: SettingsChange | None = None) -> int:
        company_id = self.company()
        self.connect(company_id, change or SettingsChange(fallback_item_id="201"))
        return company_id

    # -- the Invoiced side --------------------------------------------------------------------------

    def customer(
        self, company_id: int, name: str, number: str | None = None, *, email: str | None = None
    ) -> Customer:
        now = self.clock.now()
        with self.store() as uow:
            number = number or f"CUST-{uow.customers.count(company_id) + 1:04d}"
            customer = uow.customers.add(Customer(company_id, name, number, now, now, email=email))
            uow.commit()
        return customer

    def edit_customer(self, company_id: int, customer_id: int, **changes: object) -> Customer:
        with self.store() as uow:
            customer = uow.customers.get(company_id, customer_id)
            assert customer is not None
            customer.change(self.clock.now(), **changes)  # type: ignore[arg-type]
            uow.customers.update(customer)
            uow.commit()
        return customer

    def invoice(
        self,
        company_id: int,
        customer_id: int,
        number: str,
        amount: Decimal | str = "100.00",
        *,
        lines: Sequence[LineItem] | None = None,
        on: dt.date | None = None,
        draft: bool = False,
        currency: str = "usd",
        item_id: str | None = None,
    ) -> Invoice:
        now = self.clock.now()
        items = (
            list(lines) if lines else [LineItem("Consulting", D("1"), D(amount), netsuite_item_id=item_id)]
        )
        with self.store() as uow:
            invoice = uow.invoices.add(
                Invoice(
                    company_id, customer_id, number, currency, on or now.date(), items, now, now, draft=draft
                )
            )
            uow.commit()
        return invoice

    def edit_invoice(self, company_id: int, invoice_id: int, **changes: object) -> Invoice:
        with self.store() as uow:
            invoice = uow.invoices.get(company_id, invoice_id)
            assert invoice is not None
            invoice.revise(self.clock.now(), **changes)  # type: ignore[arg-type]
            uow.invoices.update(invoice)
            uow.commit()
        return invoice

    def void_invoice(self, company_id: int, invoice_id: int) -> None:
        with self.store() as uow:
            invoice = uow.invoices.get(company_id, invoice_id)
            assert invoice is not None
            invoice.void(self.clock.now())
            uow.invoices.update(invoice)
            uow.commit()

    def payment(
        self,
        company_id: int,
        customer_id: int,
        applications: Mapping[int, Decimal | str],
        *,
        amount: Decimal | str | None = None,
        on: dt.date | None = None,
        currency: str = "usd",
        reference: str | None = None,
    ) -> Payment:
        now = self.clock.now()
        applied = [PaymentApplication(invoice_id, D(value)) for invoice_id, value in applications.items()]
        total = D(amount) if amount is not None else sum((a.amount for a in applied), D("0"))
        with self.store() as uow:
            invoices = {i.id: i for i in uow.invoices.by_ids(company_id, list(applications)) if i.id}
            payment = Payment(
                company_id,
                customer_id,
                currency,
                total,
                on or now.date(),
                now,
                now,
                applied,
                reference=reference,
            )
            apply_payment(payment, invoices)
            payment = uow.payments.add(payment)
            for invoice in invoices.values():
                uow.invoices.update(invoice)
            uow.commit()
        return payment

    def void_payment(self, company_id: int, payment_id: int) -> None:
        with self.store() as uow:
            payment = uow.payments.get(company_id, payment_id)
            assert payment is not None
            invoices = {i.id: i for i in uow.invoices.by_ids(company_id, payment.invoice_ids) if i.id}
            notes = {n.id: n for n in uow.credit_notes.by_ids(company_id, payment.credit_note_ids) if n.id}
            void_payment(payment, invoices, self.clock.now(), notes)
            uow.payments.update(payment)
            for invoice in invoices.values():
                uow.invoices.update(invoice)
            for note in notes.values():
                uow.credit_notes.update(note)
            uow.commit()

    def credit_note(
        self,
        company_id: int,
        customer_id: int,
        number: str,
        amount: Decimal | str = "40.00",
        *,
        discounts: Sequence[Decimal | str] = (),
        taxes: Sequence[Decimal | str] = (),
    ) -> CreditNote:
        now = self.clock.now()
        with self.store() as uow:
            note = uow.credit_notes.add(
                CreditNote(
                    company_id,
                    customer_id,
                    number,
                    "usd",
                    now.date(),
                    [LineItem("Credit", D("1"), D(amount))],
                    now,
                    now,
                    discounts=[Discount(D(d)) for d in discounts],
                    taxes=[Tax(D(t)) for t in taxes],
                )
            )
            uow.commit()
        return note

    def apply_credit(
        self, company_id: int, note_id: int, applications: Mapping[int, Decimal | str]
    ) -> Payment:
        """Apply a credit note to invoices, as Invoiced does: a payment of credit_note entries."""
        now = self.clock.now()
        with self.store() as uow:
            note = uow.credit_notes.get(company_id, note_id)
            assert note is not None
            invoices = {i.id: i for i in uow.invoices.by_ids(company_id, list(applications)) if i.id}
            applied = [PaymentApplication(i, D(v), credit_note_id=note_id) for i, v in applications.items()]
            payment = Payment(
                company_id, note.customer_id, note.currency, D(0), now.date(), now, now, applied
            )
            notes = {note_id: note}
            apply_payment(payment, invoices, notes)
            payment = uow.payments.add(payment)
            for invoice in invoices.values():
                uow.invoices.update(invoice)
            uow.credit_notes.update(note)
            uow.commit()
        return payment

    def void_credit_note(self, company_id: int, note_id: int) -> None:
        with self.store() as uow:
            note = uow.credit_notes.get(company_id, note_id)
            assert note is not None
            note.void(self.clock.now())
            uow.credit_notes.update(note)
            uow.commit()

    def credit_notes(self, company_id: int) -> list[CreditNote]:
        with self.store() as uow:
            return uow.credit_notes.list(company_id)

    # -- running -------------------------------------------------------------------------------------

    def run_sync(self, company_id: int) -> SyncRun:
        return self.sync.sync_now(company_id, SyncTrigger.MANUAL)

    def run_import(self, company_id: int, kind: SyncKind) -> SyncRun:
        return self.imports.import_now(company_id, kind, SyncTrigger.MANUAL)

    # -- reading the Invoiced side ------------------------------------------------------------------

    def invoices(self, company_id: int) -> list[Invoice]:
        with self.store() as uow:
            return uow.invoices.list(company_id)

    def invoice_numbered(self, company_id: int, number: str) -> Invoice:
        with self.store() as uow:
            invoice = uow.invoices.by_number(company_id, number)
        assert invoice is not None, f"no invoice {number} on Invoiced"
        return invoice

    def customers(self, company_id: int) -> list[Customer]:
        with self.store() as uow:
            return uow.customers.list(company_id)

    def payments(self, company_id: int, origin: Origin | None = None) -> list[Payment]:
        with self.store() as uow:
            return uow.payments.list(company_id, origin=origin)

    def links(self, company_id: int, kind: RecordKind) -> list[Link]:
        with self.store() as uow:
            return uow.links.list(company_id, kind)

    def link(self, company_id: int, kind: RecordKind, local_id: int | None) -> Link | None:
        with self.store() as uow:
            return uow.links.get(company_id, kind, local_id or 0)

    def errors(
        self, company_id: int, status: SyncErrorStatus | None = SyncErrorStatus.OPEN
    ) -> list[SyncError]:
        with self.store() as uow:
            return uow.sync_errors.list(company_id, status=status)

    def error_for(self, company_id: int, label_part: str) -> SyncError:
        found = [e for e in self.errors(company_id, status=None) if label_part in e.record_label]
        assert len(found) == 1, f"expected one error about {label_part!r}, got {found}"
        return found[0]

    def netsuite_customer_id(self, company_id: int, local_id: int | None) -> str:
        link = self.link(company_id, RecordKind.CUSTOMER, local_id)
        assert link is not None
        return link.netsuite_id
