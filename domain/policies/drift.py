"""Do Invoiced and NetSuite agree? Each linked invoice's total and balance, compared side by side,
with the likely cause of every difference and what to do about it (the drift report)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.records import Origin


class DriftCause(StrEnum):
    CHANGED_IN_NETSUITE = "changed_in_netsuite"
    CREDIT_APPLIED_IN_NETSUITE = "credit_applied_in_netsuite"
    DELETED_IN_NETSUITE = "deleted_in_netsuite"
    NOT_YET_SYNCED = "not_yet_synced"
    SYNC_ERROR_OPEN = "sync_error_open"


_WHAT_TO_DO = {
    DriftCause.CHANGED_IN_NETSUITE: (
        "The invoice was edited in NetSuite after the sync wrote it; repair writes Invoiced's invoice "
        "to NetSuite again."
    ),
    DriftCause.CREDIT_APPLIED_IN_NETSUITE: (
        "NetSuite owes less on it (a credit memo, journal or payment applied there); repair brings "
        "NetSuite's balance over to Invoiced."
    ),
    DriftCause.DELETED_IN_NETSUITE: (
        "The invoice is no longer in NetSuite; repair writes it to NetSuite again (a new record)."
    ),
    DriftCause.NOT_YET_SYNCED: "It changed on Invoiced since the last sync; the next sync sends it.",
    DriftCause.SYNC_ERROR_OPEN: "Its last sync failed; see Sync Errors, fix the cause and retry it.",
}

# An invoice imported from NetSuite is NetSuite's document: the sync never writes it back.
_WHAT_TO_DO_IMPORTED = {
    DriftCause.CHANGED_IN_NETSUITE: (
        "It was imported from NetSuite and changed there since; make the same change on Invoiced "
        "(the sync does not write imported invoices back)."
    ),
    DriftCause.DELETED_IN_NETSUITE: (
        "It was imported from NetSuite and is no longer there; void it on Invoiced if it was deleted "
        "on purpose."
    ),
}

_REWRITTEN = (DriftCause.CHANGED_IN_NETSUITE, DriftCause.DELETED_IN_NETSUITE)


@dataclass(frozen=True, slots=True)
class LinkedInvoice:
    """Invoiced's side of a linked invoice."""

    local_id: int
    number: str
    netsuite_id: str
    origin: Origin
    currency: str
    total: Decimal
    balance: Decimal
    voided: bool
    waiting_to_sync: bool
    has_open_error: bool


@dataclass(frozen=True, slots=True)
class NetSuiteInvoiceAmounts:
    """NetSuite's side: the invoice's total and what remains to be paid."""

    internal_id: str
    total: Decimal
    amount_remaining: Decimal
    voided: bool = False


@dataclass(frozen=True, slots=True)
class InvoiceDifference:
    number: str
    local_id: int
    netsuite_id: str
    currency: str
    invoiced_total: Decimal
    invoiced_balance: Decimal
    netsuite_total: Decimal | None
    netsuite_balance: Decimal | None
    cause: DriftCause
    origin: Origin = Origin.INVOICED

    @property
    def what_to_do(self) -> str:
        if self.origin is Origin.NETSUITE and self.cause in _WHAT_TO_DO_IMPORTED:
            return _WHAT_TO_DO_IMPORTED[self.cause]
        return _WHAT_TO_DO[self.cause]

    @property
    def rewritten_by_repair(self) -> bool:
        """Repair writes Invoiced's invoice to NetSuite again (ours, changed or deleted there)."""
        return self.origin is Origin.INVOICED and self.cause in _REWRITTEN

    @property
    def repairable(self) -> bool:
        """A repair (one accounting sync run) can settle it: a rewrite, or NetSuite's credit brought over."""
        return self.rewritten_by_repair or self.cause is DriftCause.CREDIT_APPLIED_IN_NETSUITE


@dataclass(frozen=True, slots=True)
class SideTotals:
    """Per currency: the sum of linked invoices' totals and balances on one side."""

    totals: Mapping[str, Decimal]
    balances: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class DriftVerdict:
    compared: int
    invoiced: SideTotals
    netsuite: SideTotals
    differences: tuple[InvoiceDifference, ...]

    @property
    def in_agreement(self) -> bool:
        return not self.differences

    @property
    def summary(self) -> str:
        if self.in_agreement:
            return f"In agreement: {self.compared} linked invoices match in total and balance."
        count = len(self.differences)
        return f"{count} difference{'s' if count != 1 else ''} among {self.compared} linked invoices."


def compare_invoices(
    linked: Iterable[LinkedInvoice], netsuite: Mapping[str, NetSuiteInvoiceAmounts]
) -> DriftVerdict:
    """Every linked invoice against NetSuite's: voided ones on both sides are left out; a difference
    gets the likeliest cause, an open sync error or a pending change first (they explain the rest)."""
    differences: list[InvoiceDifference] = []
    ours = _Sums()
    theirs = _Sums()
    compared = 0
    for invoice in linked:
        remote = netsuite.get(invoice.netsuite_id)
        if invoice.voided and (remote is None or remote.voided):
            continue
        compared += 1
        ours.add(invoice.currency, invoice.total, invoice.balance)
        if remote is not None and not remote.voided:
            theirs.add(invoice.currency, remote.total, remote.amount_remaining)
        cause = _cause(invoice, remote)
        if cause is not None:
            differences.append(
                InvoiceDifference(
                    invoice.number,
                    invoice.local_id,
                    invoice.netsuite_id,
                    invoice.currency,
                    invoice.total,
                    invoice.balance,
                    None if remote is None else remote.total,
                    None if remote is None else remote.amount_remaining,
                    cause,
                    invoice.origin,
                )
            )
    return DriftVerdict(compared, ours.totals(), theirs.totals(), tuple(differences))


def _cause(invoice: LinkedInvoice, remote: NetSuiteInvoiceAmounts | None) -> DriftCause | None:
    agrees = (
        remote is not None
        and not remote.voided
        and remote.total == invoice.total
        and remote.amount_remaining == invoice.balance
    )
    if agrees:
        return None
    if invoice.has_open_error:
        return DriftCause.SYNC_ERROR_OPEN
    if invoice.waiting_to_sync:
        return DriftCause.NOT_YET_SYNCED
    if remote is None or remote.voided:
        return DriftCause.DELETED_IN_NETSUITE
    if remote.total == invoice.total and remote.amount_remaining < invoice.balance:
        return DriftCause.CREDIT_APPLIED_IN_NETSUITE
    return DriftCause.CHANGED_IN_NETSUITE


class _Sums:
    def __init__(self) -> None:
        self._totals: dict[str, Decimal] = {}
        self._balances: dict[str, Decimal] = {}

    def add(self, currency: str, total: Decimal, balance: Decimal) -> None:
        self._totals[currency] = self._totals.get(currency, Decimal(0)) + total
        self._balances[currency] = self._balances.get(currency, Decimal(0)) + balance

    def totals(self) -> SideTotals:
        return SideTotals(dict(sorted(self._totals.items())), dict(sorted(self._balances.items())))
