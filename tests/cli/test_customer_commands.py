"""`customer add|list`."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_add_and_list_customers(cli: Cli) -> None:
    company = str(cli.json("company", "create", "Acme Holdings")["id"])

    added = cli.json(
        "customer", "add", "--company", company, "Road Runner Inc", "--number", "RR-1",
        "--email", "ap@roadrunner.example", "--currency", "EUR", "--type", "person", "--terms", "NET 15",
    )  # fmt: skip
    generated = cli.json("customer", "add", "--company", company, "Globex")

    assert added == {
        **added,
        "object": "customer",
        "name": "Road Runner Inc",
        "number": "RR-1",
        "email": "ap@roadrunner.example",
        "currency": "eur",
        "type": "person",
        "payment_terms": "NET 15",
        "origin": "invoiced",
    }
    assert generated["number"] == "CUST-00002"
    listed = cli.json("customer", "list", "--company", company)
    assert [c["id"] for c in listed] == [added["id"], generated["id"]]
    assert "Road Runner Inc" in cli.ok("customer", "list", "--company", company).stdout


def test_customers_belong_to_their_company(cli: Cli) -> None:
    acme = str(cli.json("company", "create", "Acme")["id"])
    globex = str(cli.json("company", "create", "Globex")["id"])
    cli.json("customer", "add", "--company", acme, "Only Acme's")

    assert cli.json("customer", "list", "--company", globex) == []


def test_bad_customer_input_is_one_line_and_writes_nothing(cli: Cli) -> None:
    company = str(cli.json("company", "create", "Acme")["id"])
    cli.json("customer", "add", "--company", company, "Taken", "--number", "C-1")
    before = cli.ledger_state()

    assert "Unknown currency 'xyz'" in cli.refused(
        "customer", "add", "--company", company, "A", "--currency", "xyz"
    )
    assert "'company' or 'person'" in cli.refused(
        "customer", "add", "--company", company, "A", "--type", "robot"
    )
    assert "No company with id 99" in cli.refused("customer", "add", "--company", "99", "A")
    assert "No company with id 99" in cli.refused("customer", "list", "--company", "99")
    assert "C-1 has already been taken" in cli.refused(
        "customer", "add", "--company", company, "B", "--number", "C-1", code=1
    )
    assert cli.ledger_state() == before
