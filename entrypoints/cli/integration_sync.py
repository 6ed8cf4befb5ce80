"""`invoiced-netsuite sync | runs | import ... | errors ...`: run the accounting sync and the importers in
this process (no workers needed), read Recent Syncs, and deal with sync errors.

A run that fails (bad credentials, NetSuite unreachable) and a retry that still fails exit with 1; with
--json the run or error is printed all the same, so a script sees why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from application.errors import Conflict, InvalidInput
from application.integration import (
    AccountingSync,
    NetSuiteImports,
    ProgressCallback,
    SyncBusy,
    SyncErrors,
    SyncHistory,
)
from domain.policies.problems import problem_line
from domain.sync import SyncErrorStatus, SyncKind, SyncRun, SyncStatus, SyncTrigger
from entrypoints.cli.company import CompanyOption
from entrypoints.cli.context import services
from entrypoints.cli.integration_progress import progress_bar
from entrypoints.cli.integration_views import (
    ERROR_COLUMNS,
    RUN_COLUMNS,
    error_row,
    run_json,
    run_row,
    run_summary,
    sync_error_json,
    when,
)
from entrypoints.cli.output import JsonOption, error_line, print_json, print_table, say

sync_app = typer.Typer()
import_app = typer.Typer(help="Import from NetSuite now: outstanding invoices or the customer list.")
errors_app = typer.Typer(help="Records that did not sync: list, retry, ignore.", no_args_is_help=True)

T = TypeVar("T")

ErrorArgument = Annotated[int, typer.Argument(help="The sync error's id (see `errors list`).")]


def _container_service(name: str) -> object:
    cli = services()
    cli.prepare()
    return getattr(cli.container, name)()


def accounting_sync() -> AccountingSync:
    use_case: AccountingSync = _container_service("accounting_sync")  # type: ignore[assignment]
    return use_case


def netsuite_imports() -> NetSuiteImports:
    use_case: NetSuiteImports = _container_service("netsuite_imports")  # type: ignore[assignment]
    return use_case


def sync_errors() -> SyncErrors:
    use_case: SyncErrors = _container_service("sync_errors")  # type: ignore[assignment]
    return use_case


def sync_history() -> SyncHistory:
    use_case: SyncHistory = _container_service("sync_history")  # type: ignore[assignment]
    return use_case


def run_in_this_process(company_id: int, execute: Callable[[ProgressCallback | None], T], as_json: bool) -> T:
    """Run with a progress bar in a terminal; a company already busy is one line, not a wait."""
    try:
        with progress_bar(enabled=not as_json) as on_progress:
            return execute(on_progress)
    except SyncBusy:
        raise Conflict(
            f"Another sync or import is running for company {company_id} right now; run this again when "
            "it has finished (see `runs`)."
        ) from None


def show_run(run: SyncRun, as_json: bool) -> None:
    """Print a finished run and the records it could not sync; exit 1 when the run failed."""
    assert run.id is not None
    errors = sync_history().run_details(run.company_id, run.id).errors
    if as_json:
        print_json(run_json(run, errors))
    elif run.status is SyncStatus.FAILED:
        error_line(run_summary(run))
    else:
        say(run_summary(run))
        open_errors = [e for e in errors if e.is_open]
        if open_errors:
            print_table("Records that did not sync", ERROR_COLUMNS, [error_row(e) for e in open_errors])
    if run.status is SyncStatus.FAILED:
        raise typer.Exit(1)


@sync_app.command("sync")
def sync(company_id: CompanyOption, as_json: JsonOption = False) -> None:
    """Run an accounting sync now, in this process, and print what moved.

    NetSuite's payments and outstanding invoices come in, then Invoiced's customers, invoices and
    payments go out."""
    use_case = accounting_sync()
    run = run_in_this_process(
        company_id, lambda on_progress: use_case.sync_now(company_id, SyncTrigger.CLI, on_progress), as_json
    )
    show_run(run, as_json)


def _import(company_id: int, kind: SyncKind, as_json: bool) -> None:
    use_case = netsuite_imports()
    run = run_in_this_process(
        company_id,
        lambda on_progress: use_case.import_now(company_id, kind, SyncTrigger.CLI, on_progress),
        as_json,
    )
    show_run(run, as_json)


@import_app.command("invoices")
def import_invoices(company_id: CompanyOption, as_json: JsonOption = False) -> None:
    """Import every outstanding NetSuite invoice not on Invoiced yet (with the customers it needs)."""
    _import(company_id, SyncKind.INVOICE_IMPORT, as_json)


@import_app.command("customers")
def import_customers(company_id: CompanyOption, as_json: JsonOption = False) -> None:
    """Import NetSuite's whole active customer list: matched by name, new ones created, linked updated."""
    _import(company_id, SyncKind.CUSTOMER_IMPORT, as_json)


@sync_app.command("runs")
def runs(
    company_id: CompanyOption,
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="How many runs to show.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Recent Syncs, newest first: when, what started it, how it ended, what moved, errors."""
    services().ledger().get_company(company_id)  # an unknown company is an error, not an empty list
    recent = sync_history().recent_runs(company_id, limit=limit)
    if as_json:
        print_json([run_json(run) for run in recent.runs])
        return
    print_table(f"Recent Syncs of company {company_id}", RUN_COLUMNS, [run_row(run) for run in recent.runs])
    if not recent.connected:
        say("Not connected to NetSuite: `connect --company ID ...` first.")
    elif recent.auto_sync and recent.next_sync_at is not None:
        say(f"Next automatic sync: {when(recent.next_sync_at)}.")
    else:
        say("Automatic sync is off (`settings set --auto-sync on` to reconcile to NetSuite every hour).")
    if recent.open_errors:
        say(f"{recent.open_errors} record(s) did not sync: `errors list --company {company_id}`.")


_STATUSES = {
    "open": SyncErrorStatus.OPEN,
    "ignored": SyncErrorStatus.IGNORED,
    "resolved": SyncErrorStatus.RESOLVED,
}


@errors_app.command("list")
def list_errors(
    company_id: CompanyOption,
    status: Annotated[
        str, typer.Option("--status", metavar="open|ignored|resolved|all", help="Which errors to list.")
    ] = "open",
    run_id: Annotated[int | None, typer.Option("--sync", help="Only those left by this run.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="How many to show.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Records that did not sync, newest first, each with NetSuite's reason and what to do."""
    wanted = status.strip().lower()
    if wanted != "all" and wanted not in _STATUSES:
        raise InvalidInput(f"--status takes open, ignored, resolved or all, not {status!r}.", "--status")
    services().ledger().get_company(company_id)
    errors = sync_errors().list(company_id, status=_STATUSES.get(wanted), run_id=run_id, limit=limit)
    if as_json:
        print_json([sync_error_json(e) for e in errors])
        return
    print_table(
        f"Sync errors of company {company_id} ({wanted})", ERROR_COLUMNS, [error_row(e) for e in errors]
    )


@errors_app.command("retry")
def retry_error(company_id: CompanyOption, error_id: ErrorArgument, as_json: JsonOption = False) -> None:
    """Try the error's record again now (an ignored one too); exit 1 when it still does not sync."""
    use_case = sync_errors()
    outcome = run_in_this_process(
        company_id,
        lambda on_progress: use_case.retry(company_id, error_id, SyncTrigger.CLI, on_progress),
        as_json,
    )
    error = outcome.error
    if as_json:
        print_json(
            {**sync_error_json(error), "resolved": outcome.resolved, "retry_sync": run_json(outcome.run)}
        )
    elif outcome.resolved:
        say(f"Resolved sync error {error.id}: {error.record_label} synced.")
    elif outcome.run.status is SyncStatus.FAILED:
        error_line(f"Sync error {error.id} is still open: the retry failed: {outcome.run.error}")
    else:
        problem = problem_line(error.record_label, error.message, error.hint, error.netsuite_code)
        error_line(f"Sync error {error.id} is still open: {problem}")
    if not outcome.resolved:
        raise typer.Exit(1)


@errors_app.command("ignore")
def ignore_error(company_id: CompanyOption, error_id: ErrorArgument, as_json: JsonOption = False) -> None:
    """Skip the error's record in future syncs (until it is retried)."""
    error = sync_errors().ignore(company_id, error_id)
    if as_json:
        print_json(sync_error_json(error))
        return
    say(f"Ignored sync error {error.id}: {error.record_label} is skipped by future syncs until retried.")
