"""Turn the database's integrity errors into the application's Conflict / InvalidInput, with clear words."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from adapters.persistence.tables import metadata
from application.errors import Conflict, InvalidInput

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>.+)$")
_PG_UNIQUE_VIOLATION = "23505"
_PG_FOREIGN_KEY_VIOLATION = "23503"


def _unique_constraints_by_columns() -> dict[tuple[str, tuple[str, ...]], str]:
    named: dict[tuple[str, tuple[str, ...]], str] = {}
    for table in metadata.tables.values():
        for constraint in table.constraints:
            if constraint.__visit_name__ == "unique_constraint" and isinstance(constraint.name, str):
                columns = tuple(column.name for column in constraint.columns)
                named[(table.name, columns)] = constraint.name
        for index in table.indexes:
            if index.unique and isinstance(index.name, str):
                named[(table.name, tuple(column.name for column in index.columns))] = index.name
    return named


def violated_unique_constraint(error: IntegrityError) -> str | None:
    """The name of the unique constraint the statement broke, or None when it was something else."""
    original = error.orig
    if getattr(original, "sqlstate", None) == _PG_UNIQUE_VIOLATION:
        diag = getattr(original, "diag", None)
        name = getattr(diag, "constraint_name", None)
        return str(name) if name else ""
    # SQLite names the columns, not the constraint: "UNIQUE constraint failed: links.company_id, ..."
    match = _SQLITE_UNIQUE.search(str(original))
    if match is None:
        return None
    qualified = [part.strip() for part in match.group("columns").split(",")]
    table = qualified[0].split(".")[0]
    columns = tuple(part.split(".", 1)[1] for part in qualified)
    return _unique_constraints_by_columns().get((table, columns), "")


def _clashing_column(constraint_name: str) -> str | None:
    """The field a unique constraint keeps unique within its company (its last column)."""
    for table in metadata.tables.values():
        for constraint in [*table.constraints, *table.indexes]:
            if constraint.name == constraint_name:
                return [column.name for column in constraint.columns][-1]
    return None


def is_foreign_key_violation(error: IntegrityError) -> bool:
    original = error.orig
    if getattr(original, "sqlstate", None) == _PG_FOREIGN_KEY_VIOLATION:
        return True
    return "FOREIGN KEY constraint failed" in str(original)


@contextmanager
def written_or_conflict(
    session: Session,
    taken: Mapping[str, str],
    *,
    missing: str,
    missing_param: str | None = None,
) -> Iterator[None]:
    """Run the block's writes (which must flush) in a savepoint. A broken unique constraint raises
    Conflict with the message `taken[constraint name]`; a dangling reference raises InvalidInput(missing).
    The savepoint keeps the rest of the unit of work usable after the error."""
    try:
        with session.begin_nested():
            yield
    except IntegrityError as error:
        name = violated_unique_constraint(error)
        if name is not None:
            # `from None`: the driver's message repeats the row's values, which belong in no log.
            message = taken.get(name) or "This record clashes with one that already exists."
            raise Conflict(message, param=_clashing_column(name)) from None
        if is_foreign_key_violation(error):
            raise InvalidInput(missing, param=missing_param) from None
        raise
