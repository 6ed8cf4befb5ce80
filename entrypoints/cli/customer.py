"""`invoiced-netsuite customer ...`: the customers of one company."""

from __future__ import annotations

from typing import Annotated

import typer

from entrypoints.cli.company import CompanyOption
from entrypoints.cli.context import services
from entrypoints.cli.output import JsonOption, print_json, print_table, say
from entrypoints.cli.views import CUSTOMER_COLUMNS, customer_json, customer_row

app = typer.Typer(help="Customers of a company.", no_args_is_help=True)


@app.command("add")
def add_customer(
    company_id: CompanyOption,
    name: Annotated[str, typer.Argument(help="The customer's name.")],
    number: Annotated[
        str | None, typer.Option("--number", help="Account number (default: the next CUST-00001).")
    ] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO code, e.g. usd.")] = None,
    customer_type: Annotated[str, typer.Option("--type", help="company or person.")] = "company",
    terms: Annotated[str | None, typer.Option("--terms", help='Payment terms, e.g. "NET 30".')] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a customer to a company."""
    customer = (
        services()
        .ledger()
        .create_customer(
            company_id,
            name,
            number=number,
            email=email,
            type=customer_type.strip().lower(),
            currency=currency,
            payment_terms=terms,
        )
    )
    if as_json:
        print_json(customer_json(customer))
        return
    say(f"Added customer {customer.id}: {customer.name} ({customer.number})")


@app.command("list")
def list_customers(company_id: CompanyOption, as_json: JsonOption = False) -> None:
    """The company's customers."""
    customers = services().ledger().list_customers(company_id).items
    if as_json:
        print_json([customer_json(c) for c in customers])
        return
    print_table(f"Customers of company {company_id}", CUSTOMER_COLUMNS, [customer_row(c) for c in customers])
