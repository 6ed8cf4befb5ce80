"""Transaction type and status vocabularies (search codes and display texts)."""

from __future__ import annotations

INVOICE = "CustInvc"
PAYMENT = "CustPymt"
CREDIT_MEMO = "CustCred"

TYPE_NAMES = {INVOICE: "Invoice", PAYMENT: "Payment", CREDIT_MEMO: "Credit Memo"}
RECORD_TYPES = {INVOICE: "invoice", PAYMENT: "customerpayment", CREDIT_MEMO: "creditmemo"}

# Letters as search/SuiteQL use them; texts as REST's status.refName shows them (open question 5:
# the exact REST refName strings are unconfirmed; these are the search display names).
STATUS_NAMES = {
    INVOICE: {
        "A": "Open",
        "B": "Paid In Full",
        "D": "Pending Approval",
        "E": "Rejected",
        "V": "Voided",  # open question 5: V assumed Voided
    },
    PAYMENT: {
        "A": "Unapproved Payment",
        "B": "Not Deposited",
        "C": "Deposited",
    },
    CREDIT_MEMO: {
        "A": "Open",
        "B": "Fully Applied",
        "V": "Voided",
    },
}

INVOICE_OPEN = "A"
INVOICE_PAID_IN_FULL = "B"
PAYMENT_NOT_DEPOSITED = "B"
PAYMENT_DEPOSITED = "C"
CREDIT_MEMO_OPEN = "A"
CREDIT_MEMO_FULLY_APPLIED = "B"


def status_name(transaction_type: str | None, letter: str | None) -> str | None:
    if letter is None:
        return None
    return STATUS_NAMES.get(transaction_type or "", {}).get(letter, letter)


def status_display(transaction_type: str | None, letter: str | None) -> str | None:
    """BUILTIN.DF(status): 'Payment : Deposited' as recorded, so invoices read 'Invoice : Open'."""
    name = status_name(transaction_type, letter)
    if name is None:
        return None
    type_name = TYPE_NAMES.get(transaction_type or "")
    return f"{type_name} : {name}" if type_name else name


def status_code(transaction_type: str | None, letter: str | None) -> str | None:
    """BUILTIN.CF(status): 'CustInvc:A'."""
    if letter is None:
        return None
    return f"{transaction_type}:{letter}" if transaction_type else letter


def type_display(transaction_type: str | None) -> str | None:
    if transaction_type is None:
        return None
    return TYPE_NAMES.get(transaction_type, transaction_type)


def transaction_display(transaction_type: str | None, tranid: str | None) -> str | None:
    name = TYPE_NAMES.get(transaction_type or "", transaction_type or "Transaction")
    return f"{name} #{tranid}" if tranid else name
