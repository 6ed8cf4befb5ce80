"""Nothing secret is written anywhere: one company on token-based auth and one on OAuth 2.0 go through
connect (a wrong secret first), settings, invoices, syncs, an import emailed over real SMTP, the API and
the dashboard, all at LOG_LEVEL=DEBUG; then every credential is looked for, as it is, percent-encoded
(once and twice) and in base64, in the logs (ours and the libraries': oauthlib, requests-oauthlib,
urllib3, SQLAlchemy, Dramatiq), the CLI's stdout and stderr, the HTTP answers, the emails and a dump of
the database (the SQLite file's bytes, or pg_dump of the PostgreSQL schema). It must be found 0 times.

Deliberate disclosures are left out of the search, each for the one secret it discloses: `company create`
prints its new API key (shown once), `certificate create` writes the private key to its own file, and a
sign-in answer sets the session cookie."""

from __future__ import annotations

import base64
import io
import json
import logging
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, unquote, urlsplit

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from adapters.netsuite.oauth2 import ClientAssertionSigner, local_token_cache
from entrypoints.container import build_container
from entrypoints.http.main import create_app
from entrypoints.logging_setup import configure_logging, route_to_standard_logging
from entrypoints.settings import Settings
from entrypoints.worker.embedded import start_embedded_worker
from netsuite_sandbox import SandboxServer
from tests.api.test_dashboard_session import csrf
from tests.cli.conftest import CONFIGURATION, Cli
from tests.cli.test_integration_commands import credential_options
from tests.integration.notifications.conftest import PASSWORD, USER, RunningSmtp, StartSmtp

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

CLIENT_ID = "5c0ffee5" * 8
SESSION_COOKIE = "invoiced_netsuite_session"


def spellings(secret: str) -> set[str]:
    """Every way a secret may be written down by a careless line."""
    once = quote(secret, safe="")
    forms = {secret, once, quote(once, safe=""), quote_plus(secret)}
    for raw in (secret, secret + ":"):  # HTTP Basic carries "key:"
        encoded = base64.b64encode(raw.encode()).decode()
        forms |= {encoded, encoded.rstrip("="), base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")}
    return {form for form in forms if len(form) >= 8}


@dataclass
class Evidence:
    """Everything the service wrote, by where it was written; and the secrets to look for."""

    places: dict[str, list[str]] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    # A place allowed to hold one secret on purpose: (place prefix, secret name).
    disclosures: set[tuple[str, str]] = field(default_factory=set)

    def add(self, place: str, text: str | bytes) -> None:
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        self.places.setdefault(place, []).append(text)

    def secret(self, name: str, value: str) -> None:
        assert value and len(value) >= 8, f"{name} is not a credential worth looking for: {value!r}"
        self.secrets[name] = value

    def occurrences(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for place, texts in self.places.items():
            for name, value in self.secrets.items():
                if any(place.startswith(p) and name == n for p, n in self.disclosures):
                    continue
                count = sum(text.count(form) for text in texts for form in spellings(value))
                if count:
                    found[f"{name} in {place}"] = count
        return found


def not_the_sandboxs(record: logging.LogRecord) -> bool:
    """The sandbox stands for NetSuite, another company's system: its log lines are not ours."""
    return not record.name.startswith("netsuite_sandbox")


@pytest.fixture(autouse=True)
def _sandbox_lines_left_out() -> Iterator[None]:
    sandbox_logger = logging.getLogger("netsuite_sandbox")
    sandbox_logger.addFilter(not_the_sandboxs)
    yield
    sandbox_logger.removeFilter(not_the_sandboxs)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture
def sandbox(
    tmp_path: Path, cli_env: tuple[Cli, RunningSmtp]
) -> Iterator[tuple[SandboxServer, dict[str, Any]]]:
    """One NetSuite account: token-based auth, and an OAuth 2.0 integration with a certificate mapped."""
    certificate = json.loads(
        cli_env[0].ok("certificate", "create", "--out", str(tmp_path / "netsuite"), "--json").stdout
    )
    pem = Path(certificate["certificate_file"]).read_text()
    server = SandboxServer(seed="demo", client_id=CLIENT_ID, certificates=[(pem, None)]).start()
    local_token_cache().__init__()  # type: ignore[misc]  # no token left from another test's account
    yield server, certificate
    server.stop()


@pytest.fixture
def cli_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str, start_smtp: StartSmtp
) -> Iterator[tuple[Cli, RunningSmtp]]:
    """The CLI's environment: the database under test, a known SECRET_KEY, SMTP with a password,
    every log line at DEBUG as JSON."""
    for name in CONFIGURATION:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    smtp = start_smtp(auth=True)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("SMTP_URL", f"smtp://{USER}:{PASSWORD}@{smtp.host}:{smtp.port}")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("LOG_FORMAT", "json")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield Cli(tmp_path, tmp_path / "ledger.db"), smtp
    root.handlers[:] = handlers
    root.setLevel(level)
    route_to_standard_logging()


def run_cli(cli: Cli, evidence: Evidence, *args: str, code: int = 0, place: str = "cli") -> Any:
    result = cli.run(*args)
    assert result.exit_code == code, f"{args}: {result.exit_code} {result.stderr} {result.exception!r}"
    evidence.add(f"{place} stdout", result.stdout)
    evidence.add(f"{place} stderr (logs at DEBUG)", result.stderr)
    if "--json" in args and code == 0:
        return json.loads(result.stdout)
    return None


def database_dump(database_url: str, tmp_path: Path) -> bytes:
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    parts = urlsplit(database_url.replace("postgresql+psycopg", "postgresql"))
    schema = unquote(parts.query).split("search_path=")[-1].split("&")[0]
    dumped = subprocess.run(
        ["pg_dump", "-h", parts.hostname or "127.0.0.1", "-U", parts.username or "postgres",
         "-d", parts.path.lstrip("/"), "-n", schema, "--inserts"],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    assert b"INSERT INTO" in dumped.stdout and b"netsuite_connections" in dumped.stdout
    return dumped.stdout


def test_no_credential_is_found_in_logs_output_answers_emails_or_the_database(
    cli_env: tuple[Cli, RunningSmtp],
    sandbox: tuple[SandboxServer, dict[str, Any]],
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (cli, smtp), (server, certificate) = cli_env, sandbox
    evidence = Evidence()
    assertions: list[str] = []
    signing = ClientAssertionSigner.assertion

    def spy(self: ClientAssertionSigner, token_url: str, now: float) -> str:
        assertions.append(signing(self, token_url, now))
        return assertions[-1]

    monkeypatch.setattr(ClientAssertionSigner, "assertion", spy)

    # -- the CLI ------------------------------------------------------------------------------------
    created = cli.run("company", "create", "Harbor Point Books", "--email", "ar@harbor.test", "--json")
    tba_company = str(json.loads(created.stdout)["id"])
    evidence.secret("API key (TBA company)", json.loads(created.stdout)["api_key"])
    evidence.add("company create stdout", created.stdout)
    evidence.add("cli stderr (logs at DEBUG)", created.stderr)
    evidence.disclosures.add(("company create stdout", "API key (TBA company)"))
    created = cli.run("company", "create", "Northwind Traders", "--email", "ar@northwind.test", "--json")
    oauth_company = str(json.loads(created.stdout)["id"])
    evidence.secret("API key (OAuth 2.0 company)", json.loads(created.stdout)["api_key"])
    evidence.add("company create stdout", created.stdout)
    evidence.add("cli stderr (logs at DEBUG)", created.stderr)
    evidence.disclosures.add(("company create stdout", "API key (OAuth 2.0 company)"))

    wrong = credential_options(server, token_secret="f" * 64)
    run_cli(cli, evidence, "connect", "--company", tba_company, *wrong, code=1)
    run_cli(cli, evidence, "connect", "--company", tba_company, *credential_options(server), "--json")
    run_cli(
        cli, evidence, "connect", "--company", oauth_company, "--account-id", server.account_id,
        "--base-url", server.base_url, "--auth", "oauth2", "--client-id", CLIENT_ID,
        "--certificate-id", server.certificate_ids[0], "--private-key", certificate["private_key_file"],
        "--json",
    )  # fmt: skip
    for company in (tba_company, oauth_company):
        run_cli(cli, evidence, "sync", "--company", company, "--json")
    run_cli(cli, evidence, "settings", "show", "--company", oauth_company, "--json")
    run_cli(cli, evidence, "runs", "--company", tba_company)
    run_cli(cli, evidence, "errors", "list", "--company", tba_company, "--json")

    # -- the HTTP service and its worker, logging at DEBUG into one stream -------------------------
    logs = io.StringIO()
    settings = Settings()
    configure_logging(settings, stream=logs)
    container = build_container(settings)
    worker = start_embedded_worker(container)
    api_keys = {tba_company: evidence.secrets["API key (TBA company)"]}
    api_keys[oauth_company] = evidence.secrets["API key (OAuth 2.0 company)"]
    try:
        with TestClient(create_app(container)) as client:
            for company, key in api_keys.items():
                auth = (key, "")
                customer = client.post("/customers", json={"name": "Acme Supplies"}, auth=auth).json()
                for method, path, body in [
                    ("PATCH", "/integrations/netsuite", {"fallback_item_id": "201"}),
                    (
                        "POST",
                        "/invoices",
                        {"customer": customer["id"], "items": [{"name": "Workshop", "unit_cost": "1250"}]},
                    ),
                    ("GET", "/integrations/netsuite", None),
                    ("POST", "/integrations/netsuite/syncs", None),
                    ("POST", "/imports", {"type": "invoice", "source": "netsuite"}),
                    ("GET", "/integrations/netsuite/syncs", None),
                    ("GET", "/sync_errors", None),
                    ("GET", "/invoices", None),
                    ("GET", f"/companies/{company}", None),
                ]:
                    response = client.request(method, path, json=body, auth=auth)
                    evidence.add("HTTP answers", f"{response.headers}\n{response.text}")
                worker.join(timeout=60)
            refused = client.post(
                "/integrations/netsuite",
                json={
                    "account_id": server.account_id,
                    "consumer_key": server.credentials.consumer_key,
                    "consumer_secret": server.credentials.consumer_secret,
                    "token_id": server.credentials.token_id,
                    "token_secret": "e" * 64,
                    "base_url": server.base_url,
                },
                auth=(api_keys[tba_company], ""),
            )
            assert refused.status_code == 400
            evidence.add("HTTP answers", f"{refused.headers}\n{refused.text}")
            for wrong_key in ("ink_" + "x" * 43, api_keys[tba_company][:-2] + "zz"):
                evidence.add("HTTP answers", client.get("/invoices", auth=(wrong_key, "")).text)

            token = csrf(client.get("/dashboard/login").text)
            signed_in = client.post(
                "/dashboard/login",
                data={"api_key": api_keys[tba_company], "csrf_token": token},
                follow_redirects=False,
            )
            assert signed_in.status_code == 303
            cookie = client.cookies[SESSION_COOKIE]
            evidence.secret("dashboard session cookie", cookie)
            payload = json.loads(base64.b64decode(cookie.split(".")[0] + "=="))
            evidence.secret("dashboard session token", payload["session_token"])
            evidence.disclosures.add(("HTTP sign-in answer", "dashboard session cookie"))
            evidence.add("HTTP sign-in answer", f"{signed_in.headers}\n{signed_in.text}")
            for page in (
                "/dashboard/invoices",
                "/dashboard/customers",
                "/dashboard/settings/integrations",
                "/dashboard/settings/integrations/netsuite",
                "/dashboard/settings/accounting_sync",
            ):
                response = client.get(page)
                assert response.status_code == 200, page
                evidence.add("HTTP answers (dashboard)", f"{response.headers}\n{response.text}")
            logout = client.post("/dashboard/logout", data={"csrf_token": csrf(response.text)})
            evidence.add("HTTP answers (dashboard)", f"{logout.headers}\n{logout.text}")
    finally:
        worker.stop()
        container.shutdown_resources()
    evidence.add("service logs at DEBUG", logs.getvalue())

    # -- emails, and the database at rest -----------------------------------------------------------
    mailbox = smtp.mailbox
    assert len(mailbox.envelopes) >= 2, "both imports were emailed"
    for envelope in mailbox.envelopes:
        evidence.add("emails", envelope.original_content)
    evidence.add("database dump", database_dump(database_url, tmp_path))

    # -- the secrets ---------------------------------------------------------------------------------
    credentials = server.credentials
    evidence.secret("TBA consumer key", credentials.consumer_key)
    evidence.secret("TBA consumer secret", credentials.consumer_secret)
    evidence.secret("TBA token id", credentials.token_id)
    evidence.secret("TBA token secret", credentials.token_secret)
    evidence.secret("SECRET_KEY", settings.secret_key.get_secret_value())  # type: ignore[union-attr]
    evidence.secret("SMTP password", PASSWORD)
    private_key = Path(certificate["private_key_file"]).read_text()
    evidence.secret("OAuth 2.0 private key", private_key)
    key_body = [line for line in private_key.splitlines() if line and not line.startswith("-----")]
    for number, line in enumerate(key_body[1:-1]):  # every full line of the key's base64 body
        evidence.secret(f"OAuth 2.0 private key, line {number + 2}", line)
    assert assertions, "the OAuth 2.0 company asked for tokens"
    for number, assertion in enumerate(assertions):
        evidence.secret(f"OAuth 2.0 client assertion {number + 1}", assertion)
        evidence.secret(f"OAuth 2.0 client assertion {number + 1} (signature)", assertion.split(".")[2])
    issued = list(server.oauth2._tokens)  # what the sandbox handed out
    assert issued, "the sandbox issued access tokens"
    for number, access_token in enumerate(issued):
        evidence.secret(f"OAuth 2.0 access token {number + 1}", access_token)

    # The search looked at real DEBUG output: the HTTP libraries' own lines are in it.
    debug_lines = "".join(evidence.places["cli stderr (logs at DEBUG)"]) + logs.getvalue()
    assert '"logger": "urllib3.connectionpool"' in debug_lines and '"level": "debug"' in debug_lines
    assert evidence.occurrences() == {}
