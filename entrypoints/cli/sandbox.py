"""`invoiced-netsuite sandbox serve`: run the local NetSuite sandbox until Ctrl-C."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from netsuite_sandbox import (
    DATE_FORMATS,
    DEFAULT_ACCOUNT_ID,
    SandboxCredentials,
    SandboxServer,
    UserPreferences,
)
from netsuite_sandbox.async_jobs import DEFAULT_PROCESSORS, DEFAULT_RECORD_MS
from netsuite_sandbox.oauth2 import DEFAULT_TOKEN_LIFETIME_SECONDS, CertificateRefused
from netsuite_sandbox.preferences import DEFAULT_DATE_FORMAT, DEFAULT_TIME_ZONE

sandbox_app = typer.Typer(
    help="The local NetSuite sandbox (SuiteTalk REST with token-based auth and OAuth 2.0 M2M).",
    no_args_is_help=True,
)


@sandbox_app.callback()
def sandbox() -> None:
    """The local NetSuite sandbox (a group, so `serve` stays a named command)."""


@sandbox_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")] = 8700,
    account_id: Annotated[
        str, typer.Option("--account-id", help="NetSuite account id (the OAuth realm).")
    ] = DEFAULT_ACCOUNT_ID,
    seed: Annotated[str, typer.Option(help="Data to start with: demo, empty or bulk:N.")] = "demo",
    latency_ms: Annotated[int, typer.Option("--latency-ms", help="Delay before each answer.")] = 0,
    concurrency: Annotated[
        int, typer.Option(help="Concurrent requests allowed before 429 CONCURRENCY_LIMIT_EXCEEDED.")
    ] = 5,
    fault_rate: Annotated[
        float, typer.Option("--fault-rate", help="Share of requests answered with an injected fault.")
    ] = 0.0,
    db: Annotated[
        str | None, typer.Option("--db", help="SQLite file to keep the data in (default: memory).")
    ] = None,
    consumer_key: Annotated[
        str | None,
        typer.Option(
            "--consumer-key", help="The TBA consumer key to accept (give all four, or none: generated)."
        ),
    ] = None,
    consumer_secret: Annotated[
        str | None,
        typer.Option("--consumer-secret", help="The TBA consumer secret to accept (with the other three)."),
    ] = None,
    token_id: Annotated[
        str | None, typer.Option("--token-id", help="The TBA token id to accept (with the other three).")
    ] = None,
    token_secret: Annotated[
        str | None,
        typer.Option("--token-secret", help="The TBA token secret to accept (with the other three)."),
    ] = None,
    client_id: Annotated[
        str | None,
        typer.Option("--client-id", help="The OAuth 2.0 client id of the integration (default: generated)."),
    ] = None,
    certificate: Annotated[
        list[Path] | None,
        typer.Option(
            "--certificate",
            help="An X.509 PEM certificate to map for OAuth 2.0 client credentials (repeat for several).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    certificate_id: Annotated[
        list[str] | None,
        typer.Option(
            "--certificate-id",
            help="The certificate id (JWT kid) of each --certificate, in order (default: generated).",
        ),
    ] = None,
    token_lifetime_seconds: Annotated[
        int,
        typer.Option("--token-lifetime-seconds", min=1, help="How long an OAuth 2.0 access token lasts."),
    ] = DEFAULT_TOKEN_LIFETIME_SECONDS,
    user_timezone: Annotated[
        str,
        typer.Option(
            "--user-timezone",
            help="The integration user's Time Zone preference (IANA name); SuiteQL shows times in it.",
        ),
    ] = DEFAULT_TIME_ZONE,
    date_format: Annotated[
        str,
        typer.Option(
            "--date-format",
            help=f"The user's Date Format preference for dates SuiteQL prints: {', '.join(DATE_FORMATS)}.",
        ),
    ] = DEFAULT_DATE_FORMAT,
    async_processors: Annotated[
        int,
        typer.Option("--async-processors", min=1, help="REST Async Processors working through batch jobs."),
    ] = DEFAULT_PROCESSORS,
    async_record_ms: Annotated[
        float,
        typer.Option("--async-record-ms", min=0, help="Time an async processor spends on each batch record."),
    ] = DEFAULT_RECORD_MS,
) -> None:
    """Serve NetSuite's REST API locally; prints the base URL, the four TBA credentials and the OAuth 2.0
    client id with its certificate ids."""
    given = (consumer_key, consumer_secret, token_id, token_secret)
    if any(given) and not all(given):
        raise typer.BadParameter(
            "give all four of --consumer-key, --consumer-secret, --token-id and --token-secret, "
            "or none to have them generated"
        )
    credentials = (
        SandboxCredentials(*given)  # type: ignore[arg-type]
        if all(given)
        else None
    )
    try:
        UserPreferences(user_timezone, date_format)
    except ValueError as wrong:
        raise typer.BadParameter(str(wrong)) from None
    certificates = _certificates(certificate or [], certificate_id or [])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        server = SandboxServer(
            account_id=account_id,
            seed=seed,
            concurrency=concurrency,
            latency_ms=latency_ms,
            fault_rate=fault_rate,
            db_path=db,
            credentials=credentials,
            host=host,
            port=port,
            client_id=client_id,
            certificates=certificates,
            token_lifetime_seconds=token_lifetime_seconds,
            user_timezone=user_timezone,
            date_format=date_format,
            async_processors=async_processors,
            async_record_ms=async_record_ms,
        )
    except CertificateRefused as refused:
        raise typer.BadParameter(str(refused), param_hint="--certificate") from None
    typer.echo(f"NetSuite sandbox for account {server.account_id} (seed: {seed})")
    typer.echo(f"  user preferences: time zone {user_timezone}, dates {date_format}")
    typer.echo(f"  async batches:   {async_processors} processors, {async_record_ms:g} ms per record")
    typer.echo(f"  base URL:        {server.base_url}")
    typer.echo(f"  consumer key:    {server.credentials.consumer_key}")
    typer.echo(f"  consumer secret: {server.credentials.consumer_secret}")
    typer.echo(f"  token id:        {server.credentials.token_id}")
    typer.echo(f"  token secret:    {server.credentials.token_secret}")
    typer.echo(f"  client id:       {server.oauth2.client_id}  (OAuth 2.0 client credentials)")
    typer.echo(f"  token URL:       {server.base_url}/services/rest/auth/oauth2/v1/token")
    for kid in server.certificate_ids:
        typer.echo(f"  certificate id:  {kid}")
    if not server.certificate_ids:
        typer.echo(
            '  no certificate mapped yet: POST {"certificate": "<PEM>"} to '
            f"{server.base_url}/_sandbox/oauth2/certificates"
        )
    c = server.credentials
    typer.echo("Connect a company to it (its id from `invoiced-netsuite company list`):")
    typer.echo(
        f"  invoiced-netsuite connect --company <company id> --account-id {server.account_id} "
        f"--consumer-key {c.consumer_key} --consumer-secret {c.consumer_secret} --token-id {c.token_id} "
        f"--token-secret {c.token_secret} --base-url {server.base_url}"
    )
    typer.echo("Press Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        server.store.close()


def _certificates(files: list[Path], ids: list[str]) -> list[tuple[str, str | None]]:
    """Each --certificate with the --certificate-id given in the same position, if any."""
    if len(ids) > len(files):
        raise typer.BadParameter(
            f"{len(ids)} --certificate-id for {len(files)} --certificate: give one id per certificate, "
            "in the same order, or none to have them generated",
            param_hint="--certificate-id",
        )
    return [
        (file.read_text(encoding="utf-8", errors="replace"), ids[i] if i < len(ids) else None)
        for i, file in enumerate(files)
    ]
