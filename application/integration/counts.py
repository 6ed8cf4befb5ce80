"""The names of what a run counts (SyncRun.counts keys), one per thing that moved, and the words a
finance user reads for each: the CLI, the dashboard and the emails all say it the same way."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Count(StrEnum):
    PAYMENTS_IMPORTED = "payments_imported"  # NetSuite → Invoiced, new
    PAYMENTS_UPDATED = "payments_updated"  # NetSuite → Invoiced, changed in NetSuite (e.g. voided)
    INVOICES_IMPORTED = "invoices_imported"
    CUSTOMERS_IMPORTED = "customers_imported"  # created on Invoiced from NetSuite
    CUSTOMERS_UPDATED = "customers_updated"
    CUSTOMERS_UNCHANGED = "customers_unchanged"  # the customer importer: already linked, nothing changed
    CUSTOMERS_LINKED = "customers_linked"  # matched by name, either way
    CUSTOMERS_WRITTEN = "customers_written"  # created in NetSuite
    INVOICES_WRITTEN = "invoices_written"
    CREDIT_NOTES_WRITTEN = "credit_notes_written"
    PAYMENTS_WRITTEN = "payments_written"
    # Invoiced → NetSuite, changed on Invoiced after they were written ("customers_updated" is taken:
    # it counts customers NetSuite changed, brought to Invoiced).
    CUSTOMER_EDITS_WRITTEN = "customer_edits_written"
    PAYMENTS_REMOVED = "payments_removed"  # voided on Invoiced: deleted in NetSuite
    INVOICES_REMOVED = "invoices_removed"
    CREDIT_NOTES_REMOVED = "credit_notes_removed"
    CREDIT_NOTES_IMPORTED = "credit_notes_imported"  # NetSuite → Invoiced: credit memos applied to ours
    WAITING_FOR_CUSTOMER = "waiting_for_customer"  # not written: their customer has an open error


# (one, many): "1 invoice written to NetSuite", "3 invoices written to NetSuite".
COUNT_WORDS: Mapping[str, tuple[str, str]] = {
    Count.CUSTOMERS_IMPORTED: ("customer created from NetSuite", "customers created from NetSuite"),
    Count.CUSTOMERS_UPDATED: ("customer updated from NetSuite", "customers updated from NetSuite"),
    Count.CUSTOMERS_UNCHANGED: (
        "customer already on Invoiced, unchanged",
        "customers already on Invoiced, unchanged",
    ),
    Count.CUSTOMERS_LINKED: ("customer matched by name", "customers matched by name"),
    Count.INVOICES_IMPORTED: ("invoice imported from NetSuite", "invoices imported from NetSuite"),
    Count.PAYMENTS_IMPORTED: ("payment imported from NetSuite", "payments imported from NetSuite"),
    Count.PAYMENTS_UPDATED: ("payment updated from NetSuite", "payments updated from NetSuite"),
    Count.CUSTOMERS_WRITTEN: ("customer created in NetSuite", "customers created in NetSuite"),
    Count.INVOICES_WRITTEN: ("invoice written to NetSuite", "invoices written to NetSuite"),
    Count.PAYMENTS_WRITTEN: ("payment written to NetSuite", "payments written to NetSuite"),
    Count.CREDIT_NOTES_WRITTEN: ("credit note written to NetSuite", "credit notes written to NetSuite"),
    Count.CREDIT_NOTES_REMOVED: (
        "voided credit note removed from NetSuite",
        "voided credit notes removed from NetSuite",
    ),
    Count.CREDIT_NOTES_IMPORTED: (
        "credit memo imported from NetSuite",
        "credit memos imported from NetSuite",
    ),
    Count.CUSTOMER_EDITS_WRITTEN: ("customer edit written to NetSuite", "customer edits written to NetSuite"),
    Count.PAYMENTS_REMOVED: ("voided payment removed from NetSuite", "voided payments removed from NetSuite"),
    Count.INVOICES_REMOVED: ("voided invoice removed from NetSuite", "voided invoices removed from NetSuite"),
    Count.WAITING_FOR_CUSTOMER: ("record waiting for its customer", "records waiting for their customer"),
}


def describe_count(what: str, count: int) -> str:
    """'1 invoice written to NetSuite', '3 invoices written to NetSuite'."""
    fallback = what.replace("_", " ")
    one, many = COUNT_WORDS.get(what, (fallback, fallback))
    return f"{count} {one if count == 1 else many}"


def describe_counts(counts: Mapping[str, int]) -> list[str]:
    """Every non-zero count of a run, in the order the flows run."""
    order: dict[str, int] = {name.value: position for position, name in enumerate(Count)}
    moved = sorted((what for what, n in counts.items() if n), key=lambda what: order.get(what, len(order)))
    return [describe_count(what, counts[what]) for what in moved]


class Stage(StrEnum):
    """What a progress callback is told the run is doing."""

    CONNECTION = "Checking the NetSuite connection"
    PAYMENTS_FROM_NETSUITE = "Reading payments recorded in NetSuite"
    INVOICES_FROM_NETSUITE = "Importing outstanding invoices from NetSuite"
    CUSTOMERS_FROM_NETSUITE = "Importing customers from NetSuite"
    REMOVING_PAYMENTS = "Removing payments voided on Invoiced from NetSuite"
    REMOVING_INVOICES = "Removing invoices voided on Invoiced from NetSuite"
    CUSTOMER_EDITS_TO_NETSUITE = "Writing customer edits to NetSuite"
    CUSTOMERS_TO_NETSUITE = "Matching customers in NetSuite"
    INVOICES_TO_NETSUITE = "Writing invoices to NetSuite"
    PAYMENTS_TO_NETSUITE = "Reconciling payments to NetSuite"
    CREDIT_NOTES_TO_NETSUITE = "Writing credit notes to NetSuite"
    REMOVING_CREDIT_NOTES = "Removing credit notes voided on Invoiced from NetSuite"
    CREDIT_NOTES_FROM_NETSUITE = "Reading credit memos recorded in NetSuite"
