"""The REST record types the sandbox serves, by case-insensitive path segment."""

from __future__ import annotations

from netsuite_sandbox.records.common import Body, RecordContext, RecordHandler
from netsuite_sandbox.records.credit_memo import CreditMemoRecords
from netsuite_sandbox.records.customer import CustomerRecords
from netsuite_sandbox.records.invoice import InvoiceRecords
from netsuite_sandbox.records.lookups import (
    CurrencyRecords,
    NonInventorySaleItemRecords,
    ServiceSaleItemRecords,
    SubsidiaryRecords,
)
from netsuite_sandbox.records.payment import CustomerPaymentRecords

# Open question 12: keyed lower-case because recorded traffic used both customerPayment and
# customerpayment; NetSuite never documented case-insensitivity.
RECORD_TYPES: dict[str, RecordHandler] = {
    handler.name.lower(): handler
    for handler in (
        CustomerRecords(),
        InvoiceRecords(),
        CustomerPaymentRecords(),
        CreditMemoRecords(),
        CurrencyRecords(),
        SubsidiaryRecords(),
        ServiceSaleItemRecords(),
        NonInventorySaleItemRecords(),
    )
}

__all__ = ["RECORD_TYPES", "Body", "RecordContext", "RecordHandler"]
