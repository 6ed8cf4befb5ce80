"""The scenarios of issue 15, each on a fresh ledger database and a fresh sandbox process."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.rig import ACCOUNT_ID, Measured, Sandbox, environment, measure, run_cli
from bench.rig import CLI as CLI_PATH

CUSTOMER = "Bench Customer"
# The start-up CPU taken off CPU/record costs two more processes; the smoke test's toy size skips it.
MEASURE_STARTUP = True


@dataclass
class Row:
    scenario: str
    n: int | None
    latency_ms: int
    concurrency: int
    measured: Measured
    counts: dict[str, int]
    exactly_once: str
    records: int | None = None  # what requests/record and CPU/record divide by (None: not per record)
    startup_cpu_s: float = 0.0  # the same CLI's CPU for a command that does no work, taken off

    def as_dict(self, minimal_wall: float | None) -> dict[str, Any]:
        per = self.records or 0
        bound = self.n * self.latency_ms / 1000 / self.concurrency if self.n and self.latency_ms else None
        m = self.measured
        return {
            "scenario": self.scenario,
            "N": self.n,
            "L ms": self.latency_ms,
            "C": self.concurrency,
            "wall s": round(m.wall_s, 2),
            "process s": round(m.process_s, 2),
            "bound s": round(bound, 2) if bound else None,
            "wall/bound": round(m.wall_s / bound, 3) if bound else None,
            "vs minimal": round(m.wall_s / minimal_wall, 3) if minimal_wall and bound else None,
            "NetSuite requests": self.counts["requests"],
            "requests/record": round(self.counts["requests"] / per, 4) if per else None,
            "429s": self.counts["429s"],
            "peak concurrency": self.counts["peak_concurrency"],
            "peak RSS MB": round(m.peak_rss_mb, 1),
            "CPU ms/record": round(max(m.cpu_s - self.startup_cpu_s, 0) * 1000 / per, 2) if per else None,
            "exactly once": self.exactly_once,
        }


class Ledger:
    """A fresh ledger database with one company connected to the sandbox, set up in this process
    through the service's own use cases (not measured); the measured runs are CLI processes."""

    def __init__(self, workdir: Path, sandbox: Sandbox, concurrency: int, database_url: str | None) -> None:
        from domain.integration import NetSuiteCredentials
        from entrypoints.cli.demo import NetSuiteAccount, StoryServices, connect_to_netsuite
        from entrypoints.container import build_container, prepare_database
        from entrypoints.settings import Settings

        self.data_dir = workdir / "data"
        self.database_url = database_url or f"sqlite:///{workdir / 'ledger.db'}"
        self.env = environment(self.database_url, self.data_dir, sandbox.port)
        os.environ["NETSUITE_SANDBOX_PORTS"] = str(sandbox.port)
        if database_url:
            _fresh_postgres(database_url)
            run_cli(["db", "upgrade"], self.env)
        settings = Settings(data_dir=self.data_dir, database_url=self.database_url)
        prepare_database(settings)
        self.container = build_container(settings)
        self.services = StoryServices.of(self.container)
        company = self.services.ledger.create_company("Bench Co").company
        assert company.id is not None
        self.company_id = company.id
        c = sandbox.credentials
        account = NetSuiteAccount(
            ACCOUNT_ID,
            sandbox.base_url,
            NetSuiteCredentials(c.consumer_key, c.consumer_secret, c.token_id, c.token_secret),
        )
        connect_to_netsuite(self.services.connections, self.company_id, account)
        self.settings(concurrency_limit=concurrency)

    def settings(self, **change: Any) -> None:
        from application.integration import SettingsChange

        self.services.connections.configure(self.company_id, SettingsChange(**change))

    def issue_invoices(self, count: int) -> None:
        """`count` issued invoices of one customer, a thousand to a transaction through the ledger's
        unit of work (what `create_invoice` builds, without its commit per invoice: setup, not measured)."""
        from application.ledger import LineInput, _line
        from domain.invoice import Invoice

        ledger = self.services.ledger
        customers = ledger.list_customers(self.company_id, limit=1).items
        customer = customers[0] if customers else ledger.create_customer(self.company_id, CUSTOMER)
        assert customer.id is not None
        first = ledger.list_invoices(self.company_id, limit=1).total + 1
        now = datetime.now(UTC)
        line = LineInput("Consulting", Decimal("3"), Decimal("125.50"))
        for start in range(0, count, 1000):
            with self.container.uow()() as uow:
                for n in range(start, min(count, start + 1000)):
                    uow.invoices.add(
                        Invoice(
                            company_id=self.company_id,
                            customer_id=customer.id,
                            number=f"INV-{first + n:05d}",
                            currency="usd",
                            date=now.date(),
                            due_date=now.date(),
                            items=[_line(line)],
                            created_at=now,
                            updated_at=now,
                        )
                    )
                uow.commit()

    def invoices(self) -> int:
        return int(self.services.ledger.list_invoices(self.company_id, limit=1).total)

    def customers(self) -> int:
        return int(self.services.ledger.list_customers(self.company_id, limit=1).total)

    def run(self, *args: str) -> Measured:
        return measure([CLI_PATH, *args, "--company", str(self.company_id), "--json"], self.env)

    def startup_cpu(self) -> float:
        """CPU of the CLI starting, opening the ledger and reading Recent Syncs: not the work."""
        return self.run("runs").cpu_s if MEASURE_STARTUP else 0.0

    def close(self) -> None:
        self.container.shutdown_resources()


def _fresh_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@contextmanager
def rig(seed: str, latency_ms: int, concurrency: int) -> Iterator[tuple[Sandbox, Path]]:
    sandbox = Sandbox(seed, latency_ms, concurrency)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            yield sandbox, Path(workdir)
    finally:
        sandbox.stop()


def _bench_customer(sandbox: Sandbox) -> int:
    seeded = sandbox.control(
        "POST", "seed", {"customers": [{"companyName": CUSTOMER, "subsidiary": {"id": "1"}}]}
    )
    return int(seeded["created"]["customers"][0])


def write_invoices(
    name: str,
    n: int,
    latency_ms: int,
    concurrency: int,
    client_concurrency: int | None = None,
    write_mode: str | None = None,
) -> Row:
    """Issued invoices written by one accounting sync; the customer is NetSuite's already (matched)."""
    with rig("empty", latency_ms, concurrency) as (sandbox, workdir):
        _bench_customer(sandbox)
        ledger = Ledger(workdir, sandbox, client_concurrency or concurrency, None)
        ledger.settings(read_invoices=False, read_payments=False, write_payments=False)
        if write_mode:
            ledger.env["NETSUITE_WRITE_MODE"] = write_mode
        ledger.issue_invoices(n)
        startup = ledger.startup_cpu()
        sandbox.start_counting()
        measured = ledger.run("sync")
        counts = sandbox.counts()
        written = sandbox.suiteql_count("t.type = 'CustInvc' AND t.externalid IS NOT NULL")
        return Row(
            name,
            n,
            latency_ms,
            client_concurrency or concurrency,
            measured,
            counts,
            _once(written, n),
            records=n,
            startup_cpu_s=startup,
        )


def minimal_client(n: int, latency_ms: int, concurrency: int) -> Row:
    with rig("empty", latency_ms, concurrency) as (sandbox, workdir):
        customer_id = _bench_customer(sandbox)
        env = environment("sqlite://", workdir, sandbox.port)
        c = sandbox.credentials
        env["BENCH_TBA"] = ":".join((c.consumer_key, c.consumer_secret, c.token_id, c.token_secret))
        baseline = [sys.executable, "-c", "import bench.minimal_client"]
        startup = measure(baseline, env).cpu_s if MEASURE_STARTUP else 0.0
        sandbox.start_counting()
        measured = measure(
            [
                sys.executable,
                "-m",
                "bench.minimal_client",
                sandbox.base_url,
                str(customer_id),
                str(n),
                str(concurrency),
            ],
            env,
        )
        counts = sandbox.counts()
        written = sandbox.suiteql_count("t.type = 'CustInvc' AND t.externalid IS NOT NULL")
        return Row(
            "minimal signed-PUT client, same rig",
            n,
            latency_ms,
            concurrency,
            measured,
            counts,
            _once(written, n),
            records=n,
            startup_cpu_s=startup,
        )


def import_invoices(
    n: int,
    latency_ms: int,
    concurrency: int,
    *,
    unchanged_after: int | None = None,
    database_url: str | None = None,
    name: str = "import invoices",
) -> list[Row]:
    """NetSuite's open invoices imported; then, optionally, `unchanged_after` written and a sync with
    nothing changed."""
    rows = []
    with rig(f"bulk:{n}", latency_ms, concurrency) as (sandbox, workdir):
        ledger = Ledger(workdir, sandbox, concurrency, database_url)
        startup = ledger.startup_cpu()
        sandbox.start_counting()
        measured = ledger.run("import", "invoices")
        counts = sandbox.counts()
        imported = ledger.invoices()
        rows.append(
            Row(
                name,
                n,
                latency_ms,
                concurrency,
                measured,
                counts,
                _once(imported, n),
                records=n,
                startup_cpu_s=startup,
            )
        )
        if unchanged_after is not None:
            ledger.issue_invoices(unchanged_after)
            sandbox.governance(0)
            ledger.run("sync")  # writes them (not measured), so every invoice is linked
            sandbox.governance(latency_ms)
            sandbox.start_counting()
            measured = ledger.run("sync")
            counts = sandbox.counts()
            ours = sandbox.suiteql_count("t.type = 'CustInvc' AND t.externalid IS NOT NULL")
            rows.append(
                Row(
                    f"unchanged sync, {n + unchanged_after:,} linked",
                    None,
                    latency_ms,
                    concurrency,
                    measured,
                    counts,
                    _once(ours, unchanged_after) + f", {counts['requests']} requests",
                )
            )
    return rows


def import_customers(n: int, latency_ms: int, concurrency: int) -> Row:
    with rig(f"bulk:{n}", latency_ms, concurrency) as (sandbox, workdir):
        ledger = Ledger(workdir, sandbox, concurrency, None)
        startup = ledger.startup_cpu()
        sandbox.start_counting()
        measured = ledger.run("import", "customers")
        counts = sandbox.counts()
        return Row(
            "import customers",
            n,
            latency_ms,
            concurrency,
            measured,
            counts,
            _once(ledger.customers(), n),
            records=n,
            startup_cpu_s=startup,
        )


def _once(found: int, expected: int) -> str:
    return f"yes ({found:,})" if found == expected else f"NO ({found:,} of {expected:,})"
