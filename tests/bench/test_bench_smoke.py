"""`make bench` at a toy size, so the harness cannot rot: the sandbox and the sync in their own
processes, the table with every column, and NetSuite holding each written invoice exactly once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import COLUMNS, main

pytestmark = pytest.mark.integration


def test_the_bench_prints_its_table_and_proves_every_write_landed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"

    assert main(["--toy", "--scenarios", "write", "--json", str(out)]) == 0

    result = json.loads(out.read_text())
    printed = capsys.readouterr().out
    assert "| " + " | ".join(COLUMNS) + " |" in printed
    rows = {row["scenario"]: row for row in result["rows"]}
    assert set(rows) == {"write invoices", "minimal signed-PUT client, same rig"}
    for row in rows.values():
        assert list(row) == COLUMNS
        assert row["exactly once"] == "yes (20)"
        assert row["429s"] == 0 and 1 <= row["peak concurrency"] <= 5
        assert row["peak RSS MB"] > 0
    assert rows["write invoices"]["NetSuite requests"] >= 20  # one PUT per invoice, plus its few queries
    assert any(
        goal["goal"].startswith("every write exactly once") and goal["met"] for goal in result["goals"]
    )
