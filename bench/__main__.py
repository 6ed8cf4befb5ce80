"""`make bench`: issue 15's table for this machine, and each goal passed or failed.

    python -m bench [--large] [--toy] [--json FILE] [--postgres URL]

Default sizes run in about ten minutes on two cores; --large runs the 100k sizes the goals name;
--toy is the smoke test's size (seconds). PostgreSQL: --postgres URL or BENCH_DATABASE_URL (its public
schema is dropped and made again); without one, that row is skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench import scenarios

COLUMNS = [
    "scenario", "N", "L ms", "C", "wall s", "process s", "bound s", "wall/bound", "vs minimal",
    "NetSuite requests", "requests/record", "429s", "peak concurrency", "peak RSS MB", "CPU ms/record",
    "exactly once",
]  # fmt: skip


@dataclass(frozen=True)
class Sizes:
    write: int
    one_at_a_time: int
    imports: int
    customers: int
    write_fast: int
    unchanged_extra: int
    latency_ms: int = 50


SIZES = {
    "toy": Sizes(write=20, one_at_a_time=10, imports=30, customers=30, write_fast=20, unchanged_extra=5),
    "default": Sizes(
        write=2000, one_at_a_time=300, imports=10_000, customers=10_000, write_fast=5000, unchanged_extra=200
    ),
    "large": Sizes(
        write=2000,
        one_at_a_time=2000,
        imports=100_000,
        customers=100_000,
        write_fast=30_000,
        unchanged_extra=200,
    ),
}


SCENARIOS = ("write", "minimal", "batch", "one-at-a-time", "import", "customers", "write-fast", "postgres")


def run(size: str, postgres: str | None, chosen: tuple[str, ...] = SCENARIOS) -> list[dict[str, Any]]:
    s = SIZES[size]
    L, C = s.latency_ms, 5
    rows: list[scenarios.Row] = []
    minimal = scenarios.minimal_client(s.write, L, C)  # first: every "vs minimal" is against it
    if "write" in chosen:
        _add(rows, scenarios.write_invoices("write invoices", s.write, L, C))
    _add(rows, minimal)
    if "batch" in chosen:  # NETSUITE_WRITE_MODE=batch: asynchronous batch jobs of 100 upserts
        _add(rows, scenarios.write_invoices("write invoices, batch mode", s.write, L, C, write_mode="batch"))
    if "one-at-a-time" in chosen:
        _add(
            rows,
            scenarios.write_invoices(
                "peers' way, one at a time", s.one_at_a_time, L, C, client_concurrency=1
            ),
        )
    import_latency = 0 if size == "large" else L
    if "import" in chosen:
        _add(
            rows, *scenarios.import_invoices(s.imports, import_latency, C, unchanged_after=s.unchanged_extra)
        )
    if "customers" in chosen:
        _add(rows, scenarios.import_customers(s.customers, import_latency, C))
    if "write-fast" in chosen:
        _add(rows, scenarios.write_invoices("write invoices, L=0", s.write_fast, 0, C))
    if "postgres" in chosen and postgres:
        _add(
            rows,
            *scenarios.import_invoices(
                min(s.imports, 10_000), L, C, database_url=postgres, name="import invoices on PostgreSQL"
            ),
        )
    return [row.as_dict(minimal.measured.wall_s) for row in rows]


def _add(rows: list[scenarios.Row], *more: scenarios.Row) -> None:
    for row in more:
        progress(row)
    rows.extend(more)


def progress(row: scenarios.Row) -> None:
    m = row.measured
    print(f"  {row.scenario}: {m.wall_s:.2f} s, {m.peak_rss_mb:.0f} MB, {row.exactly_once}", flush=True)


def goals(table: list[dict[str, Any]], size: str) -> list[tuple[str, bool | None, str]]:
    def find(prefix: str) -> dict[str, Any] | None:
        # the scenario itself, or (for "unchanged sync") the one whose name starts so
        return next((r for r in table if r["scenario"] == prefix), None) or next(
            (r for r in table if prefix.endswith(", ") and r["scenario"].startswith(prefix)), None
        )

    out: list[tuple[str, bool | None, str]] = []
    write = find("write invoices")
    if write:
        ok = (write["vs minimal"] or 99) <= 1.05 and (write["wall/bound"] or 99) <= 1.15
        out.append((
            f"write {write['N']:,} at L={write['L ms']}, C={write['C']}: "
            "wall ≤ 1.05 × minimal client and ≤ 1.15 × bound",
            ok, f"{write['vs minimal']} × minimal, {write['wall/bound']} × bound",
        ))  # fmt: skip
    unchanged = find("unchanged sync, ")
    if unchanged:
        ok = (
            unchanged["NetSuite requests"] <= 5
            and unchanged["wall s"] <= 1.5
            and unchanged["peak RSS MB"] <= 150
        )
        where = "" if size == "large" else " (goal is at 100,200 linked: `--large`)"
        out.append((
            f"{unchanged['scenario']}: ≤ 5 requests, ≤ 1.5 s, peak RSS ≤ 150 MB{where}", ok,
            f"{unchanged['NetSuite requests']} requests, {unchanged['wall s']} s, "
            f"{unchanged['peak RSS MB']} MB",
        ))  # fmt: skip
    imported = find("import invoices")
    if imported:
        ok = imported["peak RSS MB"] <= 200 and (imported["CPU ms/record"] or 99) <= 1
        where = "" if size == "large" else " (goal is at 100,000: `--large`)"
        out.append((
            f"import {imported['N']:,} invoices: peak RSS ≤ 200 MB, CPU ≤ 1 ms per invoice{where}", ok,
            f"{imported['peak RSS MB']} MB, {imported['CPU ms/record']} ms/invoice",
        ))  # fmt: skip
    fast = find("write invoices, L=0")
    if fast:
        where = "" if size == "large" else " (goal is at 30,000: `--large`)"
        out.append((
            f"write {fast['N']:,} at L=0: peak RSS ≤ 200 MB{where}", fast["peak RSS MB"] <= 200,
            f"{fast['peak RSS MB']} MB",
        ))  # fmt: skip
    once = all(r["exactly once"].startswith("yes") for r in table)
    out.append(("every write exactly once (sandbox record counts after every write)", once, ""))
    batch = find("write invoices, batch mode")
    if batch:
        ok = (batch["requests/record"] or 99) <= 0.02 and batch["exactly once"].startswith("yes")
        against = f", wall {batch['wall s']} s against {write['wall s']} s synchronous" if write else ""
        out.append((
            "batch mode: ≤ 0.02 requests per written record (polling included), no duplicates", ok,
            f"{batch['requests/record']} requests/record{against}",
        ))  # fmt: skip
    return out


def markdown(table: list[dict[str, Any]]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value)

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(row[c]) for c in COLUMNS) + " |" for row in table]
    return "\n".join(lines)


def machine() -> str:
    cores = os.cpu_count()
    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    load = os.getloadavg()
    return f"{cores} cores ({model}), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--large", action="store_true", help="the 100k sizes the goals are stated at")
    size.add_argument("--toy", action="store_true", help="a few records each (the smoke test)")
    parser.add_argument("--json", help="also write the table and verdicts to this file")
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"a comma-separated subset of {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--postgres", help="PostgreSQL URL for the PostgreSQL import (its schema is wiped)")
    args = parser.parse_args(argv)
    chosen = "large" if args.large else "toy" if args.toy else "default"
    scenarios.MEASURE_STARTUP = chosen != "toy"
    postgres = args.postgres or os.environ.get("BENCH_DATABASE_URL")
    started = datetime.now(UTC)
    print(f"make bench ({chosen} sizes) on {machine()}, {started:%Y-%m-%d %H:%M} UTC", flush=True)
    table = run(chosen, postgres, tuple(args.scenarios.split(",")))
    verdicts = goals(table, chosen)
    print()
    print(markdown(table))
    print()
    for goal, ok, detail in verdicts:
        mark = "PASS" if ok else "n/a " if ok is None else "FAIL"
        print(f"- {mark}  {goal}" + (f": {detail}" if detail else ""))
    minutes = (datetime.now(UTC) - started).total_seconds() / 60
    print(f"\n({minutes:.1f} minutes; machine: {machine()})")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "sizes": chosen,
                    "started": started.isoformat(),
                    "machine": machine(),
                    "columns": COLUMNS,
                    "rows": table,
                    "goals": [{"goal": g, "met": ok, "detail": d} for g, ok, d in verdicts],
                },
                out,
                indent=2,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
