"""Credit notes, discounts and taxes: the totals a controller checks, and the rules that keep them true."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from domain.adjustments import Discount, Tax
from domain.credit_note import CreditNote, CreditNoteStatus
from domain.errors import CreditNoteRuleViolation, DocumentRuleViolation, InvoiceRuleViolation
from domain.invoice import LineItem
from domain.money import Money
from domain.payment import PaymentApplication, apply_payment, void_payment

from .conftest import NOW, invoice, line, payment


def credit_note(**overrides: Any) -> CreditNote:
    fields: dict[str, Any] = {
        "company_id": 1,
        "customer_id": 7,
        "number": "CN-00001",
        "currency": "usd",
        "date": NOW.date(),
        "items": [line(name="Refund", quantity="1", unit_cost="30")],
        "created_at": NOW,
        "updated_at": NOW,
        "id": 500,
    }
    fields.update(overrides)
    return CreditNote(**fields)


def usd(amount: str) -> Money:
    return Money.of(amount, "usd")


def credit(invoice_id: int, amount: str, credit_note_id: int = 500) -> PaymentApplication:
    return PaymentApplication(invoice_id, Decimal(amount), credit_note_id=credit_note_id)


# ---- discounts and taxes ----------------------------------------------------------------------


def test_total_is_subtotal_less_discounts_plus_taxes_on_the_document_and_its_lines() -> None:
    lines = [
        LineItem("Hours", Decimal("3"), Decimal("33.33"), discounts=(Discount(Decimal("4.99")),)),
        LineItem("Setup", Decimal("1"), Decimal("50"), taxes=(Tax(Decimal("4.13"), tax_rate="CA"),)),
    ]
    doc = invoice(
        items=lines, discounts=[Discount(Decimal("10"), coupon="SPRING")], taxes=[Tax(Decimal("8.07"))]
    )

    assert doc.subtotal == usd("149.99")
    assert doc.discount == usd("14.99")
    assert doc.tax == usd("12.20")
    assert doc.total == usd("147.20")
    assert doc.balance == usd("147.20")


def test_discounts_and_taxes_are_whole_cents_above_zero() -> None:
    with pytest.raises(DocumentRuleViolation, match="fraction of a cent"):
        Discount(Decimal("1.005"))
    with pytest.raises(DocumentRuleViolation, match="above zero"):
        Tax(Decimal("0"))
    with pytest.raises(DocumentRuleViolation, match="above zero"):
        Discount(Decimal("-3"))


def test_discounts_cannot_take_a_document_below_zero() -> None:
    with pytest.raises(DocumentRuleViolation, match="cannot total below zero"):
        invoice(discounts=[Discount(Decimal("21.01"))])


def test_a_discount_added_later_cannot_cut_below_what_was_paid() -> None:
    doc = invoice()  # 21.00
    doc.receive(usd("15"))

    with pytest.raises(InvoiceRuleViolation, match=r"15\.00 USD paid or credited"):
        doc.revise(NOW, discounts=[Discount(Decimal("7"))])
    doc.revise(NOW, discounts=[Discount(Decimal("6"))])
    assert doc.balance.is_zero


# ---- credit notes -----------------------------------------------------------------------------


def test_a_credit_note_has_positive_amounts_and_a_computed_status() -> None:
    note = credit_note(taxes=[Tax(Decimal("2.40"))])

    assert (note.total, note.balance, note.status) == (usd("32.40"), usd("32.40"), CreditNoteStatus.OPEN)
    assert credit_note(draft=True).status is CreditNoteStatus.DRAFT
    assert credit_note(closed=True).status is CreditNoteStatus.CLOSED
    assert credit_note(amount_applied=Decimal("30")).status is CreditNoteStatus.PAID
    assert credit_note(voided=True).status is CreditNoteStatus.VOIDED


def test_a_credit_applied_across_two_invoices_lowers_both_balances_and_the_credit() -> None:
    first, second = invoice(id=100), invoice(id=101, number="INV-00002")
    note = credit_note()
    applying = payment("0", applied_to=[credit(100, "21"), credit(101, "9")])

    apply_payment(applying, {100: first, 101: second}, {500: note})

    assert (first.balance, first.credited, second.balance) == (usd("0"), usd("21"), usd("12"))
    assert (note.balance, note.status, note.version) == (usd("0"), CreditNoteStatus.PAID, 3)


def test_a_payment_may_mix_cash_and_credit_and_only_the_cash_counts_against_its_amount() -> None:
    doc = invoice()
    note = credit_note()
    mixed = payment("11", applied_to=[PaymentApplication(100, Decimal("11")), credit(100, "10")])

    apply_payment(mixed, {100: doc}, {500: note})

    assert (doc.paid, doc.credited, doc.balance) == (usd("11"), usd("10"), usd("0"))
    assert mixed.unapplied == usd("0")
    assert [a.invoice_id for a in mixed.cash_applications] == [100]


def test_a_credit_cannot_be_applied_beyond_its_balance_and_nothing_changes() -> None:
    first, second = invoice(id=100), invoice(id=101, number="INV-00002")
    note = credit_note()

    with pytest.raises(CreditNoteRuleViolation, match=r"more than is left of it: its balance is 9\.00 USD"):
        apply_payment(
            payment("0", applied_to=[credit(100, "21"), credit(101, "10")]),
            {100: first, 101: second},
            {500: note},
        )

    assert (first.balance, second.balance, note.balance) == (usd("21"), usd("21"), usd("30"))


def test_a_credit_cannot_overpay_the_invoice() -> None:
    with pytest.raises(CreditNoteRuleViolation, match=r"would overpay it: its balance is 21\.00 USD"):
        apply_payment(payment("0", applied_to=[credit(100, "25")]), {100: invoice()}, {500: credit_note()})


def test_a_credit_note_in_another_currency_cannot_pay_the_invoice() -> None:
    with pytest.raises(CreditNoteRuleViolation, match="is in EUR and Invoice INV-00001 in USD"):
        apply_payment(
            payment("0", applied_to=[credit(100, "5")]), {100: invoice()}, {500: credit_note(currency="eur")}
        )


def test_a_draft_or_voided_credit_note_cannot_be_applied() -> None:
    for note, reason in ((credit_note(draft=True), "draft"), (credit_note(voided=True), "voided")):
        with pytest.raises(CreditNoteRuleViolation, match=reason):
            apply_payment(payment("0", applied_to=[credit(100, "5")]), {100: invoice()}, {500: note})


def test_a_credited_invoice_cannot_be_voided_until_the_credit_is_taken_back() -> None:
    doc, note = invoice(), credit_note()
    applying = payment("0", applied_to=[credit(100, "5")])
    apply_payment(applying, {100: doc}, {500: note})

    with pytest.raises(InvoiceRuleViolation, match=r"5\.00 USD in credit notes applied"):
        doc.void(NOW)
    with pytest.raises(CreditNoteRuleViolation, match="void the payments that apply it first"):
        note.void(NOW)

    void_payment(applying, {100: doc}, NOW, {500: note})
    assert (doc.balance, note.balance) == (usd("21"), usd("30"))
    doc.void(NOW)
    note.void(NOW)
    assert note.status is CreditNoteStatus.VOIDED


def test_a_payment_of_nothing_needs_credit_applications() -> None:
    with pytest.raises(Exception, match="above zero"):
        payment("0", applied_to=[PaymentApplication(100, Decimal("5"))])


def test_a_credit_note_cannot_shrink_below_what_it_applied() -> None:
    note = credit_note(amount_applied=Decimal("20"))

    with pytest.raises(CreditNoteRuleViolation, match=r"20\.00 USD applied"):
        note.revise(NOW, discounts=[Discount(Decimal("11"))])


def test_a_credit_memo_netsuite_will_not_remove_says_to_void_the_credit_memo() -> None:
    from domain.netsuite import NetSuiteProblem
    from domain.policies.removals import removal_refused
    from domain.records import RecordKind

    problem = removal_refused(RecordKind.CREDIT_NOTE, "Credit note CN-1", NetSuiteProblem("Locked period."))

    assert problem.hint is not None and "void the credit memo in NetSuite by hand" in problem.hint
