"""Whether the record of a sync error still waits to be written to NetSuite."""

from __future__ import annotations

from application.ports import UnitOfWork
from domain.policies.credit_notes_to_netsuite import credit_note_needs_writing
from domain.policies.customers import customer_needs_update
from domain.policies.invoices_to_netsuite import invoice_needs_writing
from domain.policies.payments_to_netsuite import payment_needs_writing
from domain.policies.removals import (
    credit_note_needs_removal,
    invoice_needs_removal,
    payment_needs_removal,
)
from domain.records import RecordKind
from domain.sync import SyncDirection, SyncError


def still_waiting_for_netsuite(uow: UnitOfWork, error: SyncError) -> bool:
    """True while the error's Invoiced record still needs writing (for example, behind its
    customer's own error) or removing (voided after it was written); False once it was synced or
    removed meanwhile, voided before it ever reached NetSuite, or no longer exists.
    Records read from NetSuite are looked at by their flow on every run, so this says False."""
    if error.direction is SyncDirection.FROM_NETSUITE:
        return False
    local_id = int(error.record_id)
    link = uow.links.get(error.company_id, error.record_kind, local_id)
    connection = uow.connections.get(error.company_id)
    start_date = connection.settings.start_date if connection is not None else None
    if error.record_kind is RecordKind.INVOICE:
        invoice = uow.invoices.get(error.company_id, local_id)
        return invoice is not None and (
            invoice_needs_writing(invoice, link, start_date)
            or invoice_needs_removal(invoice, link, start_date)
        )
    if error.record_kind is RecordKind.PAYMENT:
        payment = uow.payments.get(error.company_id, local_id)
        return payment is not None and (
            payment_needs_writing(payment, link, start_date)
            or payment_needs_removal(payment, link, start_date)
        )
    if error.record_kind is RecordKind.CREDIT_NOTE:
        note = uow.credit_notes.get(error.company_id, local_id)
        return note is not None and (
            credit_note_needs_writing(note, link, start_date)
            or credit_note_needs_removal(note, link, start_date)
        )
    customer = uow.customers.get(error.company_id, local_id)
    return customer is not None and (link is None or customer_needs_update(customer, link))
