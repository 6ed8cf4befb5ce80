"""The ledger's use cases on memory adapters: the end state after each call, not the calls made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from adapters.memory import FixedClock, InMemoryStore
from application.errors import Conflict, InvalidInput, NotFound
from application.ledger import ApplicationInput, Ledger, LineInput, due_date_from_terms, hash_api_key
from domain.invoice import InvoiceStatus
from domain.money import Money


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def ledger(store: InMemoryStore) -> Ledger:
    return Ledger(store, FixedClock())


@pytest.fixture
def company_id(ledger: Ledger) -> int:
    company = ledger.create_company("Acme Corp", email="ar@acme.test").company
    assert company.id is not None
    return company.id


WIDGETS = [LineInput("Widget", Decimal("2"), Decimal("10.50"))]


def test_a_new_company_gets_a_key_that_is_stored_only_as_a_hash(ledger: Ledger, store: InMemoryStore) -> None:
    created = ledger.create_company("Acme Corp")
    stored = list(store.tables.api_keys.values())
    assert [k.key_hash for k in stored] == [hash_api_key(created.api_key)]
    assert created.api_key not in repr(store.tables.api_keys)
    assert ledger.authenticate(created.api_key) == created.company
    assert ledger.authenticate(created.api_key + "x") is None


def test_customers_and_invoices_are_numbered_per_company(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex")
    first = ledger.create_invoice(company_id, customer.id or 0, WIDGETS)
    second = ledger.create_invoice(company_id, customer.id or 0, WIDGETS)
    assert customer.number == "CUST-00001"
    assert (first.number, second.number) == ("INV-00001", "INV-00002")


def test_an_invoice_number_already_taken_is_a_conflict(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex")
    ledger.create_invoice(company_id, customer.id or 0, WIDGETS, number="A-1")
    with pytest.raises(Conflict, match="A-1 has already been taken"):
        ledger.create_invoice(company_id, customer.id or 0, WIDGETS, number="A-1")


def test_net_terms_set_the_due_date() -> None:
    assert due_date_from_terms(date(2026, 1, 1), "NET 30") == date(2026, 1, 31)
    assert due_date_from_terms(date(2026, 1, 1), "Due on receipt") is None


def test_a_payment_reduces_balances_and_is_all_or_nothing(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex")
    first = ledger.create_invoice(company_id, customer.id or 0, WIDGETS)  # 21.00
    second = ledger.create_invoice(company_id, customer.id or 0, WIDGETS)
    with pytest.raises(InvalidInput, match="overpay"):
        ledger.record_payment(
            company_id,
            applied_to=[
                ApplicationInput(first.id or 0, Decimal("10")),
                ApplicationInput(second.id or 0, Decimal("30")),
            ],
        )
    assert ledger.get_invoice(company_id, first.id or 0).balance == Money.of("21", "usd")
    assert ledger.list_payments(company_id).total == 0

    ledger.record_payment(
        company_id, applied_to=[ApplicationInput(first.id or 0, Decimal("21"))], method="check"
    )
    assert ledger.get_invoice(company_id, first.id or 0).status(date(2026, 1, 15)) is InvoiceStatus.PAID


def test_voiding_a_payment_reopens_the_invoice(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex")
    invoice = ledger.create_invoice(company_id, customer.id or 0, WIDGETS)
    payment = ledger.record_payment(company_id, applied_to=[ApplicationInput(invoice.id or 0, Decimal("5"))])
    ledger.void_payment(company_id, payment.id or 0)
    assert ledger.get_invoice(company_id, invoice.id or 0).balance == Money.of("21", "usd")


def test_another_companys_records_are_not_found(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex")
    invoice = ledger.create_invoice(company_id, customer.id or 0, WIDGETS)
    other = ledger.create_company("Other Co").company.id or 0
    with pytest.raises(NotFound):
        ledger.get_invoice(other, invoice.id or 0)
    with pytest.raises(NotFound):
        ledger.create_invoice(other, customer.id or 0, WIDGETS)


def test_domain_rule_violations_reach_the_caller_as_invalid_input(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex")
    with pytest.raises(InvalidInput, match="at least one line"):
        ledger.create_invoice(company_id, customer.id or 0, [])
    with pytest.raises(InvalidInput, match="Unknown currency"):
        ledger.create_invoice(company_id, customer.id or 0, WIDGETS, currency="usx")
    with pytest.raises(InvalidInput, match="payment method"):
        ledger.record_payment(
            company_id, customer_id=customer.id, amount=Decimal("5"), applied_to=[], method="barter"
        )


def test_issuing_a_draft_grows_its_version(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex")
    draft = ledger.create_invoice(company_id, customer.id or 0, WIDGETS, draft=True)
    issued = ledger.issue_invoice(company_id, draft.id or 0)
    assert not issued.draft and issued.version > draft.version


def test_a_customer_edit_checks_the_email_like_a_new_customer(ledger: Ledger, company_id: int) -> None:
    customer = ledger.create_customer(company_id, "Globex", email="ap@globex.test")
    with pytest.raises(InvalidInput, match="not an email address"):
        ledger.update_customer(company_id, customer.id or 0, email="nope")
    assert ledger.get_customer(company_id, customer.id or 0).email == "ap@globex.test"
    assert ledger.update_customer(company_id, customer.id or 0, email="").email is None


@pytest.mark.parametrize("terms", ["NET banana", "net", "NET 30 days or so"])
def test_net_terms_without_a_number_of_days_are_refused(ledger: Ledger, company_id: int, terms: str) -> None:
    with pytest.raises(InvalidInput, match="write NET and a number of days") as refused:
        ledger.create_customer(company_id, "Wayne Enterprises", payment_terms=terms)
    assert refused.value.param == "payment_terms"

    customer = ledger.create_customer(company_id, "Wayne Enterprises", payment_terms="NET 45")
    with pytest.raises(InvalidInput, match="not understood"):
        ledger.update_customer(company_id, customer.id, payment_terms=terms)
    with pytest.raises(InvalidInput, match="not understood"):
        ledger.create_invoice(
            company_id, customer.id, [LineInput("Audit", Decimal(1), Decimal(10))], payment_terms=terms
        )
    assert ledger.create_customer(company_id, "Initech", payment_terms="Due on receipt").payment_terms
