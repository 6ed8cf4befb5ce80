"""Batch answers that survive a run-level failure: what arrived before NetSuite went down (or refused
the credentials) is settled like any other answer, then the failure ends the run."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from application.errors import NetSuiteError
from domain.netsuite import RemovalOutcome, UpsertOutcome

O = TypeVar("O", UpsertOutcome, RemovalOutcome)


def answers_of(write: Callable[[], list[O]], kind: type[O]) -> tuple[list[O], NetSuiteError | None]:
    """The batch's outcomes, and None; or, when a run-level failure cut it short, the outcomes that had
    arrived and the failure (for the caller to raise once it has settled them)."""
    try:
        return write(), None
    except NetSuiteError as cut:
        return [outcome for outcome in cut.arrived if isinstance(outcome, kind)], cut
