"""The ledger's records as the CLI shows them: JSON documents (ids on every object, money as strings,
ISO dates, lower-case currencies) and table rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from domain.company import Company
from domain.credit_note import CreditNote
from domain.customer import Customer
from domain.invoice import Invoice, LineItem
from domain.money import round_to_cents
from domain.payment import Payment

_WORDS = {"netsuite": "NetSuite", "invoiced": "Invoiced"}


def words(value: StrEnum) -> str:
    """An enum value as a person reads it in a table: `wire_transfer` → 'Wire transfer', `netsuite` →
    'NetSuite'. (JSON output keeps the values themselves.)"""
    raw = str(value.value)
    return _WORDS.get(raw) or raw.replace("_", " ").capitalize()


def money(amount: Decimal) -> str:
    """A total as shown to people and scripts: the one rounding rule, two decimals ("10.50")."""
    return str(round_to_cents(amount))


def price(amount: Decimal) -> str:
    """A unit cost: two decimals, or every decimal it has when it is more precise than cents."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return money(amount)
    return format(amount.normalize(), "f")


def quantity(value: Decimal) -> str:
    return format(value.normalize(), "f")


def company_json(company: Company) -> dict[str, Any]:
    return {
        "id": company.id,
        "object": "company",
        "name": company.name,
        "email": company.email,
        "created_at": company.created_at.isoformat(),
    }


def customer_json(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "object": "customer",
        "name": customer.name,
        "number": customer.number,
        "email": customer.email,
        "type": customer.type.value,
        "currency": customer.currency,
        "payment_terms": customer.payment_terms,
        "origin": customer.origin.value,
        "created_at": customer.created_at.isoformat(),
        "updated_at": customer.updated_at.isoformat(),
    }


def line_json(line: LineItem) -> dict[str, Any]:
    return {
        "name": line.name,
        "description": line.description,
        "quantity": quantity(line.quantity),
        "unit_cost": price(line.unit_cost),
        "amount": money(line.amount),
    }


def invoice_json(invoice: Invoice, today: date) -> dict[str, Any]:
    return {
        "id": invoice.id,
        "object": "invoice",
        "number": invoice.number,
        "customer": invoice.customer_id,
        "currency": invoice.currency,
        "date": invoice.date.isoformat(),
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
        "payment_terms": invoice.payment_terms,
        "draft": invoice.draft,
        "voided": invoice.voided,
        "status": invoice.status(today).value,
        "items": [line_json(line) for line in invoice.items],
        "subtotal": money(invoice.subtotal.amount),
        "discount": money(invoice.discount.amount),
        "tax": money(invoice.tax.amount),
        "total": money(invoice.total.amount),
        "amount_paid": money(invoice.paid.amount),
        "amount_credited": money(invoice.credited.amount),
        "balance": money(invoice.balance.amount),
        "notes": invoice.notes,
        "origin": invoice.origin.value,
        "version": invoice.version,
        "created_at": invoice.created_at.isoformat(),
        "updated_at": invoice.updated_at.isoformat(),
    }


def credit_note_json(note: CreditNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "object": "credit_note",
        "number": note.number,
        "customer": note.customer_id,
        "currency": note.currency,
        "date": note.date.isoformat(),
        "status": note.status.value,
        "items": [line_json(line) for line in note.items],
        "subtotal": money(note.subtotal.amount),
        "discount": money(note.discount.amount),
        "tax": money(note.tax.amount),
        "total": money(note.total.amount),
        "amount_applied": money(note.applied.amount),
        "balance": money(note.balance.amount),
        "notes": note.notes,
        "origin": note.origin.value,
        "version": note.version,
    }


def credit_note_row(note: CreditNote, customer_names: Mapping[int, str]) -> tuple[object, ...]:
    currency = note.currency.upper()
    return (
        note.id,
        note.number,
        customer_names.get(note.customer_id, f"#{note.customer_id}"),
        note.date.isoformat(),
        words(note.status),
        f"{money(note.total.amount)} {currency}",
        f"{money(note.applied.amount)} {currency}",
        f"{money(note.balance.amount)} {currency}",
        words(note.origin),
    )


CREDIT_NOTE_COLUMNS = ("ID", "Number", "Customer", "Date", "Status", "Total", "Applied", "Balance", "Origin")


def payment_json(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "object": "payment",
        "customer": payment.customer_id,
        "currency": payment.currency,
        "amount": money(payment.amount),
        "date": payment.date.isoformat(),
        "method": payment.method.value,
        "reference": payment.reference,
        "applied_to": [
            {
                "type": "credit_note",
                "credit_note": a.credit_note_id,
                "invoice": a.invoice_id,
                "amount": money(a.amount),
            }
            if a.is_credit
            else {"type": "invoice", "invoice": a.invoice_id, "amount": money(a.amount)}
            for a in payment.applied_to
        ],
        "unapplied": money(payment.unapplied.amount),
        "voided": payment.voided,
        "notes": payment.notes,
        "origin": payment.origin.value,
        "created_at": payment.created_at.isoformat(),
    }


# -- table rows --------------------------------------------------------------------------------------

COMPANY_COLUMNS = ("ID", "Name", "Email", "Created")
CUSTOMER_COLUMNS = ("ID", "Number", "Name", "Email", "Type", "Currency", "Terms", "Origin")
INVOICE_COLUMNS = ("ID", "Number", "Customer", "Date", "Due", "Status", "Total", "Balance", "Origin")
LINE_COLUMNS = ("Item", "Description", "Quantity", "Unit cost", "Amount")
PAYMENT_COLUMNS = ("ID", "Date", "Customer", "Amount", "Applied to", "Unapplied", "Method", "Reference")


def company_row(company: Company) -> tuple[object, ...]:
    return (company.id, company.name, company.email or "", company.created_at.strftime("%Y-%m-%d %H:%M"))


def customer_row(customer: Customer) -> tuple[object, ...]:
    return (
        customer.id,
        customer.number,
        customer.name,
        customer.email or "",
        words(customer.type),
        customer.currency or "",
        customer.payment_terms or "",
        words(customer.origin),
    )


def invoice_row(invoice: Invoice, today: date, customer_names: Mapping[int, str]) -> tuple[object, ...]:
    currency = invoice.currency.upper()
    return (
        invoice.id,
        invoice.number,
        customer_names.get(invoice.customer_id, f"#{invoice.customer_id}"),
        invoice.date.isoformat(),
        invoice.due_date.isoformat() if invoice.due_date else "",
        words(invoice.status(today)),
        f"{money(invoice.total.amount)} {currency}",
        f"{money(invoice.balance.amount)} {currency}",
        words(invoice.origin),
    )


def line_row(line: LineItem) -> tuple[object, ...]:
    return (line.name, line.description, quantity(line.quantity), price(line.unit_cost), money(line.amount))


def payment_row(
    payment: Payment, customer_names: Mapping[int, str], invoice_numbers: Mapping[int, str]
) -> tuple[object, ...]:
    currency = payment.currency.upper()
    applied = ", ".join(
        f"{invoice_numbers.get(a.invoice_id, f'#{a.invoice_id}')} {money(a.amount)}"
        + (f" (credit note #{a.credit_note_id})" if a.is_credit else "")
        for a in payment.applied_to
    )
    return (
        payment.id,
        payment.date.isoformat(),
        customer_names.get(payment.customer_id, f"#{payment.customer_id}"),
        f"{money(payment.amount)} {currency}" + (" (voided)" if payment.voided else ""),
        applied,
        money(payment.unapplied.amount),
        words(payment.method),
        payment.reference or "",
    )
