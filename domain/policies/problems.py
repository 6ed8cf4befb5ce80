"""Why one record cannot sync, in a finance user's words, with what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemCode(StrEnum):
    """Our codes for per-record sync problems (NetSuite's own code travels alongside)."""

    NETSUITE_REJECTED = "netsuite_rejected"
    NO_ITEM = "no_item"
    CURRENCY_NOT_IN_NETSUITE = "currency_not_in_netsuite"
    AMBIGUOUS_CUSTOMER = "ambiguous_customer"
    INVOICE_NOT_IN_NETSUITE = "invoice_not_in_netsuite"
    NUMBER_TAKEN = "number_taken"
    OVERPAYMENT = "overpayment"
    PAYMENT_REFUSED = "payment_refused"
    INVALID_RECORD = "invalid_record"
    NO_DISCOUNT_ITEM = "no_discount_item"
    NO_TAX_ITEM = "no_tax_item"


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """A record that cannot sync: what is wrong, our code, NetSuite's code if it came from there,
    and what to do (the hint)."""

    message: str
    code: ProblemCode
    hint: str | None = None
    netsuite_code: str | None = None


_NETSUITE_PREAMBLE = "Error while accessing a resource. "


def without_netsuite_preamble(message: str) -> str:
    """NetSuite's detail without the generic 'Error while accessing a resource.' it starts most with."""
    if message.startswith(_NETSUITE_PREAMBLE) and len(message) > len(_NETSUITE_PREAMBLE):
        return message[len(_NETSUITE_PREAMBLE) :]
    return message


def as_sentence(text: str) -> str:
    """The text ending in a full stop (NetSuite's messages often have none), so what follows it reads
    as a sentence of its own."""
    cleaned = text.strip()
    return cleaned if not cleaned or cleaned[-1] in ".!?…" else cleaned + "."


def problem_line(label: str, message: str, hint: str | None = None, code: str | None = None) -> str:
    """One line for a record's problem: its label once (a message that already names the record
    is not prefixed with it again), the reason as a sentence (with NetSuite's code), then what to do."""
    reason = message.strip()
    line = reason if label in reason else f"{label}: {reason}"
    if code:
        line = f"{line.rstrip('.')} ({code})"
    line = as_sentence(line)
    return f"{line} What to do: {as_sentence(hint)}" if hint else line
