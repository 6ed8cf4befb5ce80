"""`invoiced-netsuite demo` (what `make demo` runs): the product's main job on the embedded defaults.

It starts the NetSuite sandbox in this process, creates a certificate and maps it there as a NetSuite
administrator would, connects a new company with OAuth 2.0 client credentials, imports NetSuite's
customers and outstanding invoices, issues invoices and takes payments on Invoiced, runs an accounting
sync, records a payment in NetSuite the way a NetSuite user's integration would (a signed REST POST),
syncs again, and shows what moved each way and that both sides agree. A second company connects with
token-based auth, as accounts that already have tokens do. Each step is a small function:
tests/e2e runs the same story against SQLite and PostgreSQL and checks NetSuite's side itself.

Uses DATABASE_URL (by default the SQLite file in ./data/); every run starts a fresh sandbox and
creates a new company, so running it again just tells the story again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import requests
import typer

from adapters.netsuite.auth import token_based_auth
from adapters.netsuite.jsonio import encode_json
from adapters.netsuite.upserts import RECORD_PATH
from adapters.security.certificates import create_certificate
from application.integration import (
    AccountingSync,
    ConnectionView,
    ConnectRequest,
    NetSuiteConnections,
    NetSuiteImports,
    SettingsChange,
    SyncHistory,
)
from application.ledger import ApplicationInput, Ledger, LineInput, NewCompany
from application.ports import NetSuiteAccess, NetSuiteGatewayFactory
from domain.customer import Customer
from domain.integration import AuthMethod, Credentials, NetSuiteCredentials, OAuth2Credentials
from domain.invoice import Invoice
from domain.money import round_to_cents
from domain.payment import Payment
from domain.records import Origin, RecordKind
from domain.sync import SyncKind, SyncRun, SyncStatus, SyncTrigger
from entrypoints.cli.context import services
from entrypoints.cli.drift import verdict_json
from entrypoints.cli.integration_views import RUN_COLUMNS, run_json, run_row, run_summary
from entrypoints.cli.output import JsonOption, error_line, print_json, print_table, say
from entrypoints.cli.views import company_json, money, words
from entrypoints.container import Container
from netsuite_sandbox import SandboxServer

app = typer.Typer()

R = TypeVar("R", Customer, Invoice, Payment)

DEMO_COMPANY_NAME = "Demo Company"
TBA_COMPANY_NAME = "Demo Company on token-based auth"
DEMO_EMAIL = "finance@demo.example"
# The sandbox's "Consulting Services" item: where invoice lines without a NetSuite item are booked.
FALLBACK_ITEM_ID = "201"
NEW_CUSTOMER = "Northwind Traders"  # on Invoiced only: the sync creates it in NetSuite
IMPORTED_CUSTOMER = "Acme Logistics Inc."  # imported from NetSuite, then invoiced on Invoiced
PAID_ON_INVOICED = "Crescent Peak Outfitters"  # its NetSuite invoice is partly paid on Invoiced


# -- who does what -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryServices:
    """The use cases the story goes through (the same ones the CLI, the API and the workers use)."""

    ledger: Ledger
    connections: NetSuiteConnections
    imports: NetSuiteImports
    accounting_sync: AccountingSync
    history: SyncHistory
    gateways: NetSuiteGatewayFactory

    @classmethod
    def of(cls, container: Container) -> StoryServices:
        return cls(
            ledger=container.ledger(),
            connections=container.netsuite_connections(),
            imports=container.netsuite_imports(),
            accounting_sync=container.accounting_sync(),
            history=container.sync_history(),
            gateways=container.netsuite_gateways(),
        )


@dataclass(frozen=True)
class NetSuiteAccount:
    """A NetSuite account as its administrator knows it: id, REST address, an access token (TBA) and,
    once a certificate is mapped, the OAuth 2.0 client credentials the service logs in with."""

    account_id: str
    base_url: str
    credentials: NetSuiteCredentials
    oauth2: OAuth2Credentials | None = None
    certificate_expires_on: date | None = None

    @classmethod
    def of(cls, sandbox: SandboxServer) -> NetSuiteAccount:
        c = sandbox.credentials
        return cls(
            sandbox.account_id,
            sandbox.base_url,
            NetSuiteCredentials(c.consumer_key, c.consumer_secret, c.token_id, c.token_secret),
        )

    @classmethod
    def with_certificate(cls, sandbox: SandboxServer) -> NetSuiteAccount:
        """What `certificate create` and the M2M setup page do: a key pair, its certificate mapped to
        the integration, and the certificate id NetSuite shows."""
        pair = create_certificate("ec")
        certificate_id = sandbox.oauth2.register_certificate(pair.certificate_pem)
        oauth2 = OAuth2Credentials(sandbox.oauth2.client_id, certificate_id, pair.private_key_pem)
        return replace(cls.of(sandbox), oauth2=oauth2, certificate_expires_on=pair.expires_on)

    @property
    def login(self) -> Credentials:
        """How the service logs in: OAuth 2.0 when a certificate is mapped, else token-based auth."""
        return self.oauth2 or self.credentials


@dataclass(frozen=True)
class NetSuitePaymentMade:
    """A payment recorded directly in NetSuite."""

    internal_id: str
    invoice_id: int  # the Invoiced invoice it pays
    amount: Decimal


@dataclass
class SyncStory:
    """What the story did, in order."""

    company: NewCompany
    connection: ConnectionView
    imports: list[SyncRun]
    invoices: list[Invoice]  # issued (or drafted) on Invoiced
    payments: list[Payment]  # taken on Invoiced
    netsuite_payment: NetSuitePaymentMade
    syncs: list[SyncRun]

    @property
    def company_id(self) -> int:
        company_id = self.company.company.id
        assert company_id is not None
        return company_id


# -- the story, step by step ---------------------------------------------------------------------------


def create_demo_company(ledger: Ledger) -> NewCompany:
    """A new demo company, numbered after the earlier ones ("Demo Company 2"…) so they can be told apart:
    each run starts a fresh sandbox, and an earlier company's NetSuite links point into one that is gone."""
    earlier = len(earlier_demo_companies(ledger))
    name = DEMO_COMPANY_NAME if not earlier else f"{DEMO_COMPANY_NAME} {earlier + 1}"
    return ledger.create_company(name, email=DEMO_EMAIL)


def earlier_demo_companies(ledger: Ledger, before: int | None = None) -> list[int]:
    """The ids of the demo companies earlier runs made (those before company `before`, if given)."""
    return [
        c.id
        for c in ledger.list_companies()
        if c.id is not None
        and (c.name == DEMO_COMPANY_NAME or c.name.startswith(DEMO_COMPANY_NAME + " "))
        and (before is None or c.id < before)
    ]


def why_a_new_demo_company(ledger: Ledger, company_id: int) -> str:
    """What to say after 'Created company N' when earlier runs left demo companies ('' when none)."""
    earlier = earlier_demo_companies(ledger, before=company_id)
    if not earlier:
        return ""
    ids = ", ".join(str(i) for i in earlier)
    one = len(earlier) == 1
    return (
        "A new one, because every run starts a fresh NetSuite sandbox: the earlier demo "
        + (
            f"company ({ids}) stays, linked to a sandbox that is gone"
            if one
            else f"companies ({ids}) stay, linked to sandboxes that are gone"
        )
        + "; `make clean-data` removes them all."
    )


def connect_to_netsuite(
    connections: NetSuiteConnections, company_id: int, account: NetSuiteAccount, *, auto_sync: bool = False
) -> ConnectionView:
    """Connect (the credentials are tried first) and book item-less lines to Consulting Services.
    Auto-sync stays off unless asked for: the demo's sandbox stops when the demo ends."""
    credentials = account.credentials
    if account.oauth2 is not None:
        request = ConnectRequest(
            company_id=company_id,
            account_id=account.account_id,
            base_url=account.base_url,
            auth=AuthMethod.OAUTH2,
            client_id=account.oauth2.client_id,
            certificate_id=account.oauth2.certificate_id,
            private_key=account.oauth2.private_key_pem,
            certificate_expires_on=account.certificate_expires_on,
        )
    else:
        request = ConnectRequest(
            company_id=company_id,
            account_id=account.account_id,
            consumer_key=credentials.consumer_key,
            consumer_secret=credentials.consumer_secret,
            token_id=credentials.token_id,
            token_secret=credentials.token_secret,
            base_url=account.base_url,
        )
    connections.connect(request)
    return connections.configure(
        company_id, SettingsChange(fallback_item_id=FALLBACK_ITEM_ID, auto_sync=auto_sync)
    )


def import_from_netsuite(imports: NetSuiteImports, company_id: int) -> list[SyncRun]:
    """The whole customer list, then every outstanding invoice."""
    return [
        imports.import_now(company_id, SyncKind.CUSTOMER_IMPORT, SyncTrigger.CLI),
        imports.import_now(company_id, SyncKind.INVOICE_IMPORT, SyncTrigger.CLI),
    ]


def _customer_named(ledger: Ledger, company_id: int, name: str) -> Customer:
    return next(c for c in ledger.list_customers(company_id).items if c.name == name)


def _line(name: str, quantity: str, unit_cost: str) -> LineInput:
    return LineInput(name=name, quantity=Decimal(quantity), unit_cost=Decimal(unit_cost))


def issue_demo_invoices(ledger: Ledger, company_id: int, today: date) -> list[Invoice]:
    """Three invoices for a customer new to NetSuite and one imported from it, and a draft (drafts
    stay on Invoiced)."""
    northwind = ledger.create_customer(
        company_id, NEW_CUSTOMER, email="ap@northwind.example", currency="usd", payment_terms="NET 30"
    )
    acme = _customer_named(ledger, company_id, IMPORTED_CUSTOMER)
    assert northwind.id is not None and acme.id is not None
    return [
        ledger.create_invoice(
            company_id,
            northwind.id,
            [
                _line("Implementation workshop (days)", "2", "1250.00"),
                _line("Travel expenses", "1", "310.40"),
            ],
            date=today - timedelta(days=14),
        ),
        ledger.create_invoice(
            company_id, acme.id, [_line("Support retainer", "1", "900.00")], date=today - timedelta(days=7)
        ),
        ledger.create_invoice(
            company_id, northwind.id, [_line("Training day", "1", "1100.00")], date=today - timedelta(days=3)
        ),
        ledger.create_invoice(
            company_id, northwind.id, [_line("Quarterly review", "1", "500.00")], draft=True
        ),
    ]


def take_demo_payments(ledger: Ledger, company_id: int, invoices: list[Invoice]) -> list[Payment]:
    """Northwind pays its workshop in full by wire; Crescent Peak pays part of the invoice that was
    imported from NetSuite by check (it is still written to NetSuite)."""
    workshop = invoices[0]
    crescent = _customer_named(ledger, company_id, PAID_ON_INVOICED)
    imported = next(
        i
        for i in ledger.list_invoices(company_id).items
        if i.customer_id == crescent.id and i.origin is Origin.NETSUITE
    )
    assert workshop.id is not None and imported.id is not None
    return [
        ledger.record_payment(
            company_id,
            applied_to=[ApplicationInput(workshop.id, workshop.balance.amount)],
            method="wire_transfer",
            reference="WT-5521",
        ),
        ledger.record_payment(
            company_id,
            applied_to=[ApplicationInput(imported.id, Decimal("1000.00"))],
            method="check",
            reference="CHK-20417",
        ),
    ]


def run_accounting_sync(accounting_sync: AccountingSync, company_id: int) -> SyncRun:
    return accounting_sync.sync_now(company_id, SyncTrigger.CLI)


def netsuite_id_of(history: SyncHistory, company_id: int, kind: RecordKind, local_id: int) -> str:
    netsuite_id = history.record_status(company_id, kind, local_id).netsuite_id
    if netsuite_id is None:
        raise RuntimeError(f"{kind.value.capitalize()} {local_id} was not written to NetSuite.")
    return netsuite_id


def record_payment_in_netsuite(
    account: NetSuiteAccount,
    *,
    customer_netsuite_id: str,
    invoice_netsuite_id: str,
    amount: Decimal,
    on: date,
) -> str:
    """What a NetSuite user's own integration does: a signed `POST customerPayment` applied to one
    invoice. Returns the new payment's internal id (from Location)."""
    body: dict[str, Any] = {
        "customer": {"id": customer_netsuite_id},
        "tranDate": on.isoformat(),
        "payment": amount,
        "undepFunds": True,
        "memo": "ACH received, recorded in NetSuite",
        "apply": {"items": [{"doc": {"id": invoice_netsuite_id}, "apply": True, "amount": amount}]},
    }
    with requests.Session() as session:
        answer = session.post(
            f"{account.base_url}{RECORD_PATH}/customerPayment",
            data=encode_json(body),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            auth=token_based_auth(account.account_id, account.credentials),
            timeout=30,
        )
    if answer.status_code != 204:
        raise RuntimeError(f"NetSuite refused the payment ({answer.status_code}): {answer.text[:300]}")
    return answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def pay_in_netsuite(
    services: StoryServices, account: NetSuiteAccount, company_id: int, invoice: Invoice, on: date
) -> NetSuitePaymentMade:
    """The customer pays an invoice issued on Invoiced, and the payment is recorded in NetSuite."""
    assert invoice.id is not None
    internal_id = record_payment_in_netsuite(
        account,
        customer_netsuite_id=netsuite_id_of(
            services.history, company_id, RecordKind.CUSTOMER, invoice.customer_id
        ),
        invoice_netsuite_id=netsuite_id_of(services.history, company_id, RecordKind.INVOICE, invoice.id),
        amount=invoice.balance.amount,
        on=on,
    )
    return NetSuitePaymentMade(internal_id, invoice.id, invoice.balance.amount)


def tell_sync_story(services: StoryServices, account: NetSuiteAccount, today: date) -> SyncStory:
    """The whole story: connect, import, invoice and get paid on Invoiced, sync, get paid in NetSuite,
    sync again."""
    company = create_demo_company(services.ledger)
    company_id = company.company.id
    assert company_id is not None
    connection = connect_to_netsuite(services.connections, company_id, account)
    imports = import_from_netsuite(services.imports, company_id)
    invoices = issue_demo_invoices(services.ledger, company_id, today)
    payments = take_demo_payments(services.ledger, company_id, invoices)
    first = run_accounting_sync(services.accounting_sync, company_id)
    paid_in_netsuite = pay_in_netsuite(services, account, company_id, invoices[2], today)
    second = run_accounting_sync(services.accounting_sync, company_id)
    return SyncStory(company, connection, imports, invoices, payments, paid_in_netsuite, [first, second])


@dataclass(frozen=True)
class TbaCompany:
    """A second company on the same account, logging in with token-based auth (TBA)."""

    company: NewCompany
    connection: ConnectionView
    run: SyncRun


def connect_a_tba_company(services: StoryServices, account: NetSuiteAccount) -> TbaCompany:
    """Accounts that already have tokens keep them until NetSuite ends TBA: connect one that way and
    import NetSuite's customers into it."""
    company = services.ledger.create_company(TBA_COMPANY_NAME, email=DEMO_EMAIL)
    company_id = company.company.id
    assert company_id is not None
    connection = connect_to_netsuite(services.connections, company_id, replace(account, oauth2=None))
    run = services.imports.import_now(company_id, SyncKind.CUSTOMER_IMPORT, SyncTrigger.CLI)
    return TbaCompany(company, connection, run)


@dataclass(frozen=True)
class TokenUse:
    """What the sandbox saw of the two login methods."""

    tokens_minted: int
    bearer_requests: int
    tba_requests: int

    @classmethod
    def of(cls, sandbox: SandboxServer) -> TokenUse:
        stats = sandbox.stats()
        by_auth = stats["requests_by_auth"]
        return cls(int(stats["oauth2_tokens_issued"]), by_auth.get("bearer", 0), by_auth.get("tba", 0))


# -- what moved, and whether both sides agree ------------------------------------------------------------


@dataclass(frozen=True)
class MovedRecord:
    """One record that went from one side to the other."""

    kind: RecordKind
    local_id: int
    label: str
    customer: str
    detail: str
    netsuite_id: str
    amount: Decimal | None = None
    balance: Decimal | None = None
    currency: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.local_id,
            "object": self.kind.value,
            "label": self.label,
            "customer": self.customer,
            "currency": self.currency,
            "amount": money(self.amount) if self.amount is not None else None,
            "balance": money(self.balance) if self.balance is not None else None,
            "detail": self.detail,
            "netsuite_id": self.netsuite_id,
        }

    def row(self) -> tuple[object, ...]:
        amount = amount_text(self.amount, self.currency or "") if self.amount is not None else ""
        balance = amount_text(self.balance, self.currency or "") if self.balance is not None else ""
        return (self.label, self.customer, amount, balance, self.detail, self.netsuite_id)


@dataclass(frozen=True)
class Movements:
    to_netsuite: list[MovedRecord]
    from_netsuite: list[MovedRecord]


def amount_text(amount: Decimal, currency: str) -> str:
    return f"{round_to_cents(amount):,.2f} {currency.upper()}"


def what_moved(services: StoryServices, company_id: int) -> Movements:
    """Every record linked to NetSuite, by the side it came from (drafts and records not synced yet
    are absent)."""
    ledger = services.ledger
    customers = ledger.list_customers(company_id).items
    invoices = ledger.list_invoices(company_id).items
    payments = ledger.list_payments(company_id).items
    names = {c.id: c.name for c in customers if c.id is not None}
    numbers = {i.id: i.number for i in invoices if i.id is not None}

    def customer(c: Customer, netsuite_id: str) -> MovedRecord:
        assert c.id is not None
        return MovedRecord(RecordKind.CUSTOMER, c.id, "Customer", c.name, f"number {c.number}", netsuite_id)

    def invoice(i: Invoice, netsuite_id: str) -> MovedRecord:
        assert i.id is not None
        customer_name = names.get(i.customer_id, "")
        detail = "; ".join(f"{line.quantity.normalize():f} × {line.name}" for line in i.items)
        return MovedRecord(
            RecordKind.INVOICE,
            i.id,
            f"Invoice {i.number}",
            customer_name,
            detail,
            netsuite_id,
            i.total.amount,
            i.balance.amount,
            i.currency,
        )

    def payment(p: Payment, netsuite_id: str) -> MovedRecord:
        assert p.id is not None
        paid = ", ".join(numbers.get(a.invoice_id, f"#{a.invoice_id}") for a in p.applied_to)
        how = p.method.value.replace("_", " ")
        return MovedRecord(
            RecordKind.PAYMENT,
            p.id,
            "Payment" + (f" {p.reference}" if p.reference else ""),
            names.get(p.customer_id, ""),
            f"{how}, pays invoice {paid}",
            netsuite_id,
            p.amount,
            None,
            p.currency,
        )

    moved: dict[Origin, list[MovedRecord]] = {Origin.INVOICED: [], Origin.NETSUITE: []}

    def sort(kind: RecordKind, records: Sequence[R], describe: Callable[[R, str], MovedRecord]) -> None:
        statuses = services.history.record_statuses(company_id, kind, [r.id for r in records if r.id])
        for record in records:
            status = statuses.get(record.id) if record.id is not None else None
            if status is not None and status.netsuite_id is not None and status.synced:
                moved[status.origin].append(describe(record, status.netsuite_id))

    sort(RecordKind.CUSTOMER, customers, customer)
    sort(RecordKind.INVOICE, invoices, invoice)
    sort(RecordKind.PAYMENT, payments, payment)
    return Movements(to_netsuite=moved[Origin.INVOICED], from_netsuite=moved[Origin.NETSUITE])


@dataclass(frozen=True)
class BalanceCheck:
    invoice_id: int
    number: str
    customer: str
    invoiced_balance: Decimal
    netsuite_remaining: Decimal | None
    currency: str

    @property
    def agrees(self) -> bool:
        return self.netsuite_remaining == self.invoiced_balance

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.invoice_id,
            "object": "invoice",
            "number": self.number,
            "customer": self.customer,
            "currency": self.currency,
            "invoiced_balance": money(self.invoiced_balance),
            "netsuite_amount_remaining": None
            if self.netsuite_remaining is None
            else money(self.netsuite_remaining),
            "agrees": self.agrees,
        }


def compare_balances(
    services: StoryServices, company_id: int, account: NetSuiteAccount
) -> list[BalanceCheck]:
    """Invoiced's balance next to NetSuite's amount remaining, for every invoice linked to NetSuite
    (one SuiteQL read for all of them)."""
    invoices = services.ledger.list_invoices(company_id).items
    statuses = services.history.record_statuses(
        company_id, RecordKind.INVOICE, [i.id for i in invoices if i.id]
    )
    names = {c.id: c.name for c in services.ledger.list_customers(company_id).items}
    linked = {local_id: s.netsuite_id for local_id, s in statuses.items() if s.netsuite_id is not None}
    gateway = services.gateways(
        NetSuiteAccess(account.account_id, account.login, account.base_url, concurrency_limit=1)
    )
    remaining = {n.internal_id: n.amount_remaining for n in gateway.invoices_by_ids(list(linked.values()))}
    return [
        BalanceCheck(
            i.id,
            i.number,
            names.get(i.customer_id, ""),
            i.balance.amount,
            remaining.get(linked[i.id]),
            i.currency,
        )
        for i in invoices
        if i.id is not None and i.id in linked
    ]


# -- showing it ------------------------------------------------------------------------------------------

MOVED_COLUMNS = ("Record", "Customer", "Amount", "Balance", "What", "NetSuite internal id")
BALANCE_COLUMNS = ("Invoice", "Customer", "Balance on Invoiced", "Remaining in NetSuite", "Agree")


def _moved_rows(records: list[MovedRecord]) -> list[tuple[object, ...]]:
    return [record.row() for record in records]


def login_text(account: NetSuiteAccount) -> str:
    if account.oauth2 is None:
        return "token-based auth"
    return (
        f"OAuth 2.0 client credentials (client ID {account.oauth2.client_id[:8]}…, certificate ID "
        f"{account.oauth2.certificate_id}, certificate expires on {account.certificate_expires_on})"
    )


def show_story(
    story: SyncStory,
    account: NetSuiteAccount,
    runs: list[SyncRun],
    moved: Movements,
    balances: list[BalanceCheck],
) -> None:
    company = story.company.company
    assert company.id is not None
    say(f"1. Created company {company.id} ({company.name}); API key, shown once: {story.company.api_key}")
    note = why_a_new_demo_company(services().ledger(), company.id)
    if note:
        say(f"   {note}")
    say(
        f"2. Connected it to NetSuite account {account.account_id} at {account.base_url} with "
        f"{login_text(account)}, credentials checked first; lines without a NetSuite item go to item "
        f"{FALLBACK_ITEM_ID} (Consulting Services)."
    )
    for number, run in enumerate(story.imports, start=3):
        say(f"{number}. {run_summary(run)}")
    issued = [i for i in story.invoices if not i.draft]
    say(
        f"5. Issued {len(issued)} invoices on Invoiced ("
        + ", ".join(f"{i.number} {amount_text(i.total.amount, i.currency)}" for i in issued)
        + f") and kept {len(story.invoices) - len(issued)} draft, which stays on Invoiced."
    )
    say(
        "6. Took payments on Invoiced: "
        + "; ".join(
            f"{amount_text(p.amount, p.currency)} ({words(p.method).lower()}, {p.reference})"
            for p in story.payments
        )
        + "."
    )
    say(f"7. {run_summary(story.syncs[0])}")
    paid = story.netsuite_payment
    say(
        f"8. Recorded a payment of {amount_text(paid.amount, story.invoices[2].currency)} in NetSuite for "
        f"{story.invoices[2].number} "
        f"(customerPayment {paid.internal_id}), as a NetSuite user would."
    )
    say(f"9. {run_summary(story.syncs[1])}")
    print_table("Recent Syncs", RUN_COLUMNS, [run_row(run) for run in runs])
    print_table("Invoiced → NetSuite", MOVED_COLUMNS, _moved_rows(moved.to_netsuite))
    print_table("NetSuite → Invoiced", MOVED_COLUMNS, _moved_rows(moved.from_netsuite))
    print_table(
        "Open balances on both sides",
        BALANCE_COLUMNS,
        [
            (
                b.number,
                b.customer,
                amount_text(b.invoiced_balance, b.currency),
                "missing" if b.netsuite_remaining is None else amount_text(b.netsuite_remaining, b.currency),
                "yes" if b.agrees else "NO",
            )
            for b in balances
        ],
    )


def start_demo_sandbox() -> SandboxServer:
    """A fresh NetSuite sandbox with its demo data, on a free port, in this process."""
    return SandboxServer(seed="demo", port=0).start()


@app.command("demo")
def demo(as_json: JsonOption = False) -> None:
    """Run the whole NetSuite story against a local sandbox and show what moved each way.

    Uses DATABASE_URL (by default the SQLite file in ./data/); each run creates a new company."""
    cli = services()
    cli.prepare()
    story_services = StoryServices.of(cli.container)
    today = cli.today()
    with start_demo_sandbox() as sandbox:
        account = NetSuiteAccount.with_certificate(sandbox)
        story = tell_sync_story(story_services, account, today)
        runs = story_services.history.recent_runs(story.company_id).runs
        moved = what_moved(story_services, story.company_id)
        balances = compare_balances(story_services, story.company_id, account)
        drift = cli.container.drift_reports().report(story.company_id)
        oauth2_use = TokenUse.of(sandbox)
        tba = connect_a_tba_company(story_services, account)
    every_run = (*story.imports, *story.syncs, tba.run)
    failed = [run for run in every_run if run.status is not SyncStatus.SUCCEEDED]
    disagree = [b for b in balances if not b.agrees]
    if as_json:
        print_json(
            {
                "id": story.company_id,
                "object": "demo",
                "company": {**company_json(story.company.company), "api_key": story.company.api_key},
                "netsuite_account": {
                    "id": account.account_id,
                    "object": "netsuite_account",
                    "auth": story.connection.auth.method.value,
                    "certificate_id": story.connection.auth.certificate_id,
                    "certificate_expires_on": account.certificate_expires_on.isoformat()
                    if account.certificate_expires_on
                    else None,
                    "tokens_minted": oauth2_use.tokens_minted,
                    "bearer_requests": oauth2_use.bearer_requests,
                    "tba_requests": oauth2_use.tba_requests,
                },
                "tba_company": {
                    **company_json(tba.company.company),
                    "auth": tba.connection.auth.method.value,
                    "run": run_json(tba.run),
                },
                "runs": [run_json(run) for run in runs],
                "to_netsuite": [r.as_json() for r in moved.to_netsuite],
                "from_netsuite": [r.as_json() for r in moved.from_netsuite],
                "balances": [b.as_json() for b in balances],
                "drift": verdict_json(drift),
            }
        )
    else:
        show_story(story, account, runs, moved, balances)
        say(
            f"NetSuite minted {oauth2_use.tokens_minted} OAuth 2.0 access token(s) for company "
            f"{story.company_id}: its {oauth2_use.bearer_requests} requests all carried a bearer token (the "
            f"{oauth2_use.tba_requests} TBA-signed one was the NetSuite user's own payment entry, step 8)."
        )
        say(
            f"10. Connected company {tba.company.company.id} ({TBA_COMPANY_NAME}) to the same account with "
            f"token-based auth, as accounts that already have tokens do until NetSuite ends TBA: "
            f"{run_summary(tba.run)}"
        )
    if failed or disagree or not drift.in_agreement:
        error_line(
            f"The demo did not go as it should: {len(failed)} run(s) did not succeed, "
            f"{len(disagree)} invoice balance(s) differ between Invoiced and NetSuite, and the drift "
            f"report says: {drift.summary}"
        )
        raise typer.Exit(1)
    if not as_json:
        say(
            f"Company {story.company_id} stays in the database (see `invoiced-netsuite runs --company "
            f"{story.company_id}`); the sandbox stopped with the demo."
        )
        say(f"Drift report (`invoiced-netsuite drift --company {story.company_id}`): {drift.summary}")
