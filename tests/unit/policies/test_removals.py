import datetime as dt

from domain.netsuite import NetSuiteProblem
from domain.policies.problems import ProblemCode
from domain.policies.removals import (
    invoice_needs_removal,
    payment_needs_removal,
    removal_refused,
    removed_from_netsuite,
)
from domain.records import Origin, RecordKind
from tests.unit.policies.builders import invoice, link, payment

DEPENDANTS = NetSuiteProblem(
    "Error while accessing a resource. This record cannot be deleted because it has dependent records.",
    "USER_ERROR",
)


def test_a_payment_voided_after_it_was_reconciled_is_removed_once() -> None:
    voided = payment(voided=True, version=2)
    assert payment_needs_removal(voided, link(RecordKind.PAYMENT, 50, version=1), None)
    # Removed: the link was moved to the voided version, so the next sync leaves it alone.
    assert not payment_needs_removal(voided, link(RecordKind.PAYMENT, 50, version=2), None)


def test_only_our_voided_payments_that_reached_netsuite_are_removed() -> None:
    behind = link(RecordKind.PAYMENT, 50, version=1)
    assert not payment_needs_removal(payment(version=2), behind, None)  # edited, not voided
    assert not payment_needs_removal(payment(voided=True, version=2), None, None)  # never written
    from_netsuite = payment(voided=True, version=2, origin=Origin.NETSUITE)
    netsuite_link = link(RecordKind.PAYMENT, 50, version=1, origin=Origin.NETSUITE)
    assert not payment_needs_removal(from_netsuite, netsuite_link, None)  # no echoes
    assert not payment_needs_removal(payment(voided=True, version=2), netsuite_link, None)


def test_the_start_date_limits_removals_as_it_limits_writes() -> None:
    old = payment(voided=True, version=2, on=dt.date(2025, 12, 31))
    assert not payment_needs_removal(old, link(RecordKind.PAYMENT, 50), dt.date(2026, 1, 1))
    assert payment_needs_removal(old, link(RecordKind.PAYMENT, 50), dt.date(2025, 12, 31))


def test_an_invoice_voided_after_it_was_written_is_removed_but_never_an_imported_one() -> None:
    behind = link(RecordKind.INVOICE, 10, version=1)
    assert invoice_needs_removal(invoice(voided=True, version=2), behind, None)
    assert not invoice_needs_removal(
        invoice(voided=True, version=2), link(RecordKind.INVOICE, 10, version=2), None
    )
    assert not invoice_needs_removal(invoice(voided=True, version=2), None, None)
    imported = invoice(voided=True, version=2, origin=Origin.NETSUITE)
    assert not invoice_needs_removal(imported, link(RecordKind.INVOICE, 10, origin=Origin.NETSUITE), None)


def test_removed_means_voided_and_the_link_up_to_date() -> None:
    assert removed_from_netsuite(invoice(voided=True, version=2), link(RecordKind.INVOICE, 10, version=2))
    assert not removed_from_netsuite(invoice(voided=True, version=2), link(RecordKind.INVOICE, 10))
    assert not removed_from_netsuite(invoice(version=2), link(RecordKind.INVOICE, 10, version=2))
    imported = invoice(voided=True, version=2, origin=Origin.NETSUITE)
    assert not removed_from_netsuite(
        imported, link(RecordKind.INVOICE, 10, version=2, origin=Origin.NETSUITE)
    )


def test_an_invoice_netsuite_keeps_for_its_payments_says_what_to_do() -> None:
    problem = removal_refused(RecordKind.INVOICE, "Invoice INV-1", DEPENDANTS)
    assert problem.message == (
        "Invoice INV-1 was voided on Invoiced, but NetSuite would not remove it: "
        "This record cannot be deleted because it has dependent records."
    )
    assert (problem.code, problem.netsuite_code) == (ProblemCode.NETSUITE_REJECTED, "USER_ERROR")
    assert problem.hint == (
        "Void or delete the NetSuite payments applied to it first, or void the invoice in NetSuite by "
        "hand, then retry."
    )


def test_other_refusals_do_not_blame_payments() -> None:
    closed = NetSuiteProblem("The accounting period is closed.", "USER_ERROR")
    invoice_hint = removal_refused(RecordKind.INVOICE, "Invoice INV-1", closed).hint or ""
    payment_hint = removal_refused(RecordKind.PAYMENT, "Payment #5 (60.00 USD)", closed).hint or ""
    assert "payments applied" not in invoice_hint and "void the invoice in NetSuite by hand" in invoice_hint
    assert "deposit" not in payment_hint and "void the payment in NetSuite by hand" in payment_hint
    deposited = removal_refused(RecordKind.PAYMENT, "Payment #5 (60.00 USD)", DEPENDANTS)
    assert "a bank deposit that includes it" in (deposited.hint or "")
