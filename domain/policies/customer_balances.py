"""Does each linked customer owe the same on both sides? Invoiced's open balance (its open invoices'
balances less unapplied credit) beside NetSuite's (the sum of its open invoices' amount remaining),
per currency, with the difference and its likely cause. The cheap check the sync runs each time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

_ZERO = Decimal("0")


class BalanceCause(StrEnum):
    NETSUITE_OWES_LESS = "netsuite_owes_less"
    NETSUITE_OWES_MORE = "netsuite_owes_more"
    ONLY_IN_NETSUITE = "only_in_netsuite"
    ONLY_ON_INVOICED = "only_on_invoiced"


_WHAT_TO_DO = {
    BalanceCause.NETSUITE_OWES_LESS: (
        "NetSuite says the customer owes less: a credit memo, journal or payment applied there; see "
        "the customer's invoices in the drift report."
    ),
    BalanceCause.NETSUITE_OWES_MORE: (
        "NetSuite says the customer owes more: an invoice edited there, a payment unapplied or a "
        "credit not yet synced; see the customer's invoices in the drift report."
    ),
    BalanceCause.ONLY_IN_NETSUITE: (
        "NetSuite has an open balance Invoiced does not: an invoice created there and not imported, "
        "or one closed on Invoiced and not yet synced."
    ),
    BalanceCause.ONLY_ON_INVOICED: (
        "Invoiced has an open balance NetSuite does not: an invoice not yet synced, or paid or "
        "deleted in NetSuite."
    ),
}


@dataclass(frozen=True, slots=True)
class CustomerOpenBalance:
    """Invoiced's side of one linked customer in one currency."""

    customer_id: int
    name: str
    netsuite_id: str
    currency: str
    open_invoices: Decimal
    unapplied_credit: Decimal = _ZERO

    @property
    def balance(self) -> Decimal:
        return self.open_invoices - self.unapplied_credit


@dataclass(frozen=True, slots=True)
class CustomerBalanceDifference:
    customer_id: int
    name: str
    netsuite_id: str
    currency: str
    invoiced_balance: Decimal
    netsuite_balance: Decimal
    cause: BalanceCause

    @property
    def difference(self) -> Decimal:
        """What NetSuite says beyond Invoiced (negative: NetSuite says less)."""
        return self.netsuite_balance - self.invoiced_balance

    @property
    def what_to_do(self) -> str:
        return _WHAT_TO_DO[self.cause]


def _cause(invoiced: Decimal, netsuite: Decimal) -> BalanceCause:
    if invoiced == _ZERO:
        return BalanceCause.ONLY_IN_NETSUITE
    if netsuite == _ZERO:
        return BalanceCause.ONLY_ON_INVOICED
    return BalanceCause.NETSUITE_OWES_LESS if netsuite < invoiced else BalanceCause.NETSUITE_OWES_MORE


def compare_customer_balances(
    invoiced: Iterable[CustomerOpenBalance],
    netsuite: Mapping[tuple[str, str], Decimal],
) -> list[CustomerBalanceDifference]:
    """Differences between the sides; `netsuite` maps (customer NetSuite id, currency) to its open
    balance. A pair missing from one side counts as zero owed there; NetSuite customers that are not
    linked (no entry on Invoiced's side in any currency) are not ours to compare. Agreement: []."""
    differences: list[CustomerBalanceDifference] = []
    ours_by_key: dict[tuple[str, str], CustomerOpenBalance] = {}
    linked: dict[str, CustomerOpenBalance] = {}
    for ours in invoiced:
        ours_by_key[(ours.netsuite_id, ours.currency)] = ours
        linked.setdefault(ours.netsuite_id, ours)
    for (netsuite_id, currency), theirs in sorted(netsuite.items()):
        customer = linked.get(netsuite_id)
        if (netsuite_id, currency) in ours_by_key or customer is None or theirs == _ZERO:
            continue
        ours_by_key[(netsuite_id, currency)] = CustomerOpenBalance(
            customer.customer_id, customer.name, netsuite_id, currency, open_invoices=_ZERO
        )
    for ours in ours_by_key.values():
        theirs = netsuite.get((ours.netsuite_id, ours.currency), _ZERO)
        if theirs == ours.balance:
            continue
        differences.append(
            CustomerBalanceDifference(
                customer_id=ours.customer_id,
                name=ours.name,
                netsuite_id=ours.netsuite_id,
                currency=ours.currency,
                invoiced_balance=ours.balance,
                netsuite_balance=theirs,
                cause=_cause(ours.balance, theirs),
            )
        )
    return differences
