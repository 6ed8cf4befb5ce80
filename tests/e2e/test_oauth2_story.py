"""OAuth 2.0 client credentials end to end, as a NetSuite administrator in 2027 sets it up: the CLI
creates the certificate, a sandbox starts with it mapped, the CLI connects a company with --auth oauth2
and runs two accounting syncs and an import. Every request is a bearer request, the whole story mints
no more than two tokens (the token endpoint is counted with every other endpoint), a token that runs
out mid-run is replaced without failing the run, and a company on token-based auth keeps syncing
against the same account."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from adapters.netsuite.oauth2 import local_token_cache
from netsuite_sandbox import SandboxServer
from tests.cli.conftest import Cli
from tests.cli.test_integration_commands import _no_netsuite_environment, credential_options

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.integration,
    pytest.mark.usefixtures("_no_netsuite_environment"),
]
_ = _no_netsuite_environment
CLIENT_ID = "7f1c0c0d4a5e4b0d9d4a3f0e6f2b9c1a7f1c0c0d4a5e4b0d9d4a3f0e6f2b9c1a"


@pytest.fixture
def certificate(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    return dict(cli.json("certificate", "create", "--out", str(tmp_path / "netsuite")))


@pytest.fixture
def sandbox(certificate: dict[str, Any]) -> Iterator[SandboxServer]:
    """The account, with the certificate mapped as `sandbox serve --client-id … --certificate …` does."""
    pem = Path(certificate["certificate_file"]).read_text()
    server = SandboxServer(seed="demo", client_id=CLIENT_ID, certificates=[(pem, None)]).start()
    local_token_cache().__init__()  # type: ignore[misc]  # no token left from another test's account
    yield server
    server.stop()


def stats(server: SandboxServer) -> dict[str, Any]:
    return dict(requests.get(f"{server.base_url}/_sandbox/stats", timeout=5).json())


def tokens_minted(server: SandboxServer) -> int:
    by_endpoint = stats(server)["requests"]["by_endpoint"]
    return sum(by_endpoint.get("POST /auth/oauth2/v1/token", {}).values())


@contextlib.contextmanager
def tokens_expire_mid_run(server: SandboxServer) -> Iterator[threading.Event]:
    """Every token issued so far expires once the next token minted has let one request in: an expiry in
    the middle of a run whatever the machine's speed (no short token lifetime to race against)."""
    minted, stop, expired = tokens_minted(server), threading.Event(), threading.Event()

    def watch() -> None:
        while tokens_minted(server) == minted:
            if stop.wait(0.01):
                return
        let_in = server.authenticated["bearer"]
        while server.authenticated["bearer"] == let_in:
            if stop.wait(0.005):
                return
        requests.post(f"{server.base_url}/_sandbox/oauth2/expire-tokens", timeout=5)
        expired.set()

    watcher = threading.Thread(target=watch, name="expire-tokens-mid-run", daemon=True)
    watcher.start()
    try:
        yield expired
    finally:
        stop.set()
        watcher.join(timeout=10)


def test_a_company_connected_with_oauth2_syncs_on_bearer_tokens_beside_a_tba_company(
    cli: Cli, sandbox: SandboxServer, certificate: dict[str, Any]
) -> None:
    company = str(cli.json("company", "create", "Harbor Point Books")["id"])
    connected = cli.json(
        "connect", "--company", company, "--account-id", sandbox.account_id, "--base-url", sandbox.base_url,
        "--auth", "oauth2", "--client-id", CLIENT_ID, "--certificate-id", sandbox.certificate_ids[0],
        "--private-key", certificate["private_key_file"],
    )  # fmt: skip
    assert connected["auth"]["method"] == "oauth2"
    assert connected["auth"]["certificate_expires_on"] == certificate["expires_on"]
    cli.ok("settings", "set", "--company", company, "--fallback-item-id", "201")
    customer = str(
        cli.json("customer", "add", "--company", company, "Northwind Traders", "--currency", "usd")["id"]
    )
    cli.json(
        "invoice",
        "add",
        "--company",
        company,
        "--customer",
        customer,
        "--item",
        "Implementation workshop:2:1250",
    )

    first = cli.json("sync", "--company", company)
    imported = cli.json("import", "invoices", "--company", company)
    second = cli.json("sync", "--company", company)

    assert [run["status"] for run in (first, imported, second)] == ["succeeded"] * 3
    after = stats(sandbox)
    assert after["requests_by_auth"].get("tba", 0) == 0, "every request of the story is a bearer request"
    assert after["requests_by_auth"]["bearer"] >= 10
    assert tokens_minted(sandbox) <= 2 and after["oauth2_tokens_issued"] == tokens_minted(sandbox)

    # The cached token runs out before the next run, and the one minted then runs out while the run is
    # still going (right after its first request is let in; each answer takes 0.3 s).
    requests.post(f"{sandbox.base_url}/_sandbox/oauth2/expire-tokens", timeout=5)
    sandbox.set_governance(latency_ms=300)
    before = tokens_minted(sandbox)
    with tokens_expire_mid_run(sandbox) as expired_mid_run:
        third = cli.json("sync", "--company", company)
    sandbox.set_governance(latency_ms=0)
    assert expired_mid_run.is_set(), "the token ran out while the run was going"
    assert third["status"] == "succeeded", third
    assert tokens_minted(sandbox) - before >= 2, "the token was replaced before the run and during it"
    refused = [a for a in stats(sandbox)["login_audit_trail"] if a["reason"] == "AccessTokenExpired"]
    assert len(refused) >= 2, "each expired token was refused and replaced"

    legacy = str(cli.json("company", "create", "Legacy Books")["id"])
    cli.json("connect", "--company", legacy, *credential_options(sandbox))
    cli.ok("settings", "set", "--company", legacy, "--fallback-item-id", "201")
    tba_run = cli.json("sync", "--company", legacy)
    assert tba_run["status"] == "succeeded", tba_run
    assert cli.json("sync", "--company", company)["status"] == "succeeded"  # and the OAuth 2.0 one still
    assert stats(sandbox)["requests_by_auth"]["tba"] >= 2
    assert cli.json("settings", "show", "--company", legacy)["auth"] == {"method": "tba"}
