"""Mappers copy every field both ways; integrity errors are told apart by the constraint they broke."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from adapters.persistence.errors import is_foreign_key_violation, violated_unique_constraint
from adapters.persistence.mappers import invoice_from_row, invoice_row, write_invoice
from application.errors import InvalidInput
from domain.invoice import Invoice, LineItem

NOW = datetime(2024, 5, 6, tzinfo=UTC)


def _invoice(*items: LineItem) -> Invoice:
    return Invoice(
        company_id=1,
        customer_id=2,
        number="INV-1",
        currency="usd",
        date=date(2024, 5, 1),
        items=list(items),
        created_at=NOW,
        updated_at=NOW,
        amount_paid=Decimal("1.50"),
        notes="n",
    )


def test_an_invoice_maps_to_a_row_and_back() -> None:
    original = _invoice(
        LineItem("A", Decimal("2"), Decimal("3.25"), "first", "77"),
        LineItem("B", Decimal("1"), Decimal("-1")),
    )
    assert invoice_from_row(invoice_row(original)) == original


def test_rewriting_an_invoice_reuses_its_line_rows_in_order() -> None:
    row = invoice_row(_invoice(LineItem("A", Decimal(1), Decimal(1)), LineItem("B", Decimal(1), Decimal(2))))
    first_line = row.lines[0]
    write_invoice(row, _invoice(LineItem("C", Decimal(1), Decimal(5))))
    assert [(line.position, line.name) for line in row.lines] == [(0, "C")]
    assert row.lines[0] is first_line
    write_invoice(row, _invoice(*(LineItem(name, Decimal(1), Decimal(1)) for name in "XYZ")))
    assert [(line.position, line.name) for line in row.lines] == [(0, "X"), (1, "Y"), (2, "Z")]


def test_an_amount_the_columns_cannot_hold_is_an_invalid_input_naming_the_field() -> None:
    with pytest.raises(InvalidInput, match=r"^The unit cost 0\.0000001 cannot be kept exactly") as refused:
        invoice_row(_invoice(LineItem("A", Decimal(1), Decimal("0.0000001"))))
    assert refused.value.param == "items"


class _SqliteError(Exception):
    pass


class _PostgresError(Exception):
    def __init__(self, sqlstate: str, constraint_name: str | None) -> None:
        super().__init__("duplicate key value violates unique constraint")
        self.sqlstate = sqlstate
        self.diag = type("Diag", (), {"constraint_name": constraint_name})()


def _integrity(original: Exception) -> IntegrityError:
    return IntegrityError("INSERT ...", {}, original)


def test_sqlite_unique_violations_are_named_by_their_columns() -> None:
    error = _integrity(
        _SqliteError("UNIQUE constraint failed: links.company_id, links.kind, links.netsuite_id")
    )
    assert violated_unique_constraint(error) == "uq_links_company_id_kind_netsuite_id"
    error = _integrity(_SqliteError("UNIQUE constraint failed: invoices.company_id, invoices.number"))
    assert violated_unique_constraint(error) == "uq_invoices_company_id_number"
    assert violated_unique_constraint(_integrity(_SqliteError("NOT NULL constraint failed: x.y"))) is None


def test_postgres_unique_violations_carry_the_constraint_name() -> None:
    error = _integrity(_PostgresError("23505", "uq_api_keys_key_hash"))
    assert violated_unique_constraint(error) == "uq_api_keys_key_hash"
    assert not is_foreign_key_violation(error)


def test_foreign_key_violations_are_recognised_on_both_databases() -> None:
    assert is_foreign_key_violation(_integrity(_PostgresError("23503", "fk_invoices_customer_id_customers")))
    assert is_foreign_key_violation(_integrity(_SqliteError("FOREIGN KEY constraint failed")))
    assert violated_unique_constraint(_integrity(_SqliteError("FOREIGN KEY constraint failed"))) is None
