"""Errors raised when a business rule is broken; each message says what is wrong and what to do."""


class DomainError(Exception):
    """A business rule was broken. The message is safe to show to a finance user; `param` names the
    field of the request the rule is about, when there is one."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class InvalidMoney(DomainError):
    """An amount or currency that cannot be money (a float, an unknown currency, a non-number)."""


class CurrencyMismatch(DomainError):
    """Two amounts in different currencies were combined."""


class DocumentRuleViolation(DomainError):
    """A document (invoice or credit note) whose lines, discounts or taxes cannot be right."""


class InvoiceRuleViolation(DocumentRuleViolation):
    """An invoice change that the ledger does not allow."""


class CreditNoteRuleViolation(DocumentRuleViolation):
    """A credit note, or a credit applied from one, that the ledger does not allow."""


class PaymentRuleViolation(DomainError):
    """A payment or payment application that the ledger does not allow."""


class SettingsRuleViolation(DomainError):
    """An integration setting outside its allowed range."""


class CustomerRuleViolation(DomainError):
    """A customer that the ledger cannot accept (no name, a number too long)."""


class CompanyRuleViolation(DomainError):
    """A company that cannot be created as given."""


class ConnectionRuleViolation(DomainError):
    """NetSuite connection details that cannot be right (a malformed account id, a blank secret)."""
