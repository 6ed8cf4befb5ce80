"""How the CLI speaks: one JSON document with --json, rich tables otherwise, one line on stderr for errors."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from entrypoints.logging_setup import redact_text

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (the object or list shown) for scripts.")
]


PIPE_WIDTH = 160


def stdout() -> Console:
    """A console on the current stdout (looked up per call: test runners swap sys.stdout). Piped
    output gets a wide page instead of rich's 80 columns, so tables stay readable in logs."""
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, soft_wrap=False, width=PIPE_WIDTH)
    return console


def _default(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # money never travels as a float
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def print_json(document: object) -> None:
    """Print exactly one JSON document on stdout."""
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=_default))


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A rich table on stdout; numbers (money) are right-aligned by column name convention."""
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        # fold, never "…": a table must not hide part of an id or an amount
        table.add_column(column, justify="right" if column in _NUMERIC_COLUMNS else "left", overflow="fold")
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    stdout().print(table)


def say(message: str) -> None:
    """A line for a person reading the terminal (never used with --json). It is never cut into lines
    here: a terminal wraps it at its own width, and piped output keeps each sentence whole."""
    stdout().print(message, markup=False, soft_wrap=True)


def error_line(message: str) -> None:
    """Exactly one line on stderr, with anything secret-looking in it masked (an error may quote what
    a library or NetSuite said)."""
    typer.echo("Error: " + " ".join(redact_text(message).split()), err=True)


_NUMERIC_COLUMNS = frozenset(
    {"ID", "Quantity", "Unit cost", "Amount", "Total", "Paid", "Balance", "Unapplied", "Customer ID"}
)
