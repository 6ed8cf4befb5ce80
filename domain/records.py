"""What every ledger record shares: where it was created (its origin)."""

from enum import StrEnum


class Origin(StrEnum):
    """The system a record was created in; a record is only ever written to the other side."""

    INVOICED = "invoiced"
    NETSUITE = "netsuite"


class RecordKind(StrEnum):
    """The kinds of ledger record that can be linked to NetSuite."""

    CUSTOMER = "customer"
    INVOICE = "invoice"
    PAYMENT = "payment"
    CREDIT_NOTE = "credit_note"
