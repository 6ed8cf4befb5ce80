"""`invoiced-netsuite sandbox serve` maps OAuth 2.0 certificates given on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from entrypoints.cli.main import build_app
from netsuite_sandbox import SandboxServer
from tests.support.oauth2 import certificate_pem, private_key


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[SandboxServer]:
    """Every server the command builds; serving returns at once instead of waiting for Ctrl-C."""
    built: list[SandboxServer] = []

    def serve_once(self: SandboxServer) -> None:
        built.append(self)
        self._httpd.server_close()

    monkeypatch.setattr(SandboxServer, "serve_forever", serve_once)
    return built


def serve(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), ["sandbox", "serve", "--port", "0", "--seed", "empty", *args])
    return result.exit_code, result.output


def test_certificates_and_their_ids_are_paired_in_order_and_printed(
    tmp_path: Path, served: list[SandboxServer]
) -> None:
    first, second = tmp_path / "first.pem", tmp_path / "second.pem"
    first.write_text(certificate_pem(private_key("P-256")))
    second.write_text(certificate_pem(private_key("P-384")))

    code, output = serve(
        "--client-id", "cid-123", "--certificate", str(first), "--certificate-id", "kid-one",
        "--certificate", str(second), "--token-lifetime-seconds", "30",
    )  # fmt: skip

    assert code == 0, output
    server = served[0]
    assert server.oauth2.client_id == "cid-123"
    assert server.certificate_ids[0] == "kid-one" and len(server.certificate_ids) == 2
    assert server.oauth2.token_lifetime_seconds == 30
    assert "cid-123" in output and "kid-one" in output and server.certificate_ids[1] in output
    assert server.credentials.consumer_key in output  # TBA credentials are printed beside them


def test_without_certificates_a_client_id_is_generated_and_the_control_endpoint_is_named(
    served: list[SandboxServer],
) -> None:
    code, output = serve()
    assert code == 0, output
    assert served[0].oauth2.client_id in output
    assert "/_sandbox/oauth2/certificates" in output


def test_a_key_netsuite_refuses_is_a_clear_error(tmp_path: Path, served: list[SandboxServer]) -> None:
    weak = tmp_path / "weak.pem"
    weak.write_text(certificate_pem(private_key("rsa2048")))
    code, output = serve("--certificate", str(weak))
    assert code != 0
    assert "3072 or 4096" in output
    assert served == []


def test_it_prints_a_connect_command_ready_to_paste(served: list[SandboxServer]) -> None:
    code, output = serve()

    assert code == 0, output
    server, c = served[0], served[0].credentials
    command = next(
        line.strip() for line in output.splitlines() if line.strip().startswith("invoiced-netsuite connect")
    )
    assert command == (
        f"invoiced-netsuite connect --company <company id> --account-id {server.account_id} "
        f"--consumer-key {c.consumer_key} --consumer-secret {c.consumer_secret} --token-id {c.token_id} "
        f"--token-secret {c.token_secret} --base-url {server.base_url}"
    )


def test_every_credential_option_says_what_it_is() -> None:
    result = CliRunner().invoke(build_app(), ["sandbox", "serve", "--help"], env={"COLUMNS": "200"})

    for option in ("--consumer-key", "--consumer-secret", "--token-id", "--token-secret"):
        (line,) = [row for row in result.output.splitlines() if f" {option} " in row]
        assert "TBA" in line, line
