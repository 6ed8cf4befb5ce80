"""`payment add|list`: amounts are decimals as written, and a payment is recorded whole or not at all."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Acme, Cli, add_invoice


def test_a_payment_applied_to_two_invoices_reduces_both_balances(cli: Cli, acme: Acme) -> None:
    first = add_invoice(cli, acme, "Widget:2:10.50")
    second = add_invoice(cli, acme, "Gadget:1:100")

    payment = cli.json(
        "payment", "add", "--company", acme.company,
        "--invoice", str(first["id"]), "--amount", "21",
        "--invoice", str(second["id"]), "--amount", "40.5",
        "--method", "check", "--reference", "CHK-1001", "--date", "2026-01-20",
    )  # fmt: skip

    assert isinstance(payment["id"], int) and payment["object"] == "payment"
    assert (payment["amount"], payment["currency"], payment["method"]) == ("61.50", "usd", "check")
    assert (payment["reference"], payment["date"], payment["unapplied"]) == ("CHK-1001", "2026-01-20", "0.00")
    assert payment["applied_to"] == [
        {"type": "invoice", "invoice": first["id"], "amount": "21.00"},
        {"type": "invoice", "invoice": second["id"], "amount": "40.50"},
    ]
    invoices = {i["id"]: i for i in cli.json("invoice", "list", "--company", acme.company)}
    assert (invoices[first["id"]]["balance"], invoices[first["id"]]["status"]) == ("0.00", "paid")
    assert (invoices[second["id"]]["balance"], invoices[second["id"]]["amount_paid"]) == ("59.50", "40.50")


def test_a_float_looking_amount_is_taken_as_the_decimal_written(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:1")

    payment = cli.json(
        "payment", "add", "--company", acme.company, "--invoice", str(invoice["id"]), "--amount", "0.1"
    )

    assert payment["amount"] == "0.10"
    assert cli.json("invoice", "list", "--company", acme.company)[0]["balance"] == "0.90"


def test_list_shows_payments_and_what_they_pay(cli: Cli, acme: Acme) -> None:
    first = add_invoice(cli, acme, "Widget:1:10")
    second = add_invoice(cli, acme, "Gadget:1:10")
    paid_first = cli.json(
        "payment", "add", "--company", acme.company, "--invoice", str(first["id"]), "--amount", "5"
    )
    cli.json("payment", "add", "--company", acme.company, "--invoice", str(second["id"]), "--amount", "6")

    assert len(cli.json("payment", "list", "--company", acme.company)) == 2
    only_first = cli.json("payment", "list", "--company", acme.company, "--invoice", str(first["id"]))
    assert [p["id"] for p in only_first] == [paid_first["id"]]
    table = cli.ok("payment", "list", "--company", acme.company).stdout
    assert "INV-00001 5.00" in table and "Wile E. Coyote" in table


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("10,5", "'10,5' is not an amount"),
        ("abc", "'abc' is not an amount"),
        ("1e3", "'1e3' is not an amount"),
        ("1,000.00", "is not an amount"),
        ("NaN", "is not an amount"),
        ("0", "must be above zero"),
        ("-5", "must be above zero"),
        ("10.01", "would overpay it: its balance is 10.00 USD"),
    ],
)
def test_a_bad_amount_is_one_line_and_writes_nothing(cli: Cli, acme: Acme, amount: str, says: str) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:10")
    before = cli.ledger_state()

    line = cli.refused(
        "payment", "add", "--company", acme.company, "--invoice", str(invoice["id"]), "--amount", amount
    )

    assert says in line
    assert cli.ledger_state() == before


def test_an_overpayment_of_one_invoice_leaves_the_others_unpaid(cli: Cli, acme: Acme) -> None:
    first = add_invoice(cli, acme, "Widget:1:10")
    second = add_invoice(cli, acme, "Gadget:1:10")
    before = cli.ledger_state()

    line = cli.refused(
        "payment", "add", "--company", acme.company,
        "--invoice", str(first["id"]), "--amount", "10",
        "--invoice", str(second["id"]), "--amount", "99",
    )  # fmt: skip

    assert "Applying 99.00 USD to Invoice INV-00002 would overpay it" in line
    assert cli.ledger_state() == before


@pytest.mark.parametrize(
    ("args", "says", "code"),
    [
        (
            ("--invoice", "{invoice}", "--amount", "1", "--method", "bitcoin"),
            "Unknown payment method 'bitcoin'",
            2,
        ),
        (("--invoice", "999", "--amount", "1"), "No invoice with id 999", 2),
        (("--invoice", "{invoice}"), "one --amount for each --invoice (got 1 invoice(s) and 0", 2),
        (("--amount", "5"), "Say which invoice the payment is for", 2),
        (
            ("--invoice", "{invoice}", "--amount", "1", "--date", "yesterday"),
            "--date 'yesterday' is not a date",
            2,
        ),
        (("--invoice", "{draft}", "--amount", "1"), "is a draft; issue it before applying payments", 2),
    ],
)
def test_bad_payment_input_is_one_line_and_writes_nothing(
    cli: Cli, acme: Acme, args: tuple[str, ...], says: str, code: int
) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:10")
    draft = add_invoice(cli, acme, "Widget:1:10", extra=("--draft",))
    before = cli.ledger_state()

    filled = [a.format(invoice=invoice["id"], draft=draft["id"]) for a in args]
    line = cli.refused("payment", "add", "--company", acme.company, *filled, code=code)

    assert says in line
    assert cli.ledger_state() == before


def test_an_unknown_company_is_refused(cli: Cli) -> None:
    assert "No company with id 7" in cli.refused(
        "payment", "add", "--company", "7", "--invoice", "1", "--amount", "1"
    )
    assert "No company with id 7" in cli.refused("payment", "list", "--company", "7")


def test_an_invoice_with_a_payment_is_voided_after_payment_void(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:100")
    payment = cli.json(
        "payment", "add", "--company", acme.company, "--invoice", str(invoice["id"]), "--amount", "40"
    )

    refused = cli.refused("invoice", "void", "--company", acme.company, str(invoice["id"]))
    assert "void those payments first" in refused
    assert f"`invoiced-netsuite payment void --company {acme.company} {payment['id']}`" in refused

    said = cli.ok("payment", "void", "--company", acme.company, str(payment["id"])).stdout
    assert f"Voided payment {payment['id']} (40.00 USD)" in said and "INV-00001" in said
    assert cli.json("invoice", "list", "--company", acme.company)[0]["balance"] == "100.00"
    again = cli.refused("payment", "void", "--company", acme.company, str(payment["id"]))
    assert "already voided" in again
    voided = cli.json("invoice", "void", "--company", acme.company, str(invoice["id"]))
    assert voided["status"] == "voided"


def test_tables_show_words_not_raw_values(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:100")
    cli.json(
        "payment", "add", "--company", acme.company, "--invoice", str(invoice["id"]),
        "--amount", "100", "--method", "wire_transfer",
    )  # fmt: skip

    payments = cli.ok("payment", "list", "--company", acme.company).stdout
    invoices = cli.ok("invoice", "list", "--company", acme.company).stdout

    assert "Wire transfer" in payments and "wire_transfer" not in payments
    assert "Paid" in invoices and "Invoiced" in invoices and "invoiced" not in invoices
    assert (
        cli.json("payment", "list", "--company", acme.company)[0]["method"] == "wire_transfer"
    )  # JSON keeps it
