"""The drift report's comparison: every linked invoice's total and balance on both sides, each
difference with its likely cause."""

from __future__ import annotations

from decimal import Decimal as D

from domain.policies.drift import (
    DriftCause,
    LinkedInvoice,
    NetSuiteInvoiceAmounts,
    compare_invoices,
)
from domain.records import Origin


def linked(number: str, netsuite_id: str, total: str, balance: str, **changes: object) -> LinkedInvoice:
    values: dict[str, object] = {
        "local_id": int(netsuite_id),
        "number": number,
        "netsuite_id": netsuite_id,
        "origin": Origin.INVOICED,
        "currency": "usd",
        "total": D(total),
        "balance": D(balance),
        "voided": False,
        "waiting_to_sync": False,
        "has_open_error": False,
    } | changes
    return LinkedInvoice(**values)  # type: ignore[arg-type]


def amounts(netsuite_id: str, total: str, remaining: str, voided: bool = False) -> NetSuiteInvoiceAmounts:
    return NetSuiteInvoiceAmounts(netsuite_id, D(total), D(remaining), voided)


def test_both_sides_agree_and_the_totals_say_so() -> None:
    verdict = compare_invoices(
        [linked("INV-1", "1", "100", "40"), linked("INV-2", "2", "50", "50")],
        {"1": amounts("1", "100", "40"), "2": amounts("2", "50", "50")},
    )
    assert verdict.in_agreement and verdict.compared == 2
    assert verdict.invoiced.totals == verdict.netsuite.totals == {"usd": D("150")}
    assert verdict.invoiced.balances == verdict.netsuite.balances == {"usd": D("90")}
    assert verdict.summary == "In agreement: 2 linked invoices match in total and balance."


def test_each_difference_is_named_with_its_likely_cause() -> None:
    verdict = compare_invoices(
        [
            linked("INV-1", "1", "100", "100"),  # edited in NetSuite: its total moved
            linked("INV-2", "2", "100", "100"),  # a credit memo applied there: same total, owes less
            linked("INV-3", "3", "100", "100"),  # deleted there
            linked("INV-4", "4", "120", "120", waiting_to_sync=True),  # edited on Invoiced since
            linked("INV-5", "5", "100", "100", has_open_error=True),  # its write failed
        ],
        {
            "1": amounts("1", "90", "90"),
            "2": amounts("2", "100", "75"),
            "4": amounts("4", "100", "100"),
            "5": amounts("5", "80", "80"),
        },
    )
    causes = {d.number: d.cause for d in verdict.differences}
    assert causes == {
        "INV-1": DriftCause.CHANGED_IN_NETSUITE,
        "INV-2": DriftCause.CREDIT_APPLIED_IN_NETSUITE,
        "INV-3": DriftCause.DELETED_IN_NETSUITE,
        "INV-4": DriftCause.NOT_YET_SYNCED,
        "INV-5": DriftCause.SYNC_ERROR_OPEN,
    }
    assert [d.repairable for d in verdict.differences] == [True, True, True, False, False]
    assert verdict.summary == "5 differences among 5 linked invoices."
    assert verdict.invoiced.balances == {"usd": D("520")} and verdict.netsuite.balances == {"usd": D("345")}


def test_an_invoice_voided_on_both_sides_is_no_difference() -> None:
    verdict = compare_invoices([linked("INV-1", "1", "100", "0", voided=True)], {})
    assert verdict.in_agreement and verdict.compared == 0
