"""Invoiced's own Python client (`invoiced` 3.0.0), unchanged, drives our running API over real HTTP
(uvicorn on loopback, PostgreSQL behind it) through the whole ledger, as an Invoiced customer's
script would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import invoiced
import pytest
import requests
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from application.ledger import NewCompany
from entrypoints.container import Container
from entrypoints.http.api.deps import RateLimiter
from entrypoints.http.main import create_app
from tests.support.running_api import migrated_schema, production_container, served

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

RATE_LIMIT = 100  # per company per minute on this server: each journey stays under it, a flood does not


# One server over one database for the module; each test signs in as a company of its own, so the
# tests see nothing of each other's records (the tenancy every request is scoped by).
@pytest.fixture(scope="module")
def database_url(postgres_url: str) -> Iterator[str]:
    with migrated_schema(postgres_url) as url:
        yield url


@pytest.fixture(scope="module")
def secret_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture(scope="module")
def container(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, secret_key: str
) -> Iterator[Container]:
    built = production_container(database_url, tmp_path_factory.mktemp("api"), secret_key)
    yield built
    built.shutdown_resources()


@pytest.fixture(scope="module")
def api_url(container: Container) -> Iterator[str]:
    with served(create_app(container, rate_limiter=RateLimiter(limit=RATE_LIMIT))) as url:
        yield url


@pytest.fixture
def company(container: Container) -> NewCompany:
    return container.ledger().create_company("Acme Supplies", email="ar@acme.test")


@pytest.fixture
def client(api_url: str, company: NewCompany) -> invoiced.Client:
    made = invoiced.Client(company.api_key, sandbox=True)
    made.api_url = api_url
    return made


def _items(**overrides: Any) -> list[dict[str, Any]]:
    return [{"name": "Consulting", "quantity": 2, "unit_cost": 150.25, **overrides}]


def test_customers_find_by_number_else_create_update_balance_delete(client: invoiced.Client) -> None:
    created = client.Customer.create(name="Wayne Enterprises", number="CUST-7", metadata={"crm_id": "W-1"})
    client.Customer.create(name="Wayne Enterprises", number="CUST-8")  # names need not be unique

    found, listing = client.Customer.list(filter={"number": "CUST-7"})
    assert [c.id for c in found] == [created.id] and listing.total_count == 1
    assert client.Customer.list(metadata={"crm_id": "W-1"})[0][0].number == "CUST-7"

    customer = client.Customer.retrieve(created.id)
    customer.name = "Wayne Corp"
    customer.city = "Gotham"
    customer.metadata = {"crm_id": "W-2"}
    assert customer.save() is True
    assert (customer.name, customer.city, customer.metadata) == ("Wayne Corp", "Gotham", {"crm_id": "W-2"})

    assert customer.balance()["total_outstanding"] == 0
    lonely = client.Customer.create(name="No documents")
    assert lonely.delete() is True
    with pytest.raises(invoiced.errors.InvalidRequestError):
        client.Customer.retrieve(lonely.id)


def test_invoices_through_their_whole_life(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Wayne Enterprises")
    other = client.Customer.create(name="Stark Industries")
    invoice = client.Invoice.create(
        customer=customer.id, items=_items(), metadata={"project": "apollo"}, purchase_order="PO-1"
    )
    draft = client.Invoice.create(customer=customer.id, items=_items(), draft=True)
    client.Invoice.create(customer=other.id, items=_items())
    assert (invoice.total, invoice.balance, invoice.metadata) == (300.5, 300.5, {"project": "apollo"})

    outstanding, _ = client.Invoice.list(filter={"customer": customer.id, "paid": False, "closed": False})
    assert sorted(i.id for i in outstanding) == sorted([invoice.id, draft.id])
    assert [i.id for i in client.Invoice.list(filter={"draft": 1})[0]] == [draft.id]
    assert [i.id for i in client.Invoice.list(metadata={"project": "apollo"})[0]] == [invoice.id]
    assert client.Invoice.list(filter={"number": invoice.number, "currency": "usd", "voided": 0})[0][
        0
    ].id == (invoice.id)
    newest_first = [i.id for i in client.Invoice.list(sort="id DESC")[0]]
    assert newest_first == sorted(newest_first, reverse=True)
    expanded = client.Invoice.list(expand="customer", filter={"customer": other.id})[0][0]
    assert expanded.customer["name"] == "Stark Industries"

    edited = client.Invoice.retrieve(draft.id)
    items = edited["items"]  # an InvoicedObject is a dict, so `.items` is dict.items
    items[0]["quantity"] = 3
    items.append({"name": "Travel", "quantity": 1, "unit_cost": 49.5, "type": "expense"})
    edited["items"] = items
    assert edited.save() is True
    assert [(i["id"] == draft["items"][0]["id"], i["amount"]) for i in edited["items"]] == [
        (True, 450.75),
        (False, 49.5),
    ]

    edited.draft = False
    edited.save()
    assert edited.status == "not_sent"
    assert edited.pay() is True
    assert (edited.paid, edited.closed, edited.balance) == (True, True, 0)

    invoice.closed = True
    invoice.save()
    assert invoice.closed is True
    with pytest.raises(invoiced.errors.InvalidRequestError) as refused:
        client.Payment.create(applied_to=[{"type": "invoice", "invoice": invoice.id, "amount": 1}])
    assert refused.value.error["param"] == "applied_to"
    invoice.closed = False
    invoice.save()
    assert invoice.void() is True and invoice.voided is True

    throwaway = client.Invoice.create(customer=customer.id, items=_items(), draft=True)
    assert throwaway.delete() is True
    with pytest.raises(invoiced.errors.InvalidRequestError):
        client.Invoice.retrieve(throwaway.id)


def test_payments_applied_updated_and_deleted(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Wayne Enterprises")
    first = client.Invoice.create(customer=customer.id, items=_items())
    second = client.Invoice.create(customer=customer.id, items=_items(unit_cost=10))
    payment = client.Payment.create(
        customer=customer.id,
        amount=320.5,
        method="check",
        applied_to=[
            {"type": "invoice", "invoice": first.id, "amount": 300.5},
            {"type": "invoice", "invoice": second.id, "amount": 20},
        ],
        metadata={"batch": "7"},
    )
    assert (payment.amount, payment.balance, payment.source, payment.matched) == (320.5, 0, "keyed", False)
    assert client.Invoice.retrieve(second.id).paid is True
    assert customer.balance()["total_outstanding"] == 0

    payment.reference = "CHK-1001"
    payment.notes = "Mailed"
    payment.save()
    assert (payment.reference, payment.notes, payment.metadata) == ("CHK-1001", "Mailed", {"batch": "7"})
    assert [p.id for p in client.Payment.list(filter={"customer": customer.id})[0]] == [payment.id]

    assert payment.delete() is True and payment.voided is True
    assert client.Invoice.retrieve(first.id).balance == 300.5


def test_pages_are_followed_to_the_end(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Wayne Enterprises")
    ids = [client.Invoice.create(customer=customer.id, items=_items()).id for _ in range(7)]
    seen: list[int] = []
    page = 1
    while True:
        found, listing = client.Invoice.list(per_page=3, page=page)
        seen += [i.id for i in found]
        assert listing.total_count == 7
        if "next" not in listing.links:
            break
        page = int(parse_qs(urlparse(listing.links["next"]).query)["page"][0])
    assert seen == ids and page == 3


def test_every_error_class_of_the_client(client: invoiced.Client, api_url: str, container: Container) -> None:
    stranger = invoiced.Client("ink_not-a-key", sandbox=True)
    stranger.api_url = api_url
    with pytest.raises(invoiced.errors.AuthenticationError):
        stranger.Customer.list()

    customer = client.Customer.create(name="Wayne Enterprises", number="CUST-1")
    with pytest.raises(invoiced.errors.InvalidRequestError) as taken:
        client.Customer.create(name="Someone else", number="CUST-1")
    assert (taken.value.status_code, taken.value.error["param"]) == (400, "number")
    invoice = client.Invoice.create(customer=customer.id, items=_items())
    with pytest.raises(invoiced.errors.InvalidRequestError) as overpaid:
        client.Payment.create(applied_to=[{"type": "invoice", "invoice": invoice.id, "amount": 1000}])
    assert overpaid.value.error["param"] == "applied_to"
    with pytest.raises(invoiced.errors.InvalidRequestError) as issued:
        invoice.draft = True
        invoice.save()
    assert issued.value.error["param"] == "draft"

    flooder = invoiced.Client(container.ledger().create_company("Globex").api_key, sandbox=True)
    flooder.api_url = api_url
    with pytest.raises(invoiced.errors.RateLimitError):
        for _ in range(RATE_LIMIT + 1):
            flooder.Customer.list(per_page=1)


def test_retries_with_the_same_idempotency_key_make_one_record(
    client: invoiced.Client,
    api_url: str,
    company: NewCompany,
    database_url: str,
    tmp_path: Path,
    secret_key: str,
) -> None:
    customer = client.Customer.create(idempotency_key="cust-1", name="Wayne Enterprises")
    again = client.Customer.create(idempotency_key="cust-1", name="Wayne Enterprises")
    assert again.id == customer.id
    invoice = client.Invoice.create(idempotency_key="inv-1", customer=customer.id, items=_items())
    assert (
        client.Invoice.create(idempotency_key="inv-1", customer=customer.id, items=_items()).id == invoice.id
    )
    payment = client.Payment.create(
        idempotency_key="pay-1", applied_to=[{"type": "invoice", "invoice": invoice.id, "amount": 100}]
    )
    retried = client.Payment.create(
        idempotency_key="pay-1", applied_to=[{"type": "invoice", "invoice": invoice.id, "amount": 100}]
    )
    assert retried.id == payment.id
    assert client.Payment.list()[1].total_count == 1
    assert client.Invoice.retrieve(invoice.id).balance == 200.5

    with pytest.raises(invoiced.errors.InvalidRequestError) as reused:
        client.Customer.create(idempotency_key="cust-1", name="Someone else")
    assert reused.value.error["param"] == "Idempotency-Key"

    # Another process over the same database (or this one after a restart) knows the key too.
    other_process = production_container(database_url, tmp_path / "second", secret_key)
    try:
        with TestClient(create_app(other_process)) as second:
            replay = second.post(
                "/customers",
                json={"name": "Wayne Enterprises"},
                headers={"Idempotency-Key": "cust-1"},
                auth=(company.api_key, ""),
            )
    finally:
        other_process.shutdown_resources()
    assert replay.json()["id"] == customer.id
    assert client.Customer.list()[1].total_count == 1


def test_form_encoded_bodies_work_as_invoiceds_reference_shows(
    client: invoiced.Client, api_url: str, company: NewCompany
) -> None:
    customer = client.Customer.create(name="Wayne Enterprises")
    answer = requests.post(
        f"{api_url}/invoices",
        data={
            "customer": customer.id,
            "items[0][name]": "Hours",
            "items[0][quantity]": "2",
            "items[0][unit_cost]": "75.50",
            "metadata[project]": "apollo",
            "draft": "true",
        },
        auth=(company.api_key, ""),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["total"], body["draft"], body["metadata"]) == (151, True, {"project": "apollo"})
