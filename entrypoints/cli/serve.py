"""`invoiced-netsuite serve`: the whole service in one process, on the embedded defaults.

SQLite under DATA_DIR (upgraded on start), Dramatiq's in-memory broker with an in-process worker, the
auto-sync scheduler as a thread, emails as .eml files in DATA_DIR/outbox, and uvicorn serving the API
and the dashboard. `--demo` also runs the NetSuite sandbox in-process and creates a demo company
connected to it. Production runs the same pieces as separate processes (see the README).
"""

from __future__ import annotations

import errno
import os
import socket
from dataclasses import dataclass, field
from typing import Annotated

import structlog
import typer
import uvicorn
from fastapi import FastAPI

from application.integration import NetSuiteConnections
from application.ledger import NewCompany
from domain.sync import SyncTrigger
from entrypoints.cli.context import services
from entrypoints.cli.demo import NetSuiteAccount, connect_to_netsuite, why_a_new_demo_company
from entrypoints.cli.demo import create_demo_company as new_demo_company
from entrypoints.cli.output import error_line
from entrypoints.container import Container, build_container, prepare_database
from entrypoints.http.main import create_app
from entrypoints.logging_setup import configure_logging
from entrypoints.scheduler import Scheduler
from entrypoints.settings import Settings
from entrypoints.worker.embedded import EmbeddedWorker, start_embedded_worker
from netsuite_sandbox import SandboxServer

app = typer.Typer()
log = structlog.get_logger(__name__)


@dataclass
class DemoCompany:
    """The demo company and the sandbox account it is connected to."""

    company: NewCompany
    sandbox: SandboxServer


@dataclass
class EmbeddedRuntime:
    """The background half of the embedded service: the worker, the scheduler and (demo) the sandbox."""

    container: Container
    worker: EmbeddedWorker
    scheduler: Scheduler
    demo: DemoCompany | None = None
    _stopped: bool = field(default=False, repr=False)

    def stop(self) -> None:
        """Stop the scheduler, let running jobs finish, stop the sandbox, close the database."""
        if self._stopped:
            return
        self._stopped = True
        self.scheduler.stop()
        self.worker.stop()
        if self.demo is not None:
            self.demo.sandbox.stop()
        self.container.shutdown_resources()


def create_demo_company(container: Container) -> DemoCompany:
    """Start the sandbox with its demo data and connect a new demo company to it, with the sandbox's
    service item as the fallback item (so invoices issued on Invoiced can be written) and a first
    accounting sync queued, so the dashboard shows NetSuite's outstanding invoices straight away."""
    sandbox = SandboxServer(seed="demo").start()
    try:
        company = new_demo_company(container.ledger())
        assert company.company.id is not None
        connections: NetSuiteConnections = container.netsuite_connections()
        connect_to_netsuite(connections, company.company.id, NetSuiteAccount.of(sandbox), auto_sync=True)
        container.accounting_sync().request_sync(company.company.id, SyncTrigger.AUTO)
    except BaseException:
        sandbox.stop()
        raise
    return DemoCompany(company=company, sandbox=sandbox)


def start_embedded_runtime(
    container: Container, *, demo: bool = False, tick_seconds: float | None = None
) -> EmbeddedRuntime:
    """Prepare the database and start the in-process worker and scheduler (and the demo)."""
    prepare_database(container.settings())
    worker = start_embedded_worker(container)
    scheduler = (
        Scheduler(container) if tick_seconds is None else Scheduler(container, tick_seconds=tick_seconds)
    )
    runtime = EmbeddedRuntime(container=container, worker=worker, scheduler=scheduler)
    try:
        runtime.demo = create_demo_company(container) if demo else None
        scheduler.start_in_thread()
    except BaseException:
        runtime.stop()
        raise
    return runtime


def create_app_for(runtime: EmbeddedRuntime) -> FastAPI:
    """The HTTP app over the runtime's container; with the demo, Connect suggests the sandbox's URL."""
    app = create_app(runtime.container)
    if runtime.demo is not None:
        app.state.suggested_netsuite_base_url = runtime.demo.sandbox.base_url
    return app


def settings_for(base: Settings, host: str, port: int) -> Settings:
    """The CLI's settings; links in emails point at this server unless PUBLIC_URL says otherwise."""
    if os.environ.get("PUBLIC_URL"):
        return base
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return base.model_copy(update={"public_url": f"http://{shown}:{port}"})


def _announce(settings: Settings, runtime: EmbeddedRuntime) -> None:
    url = settings.public_url
    typer.echo(f"invoiced-netsuite is serving on {url}")
    typer.echo(f"  dashboard:  {url}/dashboard")
    typer.echo(f"  API docs:   {url}/docs (Swagger UI) or {url}/redoc")
    typer.echo(
        f"  database:   {'SQLite' if settings.is_sqlite else 'external'}; emails go to "
        f"{'SMTP' if settings.smtp_url else settings.outbox_dir}"
    )
    if runtime.demo is not None:
        company = runtime.demo.company
        typer.echo(
            f"Demo company {company.company.id} ({company.company.name}) is connected to the NetSuite "
            f"sandbox at {runtime.demo.sandbox.base_url} (account {runtime.demo.sandbox.account_id})."
        )
        assert company.company.id is not None
        note = why_a_new_demo_company(runtime.container.ledger(), company.company.id)
        if note:
            typer.echo(f"  {note}")
        typer.echo(f"  API key (shown once; sign in to the dashboard with it): {company.api_key}")
        typer.echo(f"  try: curl -u {company.api_key}: {url}/invoices")
    typer.echo("Press Ctrl-C to stop.")


class PortTaken(Exception):
    """The address `serve` was asked to listen on is already in use (or not ours to use)."""


def listen_on(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything else starts (so a busy port changes nothing); uvicorn
    serves on it. Raises PortTaken with one line saying which port and how to pick another."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        why = "is already in use" if error.errno == errno.EADDRINUSE else f"cannot be used ({error.strerror})"
        raise PortTaken(
            f"Port {port} on {host} {why}: pick another with --port, e.g. "
            f"`invoiced-netsuite serve --port {port + 1}` (or `make serve PORT={port + 1}`)."
        ) from None
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Also run the NetSuite sandbox and a demo company connected to it.")
    ] = False,
) -> None:
    """Serve the API and the dashboard with an in-process worker and scheduler (the embedded default)."""
    try:
        listener = listen_on(host, port)
    except PortTaken as taken:
        error_line(str(taken))
        raise typer.Exit(1) from None
    try:
        settings = settings_for(services().settings, host, port)
        configure_logging(settings)
        container = build_container(settings)
        runtime = start_embedded_runtime(container, demo=demo)
        try:
            _announce(settings, runtime)
            server = uvicorn.Server(
                uvicorn.Config(create_app_for(runtime), host=host, port=port, log_config=None)
            )
            server.run(sockets=[listener])
        finally:
            runtime.stop()
    finally:
        listener.close()
