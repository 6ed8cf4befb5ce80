"""A NetSuite user's hands on a NetSuite double, the same whichever double it is.

`NetSuiteUser` is what a test (a BDD step, a contract test) does in NetSuite *outside* our product:
enter customers, invoices and payments, void and rename, look at what is there, and play the
administrator or the outage (refuse the credentials, go down, refuse one record). Two adapters
implement it: `MemoryNetSuiteUser` over the in-memory fake and `SandboxNetSuiteUser` over the
sandbox's test controls (the same rules as its REST API, no request of ours counted).

`netsuite_backend` runs a test once on each ("memory", "sandbox"); `netsuite` is the chosen
`NetSuiteDouble`: the user, a gateway factory and the access that opens a gateway to it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Protocol

import pytest

from adapters.memory import InMemoryNetSuite, InMemoryNetSuiteGatewayFactory
from adapters.netsuite import RestNetSuiteGatewayFactory, RetryPolicy, SuiteQLPaging
from application.ports import NetSuiteAccess, NetSuiteGateway, NetSuiteGatewayFactory
from domain.integration import NetSuiteCredentials, OAuth2Credentials
from domain.netsuite import (
    NetSuiteCreditMemo,
    NetSuiteCustomer,
    NetSuiteInvoice,
    NetSuiteInvoiceLine,
    NetSuiteInvoiceStatus,
    NetSuitePayment,
    NetSuitePaymentApplication,
)
from netsuite_sandbox import SandboxServer
from netsuite_sandbox.errors import NetSuiteError as SandboxRefusal
from tests.support.oauth2 import certificate_pem, private_key, private_key_pem

Line = tuple[str | None, Decimal, Decimal]  # item id, quantity, rate
# Real waits, kept short: the sandbox's faults clear within a few retries.
QUICK_RETRY = RetryPolicy(attempts=3, max_elapsed=5.0, first_wait=0.01, max_wait=0.02)
CURRENCY_IDS = {"usd": "1", "eur": "2"}  # both doubles' reference data


class NetSuiteUser(Protocol):
    """Someone working in the NetSuite account, and the account's administrator."""

    account_id: str
    credentials: NetSuiteCredentials

    def add_customer(
        self,
        name: str,
        *,
        email: str | None = None,
        currency: str = "usd",
        external_id: str | None = None,
        inactive: bool = False,
    ) -> str: ...
    def add_invoice(
        self,
        customer_id: str,
        tran_id: str,
        lines: Sequence[Line] | None = None,
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
        currency: str = "usd",
        external_id: str | None = None,
    ) -> str: ...
    def record_payment(
        self,
        customer_id: str,
        applications: Mapping[str, Decimal],
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
    ) -> str:
        """A customer payment; NetSuite's refusal raises ValueError with NetSuite's message."""
        ...

    def void_payment(self, internal_id: str) -> None: ...
    def delete_payment(self, internal_id: str) -> None:
        """Delete a customer payment: the invoices it paid owe again."""
        ...

    def unapply_payment(self, payment_id: str, invoice_id: str) -> None:
        """Untick an invoice on a payment's Apply list: the money stays on the payment, unapplied."""
        ...

    def rename_customer(self, internal_id: str, name: str) -> None: ...
    def change_invoice_total(self, internal_id: str, total: Decimal) -> None:
        """Edit the invoice in NetSuite to one line of `total` (NetSuite's rules apply)."""
        ...

    def delete_invoice(self, internal_id: str) -> None:
        """Delete an invoice; NetSuite refuses (ValueError) while a payment or credit applies to it."""
        ...

    def issue_credit_memo(
        self, customer_id: str, tran_id: str, applications: Mapping[str, Decimal], *, amount: Decimal
    ) -> str:
        """A credit memo of `amount` on the first item, applied to invoices (NetSuite's rules apply)."""
        ...

    def credit_memos(self) -> list[NetSuiteCreditMemo]: ...

    def work_in_time_zone(self, zone: str) -> None:
        """The integration user's Time Zone preference (an IANA name)."""
        ...

    def set_clock(self, moment: dt.datetime) -> None:
        """NetSuite's clock reads `moment` from now on (record times, serverTime, SuiteQL)."""
        ...

    def customers(self) -> list[NetSuiteCustomer]: ...
    def invoices(self) -> list[NetSuiteInvoice]: ...
    def payments(self) -> list[NetSuitePayment]: ...
    def deposit_account_of(self, payment_id: str) -> str | None:
        """The account a payment was deposited to; None for undeposited funds."""
        ...

    def refuse_credentials(self, refusing: bool = True) -> None: ...
    def go_down(self, down: bool = True, *, after_requests: int | None = None) -> None: ...
    def throttle(self, storm: bool = True) -> None:
        """Answer every request 429 CONCURRENCY_LIMIT_EXCEEDED (a storm that outlasts any retry)."""
        ...

    def reject(self, external_id: str, message: str, code: str = "USER_ERROR") -> None:
        """Refuse every write of this record (after NetSuite's preamble) until `stop_rejecting`."""
        ...

    def stop_rejecting(self, external_id: str) -> None: ...
    def allow_concurrent_requests(self, limit: int) -> None: ...

    def map_certificate(self) -> OAuth2Credentials:
        """The administrator maps a new certificate (made here, like `certificate create`) to the
        integration, an entity and a role: the OAuth 2.0 client credentials to connect with."""
        ...

    def requests(self) -> Counter[str]:
        """Requests received since `reset_counts`: 'upsert:invoice', 'delete:customerPayment',
        'query' (SuiteQL pages), 'server_time', 'governance_limits'."""
        ...

    def reset_counts(self) -> None: ...


def _new_key_pem() -> str:
    return private_key_pem(private_key("P-256"))


# -- the in-memory fake ------------------------------------------------------------------------------


class MemoryNetSuiteUser:
    def __init__(self, netsuite: InMemoryNetSuite) -> None:
        self.netsuite = netsuite
        self.account_id = netsuite.account_id
        self.credentials = netsuite.credentials

    def add_customer(
        self,
        name: str,
        *,
        email: str | None = None,
        currency: str = "usd",
        external_id: str | None = None,
        inactive: bool = False,
    ) -> str:
        customer = self.netsuite.add_customer(
            name, email=email, currency=currency, external_id=external_id, inactive=inactive
        )
        return customer.internal_id

    def add_invoice(
        self,
        customer_id: str,
        tran_id: str,
        lines: Sequence[Line] | None = None,
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
        currency: str = "usd",
        external_id: str | None = None,
    ) -> str:
        invoice = self.netsuite.add_invoice(
            customer_id, tran_id, lines, amount=amount, on=on, currency=currency, external_id=external_id
        )
        return invoice.internal_id

    def record_payment(
        self,
        customer_id: str,
        applications: Mapping[str, Decimal],
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
    ) -> str:
        return self.netsuite.record_payment(customer_id, applications, amount=amount, on=on).internal_id

    def void_payment(self, internal_id: str) -> None:
        self.netsuite.void_payment(internal_id)

    def delete_payment(self, internal_id: str) -> None:
        self.netsuite.delete_payment(internal_id)

    def unapply_payment(self, payment_id: str, invoice_id: str) -> None:
        self.netsuite.unapply_payment(payment_id, invoice_id)

    def issue_credit_memo(
        self, customer_id: str, tran_id: str, applications: Mapping[str, Decimal], *, amount: Decimal
    ) -> str:
        return self.netsuite.add_credit_memo(customer_id, tran_id, applications, amount=amount).internal_id

    def credit_memos(self) -> list[NetSuiteCreditMemo]:
        return [self.netsuite.credit_memo(internal_id) for internal_id in self.netsuite.credit_memos]

    def work_in_time_zone(self, zone: str) -> None:
        """The fake keeps every time in UTC and has no SuiteQL: only the sandbox models the zone."""

    def set_clock(self, moment: dt.datetime) -> None:
        """The fake runs on the world's clock already."""

    def rename_customer(self, internal_id: str, name: str) -> None:
        self.netsuite.rename_customer(internal_id, name)

    def change_invoice_total(self, internal_id: str, total: Decimal) -> None:
        self.netsuite.change_invoice_total(internal_id, total)

    def delete_invoice(self, internal_id: str) -> None:
        self.netsuite.delete_invoice(internal_id)

    def customers(self) -> list[NetSuiteCustomer]:
        return self.netsuite.all_customers()

    def invoices(self) -> list[NetSuiteInvoice]:
        return self.netsuite.all_invoices()

    def payments(self) -> list[NetSuitePayment]:
        return self.netsuite.all_payments()

    def deposit_account_of(self, payment_id: str) -> str | None:
        return self.netsuite.deposit_account_of(payment_id)

    def refuse_credentials(self, refusing: bool = True) -> None:
        self.netsuite.fail_auth(refusing)

    def go_down(self, down: bool = True, *, after_requests: int | None = None) -> None:
        self.netsuite.go_down(down, after_requests=after_requests)

    def throttle(self, storm: bool = True) -> None:
        # The fake has no wire: a storm the REST gateway cannot ride out is the same as an outage.
        self.netsuite.go_down(storm)

    def reject(self, external_id: str, message: str, code: str = "USER_ERROR") -> None:
        self.netsuite.reject(external_id, message, code)

    def stop_rejecting(self, external_id: str) -> None:
        self.netsuite.stop_rejecting(external_id)

    def allow_concurrent_requests(self, limit: int) -> None:
        self.netsuite.concurrency_limit = limit

    def map_certificate(self) -> OAuth2Credentials:
        mapped = OAuth2Credentials(
            "memory-client", f"kid-{len(self.netsuite.oauth2_clients) + 1}", _new_key_pem()
        )
        self.netsuite.oauth2_clients.append(mapped)
        return mapped

    def requests(self) -> Counter[str]:
        counted: Counter[str] = Counter()
        for operation, times in self.netsuite.requests.items():
            counted["query" if operation.startswith("query:") else operation] += times
        return counted

    def reset_counts(self) -> None:
        self.netsuite.reset_counts()


# -- the sandbox ------------------------------------------------------------------------------------


class SandboxNetSuiteUser:
    """Acts through the sandbox's test controls (REST bodies, the same rules as its API) and reads
    its tables directly, so nothing here is counted as a request of ours."""

    def __init__(self, server: SandboxServer, today: Callable[[], dt.date] | None = None) -> None:
        self.server = server
        self.account_id = server.account_id
        self.credentials = NetSuiteCredentials(
            consumer_key=server.credentials.consumer_key,
            consumer_secret=server.credentials.consumer_secret,
            token_id=server.credentials.token_id,
            token_secret=server.credentials.token_secret,
        )
        self.today = today

    def _create(self, key: str, body: dict[str, Any]) -> str:
        return str(self.server.seed_records({key: [body]})[key][0])

    def _day(self, on: dt.date | None) -> dict[str, str]:
        day = on or (self.today() if self.today else None)
        return {"tranDate": day.isoformat()} if day else {}

    def add_customer(
        self,
        name: str,
        *,
        email: str | None = None,
        currency: str = "usd",
        external_id: str | None = None,
        inactive: bool = False,
    ) -> str:
        body: dict[str, Any] = {
            "companyName": name,
            "subsidiary": {"id": "1"},
            "currency": {"id": CURRENCY_IDS[currency.lower()]},
            "isInactive": inactive,
        }
        if email:
            body["email"] = email
        if external_id:
            body["externalId"] = external_id
        return self._create("customers", body)

    def add_invoice(
        self,
        customer_id: str,
        tran_id: str,
        lines: Sequence[Line] | None = None,
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
        currency: str = "usd",
        external_id: str | None = None,
    ) -> str:
        if lines is None:
            lines = [("201", Decimal("1"), Decimal(amount or 0))]
        body: dict[str, Any] = {
            "entity": {"id": customer_id},
            "tranId": tran_id,
            "currency": {"id": CURRENCY_IDS[currency.lower()]},
            "item": {
                "items": [
                    {"item": {"id": item}, "quantity": str(quantity), "rate": str(rate)}
                    for item, quantity, rate in lines
                ]
            },
            **self._day(on),
        }
        if external_id:
            body["externalId"] = external_id
        return self._create("invoices", body)

    def record_payment(
        self,
        customer_id: str,
        applications: Mapping[str, Decimal],
        *,
        amount: Decimal | None = None,
        on: dt.date | None = None,
    ) -> str:
        body: dict[str, Any] = {
            "customer": {"id": customer_id},
            "apply": {
                "items": [
                    {"doc": {"id": invoice}, "apply": True, "amount": str(value)}
                    for invoice, value in applications.items()
                ]
            },
            **self._day(on),
        }
        first = next(iter(applications), None)
        currency = self._scalar('SELECT currency FROM "transaction" WHERE id = ?', first)
        if currency is not None:
            body["currency"] = {"id": str(currency)}
        if amount is not None:
            body["payment"] = str(amount)
        try:
            return self._create("customerPayments", body)
        except SandboxRefusal as refused:  # as the REST API would answer the user
            raise ValueError(refused.detail) from None

    def void_payment(self, internal_id: str) -> None:
        self.server.void_payment(int(internal_id))

    # -- through the record API, as a user's edits reach NetSuite (Oracle's REST shapes) --

    def _as_user(self, method: str, path: str, body: dict[str, Any] | None = None) -> None:
        try:
            self.server.act_as_user(method, path, body)
        except SandboxRefusal as refused:
            raise ValueError(refused.detail) from None

    def delete_payment(self, internal_id: str) -> None:
        self._as_user("DELETE", f"record/v1/customerPayment/{internal_id}")

    def unapply_payment(self, payment_id: str, invoice_id: str) -> None:
        body = {"apply": {"items": [{"doc": {"id": invoice_id}, "apply": False}]}}
        self._as_user("PATCH", f"record/v1/customerPayment/{payment_id}", body)

    def issue_credit_memo(
        self, customer_id: str, tran_id: str, applications: Mapping[str, Decimal], *, amount: Decimal
    ) -> str:
        body: dict[str, Any] = {
            "entity": {"id": customer_id},
            "tranId": tran_id,
            "item": {"items": [{"item": {"id": "201"}, "quantity": "1", "rate": str(amount)}]},
            "apply": {
                "items": [
                    {"doc": {"id": invoice}, "apply": True, "amount": str(value)}
                    for invoice, value in applications.items()
                ]
            },
            **self._day(None),
        }
        return self._create("creditMemos", body)

    def credit_memos(self) -> list[NetSuiteCreditMemo]:
        """As SuiteQL shows them: type CustCred, the total negative (turned positive here), what is
        left in foreignpaymentamountunused, the applications in NextTransactionLineLink."""
        applications: dict[int, list[NetSuitePaymentApplication]] = {}
        for row in self._rows(
            "SELECT l.nextdoc, l.previousdoc, l.foreignamount FROM NextTransactionLineLink l "
            "WHERE l.nexttype = 'CustCred' ORDER BY l.previousdoc"
        ):
            applications.setdefault(row["nextdoc"], []).append(
                NetSuitePaymentApplication(str(row["previousdoc"]), Decimal(row["foreignamount"]))
            )
        return [
            NetSuiteCreditMemo(
                internal_id=str(row["id"]),
                tran_id=row["tranid"],
                customer_internal_id=str(row["entity"]),
                currency=row["symbol"].lower(),
                date=dt.date.fromisoformat(row["trandate"][:10]),
                lines=(),
                total=-Decimal(row["foreigntotal"]),
                unapplied=Decimal(row["foreignpaymentamountunused"]),
                applications=tuple(applications.get(row["id"], ())),
                external_id=row["externalid"],
            )
            for row in self._rows(
                'SELECT t.*, cur.symbol FROM "transaction" t JOIN currency cur ON cur.id = t.currency '
                "WHERE t.type = 'CustCred' ORDER BY t.id"
            )
        ]

    def work_in_time_zone(self, zone: str) -> None:
        self.server.set_preferences(zone)

    def set_clock(self, moment: dt.datetime) -> None:
        self.server.clock.pin(moment)

    def rename_customer(self, internal_id: str, name: str) -> None:
        self.server.update_record("customer", int(internal_id), {"companyName": name})

    def change_invoice_total(self, internal_id: str, total: Decimal) -> None:
        (first, *_) = self._rows(
            "SELECT item FROM transactionline WHERE \"transaction\" = ? AND mainline = 'F' ORDER BY id",
            int(internal_id),
        )
        line = {"item": {"id": str(first["item"])}, "quantity": "1", "rate": str(total)}
        self._as_user("PATCH", f"record/v1/invoice/{internal_id}?replace=item", {"item": {"items": [line]}})

    def delete_invoice(self, internal_id: str) -> None:
        self._as_user("DELETE", f"record/v1/invoice/{internal_id}")

    # -- reading the tables as the UI would show them --

    def _rows(self, sql: str, *params: object) -> list[sqlite3.Row]:
        with self.server.store.read() as connection:
            return list(connection.execute(sql, params))

    def _scalar(self, sql: str, *params: object) -> Any:
        rows = self._rows(sql, *params)
        return rows[0][0] if rows else None

    def customers(self) -> list[NetSuiteCustomer]:
        return [
            NetSuiteCustomer(
                internal_id=str(row["id"]),
                name=row["altname"] or "",
                entity_id=row["entityid"],
                email=row["email"],
                is_person=row["isperson"] == "T",
                currency=(row["symbol"] or "").lower() or None,
                external_id=row["externalid"],
                inactive=row["isinactive"] == "T",
            )
            for row in self._rows(
                "SELECT c.*, cur.symbol FROM customer c LEFT JOIN currency cur ON cur.id = c.currency "
                "ORDER BY c.id"
            )
        ]

    def invoices(self) -> list[NetSuiteInvoice]:
        lines: dict[int, list[NetSuiteInvoiceLine]] = {}
        for row in self._rows(
            'SELECT l.*, i.itemid FROM transactionline l JOIN "transaction" t ON t.id = l."transaction" '
            "LEFT JOIN item i ON i.id = l.item WHERE t.type = 'CustInvc' AND l.mainline = 'F' "
            'ORDER BY l."transaction", l.linesequencenumber'
        ):
            # Invoice item lines are stored negative, as NetSuite's transactionline holds them.
            lines.setdefault(row["transaction"], []).append(
                NetSuiteInvoiceLine(
                    item_id=None if row["item"] is None else str(row["item"]),
                    description=row["memo"] or "",
                    quantity=abs(Decimal(row["quantity"])),
                    rate=Decimal(row["rate"]),
                    amount=-Decimal(row["foreignamount"]),
                )
            )
        statuses = {"A": NetSuiteInvoiceStatus.OPEN, "B": NetSuiteInvoiceStatus.PAID_IN_FULL}
        return [
            NetSuiteInvoice(
                internal_id=str(row["id"]),
                tran_id=row["tranid"],
                customer_internal_id=str(row["entity"]),
                currency=row["symbol"].lower(),
                date=dt.date.fromisoformat(row["trandate"][:10]),
                due_date=dt.date.fromisoformat(row["duedate"][:10]) if row["duedate"] else None,
                lines=tuple(lines.get(row["id"], ())),
                total=Decimal(row["foreigntotal"]),
                amount_remaining=Decimal(row["foreignamountremaining"]),
                status=statuses.get(row["status"], NetSuiteInvoiceStatus.VOIDED),
                external_id=row["externalid"],
                memo=row["memo"],
            )
            for row in self._rows(
                'SELECT t.*, cur.symbol FROM "transaction" t JOIN currency cur ON cur.id = t.currency '
                "WHERE t.type = 'CustInvc' ORDER BY t.id"
            )
        ]

    def payments(self) -> list[NetSuitePayment]:
        applications: dict[int, list[NetSuitePaymentApplication]] = {}
        for row in self._rows(
            "SELECT nextdoc, previousdoc, foreignamount FROM NextTransactionLineLink ORDER BY previousdoc"
        ):
            applications.setdefault(row["nextdoc"], []).append(
                NetSuitePaymentApplication(str(row["previousdoc"]), Decimal(row["foreignamount"]))
            )
        return [
            NetSuitePayment(
                internal_id=str(row["id"]),
                customer_internal_id=str(row["entity"]),
                currency=row["symbol"].lower(),
                date=dt.date.fromisoformat(row["trandate"][:10]),
                amount=Decimal(row["foreigntotal"]),
                applications=tuple(applications.get(row["id"], ())),
                tran_id=row["tranid"],
                external_id=row["externalid"],
                reference=row["otherrefnum"],
                memo=row["memo"],
                voided=row["voided"] == "T",
            )
            for row in self._rows(
                'SELECT t.*, cur.symbol FROM "transaction" t JOIN currency cur ON cur.id = t.currency '
                "WHERE t.type = 'CustPymt' ORDER BY t.id"
            )
        ]

    def deposit_account_of(self, payment_id: str) -> str | None:
        account = self._scalar('SELECT account FROM "transaction" WHERE id = ?', int(payment_id))
        return None if account in (None, UNDEPOSITED_FUNDS) else str(account)

    # -- the administrator and the weather --

    def refuse_credentials(self, refusing: bool = True) -> None:
        self.server.refuse_logins(refusing)

    def go_down(self, down: bool = True, *, after_requests: int | None = None) -> None:
        self.server.go_down(down, after_requests=after_requests)

    def throttle(self, storm: bool = True) -> None:
        self.server.set_faults(throttle_rate=1.0 if storm else 0.0)

    def reject(self, external_id: str, message: str, code: str = "USER_ERROR") -> None:
        self.server.reject_writes(external_id, message, code)

    def stop_rejecting(self, external_id: str) -> None:
        self.server.accept_writes(external_id)

    def allow_concurrent_requests(self, limit: int) -> None:
        self.server.set_governance(concurrency=limit)

    def map_certificate(self) -> OAuth2Credentials:
        # One scenario's certificate at a time: the sandbox outlives the scenario, and NetSuite allows 5.
        for mapped in self.server.oauth2.certificates():
            if not mapped["revoked"]:
                self.server.oauth2.revoke_certificate(mapped["certificate_id"])
        key = private_key("P-256")
        kid = self.server.oauth2.register_certificate(certificate_pem(key))
        return OAuth2Credentials(self.server.oauth2.client_id, kid, private_key_pem(key))

    def requests(self) -> Counter[str]:
        counted: Counter[str] = Counter()
        for endpoint, by_status in self.server.stats()["requests"]["by_endpoint"].items():
            counted[_operation(endpoint)] += sum(by_status.values())
        return counted

    def reset_counts(self) -> None:
        self.server.request_stats.clear()


UNDEPOSITED_FUNDS = 122  # the sandbox's Undeposited Funds account
_RECORD_NAMES = {"customer": "customer", "invoice": "invoice", "customerpayment": "customerPayment"}


def _operation(endpoint: str) -> str:
    """'PUT /record/v1/invoice/eid:{externalId}' → 'upsert:invoice', in the memory fake's words."""
    method, _, path = endpoint.partition(" ")
    parts = path.strip("/").split("/")
    if parts[:1] == ["record"] and len(parts) >= 3:
        record = _RECORD_NAMES.get(parts[2], parts[2])
        if method == "PUT":
            return f"upsert:{record}"
        if method == "DELETE":
            return f"delete:{record}"
        return f"{method.lower()}:{record}"
    if parts[:1] == ["query"]:
        return "query"
    if path.endswith("/serverTime"):
        return "server_time"
    if path.endswith("/governanceLimits"):
        return "governance_limits"
    return endpoint


# -- the doubles, for tests that run on both ------------------------------------------------------


@dataclass
class NetSuiteDouble:
    """One NetSuite double: the user's hands on it, and how our product opens a gateway to it."""

    name: str
    user: NetSuiteUser
    gateways: NetSuiteGatewayFactory
    access: NetSuiteAccess

    def gateway(self, **changes: Any) -> NetSuiteGateway:
        """A gateway with the right credentials, or with `changes` to the access."""
        return self.gateways(replace(self.access, **changes))


NETSUITE_BACKENDS = ["memory", pytest.param("sandbox", marks=pytest.mark.integration, id="sandbox")]
# The gateway contract also runs on the REST gateway logging in with OAuth 2.0 (client credentials,
# a certificate mapped in the sandbox): whichever way the product logs in, NetSuite behaves the same.
GATEWAY_BACKENDS = [
    *NETSUITE_BACKENDS,
    pytest.param("sandbox-oauth2", marks=pytest.mark.integration, id="sandbox-oauth2"),
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "netsuite_page_size(n): SuiteQL page size of the netsuite fixture")


def _page_size(request: pytest.FixtureRequest) -> int:
    marker = request.node.get_closest_marker("netsuite_page_size")
    return int(marker.args[0]) if marker else 1000


def memory_double(page_size: int = 1000) -> NetSuiteDouble:
    netsuite = InMemoryNetSuite("1234567", page_size=page_size)
    access = NetSuiteAccess(account_id=netsuite.account_id, credentials=netsuite.credentials)
    return NetSuiteDouble(
        "memory", MemoryNetSuiteUser(netsuite), InMemoryNetSuiteGatewayFactory(netsuite), access
    )


def sandbox_double(
    server: SandboxServer, today: Callable[[], dt.date] | None = None, page_size: int = 1000
) -> NetSuiteDouble:
    user = SandboxNetSuiteUser(server, today)
    access = NetSuiteAccess(
        account_id=server.account_id, credentials=user.credentials, base_url=server.base_url
    )
    factory = RestNetSuiteGatewayFactory(
        retry=QUICK_RETRY, timeout=(5.0, 30.0), paging=SuiteQLPaging(page_size=page_size)
    )
    return NetSuiteDouble("sandbox", user, factory, access)


@pytest.fixture(scope="session")
def sandbox_server_1234567() -> Iterator[SandboxServer]:
    """A second sandbox under the in-memory fake's account id, so a scenario that names the account
    reads the same on both paths."""
    server = SandboxServer(account_id="1234567", seed="empty", concurrency=5).start()
    yield server
    server.stop()


@pytest.fixture
def sandbox_as_1234567(sandbox_server_1234567: SandboxServer) -> Iterator[SandboxServer]:
    """That sandbox reset to "empty", its faults, refusals, concurrency and latency restored after."""
    sandbox_server_1234567.restore_defaults()
    sandbox_server_1234567.reset("empty")
    yield sandbox_server_1234567
    sandbox_server_1234567.restore_defaults()


@pytest.fixture(params=GATEWAY_BACKENDS)
def netsuite_backend(request: pytest.FixtureRequest) -> str:
    """Which NetSuite double this run of the test uses: memory, or the REST gateway and the sandbox."""
    return str(request.param)


@pytest.fixture
def netsuite(netsuite_backend: str, request: pytest.FixtureRequest) -> Iterator[NetSuiteDouble]:
    """The double of this run: `netsuite.user` acts in NetSuite, `netsuite.gateway()` is our product's
    way in. `@pytest.mark.netsuite_page_size(n)` makes SuiteQL pages n rows long."""
    if netsuite_backend == "memory":
        yield memory_double(_page_size(request))
        return
    server: SandboxServer = request.getfixturevalue("netsuite_sandbox")
    double = sandbox_double(server, page_size=_page_size(request))
    if netsuite_backend != "sandbox-oauth2":
        yield double
        return
    key = private_key()
    certificate_id = server.oauth2.register_certificate(certificate_pem(key))
    double.name = "sandbox-oauth2"
    double.access = replace(
        double.access,
        credentials=OAuth2Credentials(server.oauth2.client_id, certificate_id, private_key_pem(key)),
    )
    try:
        yield double
    finally:
        server.oauth2.revoke_certificate(certificate_id)
