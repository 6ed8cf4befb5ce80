"""Do Invoiced and NetSuite agree? Each linked invoice's total and balance, and each linked payment's
amount and applications, compared side by side, with the likely cause of every difference and what to
do about it (the drift report). Open sync errors stand against agreement too."""

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
    UNAPPLIED_IN_NETSUITE = "unapplied_in_netsuite"


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
    DriftCause.UNAPPLIED_IN_NETSUITE: (
        "A payment applied to it on Invoiced is no longer applied to it in NetSuite; repair writes that "
        "payment to NetSuite again, applications included."
    ),
}

_PAYMENT_WHAT_TO_DO = {
    DriftCause.CHANGED_IN_NETSUITE: (
        "The payment was edited in NetSuite after the sync wrote it; repair writes Invoiced's payment "
        "to NetSuite again."
    ),
    DriftCause.UNAPPLIED_IN_NETSUITE: (
        "In NetSuite the payment no longer pays (all of) the invoices it pays on Invoiced; repair "
        "applies it there again as on Invoiced."
    ),
    DriftCause.DELETED_IN_NETSUITE: (
        "The payment is no longer in NetSuite (deleted or voided there); repair writes it to NetSuite "
        "again (a new record)."
    ),
}

# A payment imported from NetSuite is NetSuite's record: never written back, but the sync brings a
# change (voided, re-applied) over; a deletion it cannot see.
_PAYMENT_WHAT_TO_DO_IMPORTED = {
    DriftCause.CHANGED_IN_NETSUITE: (
        "It was imported from NetSuite and changed there since; repair (or the next sync) brings "
        "NetSuite's version over to Invoiced."
    ),
    DriftCause.UNAPPLIED_IN_NETSUITE: (
        "It was imported from NetSuite and unapplied there since; repair (or the next sync) brings "
        "NetSuite's applications over to Invoiced."
    ),
    DriftCause.DELETED_IN_NETSUITE: (
        "It was imported from NetSuite and is no longer there; void it on Invoiced if it was deleted "
        "on purpose."
    ),
}
_BROUGHT_OVER = (DriftCause.CHANGED_IN_NETSUITE, DriftCause.UNAPPLIED_IN_NETSUITE)

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
        return self.rewritten_by_repair or self.cause in (
            DriftCause.CREDIT_APPLIED_IN_NETSUITE,
            DriftCause.UNAPPLIED_IN_NETSUITE,  # the payment's rewrite settles it
        )


@dataclass(frozen=True, slots=True)
class LinkedPayment:
    """Invoiced's side of a linked payment; its applications keyed by the invoices' NetSuite ids."""

    local_id: int
    label: str
    netsuite_id: str
    origin: Origin
    currency: str
    amount: Decimal
    applications: Mapping[str, Decimal]
    voided: bool
    waiting_to_sync: bool
    has_open_error: bool


@dataclass(frozen=True, slots=True)
class NetSuitePaymentAmounts:
    """NetSuite's side: the payment's amount and what it is applied to (invoice id → amount)."""

    internal_id: str
    amount: Decimal
    applications: Mapping[str, Decimal]
    voided: bool = False


@dataclass(frozen=True, slots=True)
class PaymentDifference:
    label: str
    local_id: int
    netsuite_id: str
    currency: str
    invoiced_amount: Decimal
    netsuite_amount: Decimal | None
    invoiced_applied: Mapping[str, Decimal]
    netsuite_applied: Mapping[str, Decimal] | None
    cause: DriftCause
    origin: Origin = Origin.INVOICED

    @property
    def what_to_do(self) -> str:
        if self.origin is Origin.NETSUITE and self.cause in _PAYMENT_WHAT_TO_DO_IMPORTED:
            return _PAYMENT_WHAT_TO_DO_IMPORTED[self.cause]
        return _PAYMENT_WHAT_TO_DO.get(self.cause) or _WHAT_TO_DO[self.cause]

    @property
    def rewritten_by_repair(self) -> bool:
        """Repair writes Invoiced's payment to NetSuite again (ours, changed, unapplied or deleted there)."""
        return self.origin is Origin.INVOICED and self.cause in _PAYMENT_WHAT_TO_DO

    @property
    def repairable(self) -> bool:
        """A rewrite of ours, or NetSuite's change to an imported one brought over by the repair's sync."""
        return self.rewritten_by_repair or (self.origin is Origin.NETSUITE and self.cause in _BROUGHT_OVER)


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
    payments_compared: int = 0
    payment_differences: tuple[PaymentDifference, ...] = ()
    open_errors: int = 0  # every open sync error of the company, whatever its record

    @property
    def in_agreement(self) -> bool:
        return not self.differences and not self.payment_differences and not self.open_errors

    @property
    def summary(self) -> str:
        many = "s" if self.payments_compared != 1 else ""
        payments = f"{self.payments_compared} linked payment{many}"
        if self.in_agreement:
            agreed = f"In agreement: {self.compared} linked invoices match in total and balance"
            if self.payments_compared:
                verb = "matches" if self.payments_compared == 1 else "match"
                agreed += f"; {payments} {verb} in amount and applications"
            return agreed + "."
        parts = []
        count = len(self.differences) + len(self.payment_differences)
        if count:
            among = f" and {payments}" if self.payments_compared else ""
            parts.append(
                f"{count} difference{'s' if count != 1 else ''} among {self.compared} linked invoices{among}."
            )
        if self.open_errors:
            errors = f"{self.open_errors} sync error{'s' if self.open_errors != 1 else ''}"
            parts.append(f"Not in agreement while {errors} {'is' if self.open_errors == 1 else 'are'} open.")
        return " ".join(parts)


def compare_invoices(
    linked: Iterable[LinkedInvoice],
    netsuite: Mapping[str, NetSuiteInvoiceAmounts],
    *,
    payments: Iterable[LinkedPayment] = (),
    netsuite_payments: Mapping[str, NetSuitePaymentAmounts] | None = None,
    open_errors: int = 0,
) -> DriftVerdict:
    """Every linked invoice and payment against NetSuite's: voided ones on both sides are left out; a
    difference gets the likeliest cause, an open sync error or a pending change first (they explain
    the rest). An invoice owing more in NetSuite because a payment was unapplied there says so."""
    payments_compared, payment_differences = compare_payments(payments, netsuite_payments or {})
    unapplied = {
        invoice_id
        for d in payment_differences
        if d.repairable and d.cause in (DriftCause.UNAPPLIED_IN_NETSUITE, DriftCause.DELETED_IN_NETSUITE)
        for invoice_id in d.invoiced_applied
    }
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
        if cause is DriftCause.CHANGED_IN_NETSUITE and invoice.netsuite_id in unapplied:
            assert remote is not None
            if remote.total == invoice.total and remote.amount_remaining > invoice.balance:
                cause = DriftCause.UNAPPLIED_IN_NETSUITE
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
    return DriftVerdict(
        compared,
        ours.totals(),
        theirs.totals(),
        tuple(differences),
        payments_compared,
        payment_differences,
        open_errors,
    )


def compare_payments(
    linked: Iterable[LinkedPayment], netsuite: Mapping[str, NetSuitePaymentAmounts]
) -> tuple[int, tuple[PaymentDifference, ...]]:
    """How many linked payments were compared, and those that differ, each with its likely cause."""
    compared = 0
    differences: list[PaymentDifference] = []
    for payment in linked:
        remote = netsuite.get(payment.netsuite_id)
        if payment.voided and (remote is None or remote.voided):
            continue
        if (
            payment.voided
            and payment.origin is Origin.NETSUITE
            and not any((remote.applications if remote is not None else {}).values())
        ):
            continue  # applied to nothing Invoiced knows: the sync keeps it voided here, by design
        compared += 1
        cause = _payment_cause(payment, remote)
        if cause is None:
            continue
        gone = remote is None or remote.voided
        differences.append(
            PaymentDifference(
                payment.label,
                payment.local_id,
                payment.netsuite_id,
                payment.currency,
                payment.amount,
                None if gone or remote is None else remote.amount,
                dict(payment.applications),
                None if gone or remote is None else dict(remote.applications),
                cause,
                payment.origin,
            )
        )
    return compared, tuple(differences)


def _payment_cause(payment: LinkedPayment, remote: NetSuitePaymentAmounts | None) -> DriftCause | None:
    ours = {k: v for k, v in payment.applications.items() if v}
    theirs = {} if remote is None else {k: v for k, v in remote.applications.items() if v}
    if remote is not None and not remote.voided and remote.amount == payment.amount and theirs == ours:
        return None
    if payment.has_open_error:
        return DriftCause.SYNC_ERROR_OPEN
    if payment.waiting_to_sync:
        return DriftCause.NOT_YET_SYNCED
    if remote is None or remote.voided:
        return DriftCause.DELETED_IN_NETSUITE
    less = all(theirs.get(invoice, Decimal(0)) <= amount for invoice, amount in ours.items())
    if remote.amount == payment.amount and set(theirs) <= set(ours) and less:
        return DriftCause.UNAPPLIED_IN_NETSUITE
    return DriftCause.CHANGED_IN_NETSUITE


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
