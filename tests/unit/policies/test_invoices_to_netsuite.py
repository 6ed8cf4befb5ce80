import datetime as dt
from decimal import Decimal

import pytest

from domain.netsuite import InvoiceRecord
from domain.policies.invoices_to_netsuite import invoice_needs_writing, invoice_record_for
from domain.policies.problems import ProblemCode, RecordProblem
from domain.records import Origin, RecordKind
from tests.unit.policies.builders import TODAY, invoice, link


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"draft": True}, False),
        ({"voided": True}, False),
        ({"origin": Origin.NETSUITE}, False),
    ],
)
def test_only_issued_invoices_made_on_invoiced_are_written(
    changes: dict[str, object], expected: bool
) -> None:
    assert invoice_needs_writing(invoice(**changes), None, None) is expected


def test_written_again_only_when_changed_since_the_last_sync() -> None:
    edited = invoice(version=3)
    assert not invoice_needs_writing(edited, link(RecordKind.INVOICE, 10, version=3), None)
    assert invoice_needs_writing(edited, link(RecordKind.INVOICE, 10, version=2), None)


def test_invoices_dated_before_the_start_date_are_not_written() -> None:
    start = dt.date(2026, 1, 1)
    assert not invoice_needs_writing(invoice(on=dt.date(2025, 12, 31)), None, start)
    assert invoice_needs_writing(invoice(on=start), None, start)


def _record(**kw: object) -> InvoiceRecord | RecordProblem:
    defaults: dict[str, object] = {
        "external_id": "invd-1-inv-10",
        "customer_internal_id": "301",
        "fallback_item_id": "201",
        "netsuite_currencies": {"usd", "eur"},
    }
    defaults.update(kw)
    target = defaults.pop("invoice", invoice())
    return invoice_record_for(target, **defaults)  # type: ignore[arg-type]


def test_the_record_carries_number_dates_lines_and_the_fallback_item() -> None:
    record = _record(subsidiary_id="1")
    assert isinstance(record, InvoiceRecord)
    assert (record.tran_id, record.date, record.currency, record.subsidiary_id) == (
        "INV-10",
        TODAY,
        "usd",
        "1",
    )
    ((line),) = record.lines
    assert (line.item_id, line.quantity, line.rate, line.description) == (
        "201",
        Decimal("1"),
        Decimal("100.00"),
        "Consulting",
    )


def test_a_mapped_item_wins_over_the_fallback() -> None:
    record = _record(invoice=invoice(item_id="202"))
    assert isinstance(record, InvoiceRecord) and record.lines[0].item_id == "202"


def test_no_item_and_no_fallback_is_a_clear_problem() -> None:
    problem = _record(fallback_item_id=None)
    assert isinstance(problem, RecordProblem) and problem.code is ProblemCode.NO_ITEM
    assert "Invoice INV-10" in problem.message and problem.hint is not None
    assert "fallback item id in the settings" in problem.hint


def test_a_currency_netsuite_lacks_is_caught_before_netsuite_answers() -> None:
    problem = _record(invoice=invoice(currency="gbp"))
    assert isinstance(problem, RecordProblem) and problem.code is ProblemCode.CURRENCY_NOT_IN_NETSUITE
    assert "GBP" in problem.message
