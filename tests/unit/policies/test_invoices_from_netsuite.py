import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.netsuite import NetSuiteInvoiceLine, NetSuiteLineKind
from domain.policies.invoices_from_netsuite import (
    BALANCING_LINE,
    document_from_netsuite,
    invoice_from_netsuite,
    line_items_from_netsuite,
    number_clash,
)
from domain.policies.problems import ProblemCode
from domain.records import Origin
from tests.unit.policies.builders import NOW, TODAY, invoice, ns_invoice

NAMES = {"201": "Consulting", "202": "Software licence"}


def test_lines_keep_their_real_quantity_rate_and_item() -> None:
    lines = line_items_from_netsuite(ns_invoice(lines=(("201", "3", "150.00"), ("202", "1", "50"))), NAMES)
    assert [(l.name, l.quantity, l.unit_cost, l.netsuite_item_id) for l in lines] == [
        ("Consulting", Decimal("3"), Decimal("150.00"), "201"),
        ("Software licence", Decimal("1"), Decimal("50"), "202"),
    ]


def test_charges_outside_the_item_lines_become_one_balancing_line() -> None:
    lines = line_items_from_netsuite(ns_invoice(total="108.00"), NAMES)
    assert [(l.name, l.amount) for l in lines][-1] == (BALANCING_LINE, Decimal("8.00"))
    assert sum(l.amount for l in lines) == Decimal("108.00")


def test_a_line_without_quantity_keeps_its_amount() -> None:
    lines = line_items_from_netsuite(ns_invoice(lines=(("201", "1", "100"), (None, "0", "-10"))), NAMES)
    assert (lines[1].quantity, lines[1].amount) == (Decimal("1"), Decimal("0"))


def test_the_balance_is_what_netsuite_says_remains() -> None:
    made = invoice_from_netsuite(
        ns_invoice(total="500.00", lines=(("201", "5", "100"),), remaining="300.00"),
        company_id=1,
        customer_id=7,
        item_names=NAMES,
        now=NOW,
    )
    assert made.origin is Origin.NETSUITE and made.customer_id == 7
    assert (made.total.amount, made.balance.amount) == (Decimal("500.00"), Decimal("300.00"))


def test_a_due_date_before_the_invoice_date_is_dropped() -> None:
    made = invoice_from_netsuite(
        ns_invoice(due=TODAY - dt.timedelta(days=1)), company_id=1, customer_id=7, item_names=NAMES, now=NOW
    )
    assert made.due_date is None


def test_values_the_ledger_cannot_take_raise_a_domain_error() -> None:
    with pytest.raises(DomainError):
        invoice_from_netsuite(
            ns_invoice(currency="xx1"), company_id=1, customer_id=7, item_names=NAMES, now=NOW
        )


def test_a_number_clash_names_both_invoices_and_overwrites_nothing() -> None:
    problem = number_clash("NetSuite invoice INV-9 (internal id 8901)", invoice(number="INV-9"))
    assert problem.code is ProblemCode.NUMBER_TAKEN
    assert "NetSuite invoice INV-9" in problem.message and "Invoice INV-9 on Invoiced" in problem.message


def test_tax_and_discount_lines_come_over_as_taxes_and_discounts() -> None:
    invoice = replace(
        ns_invoice(total="97.20"),
        lines=(
            NetSuiteInvoiceLine("201", "Consulting", Decimal("2"), Decimal("50"), Decimal("100")),
            NetSuiteInvoiceLine(
                "203",
                "Spring discount",
                Decimal("1"),
                Decimal("-10"),
                Decimal("-10"),
                NetSuiteLineKind.DISCOUNT,
            ),
            NetSuiteInvoiceLine(
                "204", "CA sales tax", Decimal("1"), Decimal("7.20"), Decimal("7.20"), NetSuiteLineKind.TAX
            ),
        ),
    )

    items, discounts, taxes = document_from_netsuite(invoice, NAMES)

    assert [(i.name, i.amount) for i in items] == [("Consulting", Decimal("100.00"))]
    assert [(d.amount, d.coupon) for d in discounts] == [(Decimal("10"), "Spring discount")]
    assert [(t.amount, t.tax_rate) for t in taxes] == [(Decimal("7.20"), "CA sales tax")]
