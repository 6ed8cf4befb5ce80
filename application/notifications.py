"""The emails the service sends about background work: an import finished, an accounting sync failed
or left new sync errors. Composing them is pure; `RunNotifications` loads the run and sends."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from application.errors import NotFound
from application.integration.counts import describe_counts
from application.ports import EmailMessage, Notifier, UnitOfWorkFactory
from domain.company import Company
from domain.policies.problems import as_sentence, problem_line
from domain.sync import SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncStatus

# An email is read, not scrolled: past this many errors it points to the dashboard instead.
MAX_LISTED_ERRORS = 20

IMPORTED_VERBS = ("imported", "created")
UPDATED_VERBS = ("updated", "linked")  # linked: an existing record matched to its NetSuite twin

_WHAT_IS_IMPORTED = {
    SyncKind.INVOICE_IMPORT: "invoices",
    SyncKind.CUSTOMER_IMPORT: "customers",
}


def import_results_path(run_id: int) -> str:
    """The dashboard page that shows one import's results."""
    return f"/dashboard/imports/{run_id}"


def sync_run_path(run_id: int) -> str:
    """The dashboard page that shows one accounting sync's details."""
    return f"/dashboard/syncs/{run_id}"


def format_duration(seconds: float | None) -> str:
    """`42 s`, `2 min 5 s`, `1 h 3 min`: how long a run took, the way a person says it."""
    if seconds is None:
        return "an unknown time"
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def format_moment(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "an unknown time"


def _split_count_key(key: str) -> tuple[str, str]:
    """`invoices_imported` → (`invoices`, `imported`); a key without a verb is all noun."""
    noun, _, verb = key.rpartition("_")
    return (noun, verb) if noun else (key, "")


def summarize_counts(counts: dict[str, int]) -> tuple[int, int]:
    """How many records a run imported (created) and updated, summed over its flows."""
    imported = sum(n for key, n in counts.items() if _split_count_key(key)[1] in IMPORTED_VERBS)
    updated = sum(n for key, n in counts.items() if _split_count_key(key)[1] in UPDATED_VERBS)
    return imported, updated


def _count_lines(counts: dict[str, int]) -> list[str]:
    return [f"  {line}" for line in describe_counts(counts)]


def _error_lines(errors: Sequence[SyncError], total: int) -> list[str]:
    lines: list[str] = []
    for error in errors[:MAX_LISTED_ERRORS]:
        lines.append(f"  - {problem_line(error.record_label, error.message, code=error.netsuite_code)}")
        if error.hint:
            lines.append(f"    What to do: {as_sentence(error.hint)}")
    hidden = total - min(len(errors), MAX_LISTED_ERRORS)
    if hidden > 0:
        lines.append(f"  … and {hidden} more.")
    return lines


def _link(public_url: str, path: str) -> str:
    return public_url.rstrip("/") + path


def _greeting(company: Company) -> str:
    return f"Hello {company.name},"


_SIGNATURE = ["", "— invoiced-netsuite"]


def compose_import_finished(
    company: Company, run: SyncRun, errors: Sequence[SyncError], public_url: str
) -> EmailMessage:
    """The email for a finished background import: what was imported, updated and failed, how long it
    took, and where to see the results."""
    if company.email is None:
        raise ValueError(f"Company {company.id} has no notification address.")
    if run.id is None:
        raise ValueError("The run has no id yet.")
    what = _WHAT_IS_IMPORTED.get(run.kind, "records")
    imported, updated = summarize_counts(run.counts)
    failed = max(run.error_count, len(errors))
    took = format_duration(run.duration_seconds)
    started = format_moment(run.started_at or run.queued_at)

    if run.status is SyncStatus.FAILED:
        subject = f"Your import of {what} from NetSuite failed"
        opening = f"The import of {what} from NetSuite that started at {started} failed after {took}."
    elif failed:
        noun = "record" if failed == 1 else "records"
        subject = f"Your import of {what} from NetSuite finished with {failed} failed {noun}"
        opening = f"The import of {what} from NetSuite that started at {started} finished in {took}."
    else:
        subject = f"Your import of {what} from NetSuite finished"
        opening = f"The import of {what} from NetSuite that started at {started} finished in {took}."

    lines = [_greeting(company), "", opening]
    if run.status is SyncStatus.FAILED and run.error:
        lines += ["", f"Reason: {run.error}"]
    lines += ["", f"  Imported: {imported}", f"  Updated: {updated}", f"  Failed: {failed}"]
    details = _count_lines(run.counts)
    if details:
        lines += ["", "In detail:", *details]
    if errors or failed:
        lines += ["", "Records that could not be imported:", *_error_lines(errors, failed)]
    lines += ["", f"See the results: {_link(public_url, import_results_path(run.id))}", *_SIGNATURE]
    return EmailMessage(to=company.email, subject=subject, text="\n".join(lines) + "\n")


def new_errors_of(run: SyncRun, errors: Sequence[SyncError]) -> list[SyncError]:
    """The open sync errors that first appeared in this run (not the ones a sync keeps meeting)."""
    since = run.started_at or run.queued_at
    return [
        e for e in errors if e.run_id == run.id and e.status is SyncErrorStatus.OPEN and e.created_at >= since
    ]


def compose_sync_problem(
    company: Company,
    run: SyncRun,
    errors: Sequence[SyncError],
    public_url: str,
    certificate_warning: str | None = None,
) -> EmailMessage | None:
    """The email for an accounting sync that failed or gained new sync errors; None when it did neither.
    A NetSuite certificate about to expire is said too, before it stops every sync."""
    if company.email is None:
        raise ValueError(f"Company {company.id} has no notification address.")
    if run.id is None:
        raise ValueError("The run has no id yet.")
    fresh = new_errors_of(run, errors)
    started = format_moment(run.started_at or run.queued_at)
    link = _link(public_url, sync_run_path(run.id))
    if run.status is SyncStatus.FAILED:
        subject = "The NetSuite accounting sync failed"
        lines = [
            _greeting(company),
            "",
            f"The accounting sync with NetSuite that started at {started} failed, so nothing after "
            "the failure was synced.",
            "",
            f"Reason: {run.error or 'not recorded'}",
        ]
        if fresh:
            lines += ["", "Records that did not sync before it stopped:", *_error_lines(fresh, len(fresh))]
    elif fresh:
        noun = "sync error" if len(fresh) == 1 else "sync errors"
        subject = f"The NetSuite accounting sync has {len(fresh)} new {noun}"
        lines = [
            _greeting(company),
            "",
            f"The accounting sync with NetSuite that started at {started} finished in "
            f"{format_duration(run.duration_seconds)}, but these records did not sync:",
            "",
            *_error_lines(fresh, len(fresh)),
            "",
            "Fix them in NetSuite or on Invoiced, then Retry them (or Ignore them) on the Accounting "
            "Sync page.",
        ]
    else:
        return None
    if certificate_warning:
        lines += ["", f"Also: {certificate_warning}"]
    lines += ["", f"See the sync: {link}", *_SIGNATURE]
    return EmailMessage(to=company.email, subject=subject, text="\n".join(lines) + "\n")


class RunNotifications:
    """Tells a company's notification address how its background work went."""

    def __init__(self, uow: UnitOfWorkFactory, notifier: Notifier, public_url: str) -> None:
        self._uow = uow
        self._notifier = notifier
        self._public_url = public_url

    def run_finished(self, company_id: int, run_id: int) -> EmailMessage | None:
        """Send the email a finished run calls for, if any, and return it. Nothing is sent while the
        run is unfinished, when the company has no notification address, or for a clean sync."""
        with self._uow() as uow:
            company = uow.companies.get(company_id)
            run = uow.sync_runs.get(company_id, run_id)
            if company is None or run is None:
                raise NotFound(f"There is no run {run_id} for company {company_id}.")
            if not run.status.finished or not company.email or run.kind is SyncKind.RECORD_RETRY:
                return None  # a retry's outcome shows on its sync error, where the user asked for it
            errors = uow.sync_errors.list(company_id, run_id=run_id)
            connection = uow.connections.get(company_id)
        if run.kind is SyncKind.ACCOUNTING_SYNC:
            moment = run.finished_at or run.started_at or run.queued_at
            warning = (
                connection.auth.certificate_warning(moment.date())
                if connection is not None and moment is not None
                else None
            )
            message = compose_sync_problem(company, run, errors, self._public_url, warning)
        else:
            message = compose_import_finished(company, run, errors, self._public_url)
        if message is not None:
            self._notifier.send(message)
        return message
