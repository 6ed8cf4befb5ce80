"""Every `--json` command prints exactly one JSON document on stdout, however noisy the process is:
logging at DEBUG, warnings on, and another thread logging through structlog and the standard library
while the command runs (as the sandbox, a lease renewer or a left-over worker thread does). Each command
starts from the logging a fresh process has, before configure_logging: the moment structlog's own
default would print to stdout."""

from __future__ import annotations

import json
import logging
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog

from entrypoints.logging_setup import route_to_standard_logging
from netsuite_sandbox import SandboxServer
from tests.cli.conftest import Cli
from tests.cli.test_integration_commands import credential_options

pytestmark = pytest.mark.integration


@pytest.fixture
def chatter(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """DEBUG logs as JSON, every warning shown, and a thread that never stops talking."""
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("LOG_FORMAT", "json")
    stop = threading.Event()

    def talk() -> None:
        ours, theirs = structlog.get_logger("adapters.redis.limiter"), logging.getLogger("urllib3")
        while not stop.wait(0.002):
            ours.warning("netsuite_slot_lease_renewal_failed", error="a test's chatter")
            ours.debug("still here")
            theirs.warning("a library's warning")
            warnings.warn("a deprecated call", DeprecationWarning, stacklevel=1)

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int, *_: Any) -> None:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno))  # as Python does

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        thread = threading.Thread(target=talk, name="chatter", daemon=True)
        thread.start()
        yield
        stop.set()
        thread.join(timeout=5)


def one_document(cli: Cli, *args: str) -> Any:
    route_to_standard_logging()  # as a new process has it
    result = cli.run(*args, "--json")
    assert result.exit_code == 0, f"{args}: {result.exit_code} {result.stderr} {result.exception!r}"
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as error:
        pytest.fail(f"{args} --json printed more than one JSON document ({error}): {result.stdout[:300]!r}")


def test_every_json_command_prints_one_document_on_stdout_while_the_process_logs(
    cli: Cli, chatter: None, netsuite_sandbox: SandboxServer, tmp_path: Path
) -> None:
    def run(*args: str) -> Any:
        return one_document(cli, *args)

    run("db", "upgrade")
    run("certificate", "create", "--out", str(tmp_path / "netsuite"))
    company = str(run("company", "create", "Harbor Point Books")["id"])
    run("company", "list")
    run("company", "set-email", "--company", company, "ar@harbor.example")
    run("company", "new-key", "--company", company)
    added = run("customer", "add", "--company", company, "Northwind Traders", "--currency", "usd")
    customer = str(added["id"])
    run("customer", "list", "--company", company)
    invoice = str(
        run("invoice", "add", "--company", company, "--customer", customer, "--item", "Workshop:2:100")["id"]
    )
    draft = run(
        "invoice", "add", "--company", company, "--customer", customer, "--item", "Extra:1:5", "--draft"
    )
    run("invoice", "issue", "--company", company, str(draft["id"]))
    run("invoice", "list", "--company", company)
    payment = run("payment", "add", "--company", company, "--invoice", invoice, "--amount", "20")
    run("payment", "list", "--company", company)
    run("payment", "void", "--company", company, str(payment["id"]))
    note = run("credit-note", "add", "--company", company, "--customer", customer, "--item", "Back:1:10")
    run("credit-note", "apply", "--company", company, str(note["id"]), "--invoice", invoice, "--amount", "10")
    run("credit-note", "list", "--company", company)
    spare = run("credit-note", "add", "--company", company, "--customer", customer, "--item", "Back:1:1")
    run("credit-note", "void", "--company", company, str(spare["id"]))
    run("invoice", "void", "--company", company, str(draft["id"]))

    run("connect", "--company", company, *credential_options(netsuite_sandbox))
    run("settings", "set", "--company", company, "--fallback-item-id", "201")
    run("settings", "show", "--company", company)
    run("import", "customers", "--company", company)
    run("import", "invoices", "--company", company)
    run("sync", "--company", company)
    run("runs", "--company", company)
    run("errors", "list", "--company", company)
    run("drift", "--company", company)
    run("disconnect", "--company", company)
