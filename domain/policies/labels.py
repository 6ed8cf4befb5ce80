"""How a finance user recognises a NetSuite record in a sync error."""

from __future__ import annotations

from domain.money import round_to_cents
from domain.netsuite import NetSuiteCustomer, NetSuiteInvoice, NetSuitePayment


def netsuite_customer_label(customer: NetSuiteCustomer) -> str:
    return f"NetSuite customer {customer.name} (internal id {customer.internal_id})"


def netsuite_invoice_label(invoice: NetSuiteInvoice) -> str:
    return f"NetSuite invoice {invoice.tran_id} (internal id {invoice.internal_id})"


def netsuite_payment_label(payment: NetSuitePayment) -> str:
    name = payment.tran_id or f"#{payment.internal_id}"
    return f"NetSuite payment {name} ({round_to_cents(payment.amount)} {payment.currency.upper()})"


def netsuite_record_id(internal_id: str) -> str:
    """The record id a sync error uses for a record that only exists in NetSuite (so it can never
    be mistaken for the local record with the same number)."""
    return f"netsuite:{internal_id}"


def netsuite_id_of(record_id: str) -> str | None:
    """The NetSuite internal id inside a record id made by `netsuite_record_id`, or None."""
    prefix = "netsuite:"
    return record_id[len(prefix) :] if record_id.startswith(prefix) else None
