"""OAuth 2.0 client credentials end to end, as a NetSuite administrator in 2027 sets it up: the CLI
creates the certificate, a sandbox starts with it mapped, the CLI connects a company with --auth oauth2
and runs two accounting syncs and an import. Every request is a bearer request, the whole story mints
no more than two tokens (the token endpoint is counted with every other endpoint), a token that runs
out mid-run is replaced without failing the run, and a company on token-based auth keeps syncing
against the same account."""

from __future__ import annotations

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

    # The cached token runs out before the next run, and the ones minted then last a second while each
    # answer takes 0.3 s: tokens run out while the run is still going.
    requests.put(f"{sandbox.base_url}/_sandbox/oauth2", json={"token_lifetime_seconds": 1}, timeout=5)
    requests.post(f"{sandbox.base_url}/_sandbox/oauth2/expire-tokens", timeout=5)
    sandbox.set_governance(latency_ms=300)
    before = tokens_minted(sandbox)
    third = cli.json("sync", "--company", company)
    sandbox.set_governance(latency_ms=0)
    assert third["status"] == "succeeded", third
    assert tokens_minted(sandbox) - before >= 1, "the token was replaced during the run"
    refused = [a for a in stats(sandbox)["login_audit_trail"] if a["reason"] == "AccessTokenExpired"]
    assert refused, "the expired token was refused once and replaced"

    legacy = str(cli.json("company", "create", "Legacy Books")["id"])
    cli.json("connect", "--company", legacy, *credential_options(sandbox))
    cli.ok("settings", "set", "--company", legacy, "--fallback-item-id", "201")
    tba_run = cli.json("sync", "--company", legacy)
    assert tba_run["status"] == "succeeded", tba_run
    assert cli.json("sync", "--company", company)["status"] == "succeeded"  # and the OAuth 2.0 one still
    assert stats(sandbox)["requests_by_auth"]["tba"] >= 2
    assert cli.json("settings", "show", "--company", legacy)["auth"] == {"method": "tba"}
