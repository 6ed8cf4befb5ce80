"""`credit-note add|list|apply|void` and `invoice add --discount/--tax`, from the shell."""

from __future__ import annotations

from tests.cli.conftest import Acme, Cli, add_invoice


def test_an_invoice_with_a_discount_and_a_tax_totals_to_the_cent(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Seats:3:33.33", extra=("--discount", "10:SPRING", "--tax", "7.43"))

    assert (invoice["subtotal"], invoice["discount"], invoice["tax"]) == ("99.99", "10.00", "7.43")
    assert (invoice["total"], invoice["balance"]) == ("97.42", "97.42")


def test_a_credit_note_applied_to_two_invoices_then_listed(cli: Cli, acme: Acme) -> None:
    first = add_invoice(cli, acme, "Widget:1:60")
    second = add_invoice(cli, acme, "Gadget:1:60")
    note = cli.json(
        "credit-note", "add", "--company", acme.company, "--customer", acme.customer,
        "--item", "Returned widget:1:50", "--tax", "4.13:CA",
    )  # fmt: skip
    assert (note["number"], note["total"], note["status"]) == ("CN-00001", "54.13", "open")

    applied = cli.json(
        "credit-note", "apply", "--company", acme.company, str(note["id"]),
        "--invoice", str(first["id"]), "--amount", "40",
        "--invoice", str(second["id"]), "--amount", "14.13",
    )  # fmt: skip

    assert (applied["balance"], applied["status"]) == ("0.00", "paid")
    invoices = {i["id"]: i for i in cli.json("invoice", "list", "--company", acme.company)}
    assert (invoices[first["id"]]["amount_credited"], invoices[first["id"]]["balance"]) == ("40.00", "20.00")
    assert invoices[second["id"]]["balance"] == "45.87"
    listed = cli.json("credit-note", "list", "--company", acme.company)
    assert [(n["number"], n["total"], n["amount_applied"], n["status"]) for n in listed] == [
        ("CN-00001", "54.13", "54.13", "paid")
    ]
    assert "Credit notes of company" in cli.ok("credit-note", "list", "--company", acme.company).stdout


def test_applying_more_than_is_left_is_refused_in_one_line(cli: Cli, acme: Acme) -> None:
    invoice = add_invoice(cli, acme, "Widget:1:60")
    note = cli.json(
        "credit-note", "add", "--company", acme.company, "--customer", acme.customer, "--item", "Back:1:10"
    )

    said = cli.refused(
        "credit-note", "apply", "--company", acme.company, str(note["id"]),
        "--invoice", str(invoice["id"]), "--amount", "11",
    )  # fmt: skip

    assert "more than is left of it: its balance is 10.00 USD" in said


def test_a_credit_note_not_applied_can_be_voided(cli: Cli, acme: Acme) -> None:
    note = cli.json(
        "credit-note", "add", "--company", acme.company, "--customer", acme.customer, "--item", "Back:1:10"
    )

    voided = cli.json("credit-note", "void", "--company", acme.company, str(note["id"]))

    assert (voided["status"], voided["balance"]) == ("voided", "0.00")
