"""Turning NetSuite's refusal of one record into a sync error a finance user can act on."""

from __future__ import annotations

from domain.netsuite import NetSuiteProblem
from domain.policies.problems import ProblemCode, RecordProblem, as_sentence, without_netsuite_preamble
from domain.records import RecordKind


def _hint(problem: NetSuiteProblem) -> str:
    path = (problem.path or "").lower()
    if "item" in path:
        return (
            "Check that the NetSuite item exists and is active (the line's item, or the fallback item id "
            "in the settings), then retry."
        )
    if path in ("entity", "customer"):
        return (
            "The NetSuite customer it is linked to is missing or inactive in NetSuite; "
            "fix it there, then retry."
        )
    if "currency" in path:
        return "Add or enable the currency in NetSuite (Lists > Accounting > Currencies), then retry."
    if "subsidiary" in path:
        return "Check the subsidiary id in the NetSuite settings, then retry."
    if path == "account":
        return "Check the deposit account in the NetSuite settings (or leave it empty for undeposited funds)."
    if path.startswith("apply"):
        return "Check the invoice's balance and customer in NetSuite against Invoiced, then retry."
    return "Correct what NetSuite's message points at (on Invoiced or in NetSuite), then retry."


def rejected_by_netsuite(label: str, problem: NetSuiteProblem) -> RecordProblem:
    """NetSuite refused a record we wrote: its message (without the generic preamble) and its code."""
    message = without_netsuite_preamble(problem.message)
    if problem.passing:
        return RecordProblem(
            message=f"NetSuite did not take {label}: {message}",
            code=ProblemCode.NETSUITE_REJECTED,
            hint="Nothing to correct on the record: it is sent again by the next sync. If this keeps "
            "happening, check NetSuite's status page and the account's integration settings.",
        )
    return RecordProblem(
        message=f"NetSuite rejected {label}: {as_sentence(message)}",
        code=ProblemCode.NETSUITE_REJECTED,
        hint=_hint(problem),
        netsuite_code=problem.code,
    )


def not_importable(label: str, reason: Exception) -> RecordProblem:
    """A NetSuite record whose values the ledger cannot accept (a bad currency, a number too long)."""
    return RecordProblem(
        message=f"{label} cannot be imported: {reason}",
        code=ProblemCode.INVALID_RECORD,
        hint="Correct the record in NetSuite, then retry.",
    )


def named_another_record(kind: RecordKind, label: str, netsuite_id: str | None) -> RecordProblem:
    """NetSuite's answer named a record already linked to another of ours: linking both would tie two
    records to one, so this one waits and is sent again."""
    return RecordProblem(
        message=(
            f"NetSuite answered {label} with its {RecordKind(kind).value} {netsuite_id}, which is already "
            f"linked to another {RecordKind(kind).value}; it was not linked, and is sent again next sync."
        ),
        code=ProblemCode.NETSUITE_REJECTED,
        hint=(
            f"Check in NetSuite which record carries this {RecordKind(kind).value}'s external id; if this "
            "keeps happening, contact support with the record's number."
        ),
    )
