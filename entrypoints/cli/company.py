"""`invoiced-netsuite company ...`: tenants and their API keys."""

from __future__ import annotations

from typing import Annotated

import typer

from entrypoints.cli.context import services
from entrypoints.cli.output import JsonOption, print_json, print_table, say
from entrypoints.cli.views import COMPANY_COLUMNS, company_json, company_row

app = typer.Typer(help="Companies (tenants) and their API keys.", no_args_is_help=True)

CompanyOption = Annotated[int, typer.Option("--company", help="The company's id (see `company list`).")]


@app.command("create")
def create_company(
    name: Annotated[str, typer.Argument(help="The company's name.")],
    email: Annotated[
        str | None, typer.Option("--email", help="Where import results and sync failures are emailed.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a company and print its API key (shown this once: keep it somewhere safe)."""
    created = services().ledger().create_company(name, email=email)
    if as_json:
        print_json({**company_json(created.company), "api_key": created.api_key})
        return
    company = created.company
    say(f"Created company {company.id}: {company.name}")
    say(f"API key (shown once, keep it safe): {created.api_key}")


@app.command("list")
def list_companies(as_json: JsonOption = False) -> None:
    """Every company on this server."""
    companies = services().ledger().list_companies()
    if as_json:
        print_json([company_json(c) for c in companies])
        return
    print_table("Companies", COMPANY_COLUMNS, [company_row(c) for c in companies])


@app.command("set-email")
def set_email(
    company_id: CompanyOption,
    email: Annotated[str, typer.Argument(help='The notification address ("" to remove it).')],
    as_json: JsonOption = False,
) -> None:
    """Change where the company's import results and sync failures are emailed."""
    company = services().ledger().update_company(company_id, email=email)
    if as_json:
        print_json(company_json(company))
        return
    say(
        f"Company {company.id} now gets its emails at {company.email}"
        if company.email
        else f"Company {company.id} no longer gets emails"
    )


@app.command("new-key")
def new_key(company_id: CompanyOption, as_json: JsonOption = False) -> None:
    """Issue another API key for the company (shown once); existing keys keep working."""
    ledger = services().ledger()
    api_key = ledger.issue_api_key(company_id)
    company = ledger.get_company(company_id)
    if as_json:
        print_json({**company_json(company), "api_key": api_key})
        return
    say(f"New API key for company {company.id} (shown once, keep it safe): {api_key}")
