"""`invoiced-netsuite drift --company ID [--repair] [--json]`: do Invoiced and NetSuite agree, invoice by
invoice? With --repair, the differences whose cause is clear are settled by one accounting sync run."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

import typer

from application.errors import Conflict
from application.integration.drift import DriftReports
from application.integration.drift_repairs import DriftRepair, DriftRepairs
from application.integration.errors import SyncBusy
from domain.policies.drift import DriftVerdict, InvoiceDifference, PaymentDifference, SideTotals
from domain.sync import SyncStatus, SyncTrigger
from entrypoints.cli.company import CompanyOption
from entrypoints.cli.context import services
from entrypoints.cli.output import JsonOption, print_json, print_table, say

app = typer.Typer()

DIFFERENCE_COLUMNS = (
    "invoice",
    "NetSuite id",
    "total on Invoiced",
    "total in NetSuite",
    "balance on Invoiced",
    "balance in NetSuite",
    "likely cause",
)


PAYMENT_COLUMNS = (
    "payment",
    "NetSuite id",
    "amount on Invoiced",
    "amount in NetSuite",
    "applied on Invoiced",
    "applied in NetSuite",
    "likely cause",
)

RepairOption = Annotated[
    bool,
    typer.Option(
        "--repair",
        help="Settle the differences whose cause is clear with one accounting sync run, then report again.",
    ),
]


@app.command("drift")
def drift(company_id: CompanyOption, repair: RepairOption = False, as_json: JsonOption = False) -> None:
    """Compare every linked invoice's total and balance on both sides; name each difference's cause."""
    services().ledger().get_company(company_id)  # an unknown company is an error, not an empty report
    cli = services()
    cli.prepare()
    if repair:
        repairs: DriftRepairs = cli.container.drift_repairs()
        try:
            repaired = repairs.repair(company_id, SyncTrigger.CLI)
        except SyncBusy:
            raise Conflict(
                f"Another sync or import is running for company {company_id} right now; nothing was "
                "repaired. Run `drift --repair` again when it has finished (see `runs`)."
            ) from None
        _show_repair(company_id, repaired, as_json)
        return
    reports: DriftReports = cli.container.drift_reports()
    verdict = reports.report(company_id)
    if as_json:
        print_json(verdict_json(verdict))
        return
    _show(company_id, verdict)


def _show(company_id: int, verdict: DriftVerdict) -> None:
    print_table(
        f"Totals of the {verdict.compared} linked invoices of company {company_id}",
        ("side", "currency", "total", "balance"),
        _total_rows("Invoiced", verdict.invoiced) + _total_rows("NetSuite", verdict.netsuite),
    )
    if verdict.differences:
        print_table("Differences", DIFFERENCE_COLUMNS, [_difference_row(d) for d in verdict.differences])
        for difference in verdict.differences:
            say(f"{difference.number}: {difference.what_to_do}")
    if verdict.payment_differences:
        print_table(
            "Payment differences",
            PAYMENT_COLUMNS,
            [_payment_row(d) for d in verdict.payment_differences],
        )
        for payment in verdict.payment_differences:
            say(f"{payment.label}: {payment.what_to_do}")
    say(verdict.summary)


def _show_repair(company_id: int, repair: DriftRepair, as_json: bool) -> None:
    failed = repair.run is not None and repair.run.status is not SyncStatus.SUCCEEDED
    if as_json:
        print_json(
            {
                "summary": repair.summary,
                "attempted": [d.number for d in repair.attempted],
                "rewritten": [d.number for d in repair.rewritten],
                "rewritten_payments": [d.label for d in repair.rewritten_payments],
                "run": None
                if repair.run is None
                else {"id": repair.run.id, "status": repair.run.status.value, "counts": repair.run.counts},
                "after": verdict_json(repair.after),
            }
        )
    else:
        _show(company_id, repair.after)
        say(repair.summary)
    if failed:
        raise typer.Exit(1)  # the repair run failed: its message and errors are in Recent Syncs


def _money(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:.2f}"


def _total_rows(side: str, totals: SideTotals) -> list[tuple[object, ...]]:
    return [
        (side, currency, _money(total), _money(totals.balances.get(currency)))
        for currency, total in totals.totals.items()
    ]


def _difference_row(d: InvoiceDifference) -> tuple[object, ...]:
    return (
        d.number,
        d.netsuite_id,
        _money(d.invoiced_total),
        _money(d.netsuite_total),
        _money(d.invoiced_balance),
        _money(d.netsuite_balance),
        d.cause.value.replace("_", " "),
    )


def _applied(applications: Mapping[str, Decimal] | None) -> str:
    if applications is None:
        return "—"
    return ", ".join(f"{invoice}: {amount:.2f}" for invoice, amount in sorted(applications.items())) or "none"


def _payment_row(d: PaymentDifference) -> tuple[object, ...]:
    return (
        d.label,
        d.netsuite_id,
        _money(d.invoiced_amount),
        _money(d.netsuite_amount),
        _applied(d.invoiced_applied),
        _applied(d.netsuite_applied),
        d.cause.value.replace("_", " "),
    )


def _applications_json(applications: Mapping[str, Decimal] | None) -> dict[str, str] | None:
    """Keyed by the invoices' NetSuite ids."""
    if applications is None:
        return None
    return {invoice: f"{amount:.2f}" for invoice, amount in sorted(applications.items())}


def verdict_json(verdict: DriftVerdict) -> dict[str, Any]:
    """Money as strings, currencies lower-case, as every --json document."""

    def sides(totals: SideTotals) -> dict[str, Any]:
        return {
            "totals": {c: f"{a:.2f}" for c, a in totals.totals.items()},
            "balances": {c: f"{a:.2f}" for c, a in totals.balances.items()},
        }

    return {
        "in_agreement": verdict.in_agreement,
        "summary": verdict.summary,
        "compared": verdict.compared,
        "payments_compared": verdict.payments_compared,
        "open_errors": verdict.open_errors,
        "invoiced": sides(verdict.invoiced),
        "netsuite": sides(verdict.netsuite),
        "differences": [
            {
                "id": d.local_id,
                "invoice": d.number,
                "netsuite_id": d.netsuite_id,
                "currency": d.currency,
                "invoiced_total": f"{d.invoiced_total:.2f}",
                "netsuite_total": None if d.netsuite_total is None else f"{d.netsuite_total:.2f}",
                "invoiced_balance": f"{d.invoiced_balance:.2f}",
                "netsuite_balance": None if d.netsuite_balance is None else f"{d.netsuite_balance:.2f}",
                "cause": d.cause.value,
                "what_to_do": d.what_to_do,
                "repairable": d.repairable,
            }
            for d in verdict.differences
        ],
        "payment_differences": [
            {
                "id": d.local_id,
                "payment": d.label,
                "netsuite_id": d.netsuite_id,
                "currency": d.currency,
                "invoiced_amount": f"{d.invoiced_amount:.2f}",
                "netsuite_amount": None if d.netsuite_amount is None else f"{d.netsuite_amount:.2f}",
                "invoiced_applied": _applications_json(d.invoiced_applied),
                "netsuite_applied": _applications_json(d.netsuite_applied),
                "cause": d.cause.value,
                "what_to_do": d.what_to_do,
                "repairable": d.repairable,
            }
            for d in verdict.payment_differences
        ],
    }
