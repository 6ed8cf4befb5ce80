"""The names of what a run counts (SyncRun.counts keys), one per thing that moved."""

from __future__ import annotations

from enum import StrEnum


class Count(StrEnum):
    PAYMENTS_IMPORTED = "payments_imported"  # NetSuite → Invoiced, new
    PAYMENTS_UPDATED = "payments_updated"  # NetSuite → Invoiced, changed in NetSuite (e.g. voided)
    INVOICES_IMPORTED = "invoices_imported"
    CUSTOMERS_IMPORTED = "customers_imported"  # created on Invoiced from NetSuite
    CUSTOMERS_UPDATED = "customers_updated"
    CUSTOMERS_LINKED = "customers_linked"  # matched by name, either way
    CUSTOMERS_WRITTEN = "customers_written"  # created in NetSuite
    INVOICES_WRITTEN = "invoices_written"
    PAYMENTS_WRITTEN = "payments_written"
    # Invoiced → NetSuite, changed on Invoiced after they were written ("customers_updated" is taken:
    # it counts customers NetSuite changed, brought to Invoiced).
    CUSTOMER_EDITS_WRITTEN = "customer_edits_written"
    PAYMENTS_REMOVED = "payments_removed"  # voided on Invoiced: deleted in NetSuite
    INVOICES_REMOVED = "invoices_removed"
    WAITING_FOR_CUSTOMER = "waiting_for_customer"  # not written: their customer has an open error


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
