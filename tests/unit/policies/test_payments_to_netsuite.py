import datetime as dt

from domain.netsuite import PaymentRecord
from domain.policies.payments_to_netsuite import (
    payment_needs_writing,
    payment_record_for,
    waiting_for_invoices,
)
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin, RecordKind
from tests.unit.policies.builders import link, payment


def test_payments_received_on_invoiced_are_written_once_per_version() -> None:
    assert payment_needs_writing(payment(), None, None)
    assert not payment_needs_writing(payment(), link(RecordKind.PAYMENT, 50, version=1), None)
    assert not payment_needs_writing(payment(origin=Origin.NETSUITE), None, None)  # never pushed back
    assert not payment_needs_writing(payment(voided=True), None, None)
    assert not payment_needs_writing(payment(on=dt.date(2025, 1, 1)), None, dt.date(2026, 1, 1))


def test_the_record_applies_to_the_invoices_netsuite_twins_and_deposits_as_set() -> None:
    record = payment_record_for(
        payment(applications={10: "40", 11: "20"}, amount="70"),
        external_id="invd-1-pay-50",
        customer_internal_id="301",
        invoice_netsuite_ids={10: "8901", 11: "8902"},
        netsuite_currencies={"usd"},
        deposit_account_id=None,
    )
    assert isinstance(record, PaymentRecord)
    assert [(a.invoice_internal_id, str(a.amount)) for a in record.applications] == [
        ("8901", "40"),
        ("8902", "20"),
    ]
    assert str(record.amount) == "70" and record.deposit_account_id is None


def test_a_payment_whose_invoice_is_not_in_netsuite_waits() -> None:
    problem = payment_record_for(
        payment(applications={10: "40"}),
        external_id="invd-1-pay-50",
        customer_internal_id="301",
        invoice_netsuite_ids={},
        netsuite_currencies={"usd"},
        deposit_account_id="101",
    )
    assert isinstance(problem, RecordProblem) and problem.code is ProblemCode.INVOICE_NOT_IN_NETSUITE
    worded = waiting_for_invoices(payment(), ["Invoice INV-1", "Invoice INV-2"])
    assert "Invoice INV-1, Invoice INV-2, which are not in NetSuite yet" in worded.message
