"""The integration commands (connect, disconnect, settings, sync, import, runs, errors) driven through the
real CLI, against the NetSuite sandbox over real HTTP and a SQLite database of the test's own."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from dependency_injector import providers
from rich.console import Console
from typer.testing import CliRunner

from adapters.netsuite import RestNetSuiteGatewayFactory, RetryPolicy
from entrypoints.cli import integration, integration_progress
from entrypoints.cli.main import build_app
from entrypoints.container import build_container
from netsuite_sandbox import SandboxServer
from tests.cli.conftest import Cli

pytestmark = pytest.mark.integration

SECRET_ENV = (
    "NETSUITE_CONSUMER_KEY",
    "NETSUITE_CONSUMER_SECRET",
    "NETSUITE_TOKEN_ID",
    "NETSUITE_TOKEN_SECRET",
)


def _drop(record: logging.LogRecord) -> bool:
    return False


@pytest.fixture(autouse=True)
def _no_netsuite_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (*SECRET_ENV, "NETSUITE_ACCOUNT_ID"):
        monkeypatch.delenv(name, raising=False)
    # The sandbox runs in this process here (elsewhere it is another system): its own log lines
    # about refused logins must not pass for the CLI's output.
    sandbox_logger = logging.getLogger("netsuite_sandbox")
    sandbox_logger.addFilter(_drop)
    yield
    sandbox_logger.removeFilter(_drop)


def secrets_of(server: SandboxServer) -> list[str]:
    c = server.credentials
    return [c.consumer_key, c.consumer_secret, c.token_id, c.token_secret]


def credential_options(server: SandboxServer, **changes: str) -> list[str]:
    c = server.credentials
    values = {
        "--account-id": server.account_id,
        "--consumer-key": c.consumer_key,
        "--consumer-secret": c.consumer_secret,
        "--token-id": c.token_id,
        "--token-secret": c.token_secret,
        "--base-url": server.base_url,
    } | {f"--{name.replace('_', '-')}": value for name, value in changes.items()}
    return [part for option, value in values.items() for part in (option, value)]


def new_company(cli: Cli, name: str = "Harbor Point Books") -> str:
    return str(cli.json("company", "create", name)["id"])


def connect(cli: Cli, server: SandboxServer, company: str) -> Any:
    return cli.json("connect", "--company", company, *credential_options(server))


@pytest.fixture
def company(cli: Cli, netsuite_sandbox: SandboxServer) -> str:
    """A company connected to the sandbox (seeded per test by its sandbox_seed mark)."""
    company_id = new_company(cli)
    connect(cli, netsuite_sandbox, company_id)
    return company_id


def assert_no_secret_in(server: SandboxServer, *outputs: str) -> None:
    for output in outputs:
        for secret in secrets_of(server):
            assert secret not in output


# -- connect / disconnect ------------------------------------------------------------------------------


def test_connect_checks_the_credentials_and_never_prints_them(
    cli: Cli, netsuite_sandbox: SandboxServer
) -> None:
    company = new_company(cli)

    shown = cli.ok("connect", "--company", company, *credential_options(netsuite_sandbox)).stdout
    document = cli.json("settings", "show", "--company", company)
    table = cli.ok("settings", "show", "--company", company).stdout

    assert "connected to NetSuite account TSTDRV2450117" in shown
    assert "Warning: no fallback item is set, so invoices whose lines have no NetSuite item" in shown
    assert f"`settings set --company {company} --fallback-item-id" in shown
    assert document["id"] == int(company) and document["object"] == "netsuite_settings"
    assert document["account_id"] == "TSTDRV2450117" and document["auto_sync"] is True
    assert document["deposit_to"] == "undeposited_funds" and document["concurrency_limit"] == 5
    assert "Reconcile to NetSuite (auto-sync)" in table and "Undeposited Funds" in table
    assert_no_secret_in(netsuite_sandbox, shown, json.dumps(document), table)
    first_call = netsuite_sandbox.stats()["login_audit_trail"][0]
    assert (first_call["status"], first_call["path"]) == ("Success", "/services/rest/system/v1/serverTime")


def test_connect_as_json_is_one_document_with_ids_and_no_secrets(
    cli: Cli, netsuite_sandbox: SandboxServer
) -> None:
    company = new_company(cli)

    result = cli.ok("connect", "--company", company, *credential_options(netsuite_sandbox), "--json")

    document = json.loads(result.stdout)
    assert (document["id"], document["object"], document["company"]) == (
        int(company),
        "netsuite_connection",
        int(company),
    )
    assert document["base_url"] == netsuite_sandbox.base_url
    assert document["settings"]["id"] == int(company)
    assert_no_secret_in(netsuite_sandbox, result.stdout, result.stderr)


def test_the_secrets_can_come_from_the_environment(
    cli: Cli, netsuite_sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, secret in zip(SECRET_ENV, secrets_of(netsuite_sandbox), strict=True):
        monkeypatch.setenv(name, secret)
    monkeypatch.setenv("NETSUITE_ACCOUNT_ID", netsuite_sandbox.account_id)
    company = new_company(cli)

    result = cli.ok("connect", "--company", company, "--base-url", netsuite_sandbox.base_url, "--json")

    assert json.loads(result.stdout)["account_id"] == netsuite_sandbox.account_id
    assert_no_secret_in(netsuite_sandbox, result.output)


def test_missing_secrets_are_asked_for_with_a_hidden_prompt_in_a_terminal(
    cli: Cli, netsuite_sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integration, "can_prompt", lambda: True)
    company = new_company(cli)
    args = ["connect", "--company", company, "--account-id", netsuite_sandbox.account_id]
    result = CliRunner().invoke(
        build_app(),
        [*args, "--base-url", netsuite_sandbox.base_url],
        input="\n".join(secrets_of(netsuite_sandbox)) + "\n",
    )

    assert result.exit_code == 0, result.output
    assert "Consumer key" in result.output and "Token secret" in result.output
    assert_no_secret_in(netsuite_sandbox, result.output)
    assert cli.json("settings", "show", "--company", company)["account_id"] == netsuite_sandbox.account_id


def test_a_missing_secret_in_a_script_is_one_line_naming_where_to_put_it(
    cli: Cli, netsuite_sandbox: SandboxServer
) -> None:
    company = new_company(cli)
    options = credential_options(netsuite_sandbox)
    without_token_secret = options[: options.index("--token-secret")] + options[options.index("--base-url") :]

    line = cli.refused("connect", "--company", company, *without_token_secret)

    assert line == (
        "Error: The token secret is missing: give --token-secret or the NETSUITE_TOKEN_SECRET "
        "environment variable."
    )
    assert "not connected" in cli.refused("settings", "show", "--company", company, code=1)


def test_wrong_credentials_say_what_to_check_and_save_nothing(
    cli: Cli, netsuite_sandbox: SandboxServer
) -> None:
    company = new_company(cli)

    result = cli.run(
        "connect", "--company", company, *credential_options(netsuite_sandbox, token_secret="0" * 64)
    )

    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "INVALID_LOGIN" in result.stderr and "token" in result.stderr
    assert_no_secret_in(netsuite_sandbox, result.output)
    assert "not connected" in cli.refused("settings", "show", "--company", company, code=1)


def test_an_unreachable_netsuite_at_connect_says_nothing_was_saved_then_the_detail(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SandboxServer(seed="empty") as gone_away:
        pass  # its port is closed now: connection refused
    monkeypatch.setenv("NETSUITE_SANDBOX_PORTS", str(gone_away.port))  # the operator's sandbox, down
    company = new_company(cli)
    container = build_container()
    container.netsuite_gateways.override(
        providers.Object(RestNetSuiteGatewayFactory(retry=RetryPolicy(attempts=1), timeout=(1.0, 1.0)))
    )

    result = cli.run("connect", "--company", company, *credential_options(gone_away), obj=container)

    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    said, detail = line.split(" Details: ")
    assert "could not reach NetSuite" in said and "nothing was saved" in said
    assert "next sync will try again" not in said and "serverTime" not in said
    assert "serverTime" in detail
    assert "not connected" in cli.refused("settings", "show", "--company", company, code=1)


def test_a_bad_account_id_is_refused_before_any_call(cli: Cli, netsuite_sandbox: SandboxServer) -> None:
    company = new_company(cli)

    line = cli.refused(
        "connect", "--company", company, *credential_options(netsuite_sandbox, account_id="not an id!")
    )

    assert "is not a NetSuite account ID" in line
    assert netsuite_sandbox.stats()["requests"]["total"] == 0


def test_connecting_an_unknown_company_is_refused(cli: Cli, netsuite_sandbox: SandboxServer) -> None:
    line = cli.refused("connect", "--company", "999", *credential_options(netsuite_sandbox))

    assert line == "Error: Company 999 does not exist."


def test_disconnect_forgets_the_credentials_but_keeps_the_history(cli: Cli, company: str) -> None:
    cli.json("sync", "--company", company)

    gone = cli.json("disconnect", "--company", company)

    assert gone == {
        "id": int(company),
        "object": "netsuite_connection",
        "company": int(company),
        "account_id": "TSTDRV2450117",
        "connected": False,
    }
    assert "not connected" in cli.refused("settings", "show", "--company", company, code=1)
    assert "not connected" in cli.refused("disconnect", "--company", company, code=1)
    assert len(cli.json("runs", "--company", company)) == 1
    assert "Not connected to NetSuite" in cli.ok("runs", "--company", company).stdout


# -- settings ------------------------------------------------------------------------------------------


def test_settings_set_changes_only_what_is_given(cli: Cli, company: str) -> None:
    before = cli.json("settings", "show", "--company", company)

    after = cli.json(
        "settings",
        "set",
        "--company",
        company,
        "--auto-sync",
        "off",
        "--interval-minutes",
        "30",
        "--start-date",
        "2025-01-01",
        "--fallback-item-id",
        "201",
        "--deposit-account",
        "1",
        "--concurrency",
        "3",
        "--read-payments",
        "off",
        "--write-invoices",
        "off",
    )

    changed = {key for key in after if after[key] != before[key]}
    assert changed == {
        "auto_sync",
        "interval_minutes",
        "start_date",
        "fallback_item_id",
        "deposit_to",
        "deposit_account_id",
        "concurrency_limit",
        "read_payments",
        "write_invoices",
        "next_sync_at",
    }
    assert (after["auto_sync"], after["next_sync_at"], after["start_date"]) == (False, None, "2025-01-01")
    assert (after["deposit_to"], after["deposit_account_id"]) == ("account", "1")
    assert cli.json("settings", "show", "--company", company) == after


def test_settings_can_be_cleared_and_deposits_moved_back_to_undeposited_funds(cli: Cli, company: str) -> None:
    cli.json("settings", "set", "--company", company, "--start-date", "2025-01-01", "--deposit-account", "7")

    after = cli.json("settings", "set", "--company", company, "--start-date", "none", "--undeposited-funds")

    assert (after["start_date"], after["deposit_to"], after["deposit_account_id"]) == (
        None,
        "undeposited_funds",
        None,
    )


def test_turning_auto_sync_on_schedules_the_next_run(cli: Cli, company: str) -> None:
    cli.json("settings", "set", "--company", company, "--auto-sync", "off")

    shown = cli.json("settings", "set", "--company", company, "--auto-sync", "on", "--interval-minutes", "15")

    assert shown["auto_sync"] is True and shown["next_sync_at"] is not None
    assert "Next automatic sync" in cli.ok("runs", "--company", company).stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--auto-sync", "maybe"], "--auto-sync takes on or off, not 'maybe'."),
        (["--interval-minutes", "ten"], "--interval-minutes takes a whole number, not 'ten'."),
        (["--interval-minutes", "2"], "between 5 and 1440 minutes, not 2"),
        (["--concurrency", "0"], "concurrency limit must be between 1 and 50"),
        (["--start-date", "2025-13-01"], "is not a date: write it as YYYY-MM-DD"),
        (["--fallback-item-id", "Consulting"], "--fallback-item-id takes a NetSuite internal id"),
        (["--deposit-account", "5", "--undeposited-funds"], "Choose one: --deposit-account ID"),
        ([], "Nothing to change"),
    ],
)
def test_bad_settings_are_one_line_and_change_nothing(
    cli: Cli, company: str, args: list[str], says: str
) -> None:
    before = cli.json("settings", "show", "--company", company)

    line = cli.refused("settings", "set", "--company", company, *args)

    assert line.startswith("Error: ") and says in line
    assert cli.json("settings", "show", "--company", company) == before


# -- import, sync, runs ----------------------------------------------------------------------------------


@pytest.mark.sandbox_seed("demo")
def test_import_customers_then_invoices_brings_netsuite_s_open_invoices_at_their_balance(
    cli: Cli, company: str
) -> None:
    customers_run = cli.json("import", "customers", "--company", company)
    invoices_run = cli.json("import", "invoices", "--company", company)

    assert (customers_run["object"], customers_run["kind"], customers_run["status"]) == (
        "sync_run",
        "customer_import",
        "succeeded",
    )
    assert customers_run["counts"] == {"customers_imported": 6}
    assert invoices_run["kind"] == "invoice_import" and invoices_run["counts"] == {"invoices_imported": 6}
    assert invoices_run["errors"] == [] and invoices_run["trigger"] == "cli"
    invoices = cli.json("invoice", "list", "--company", company)
    assert len(invoices) == 6 and {i["origin"] for i in invoices} == {"netsuite"}
    balances = sorted(Decimal(i["balance"]) for i in invoices)
    # Acme's license (4800, 2000 paid in NetSuite) and Duval's migration (1680, 500 paid): what remains.
    assert balances == sorted(
        Decimal(x) for x in ("1500.00", "2800.00", "2400.00", "1180.00", "3000.00", "300.00")
    )


@pytest.mark.sandbox_seed("demo")
def test_sync_writes_invoiced_invoices_and_a_second_sync_has_nothing_to_do(cli: Cli, company: str) -> None:
    cli.json("settings", "set", "--company", company, "--fallback-item-id", "201")
    customer = cli.json("customer", "add", "--company", company, "Northwind Traders", "--currency", "usd")
    invoice = cli.json(
        "invoice", "add", "--company", company, "--customer", str(customer["id"]), "--item", "Workshop:2:1250"
    )
    cli.json("payment", "add", "--company", company, "--invoice", str(invoice["id"]), "--amount", "500")

    first = cli.json("sync", "--company", company)
    second = cli.ok("sync", "--company", company)

    assert (first["status"], first["trigger"], first["errors"]) == ("succeeded", "cli", [])
    assert first["counts"]["customers_written"] == 1
    assert (first["counts"]["invoices_written"], first["counts"]["payments_written"]) == (1, 1)
    assert first["counts"]["invoices_imported"] == 6, "the sync also brings NetSuite's open invoices"
    assert "succeeded" in second.stdout and "nothing to do" in second.stdout and second.stderr == ""
    runs = cli.json("runs", "--company", company)
    assert [r["id"] for r in runs] == sorted((r["id"] for r in runs), reverse=True)
    assert runs[-1]["id"] == first["id"] and all("id" in r and r["object"] == "sync_run" for r in runs)
    table = cli.ok("runs", "--company", company).stdout
    assert "Recent Syncs of company" in table and "1 invoice written to NetSuite" in table
    assert "6 invoices imported from NetSuite" in table and "nothing to do" in table


def test_sync_and_import_need_a_connection(cli: Cli) -> None:
    company = new_company(cli)

    for command in (["sync"], ["import", "invoices"], ["import", "customers"]):
        line = cli.refused(*command, "--company", company, code=1)
        assert "Connect this company to NetSuite first" in line
    assert cli.json("runs", "--company", company) == []
    assert "No company with id 999" in cli.refused("runs", "--company", "999")


def test_a_sync_that_cannot_reach_netsuite_fails_with_one_line_and_exit_1(cli: Cli) -> None:
    with SandboxServer(seed="empty") as gone_away:
        company = new_company(cli)
        connect(cli, gone_away, company)
    container = build_container()
    container.netsuite_gateways.override(
        providers.Object(RestNetSuiteGatewayFactory(retry=RetryPolicy(attempts=1), timeout=(1.0, 1.0)))
    )

    result = cli.run("sync", "--company", company, obj=container)
    as_json = cli.run("sync", "--company", company, "--json", obj=container)

    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "failed" in result.stderr
    assert as_json.exit_code == 1
    document = json.loads(as_json.stdout)
    assert document["status"] == "failed" and document["error"]
    assert [r["status"] for r in cli.json("runs", "--company", company)] == ["failed", "failed"]


# -- errors ----------------------------------------------------------------------------------------------


@pytest.fixture
def failing_invoice(cli: Cli, company: str) -> dict[str, Any]:
    """An invoice that cannot be written: its line has no NetSuite item and no fallback item is set."""
    customer = cli.json("customer", "add", "--company", company, "Northwind Traders")
    invoice: dict[str, Any] = cli.json(
        "invoice", "add", "--company", company, "--customer", str(customer["id"]), "--item", "Workshop:1:900"
    )
    return invoice


def test_a_record_that_does_not_sync_is_listed_with_its_reason_and_what_to_do(
    cli: Cli, company: str, failing_invoice: dict[str, Any]
) -> None:
    run = cli.json("sync", "--company", company)
    human = cli.ok("sync", "--company", company).stdout

    assert run["status"] == "partial" and run["error_count"] == 1
    [error] = run["errors"]
    assert error["object"] == "sync_error" and error["record_label"] == f"Invoice {failing_invoice['number']}"
    assert error["direction"] == "to_netsuite" and "fallback item" in error["hint"]
    assert "1 record(s) did not sync" in human and "Records that did not sync" in human
    listed = cli.json("errors", "list", "--company", company)
    assert [e["id"] for e in listed] == [error["id"]] and listed[0]["occurrences"] == 2
    assert f"Invoice {failing_invoice['number']}" in cli.ok("errors", "list", "--company", company).stdout


def test_an_ignored_error_is_skipped_until_retried_and_a_retry_that_passes_resolves_it(
    cli: Cli, company: str, failing_invoice: dict[str, Any]
) -> None:
    [error] = cli.json("sync", "--company", company)["errors"]

    ignored = cli.json("errors", "ignore", "--company", company, str(error["id"]))
    skipped = cli.json("sync", "--company", company)
    still = cli.run("errors", "retry", "--company", company, str(error["id"]))
    cli.json("settings", "set", "--company", company, "--fallback-item-id", "201")
    retried = cli.json("errors", "retry", "--company", company, str(error["id"]))

    assert ignored["status"] == "ignored"
    assert skipped["status"] == "succeeded" and skipped["errors"] == []
    assert cli.json("errors", "list", "--company", company, "--status", "ignored") == []
    assert still.exit_code == 1 and "is still open" in still.stderr and "fallback item" in still.stderr
    assert retried["resolved"] is True and retried["status"] == "resolved"
    assert retried["retry_sync"]["counts"]["invoices_written"] == 1
    assert cli.json("errors", "list", "--company", company) == []
    assert [e["status"] for e in cli.json("errors", "list", "--company", company, "--status", "all")] == [
        "resolved"
    ]


def test_errors_commands_refuse_unknown_ids_and_statuses(cli: Cli, company: str) -> None:
    assert (
        cli.refused("errors", "retry", "--company", company, "4242")
        == "Error: Sync error 4242 does not exist."
    )
    assert (
        cli.refused("errors", "ignore", "--company", company, "4242")
        == "Error: Sync error 4242 does not exist."
    )
    assert "--status takes open, ignored, resolved or all" in cli.refused(
        "errors", "list", "--company", company, "--status", "broken"
    )


# -- progress --------------------------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Make the progress bar believe stderr is a terminal, and keep what it draws."""
    drawn = io.StringIO()
    monkeypatch.setattr(
        integration_progress,
        "stderr_console",
        lambda: Console(file=drawn, force_terminal=True, width=100),
    )
    return drawn


@pytest.mark.sandbox_seed("demo")
def test_a_long_import_shows_a_progress_bar_in_a_terminal(
    cli: Cli, company: str, terminal: io.StringIO
) -> None:
    result = cli.ok("import", "customers", "--company", company)

    assert "Importing customers from NetSuite" in terminal.getvalue()
    assert "6/6" in terminal.getvalue()
    assert "Customer import" in result.stdout


@pytest.mark.sandbox_seed("demo")
def test_no_progress_bar_with_json_or_when_not_a_terminal(
    cli: Cli, company: str, terminal: io.StringIO
) -> None:
    as_json = cli.ok("import", "customers", "--company", company, "--json")
    json.loads(as_json.stdout)

    assert terminal.getvalue() == "" and as_json.stderr == ""


def test_no_progress_bar_on_a_pipe(cli: Cli, company: str) -> None:
    result = cli.ok("sync", "--company", company)

    assert result.stderr == ""
