import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, PaymentRuleViolation
from domain.policies.payments_from_netsuite import (
    already_in_imported_balance,
    counted_by_balances,
    overpayment_problem,
    overpayments,
    payment_from_netsuite,
    plan_payment_from_netsuite,
    revise_payment_from_netsuite,
)
from domain.policies.problems import ProblemCode
from domain.records import Origin, RecordKind
from tests.unit.policies.builders import NOW, invoice, link, ns_payment

D = Decimal


def test_applications_to_unknown_invoices_are_dropped_and_the_amount_reduced() -> None:
    plan = plan_payment_from_netsuite(ns_payment({"8901": "30", "8999": "50"}, "90"), {"8901": 10})
    assert [(a.invoice_id, a.amount) for a in plan.applications] == [(10, D("30"))]
    assert plan.amount == D("40")  # 90 less the 50 that went to an invoice Invoiced does not know
    assert [d.invoice_internal_id for d in plan.dropped] == ["8999"]


def test_nothing_known_means_nothing_to_take() -> None:
    assert plan_payment_from_netsuite(ns_payment({"8999": "50"}), {"8901": 10}).nothing_known


def test_applications_already_counted_in_an_imported_balance_are_dropped() -> None:
    plan = plan_payment_from_netsuite(ns_payment({"8901": "30"}), {"8901": 10}, counted={"8901"})
    assert plan.nothing_known


def test_a_payment_changed_before_its_invoice_was_imported_is_already_in_the_balance() -> None:
    imported = link(RecordKind.INVOICE, 10, origin=Origin.NETSUITE, at=NOW)
    assert already_in_imported_balance(
        ns_payment({"8901": "1"}, modified=NOW - dt.timedelta(minutes=1)), imported
    )
    assert not already_in_imported_balance(
        ns_payment({"8901": "1"}, modified=NOW + dt.timedelta(minutes=1)), imported
    )
    ours = link(RecordKind.INVOICE, 10, origin=Origin.INVOICED, at=NOW)
    assert not already_in_imported_balance(
        ns_payment({"8901": "1"}, modified=NOW - dt.timedelta(minutes=1)), ours
    )


def test_the_import_is_judged_on_netsuites_clock_not_ours() -> None:
    """Our server ran two minutes ahead when it imported: first_synced_at is ours, netsuite_as_of is
    NetSuite's. A payment NetSuite changed after the import must not count as inside the balance."""
    imported = link(RecordKind.INVOICE, 10, origin=Origin.NETSUITE, at=NOW + dt.timedelta(minutes=2))
    imported.netsuite_as_of = NOW
    assert (
        already_in_imported_balance(
            ns_payment({"8901": "1"}, modified=NOW + dt.timedelta(seconds=30)), imported
        )
        is False
    )
    assert (
        already_in_imported_balance(
            ns_payment({"8901": "1"}, modified=NOW - dt.timedelta(seconds=1)), imported
        )
        is True
    )


def test_a_payment_changed_in_the_second_of_the_import_is_decided_by_balances() -> None:
    imported = link(RecordKind.INVOICE, 10, origin=Origin.NETSUITE, at=NOW)
    imported.netsuite_as_of = NOW.replace(microsecond=900_000)
    same_second = ns_payment({"8901": "1"}, modified=NOW.replace(microsecond=0))
    assert already_in_imported_balance(same_second, imported) is None
    assert counted_by_balances(D("60.00"), D("60"))
    assert not counted_by_balances(D("100.00"), D("60"))


def test_an_overpayment_names_the_invoice_and_both_amounts() -> None:
    target = invoice(10, "100.00", amount_paid=D("80"))
    plan = plan_payment_from_netsuite(ns_payment({"8901": "50"}), {"8901": 10})
    found = overpayments(plan, {10: target})
    problem = overpayment_problem("NetSuite payment PYMT1 (50.00 USD)", found)
    assert problem.code is ProblemCode.OVERPAYMENT
    assert "Invoice INV-10: it applies 50.00 USD but the balance on Invoiced is 20.00 USD" in problem.message


def test_a_new_payment_is_applied_to_its_invoices() -> None:
    target = invoice(10, "100.00")
    plan = plan_payment_from_netsuite(ns_payment({"8901": "30"}), {"8901": 10})
    made = payment_from_netsuite(
        ns_payment({"8901": "30"}), plan, company_id=1, customer_id=1, invoices={10: target}, now=NOW
    )
    assert made.origin is Origin.NETSUITE and made.reference == "PYMT1"
    assert target.balance.amount == D("70.00")


def test_voided_in_netsuite_voids_and_gives_the_balance_back() -> None:
    target = invoice(10, "100.00")
    plan = plan_payment_from_netsuite(ns_payment({"8901": "30"}), {"8901": 10})
    made = payment_from_netsuite(
        ns_payment({"8901": "30"}), plan, company_id=1, customer_id=1, invoices={10: target}, now=NOW
    )
    voided = ns_payment({"8901": "30"}, voided=True)
    assert revise_payment_from_netsuite(made, voided, plan, {10: target}, NOW)
    assert made.voided and target.balance.amount == D("100.00")
    assert not revise_payment_from_netsuite(made, voided, plan, {10: target}, NOW)  # once only


def test_reapplied_in_netsuite_moves_the_money_and_unchanged_changes_nothing() -> None:
    one, two = invoice(10, "100.00"), invoice(11, "100.00")
    first = ns_payment({"8901": "30"})
    plan = plan_payment_from_netsuite(first, {"8901": 10, "8902": 11})
    made = payment_from_netsuite(
        first, plan, company_id=1, customer_id=1, invoices={10: one, 11: two}, now=NOW
    )
    assert not revise_payment_from_netsuite(made, first, plan, {10: one, 11: two}, NOW)
    moved = ns_payment({"8902": "30"})
    replan = plan_payment_from_netsuite(moved, {"8901": 10, "8902": 11})
    assert revise_payment_from_netsuite(made, moved, replan, {10: one, 11: two}, NOW)
    assert (one.balance.amount, two.balance.amount, made.version) == (D("100.00"), D("70.00"), 2)


amounts = st.decimals(min_value=D("0.01"), max_value=D("500"), places=2)


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=4))
def test_applying_a_netsuite_payment_never_takes_a_balance_below_zero(
    pairs: list[tuple[Decimal, Decimal]],
) -> None:
    """Whatever NetSuite sends, either every invoice can take its part, or nothing is applied."""
    invoices = {10 + n: invoice(10 + n, str(total)) for n, (total, _) in enumerate(pairs)}
    before = {i: inv.balance.amount for i, inv in invoices.items()}
    payment = ns_payment({str(8900 + n): str(applied) for n, (_, applied) in enumerate(pairs)})
    plan = plan_payment_from_netsuite(payment, {str(8900 + n): 10 + n for n in range(len(pairs))})
    too_much = overpayments(plan, invoices)
    try:
        payment_from_netsuite(payment, plan, company_id=1, customer_id=1, invoices=invoices, now=NOW)
    except PaymentRuleViolation:
        assert too_much, "refused although no invoice was overpaid"
        assert {i: inv.balance.amount for i, inv in invoices.items()} == before
        return
    assert not too_much
    assert all(inv.balance.amount >= 0 for inv in invoices.values())
    assert sum(before.values()) - sum(inv.balance.amount for inv in invoices.values()) == plan.amount


def test_a_voided_local_invoice_refuses_the_payment() -> None:
    target = invoice(10, "100.00", voided=True)
    plan = plan_payment_from_netsuite(ns_payment({"8901": "30"}), {"8901": 10})
    assert overpayments(plan, {10: target}) == []  # the ledger's own rule gives the reason
    with pytest.raises(DomainError, match="voided"):
        payment_from_netsuite(
            ns_payment({"8901": "30"}), plan, company_id=1, customer_id=1, invoices={10: target}, now=NOW
        )
