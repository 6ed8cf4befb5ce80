import pytest

from domain.errors import PaymentRuleViolation
from domain.money import Money
from domain.payment import apply_payment, void_payment

from .conftest import NOW, invoice, payment


def test_a_payment_of_zero_or_less_is_refused() -> None:
    for amount in ("0", "-5"):
        with pytest.raises(PaymentRuleViolation, match="above zero"):
            payment(amount=amount)


def test_a_payment_cannot_be_applied_beyond_its_amount() -> None:
    with pytest.raises(PaymentRuleViolation, match="beyond its amount"):
        payment(amount="10", applied=[(100, "6"), (101, "5")])


def test_the_unapplied_part_stays_on_the_payment() -> None:
    assert payment(amount="30", applied=[(100, "21")]).unapplied == Money.of("9", "usd")


def test_applying_reduces_each_invoice_balance() -> None:
    doc = invoice()
    apply_payment(payment(amount="21", applied=[(100, "21")]), {100: doc})
    assert doc.balance.is_zero


def test_a_payment_that_would_overpay_one_invoice_changes_none_of_them() -> None:
    first, second = invoice(id=100), invoice(id=101, number="INV-00002")
    with pytest.raises(PaymentRuleViolation, match="overpay"):
        apply_payment(payment(amount="42", applied=[(100, "20"), (101, "22")]), {100: first, 101: second})
    assert first.balance == Money.of("21", "usd")
    assert second.balance == Money.of("21", "usd")


def test_a_payment_applies_only_to_its_own_customers_invoices() -> None:
    with pytest.raises(PaymentRuleViolation, match="another customer"):
        apply_payment(payment(applied=[(100, "5")]), {100: invoice(customer_id=8)})


def test_voiding_a_payment_gives_the_balance_back() -> None:
    doc = invoice()
    received = payment(amount="21", applied=[(100, "21")])
    apply_payment(received, {100: doc})
    void_payment(received, {100: doc}, NOW)
    assert doc.balance == Money.of("21", "usd")
    assert received.voided and received.unapplied.is_zero
    with pytest.raises(PaymentRuleViolation, match="already voided"):
        void_payment(received, {100: doc}, NOW)


def test_the_same_invoice_twice_in_one_payment_is_refused() -> None:
    with pytest.raises(PaymentRuleViolation, match="same invoice twice"):
        payment(amount="10", applied=[(100, "5"), (100, "5")])
