"""Putting the process's structlog configuration back after a test configured it."""

from __future__ import annotations

import sys
from typing import Any

import structlog


def _stderr_printer(*_: Any) -> structlog.PrintLogger:
    return structlog.PrintLogger(sys.stderr)  # whatever stderr is at the call: runners swap it


def structlog_to_stderr() -> None:
    """structlog's own defaults print to stdout; a background thread left from one test (a lock
    renewer, a sandbox) that logs while the next test's CLI command runs would write into that
    command's captured stdout and break its --json document. So the resting state prints to stderr."""
    structlog.reset_defaults()
    structlog.configure(logger_factory=_stderr_printer)
