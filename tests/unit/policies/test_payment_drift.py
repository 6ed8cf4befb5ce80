"""The drift report's payments: each linked payment's amount and applications on both sides, the
likely cause of a difference, and open sync errors standing against agreement."""

from __future__ import annotations

from decimal import Decimal as D

from domain.policies.drift import (
    DriftCause,
    LinkedPayment,
    NetSuitePaymentAmounts,
    compare_invoices,
    compare_payments,
)
from domain.records import Origin
from tests.unit.policies.test_drift import amounts, linked


def payment(applied: dict[str, str], amount: str = "100", **changes: object) -> LinkedPayment:
    values: dict[str, object] = {
        "local_id": 7,
        "label": "Payment #7 (100.00 USD)",
        "netsuite_id": "70",
        "origin": Origin.INVOICED,
        "currency": "usd",
        "amount": D(amount),
        "applications": {k: D(v) for k, v in applied.items()},
        "voided": False,
        "waiting_to_sync": False,
        "has_open_error": False,
    } | changes
    return LinkedPayment(**values)  # type: ignore[arg-type]


def theirs(
    applied: dict[str, str], amount: str = "100", voided: bool = False
) -> dict[str, NetSuitePaymentAmounts]:
    return {"70": NetSuitePaymentAmounts("70", D(amount), {k: D(v) for k, v in applied.items()}, voided)}


def cause_of(ours: LinkedPayment, remote: dict[str, NetSuitePaymentAmounts]) -> DriftCause | None:
    compared, differences = compare_payments([ours], remote)
    assert compared == 1
    return differences[0].cause if differences else None


def test_a_payment_with_the_same_amount_and_applications_agrees() -> None:
    assert cause_of(payment({"1": "60", "2": "40"}), theirs({"2": "40", "1": "60"})) is None


def test_each_cause_of_a_payment_difference() -> None:
    assert cause_of(payment({"1": "100"}), theirs({})) is DriftCause.UNAPPLIED_IN_NETSUITE
    assert cause_of(payment({"1": "100"}), theirs({"1": "30"})) is DriftCause.UNAPPLIED_IN_NETSUITE
    assert cause_of(payment({"1": "100"}), theirs({"2": "100"})) is DriftCause.CHANGED_IN_NETSUITE
    assert cause_of(payment({"1": "100"}), theirs({"1": "100"}, "120")) is DriftCause.CHANGED_IN_NETSUITE
    assert cause_of(payment({"1": "100"}), {}) is DriftCause.DELETED_IN_NETSUITE
    assert cause_of(payment({"1": "100"}), theirs({}, voided=True)) is DriftCause.DELETED_IN_NETSUITE
    pending = payment({"1": "100"}, waiting_to_sync=True)
    assert cause_of(pending, theirs({})) is DriftCause.NOT_YET_SYNCED
    failing = payment({"1": "100"}, has_open_error=True, waiting_to_sync=True)
    assert cause_of(failing, theirs({})) is DriftCause.SYNC_ERROR_OPEN


def test_only_our_payments_are_written_again_an_imported_one_is_brought_over() -> None:
    ours = compare_payments([payment({"1": "100"})], theirs({}))[1][0]
    imported = compare_payments([payment({"1": "100"}, origin=Origin.NETSUITE)], theirs({}))[1][0]
    assert ours.repairable and "applies it there again" in ours.what_to_do
    assert imported.repairable and not imported.rewritten_by_repair  # the repair's sync brings it over
    assert "brings NetSuite's applications over" in imported.what_to_do
    gone = compare_payments([payment({"1": "100"}, origin=Origin.NETSUITE)], {})[1][0]
    assert not gone.repairable and "void it on Invoiced" in gone.what_to_do


def test_a_payment_voided_on_both_sides_is_left_out() -> None:
    assert compare_payments([payment({}, voided=True)], theirs({}, voided=True)) == (0, ())


def test_an_imported_payment_applied_to_nothing_in_netsuite_and_voided_here_is_left_out() -> None:
    imported = payment({"1": "100"}, voided=True, origin=Origin.NETSUITE)
    assert compare_payments([imported], theirs({})) == (0, ())
    ours = payment({"1": "100"}, voided=True)  # ours voided but NetSuite's still stands: our void is behind
    assert compare_payments([ours], theirs({}))[1][0].cause is DriftCause.UNAPPLIED_IN_NETSUITE


def test_an_invoice_owing_more_because_its_payment_was_unapplied_says_so() -> None:
    verdict = compare_invoices(
        [linked("INV-1", "1", "100", "0")],
        {"1": amounts("1", "100", "100")},
        payments=[payment({"1": "100"})],
        netsuite_payments=theirs({}),
    )
    (invoice,) = verdict.differences
    assert invoice.cause is DriftCause.UNAPPLIED_IN_NETSUITE and invoice.repairable
    assert not invoice.rewritten_by_repair  # the payment's rewrite settles it
    assert verdict.summary == "2 differences among 1 linked invoices and 1 linked payment."


def test_an_open_sync_error_stands_against_agreement_even_with_no_difference() -> None:
    verdict = compare_invoices(
        [linked("INV-1", "1", "100", "100")], {"1": amounts("1", "100", "100")}, open_errors=2
    )
    assert not verdict.in_agreement and verdict.differences == ()
    assert verdict.summary == "Not in agreement while 2 sync errors are open."


def test_agreement_names_the_payments_compared() -> None:
    verdict = compare_invoices(
        [linked("INV-1", "1", "100", "0")],
        {"1": amounts("1", "100", "0")},
        payments=[payment({"1": "100"})],
        netsuite_payments=theirs({"1": "100"}),
    )
    assert verdict.in_agreement
    assert verdict.summary == (
        "In agreement: 1 linked invoices match in total and balance; 1 linked payment matches in amount "
        "and applications."
    )


def test_an_invoice_whose_imported_payment_was_deleted_in_netsuite_is_not_promised_a_repair() -> None:
    verdict = compare_invoices(
        [linked("INV-1", "1", "100", "0", origin=Origin.NETSUITE)],
        {"1": amounts("1", "100", "100")},
        payments=[payment({"1": "100"}, origin=Origin.NETSUITE)],
        netsuite_payments={},
    )
    (invoice,) = verdict.differences
    (gone,) = verdict.payment_differences
    assert gone.cause is DriftCause.DELETED_IN_NETSUITE and not gone.repairable
    assert invoice.cause is DriftCause.CHANGED_IN_NETSUITE and not invoice.repairable
