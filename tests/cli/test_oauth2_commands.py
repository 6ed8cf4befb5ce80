"""`certificate create` and `connect --auth oauth2`: the real CLI against the sandbox over real HTTP."""

from __future__ import annotations

import datetime as dt
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from netsuite_sandbox import SandboxServer
from tests.cli.conftest import Cli
from tests.cli.test_integration_commands import _no_netsuite_environment, credential_options, new_company

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("_no_netsuite_environment")]
_ = _no_netsuite_environment


def create_certificate(cli: Cli, folder: Path, *options: str) -> dict[str, str]:
    return dict(cli.json("certificate", "create", "--out", str(folder), *options))


@pytest.fixture
def mapped(cli: Cli, tmp_path: Path, netsuite_sandbox: SandboxServer) -> Iterator[dict[str, str]]:
    """A certificate made by the CLI and mapped in the sandbox, as an administrator would."""
    made = create_certificate(cli, tmp_path / "cert")
    kid = netsuite_sandbox.oauth2.register_certificate(Path(made["certificate_file"]).read_text())
    yield made | {"certificate_id": kid, "client_id": netsuite_sandbox.oauth2.client_id}
    netsuite_sandbox.oauth2.revoke_certificate(kid)


def oauth2_options(server: SandboxServer, mapped: dict[str, str]) -> list[str]:
    return [
        "--account-id", server.account_id, "--base-url", server.base_url, "--auth", "oauth2",
        "--client-id", mapped["client_id"], "--certificate-id", mapped["certificate_id"],
        "--private-key", mapped["private_key_file"],
    ]  # fmt: skip


def test_certificate_create_writes_a_private_key_only_its_owner_reads_and_a_p256_certificate(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli.ok("certificate", "create", "--out", str(tmp_path / "c"))

    key_file, certificate_file = (
        tmp_path / "c" / "netsuite-private-key.pem",
        tmp_path / "c" / "netsuite-certificate.pem",
    )
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    certificate = x509.load_pem_x509_certificate(certificate_file.read_bytes())
    key = certificate.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert lifetime <= dt.timedelta(days=730)
    assert "OAuth 2.0 Client Credentials (M2M) Setup" in result.stdout
    assert "connect --company ID --account-id ACCOUNT --auth oauth2" in result.stdout
    assert "PRIVATE KEY" not in result.stdout


def test_an_rsa_certificate_is_3072_bits_signed_with_pss(cli: Cli, tmp_path: Path) -> None:
    made = create_certificate(cli, tmp_path, "--key-type", "rsa", "--days", "365")
    certificate = x509.load_pem_x509_certificate(Path(made["certificate_file"]).read_bytes())
    key = certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 3072
    assert isinstance(certificate.signature_algorithm_parameters, padding.PSS)
    assert isinstance(certificate.signature_hash_algorithm, hashes.SHA256)
    assert made["algorithm"] == "PS256"


def test_a_certificate_longer_than_two_years_and_existing_files_are_refused(cli: Cli, tmp_path: Path) -> None:
    assert "730" in cli.refused("certificate", "create", "--out", str(tmp_path), "--days", "731")
    create_certificate(cli, tmp_path)
    assert "--force" in cli.refused("certificate", "create", "--out", str(tmp_path))


def test_connect_with_oauth2_uses_bearer_tokens_and_shows_the_certificate_not_the_key(
    cli: Cli, netsuite_sandbox: SandboxServer, mapped: dict[str, str]
) -> None:
    company = new_company(cli)

    result = cli.ok("connect", "--company", company, *oauth2_options(netsuite_sandbox, mapped))

    assert "OAuth 2.0 client credentials" in result.stdout
    stats = netsuite_sandbox.stats()
    assert stats["oauth2_tokens_issued"] == 1 and "tba" not in stats["requests_by_auth"]
    settings = cli.json("settings", "show", "--company", company)
    assert settings["auth"] == {
        "method": "oauth2",
        "client_id": mapped["client_id"],
        "certificate_id": mapped["certificate_id"],
        "certificate_expires_on": mapped["expires_on"],
        "certificate_warning": None,
    }
    table = cli.ok("settings", "show", "--company", company).stdout
    assert mapped["certificate_id"] in table and mapped["expires_on"] in table
    key = Path(mapped["private_key_file"]).read_text()
    for output in (result.output, table, json.dumps(settings)):
        assert key.splitlines()[1] not in output


def test_a_certificate_id_netsuite_does_not_know_saves_nothing_and_says_what_to_check(
    cli: Cli, netsuite_sandbox: SandboxServer, mapped: dict[str, str]
) -> None:
    company = new_company(cli)
    options = oauth2_options(netsuite_sandbox, mapped | {"certificate_id": "not-mapped"})

    line = cli.refused("connect", "--company", company, *options, code=1)

    assert "certificate ID" in line and "Log in using OAuth 2.0 Access Tokens" in line
    assert cli.run("settings", "show", "--company", company).exit_code != 0


def test_moving_from_tba_to_oauth2_keeps_the_connection_and_its_history(
    cli: Cli, netsuite_sandbox: SandboxServer, mapped: dict[str, str]
) -> None:
    company = new_company(cli)
    cli.json("connect", "--company", company, *credential_options(netsuite_sandbox))
    cli.ok("settings", "set", "--company", company, "--interval-minutes", "30")
    before = cli.json("settings", "show", "--company", company)

    cli.ok("connect", "--company", company, *oauth2_options(netsuite_sandbox, mapped))

    after = cli.json("settings", "show", "--company", company)
    assert (before["auth"]["method"], after["auth"]["method"]) == ("tba", "oauth2")
    assert after["interval_minutes"] == 30


def test_oauth2_options_without_auth_oauth2_are_pointed_out(
    cli: Cli, netsuite_sandbox: SandboxServer, mapped: dict[str, str]
) -> None:
    company = new_company(cli)
    options = [o for o in oauth2_options(netsuite_sandbox, mapped) if o not in ("--auth", "oauth2")]
    assert "--auth oauth2" in cli.refused("connect", "--company", company, *options)


def test_a_key_that_is_not_the_certificates_is_named(
    cli: Cli, netsuite_sandbox: SandboxServer, mapped: dict[str, str], tmp_path: Path
) -> None:
    other = create_certificate(cli, tmp_path / "other")
    options = [*oauth2_options(netsuite_sandbox, mapped), "--certificate", other["certificate_file"]]
    assert "does not belong" in cli.refused("connect", "--company", new_company(cli), *options)
