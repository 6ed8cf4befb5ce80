"""The drift report: does every linked invoice have the same total and balance on both sides, and every
linked payment the same amount and applications? Open sync errors stand against agreement too.

NetSuite is read in SuiteQL pages (one query per 1000 linked invoices, no lines; one page per about
1000 linked payments, applications joined in), never one request per record; what Invoiced holds is
read from the ledger in one transaction."""

from __future__ import annotations

from decimal import Decimal

from application.errors import NotFound
from application.integration.access import access_for
from application.ports import NetSuiteGatewayFactory, SecretBox, UnitOfWorkFactory
from domain.invoice import Invoice
from domain.link import Link
from domain.payment import Payment
from domain.policies.drift import DriftVerdict, LinkedInvoice, LinkedPayment, compare_invoices
from domain.policies.labels import netsuite_record_id
from domain.records import Origin, RecordKind
from domain.sync import SyncErrorStatus

NOT_CONNECTED = "Company {company_id} is not connected to NetSuite; connect it first, then ask again."


class DriftReports:
    """Compares Invoiced's linked invoices with NetSuite's, for one company at a time."""

    def __init__(self, uow: UnitOfWorkFactory, gateways: NetSuiteGatewayFactory, secrets: SecretBox) -> None:
        self._uow = uow
        self._gateways = gateways
        self._secrets = secrets

    def report(self, company_id: int) -> DriftVerdict:
        with self._uow() as uow:
            connection = uow.connections.get(company_id)
            if connection is None:
                raise NotFound(NOT_CONNECTED.format(company_id=company_id))
            links = {link.local_id: link for link in uow.links.list(company_id, RecordKind.INVOICE)}
            invoices = uow.invoices.by_ids(company_id, list(links))
            payment_links = {link.local_id: link for link in uow.links.list(company_id, RecordKind.PAYMENT)}
            payments = uow.payments.by_ids(company_id, list(payment_links))
            ours = uow.payments.list(company_id, origin=Origin.INVOICED, voided=False)
            errors = uow.sync_errors.list(company_id, status=SyncErrorStatus.OPEN, limit=None)
        failing = {(e.record_kind, e.record_id) for e in errors}
        behind = _invoices_behind_their_payments(ours, payment_links, failing)
        linked = [
            _linked(invoice, links[invoice.id], failing, behind)
            for invoice in invoices
            if invoice.id is not None and invoice.id in links
        ]
        invoice_ids = {local_id: link.netsuite_id for local_id, link in links.items()}
        linked_payments = [
            _linked_payment(payment, payment_links[payment.id], invoice_ids, failing)
            for payment in payments
            if payment.id is not None and payment.id in payment_links
        ]
        gateway = self._gateways(access_for(connection, self._secrets))
        try:
            remote = {a.internal_id: a for a in gateway.invoice_amounts([i.netsuite_id for i in linked])}
            remote_payments = (
                {a.internal_id: a for a in gateway.payment_amounts([p.netsuite_id for p in linked_payments])}
                if linked_payments
                else {}
            )
        finally:
            close = getattr(gateway, "close", None)
            if callable(close):
                close()
        return compare_invoices(
            sorted(linked, key=lambda i: i.number),
            remote,
            payments=sorted(linked_payments, key=lambda p: p.local_id),
            netsuite_payments=remote_payments,
            open_errors=len(errors),
        )


def _invoices_behind_their_payments(
    payments: list[Payment], links: dict[int, Link], failing: set[tuple[RecordKind, str]]
) -> dict[int, bool]:
    """Invoices a payment received on Invoiced has not reached NetSuite for: invoice id → whether that
    payment's sync failed (True) or it is simply waiting for the next sync (False)."""
    behind: dict[int, bool] = {}
    for payment in payments:
        assert payment.id is not None
        link = links.get(payment.id)
        failed = (RecordKind.PAYMENT, str(payment.id)) in failing
        if not failed and link is not None and not link.is_behind(payment.version):
            continue
        for application in payment.cash_applications:
            behind[application.invoice_id] = behind.get(application.invoice_id, False) or failed
    return behind


def _linked(
    invoice: Invoice, link: Link, failing: set[tuple[RecordKind, str]], behind: dict[int, bool]
) -> LinkedInvoice:
    assert invoice.id is not None
    waiting = (link.origin is Origin.INVOICED and invoice.version > link.synced_version) or (
        invoice.id in behind
    )
    has_error = (
        (RecordKind.INVOICE, str(invoice.id)) in failing
        or (RecordKind.INVOICE, netsuite_record_id(link.netsuite_id)) in failing
        or behind.get(invoice.id, False)
    )
    return LinkedInvoice(
        local_id=invoice.id,
        number=invoice.number,
        netsuite_id=link.netsuite_id,
        origin=link.origin,
        currency=invoice.currency,
        total=invoice.total.amount,
        balance=invoice.balance.amount,
        voided=invoice.voided,
        waiting_to_sync=waiting,
        has_open_error=has_error,
    )


def _linked_payment(
    payment: Payment, link: Link, invoice_ids: dict[int, str], failing: set[tuple[RecordKind, str]]
) -> LinkedPayment:
    """Cash applications only (a credit note's are not part of a NetSuite payment), keyed by the
    invoices' NetSuite ids; an invoice not linked keeps a key NetSuite cannot have, so it differs."""
    assert payment.id is not None
    applied: dict[str, Decimal] = {}
    for application in payment.cash_applications:
        key = invoice_ids.get(application.invoice_id, f"unlinked:{application.invoice_id}")
        applied[key] = applied.get(key, Decimal(0)) + application.amount
    has_error = (RecordKind.PAYMENT, str(payment.id)) in failing or (
        RecordKind.PAYMENT,
        netsuite_record_id(link.netsuite_id),
    ) in failing
    return LinkedPayment(
        local_id=payment.id,
        label=payment.label,
        netsuite_id=link.netsuite_id,
        origin=link.origin,
        currency=payment.currency,
        amount=payment.amount,
        applications=applied,
        voided=payment.voided,
        waiting_to_sync=link.origin is Origin.INVOICED and payment.version > link.synced_version,
        has_open_error=has_error,
    )
