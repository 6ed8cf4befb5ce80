"""`invoice add|list|issue|void`."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Acme, Cli, add_invoice


def test_add_writes_an_issued_invoice_with_exact_money_as_strings(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(
        cli,
        acme,
        "Widget:2:10.50",
        "Setup fee:1:99.999",
        extra=("--date", "2026-01-15", "--due-date", "2026-02-14"),
    )

    assert isinstance(invoice["id"], int) and invoice["object"] == "invoice"
    assert invoice["customer"] == int(acme.customer)
    assert (invoice["number"], invoice["currency"], invoice["draft"]) == ("INV-00001", "usd", False)
    assert (invoice["date"], invoice["due_date"]) == ("2026-01-15", "2026-02-14")
    assert invoice["items"] == [
        {"name": "Widget", "description": "", "quantity": "2", "unit_cost": "10.50", "amount": "21.00"},
        {"name": "Setup fee", "description": "", "quantity": "1", "unit_cost": "99.999", "amount": "100.00"},
    ]
    # 120.999 exactly; shown under the one rounding rule (half up, two decimals)
    assert (invoice["total"], invoice["balance"], invoice["amount_paid"]) == ("121.00", "121.00", "0.00")


def test_a_name_may_contain_colons(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Support: March:1:90.5", r"Ratio 16\:9 screen:3:10")

    assert [(i["name"], i["quantity"], i["unit_cost"]) for i in invoice["items"]] == [
        ("Support: March", "1", "90.50"),
        ("Ratio 16:9 screen", "3", "10.00"),
    ]


def test_a_draft_is_issued_then_voided(cli: Cli, acme: Acme) -> None:
    draft = add_invoice(cli, acme, "Widget:1:10", extra=("--draft", "--number", "Q-7", "--currency", "usd"))
    assert (draft["number"], draft["draft"], draft["status"]) == ("Q-7", True, "draft")

    issued = cli.json("invoice", "issue", "--company", acme.company, str(draft["id"]))
    assert (issued["draft"], issued["status"], issued["version"]) == (False, "not_sent", 2)

    voided = cli.json("invoice", "void", "--company", acme.company, str(draft["id"]))
    assert (voided["voided"], voided["status"], voided["balance"]) == (True, "voided", "0.00")


def test_list_shows_the_company_invoices(cli: Cli, acme: Acme) -> None:
    first = add_invoice(cli, acme, "Widget:1:10")
    second = add_invoice(cli, acme, "Gadget:3:2.5", extra=("--draft",))

    listed = cli.json("invoice", "list", "--company", acme.company)
    assert [(i["id"], i["number"], i["status"], i["total"]) for i in listed] == [
        (first["id"], "INV-00001", "not_sent", "10.00"),
        (second["id"], "INV-00002", "draft", "7.50"),
    ]
    table = cli.ok("invoice", "list", "--company", acme.company).stdout
    assert "INV-00002" in table and "7.50 USD" in table and "Wile E. Coyote" in table
    by_customer = cli.json("invoice", "list", "--company", acme.company, "--customer", acme.customer)
    assert len(by_customer) == 2


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--item", "Widget:2"), "must look like NAME:QUANTITY:UNIT_COST"),
        (("--item", ":2:10"), "has no name"),
        (("--item", "Widget:two:10"), "'two' is not a quantity"),
        (("--item", "Widget:2:10,50"), "'10,50' is not an amount"),
        (("--item", "Widget:2:$10"), "is not an amount"),
        (("--item", "Widget:0:10"), "quantity above zero"),
        (("--item", "Widget:2:10", "--currency", "xyz"), "Unknown currency 'xyz'"),
        (("--item", "Widget:2:10", "--date", "15/01/2026"), "--date '15/01/2026' is not a date"),
        (
            ("--item", "Widget:2:10", "--date", "2026-02-01", "--due-date", "2026-01-01"),
            "before the invoice date",
        ),
        ((), "needs at least one --item"),
    ],
)
def test_bad_invoice_input_is_one_line_and_writes_nothing(
    cli: Cli, acme: Acme, args: tuple[str, ...], says: str
) -> None:
    before = cli.ledger_state()

    line = cli.refused("invoice", "add", "--company", acme.company, "--customer", acme.customer, *args)

    assert says in line
    assert cli.ledger_state() == before


def test_unknown_company_customer_or_invoice(cli: Cli, acme: Acme) -> None:
    before = cli.ledger_state()

    assert "No company with id 99" in cli.refused(
        "invoice", "add", "--company", "99", "--customer", acme.customer, "--item", "W:1:1"
    )
    assert "No customer with id 99" in cli.refused(
        "invoice", "add", "--company", acme.company, "--customer", "99", "--item", "W:1:1"
    )
    assert "No invoice with id 99" in cli.refused("invoice", "issue", "--company", acme.company, "99")
    assert "No invoice with id 99" in cli.refused("invoice", "void", "--company", acme.company, "99")
    assert "No company with id 99" in cli.refused("invoice", "list", "--company", "99")
    assert cli.ledger_state() == before


def test_invoice_rules_are_explained(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:10")
    cli.json("payment", "add", "--company", acme.company, "--invoice", str(invoice["id"]), "--amount", "4")
    before = cli.ledger_state()

    assert "has already been issued" in cli.refused(
        "invoice", "issue", "--company", acme.company, str(invoice["id"])
    )
    assert "void those payments first" in cli.refused(
        "invoice", "void", "--company", acme.company, str(invoice["id"])
    )
    assert "INV-00001 has already been taken" in cli.refused(
        "invoice", "add", "--company", acme.company, "--customer", acme.customer,
        "--item", "W:1:1", "--number", "INV-00001", code=1,
    )  # fmt: skip
    assert cli.ledger_state() == before


def test_another_company_cannot_touch_an_invoice(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:10", extra=("--draft",))
    other = str(cli.json("company", "create", "Globex")["id"])

    assert f"No invoice with id {invoice['id']}" in cli.refused(
        "invoice", "issue", "--company", other, str(invoice["id"])
    )
