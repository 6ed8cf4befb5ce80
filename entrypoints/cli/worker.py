"""`invoiced-netsuite scheduler` (auto-sync) and `invoiced-netsuite worker` (the `dramatiq` workers)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType
from typing import Annotated

import typer

from application.errors import InvalidInput
from entrypoints.cli.context import services
from entrypoints.cli.output import JsonOption, print_json, say
from entrypoints.logging_setup import configure_logging
from entrypoints.scheduler import DEFAULT_TICK_SECONDS, Scheduler
from entrypoints.worker.main import SETUP

app = typer.Typer()


@app.command("scheduler")
def scheduler_command(
    tick_seconds: Annotated[
        float, typer.Option("--tick-seconds", min=0.1, help="How often to look for companies due a sync.")
    ] = DEFAULT_TICK_SECONDS,
    once: Annotated[
        bool, typer.Option("--once", help="Run one tick, print what it queued, and exit.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Queue the automatic accounting syncs that are due (about hourly per company), every tick.

    Run one per deployment, next to the `dramatiq` workers; two never queue the same run."""
    cli = services()
    cli.prepare()
    configure_logging(cli.settings, default_level="INFO")
    scheduler = Scheduler(cli.container, tick_seconds=tick_seconds)
    if once:
        report = scheduler.tick()
        if as_json:
            print_json({"claimed": report.claimed, "runs": report.runs, "failed": sorted(report.failed)})
        else:
            say(f"Queued {len(report.runs)} automatic sync(s) for {len(report.claimed)} due company(ies).")
        return

    stop = threading.Event()

    def stop_on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    scheduler.run_forever(stop)


@app.command("worker")
def worker_command(
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, help="Worker processes.")] = 2,
    threads: Annotated[int, typer.Option("--threads", "-t", min=1, help="Threads per process.")] = 4,
) -> None:
    """Run the background workers (`dramatiq entrypoints.worker.main:setup`); needs REDIS_URL."""
    if not services().settings.redis_url:
        raise InvalidInput(
            "REDIS_URL is not set: separate worker processes share their queue through Redis. Set "
            "REDIS_URL, or run `invoiced-netsuite serve`, which works the queue in-process.",
            "REDIS_URL",
        )
    # --skip-logging: each process logs through configure_logging (one line shape), not dramatiq's format.
    command = [sys.executable, "-m", "dramatiq", SETUP, "--skip-logging"]
    command += ["--processes", str(processes), "--threads", str(threads)]
    os.execv(sys.executable, command)
