"""`invoiced-netsuite sandbox serve`: run the local NetSuite sandbox until Ctrl-C."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from netsuite_sandbox import DEFAULT_ACCOUNT_ID, SandboxCredentials, SandboxServer

sandbox_app = typer.Typer(
    help="The local NetSuite sandbox (SuiteTalk REST with token-based auth).",
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
    consumer_key: Annotated[str | None, typer.Option("--consumer-key")] = None,
    consumer_secret: Annotated[str | None, typer.Option("--consumer-secret")] = None,
    token_id: Annotated[str | None, typer.Option("--token-id")] = None,
    token_secret: Annotated[str | None, typer.Option("--token-secret")] = None,
) -> None:
    """Serve NetSuite's REST API locally; prints the base URL and the four TBA credentials."""
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
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
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
    )
    typer.echo(f"NetSuite sandbox for account {server.account_id} (seed: {seed})")
    typer.echo(f"  base URL:        {server.base_url}")
    typer.echo(f"  consumer key:    {server.credentials.consumer_key}")
    typer.echo(f"  consumer secret: {server.credentials.consumer_secret}")
    typer.echo(f"  token id:        {server.credentials.token_id}")
    typer.echo(f"  token secret:    {server.credentials.token_secret}")
    typer.echo("Press Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        server.store.close()
