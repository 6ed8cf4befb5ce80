from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DocumentRuleViolation, InvoiceRuleViolation, PaymentRuleViolation
from domain.invoice import InvoiceStatus, LineItem
from domain.money import Money

from .conftest import NOW, invoice, line


def test_line_amount_is_quantity_times_unit_cost_rounded_to_cents() -> None:
    assert LineItem(name="Hours", quantity=Decimal("1.5"), unit_cost=Decimal("0.3333")).amount == Decimal(
        "0.50"
    )


def test_an_invoice_with_fractional_cent_lines_can_be_paid_off_in_cents() -> None:
    doc = invoice(items=[LineItem(name="Hours", quantity=Decimal("1.5"), unit_cost=Decimal("0.33"))])
    doc.receive(Money.of("0.50", "usd"))
    assert doc.balance.is_zero


def test_totals_add_up_the_lines() -> None:
    doc = invoice(
        items=[line(quantity="2", unit_cost="10.50"), line(name="Setup", quantity="1", unit_cost="99")]
    )
    assert doc.subtotal == Money.of("120.00", "usd")
    assert doc.total == Money.of("120.00", "usd")
    assert doc.balance == doc.total


def test_an_invoice_needs_at_least_one_line() -> None:
    with pytest.raises(InvoiceRuleViolation, match="at least one line"):
        invoice(items=[])


def test_a_revision_cannot_remove_every_line() -> None:
    doc = invoice()
    with pytest.raises(InvoiceRuleViolation, match="at least one line"):
        doc.revise(NOW, items=[])


def test_a_line_needs_a_positive_quantity() -> None:
    with pytest.raises(DocumentRuleViolation, match="quantity above zero"):
        line(quantity="0")


def test_due_date_cannot_precede_the_invoice_date() -> None:
    with pytest.raises(InvoiceRuleViolation, match="before the invoice date"):
        invoice(date=date(2026, 3, 10), due_date=date(2026, 3, 1))


def test_an_issued_invoice_cannot_return_to_draft() -> None:
    doc = invoice(draft=False)
    with pytest.raises(InvoiceRuleViolation, match="already been issued"):
        doc.revise(NOW, draft=True)
    assert doc.draft is False


def test_a_draft_can_be_issued_once() -> None:
    doc = invoice(draft=True)
    doc.issue(NOW)
    assert doc.draft is False
    with pytest.raises(InvoiceRuleViolation):
        doc.issue(NOW)


def test_a_voided_invoice_cannot_be_edited() -> None:
    doc = invoice()
    doc.void(NOW)
    with pytest.raises(InvoiceRuleViolation, match="voided"):
        doc.revise(NOW, notes="late change")
    with pytest.raises(InvoiceRuleViolation, match="voided"):
        doc.issue(NOW)


def test_an_invoice_with_payments_cannot_be_voided() -> None:
    doc = invoice()
    doc.receive(Money.of("5", "usd"))
    with pytest.raises(InvoiceRuleViolation, match="void those payments first"):
        doc.void(NOW)


def test_every_change_to_the_document_grows_its_version() -> None:
    doc = invoice(draft=True)
    versions = [doc.version]
    doc.revise(NOW, notes="hello")
    versions.append(doc.version)
    doc.issue(NOW)
    versions.append(doc.version)
    doc.void(NOW)
    versions.append(doc.version)
    assert versions == sorted(set(versions))


def test_applying_more_than_the_balance_is_refused() -> None:
    doc = invoice()  # total 21.00
    doc.receive(Money.of("20", "usd"))
    with pytest.raises(PaymentRuleViolation, match="overpay"):
        doc.receive(Money.of("1.01", "usd"))
    assert doc.balance == Money.of("1.00", "usd")


def test_a_payment_in_another_currency_cannot_be_applied() -> None:
    with pytest.raises(PaymentRuleViolation, match="EUR payment"):
        invoice().receive(Money.of("1", "eur"))


def test_lines_cannot_total_below_what_is_already_paid() -> None:
    doc = invoice()
    doc.receive(Money.of("21", "usd"))
    with pytest.raises(InvoiceRuleViolation, match="its total cannot be less"):
        doc.revise(NOW, items=[line(quantity="1", unit_cost="1")])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"draft": True}, InvoiceStatus.DRAFT),
        ({}, InvoiceStatus.NOT_SENT),
        ({"due_date": date(2026, 3, 2)}, InvoiceStatus.PAST_DUE),
        ({"amount_paid": Decimal("21")}, InvoiceStatus.PAID),
    ],
)
def test_status_is_computed_from_the_document(changes: dict[str, object], expected: InvoiceStatus) -> None:
    assert invoice(**changes).status(today=date(2026, 3, 20)) is expected


def test_voided_status_wins_and_a_voided_invoice_owes_nothing() -> None:
    doc = invoice()
    doc.void(NOW)
    assert doc.status(today=date(2026, 3, 20)) is InvoiceStatus.VOIDED
    assert doc.balance.is_zero
