"""`company create|list|set-email|new-key`."""

from __future__ import annotations

from entrypoints.container import build_container
from tests.cli.conftest import Cli


def test_create_prints_the_id_and_an_api_key_that_authenticates_the_company(cli: Cli) -> None:
    created = cli.json("company", "create", "Acme Holdings", "--email", "finance@acme.example")

    assert isinstance(created["id"], int)
    assert created["api_key"].startswith("ink_")
    assert (created["name"], created["email"]) == ("Acme Holdings", "finance@acme.example")
    container = build_container()
    try:
        company = container.ledger().authenticate(created["api_key"])
    finally:
        container.shutdown_resources()
    assert company is not None and company.id == created["id"]


def test_only_a_hash_of_the_api_key_is_stored(cli: Cli) -> None:
    created = cli.json("company", "create", "Acme Holdings")

    stored = b"".join(p.read_bytes() for p in cli.database.parent.glob("ledger.db*"))
    assert created["api_key"].encode() not in stored


def test_create_without_json_shows_the_key_once_in_words(cli: Cli) -> None:
    output = cli.ok("company", "create", "Acme Holdings").stdout

    assert "Created company" in output and "Acme Holdings" in output
    assert output.count("ink_") == 1 and "shown once" in output


def test_list_shows_every_company_with_its_id(cli: Cli) -> None:
    first = cli.json("company", "create", "Acme Holdings")
    second = cli.json("company", "create", "Globex")

    listed = cli.json("company", "list")

    assert [(c["id"], c["name"]) for c in listed] == [
        (first["id"], "Acme Holdings"),
        (second["id"], "Globex"),
    ]
    assert all("api_key" not in c for c in listed), "a key is never shown again"
    table = cli.ok("company", "list").stdout
    assert "Acme Holdings" in table and "Globex" in table


def test_set_email_changes_where_results_are_sent(cli: Cli) -> None:
    company = cli.json("company", "create", "Acme Holdings")

    changed = cli.json("company", "set-email", "--company", str(company["id"]), "ar@acme.example")

    assert changed["email"] == "ar@acme.example"
    assert cli.json("company", "list")[0]["email"] == "ar@acme.example"


def test_a_malformed_email_is_refused_and_nothing_changes(cli: Cli) -> None:
    company = cli.json("company", "create", "Acme Holdings", "--email", "finance@acme.example")
    before = cli.ledger_state()

    line = cli.refused("company", "set-email", "--company", str(company["id"]), "not-an-address")

    assert "is not an email address" in line
    assert cli.ledger_state() == before


def test_new_key_adds_a_key_and_the_old_one_still_works(cli: Cli) -> None:
    company = cli.json("company", "create", "Acme Holdings")

    renewed = cli.json("company", "new-key", "--company", str(company["id"]))

    assert renewed["id"] == company["id"] and renewed["api_key"] != company["api_key"]
    container = build_container()
    try:
        ledger = container.ledger()
        assert ledger.authenticate(company["api_key"]) is not None
        assert ledger.authenticate(renewed["api_key"]) is not None
    finally:
        container.shutdown_resources()


def test_an_unknown_company_is_one_line_naming_the_id(cli: Cli) -> None:
    line = cli.refused("company", "set-email", "--company", "404", "a@b.example")

    assert line == "Error: No company with id 404: run `company list` to see the ids."


def test_a_company_needs_a_name(cli: Cli) -> None:
    assert "needs a name" in cli.refused("company", "create", "  ")
    assert cli.json("company", "list") == []
