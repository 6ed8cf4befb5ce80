"""The drift report: does every linked invoice have the same total and balance on both sides?

NetSuite is read in SuiteQL pages (one query per 1000 linked invoices, no lines), never one request
per record; what Invoiced holds is read from the ledger in one transaction."""

from __future__ import annotations

from application.errors import NotFound
from application.integration.access import access_for
from application.ports import NetSuiteGatewayFactory, SecretBox, UnitOfWorkFactory
from domain.invoice import Invoice
from domain.link import Link
from domain.policies.drift import DriftVerdict, LinkedInvoice, compare_invoices
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
            errors = uow.sync_errors.list(company_id, status=SyncErrorStatus.OPEN)
        failing = {(e.record_kind, e.record_id) for e in errors}
        linked = [
            _linked(invoice, links[invoice.id], failing)
            for invoice in invoices
            if invoice.id is not None and invoice.id in links
        ]
        gateway = self._gateways(access_for(connection, self._secrets))
        try:
            remote = {a.internal_id: a for a in gateway.invoice_amounts([i.netsuite_id for i in linked])}
        finally:
            close = getattr(gateway, "close", None)
            if callable(close):
                close()
        return compare_invoices(sorted(linked, key=lambda i: i.number), remote)


def _linked(invoice: Invoice, link: Link, failing: set[tuple[RecordKind, str]]) -> LinkedInvoice:
    assert invoice.id is not None
    waiting = link.origin is Origin.INVOICED and invoice.version > link.synced_version
    has_error = (RecordKind.INVOICE, str(invoice.id)) in failing or (
        RecordKind.INVOICE,
        netsuite_record_id(link.netsuite_id),
    ) in failing
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
