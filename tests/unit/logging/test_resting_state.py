"""Until configure_logging runs (from import on, and after a test puts logging back), a log line of ours
(from this thread or one a previous test left running) must not reach stdout, where a CLI command's
--json document is being written."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import threading

import pytest
import structlog

from entrypoints.logging_setup import route_to_standard_logging


def test_a_log_line_before_logging_is_configured_goes_to_the_standard_library_not_stdout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    route_to_standard_logging()  # what a process has from import until configure_logging
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout), caplog.at_level(logging.WARNING):
        print(json.dumps({"id": 1}))  # the command's one document
        worker = threading.Thread(target=lambda: structlog.get_logger("lock").warning("lock_renewed"))
        worker.start()
        worker.join()
        structlog.get_logger("adapters.redis.limiter").warning("netsuite_slot_lease_lost", key="slot:1")

    assert json.loads(stdout.getvalue()) == {"id": 1}
    assert [(r.name, r.getMessage().split()[0]) for r in caplog.records] == [
        ("lock", "event='lock_renewed'"),
        ("adapters.redis.limiter", "event='netsuite_slot_lease_lost'"),
    ]
