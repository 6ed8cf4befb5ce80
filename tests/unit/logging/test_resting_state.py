"""Between tests, a log line from a thread a previous test left running must not reach stdout, where
the next CLI command's --json document is being captured."""

from __future__ import annotations

import contextlib
import io
import json
import threading

import structlog

from tests.support.logging_state import structlog_to_stderr


def test_a_log_line_after_logging_was_put_back_goes_to_stderr_not_stdout() -> None:
    structlog_to_stderr()
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        print(json.dumps({"id": 1}))  # the command's one document
        worker = threading.Thread(target=lambda: structlog.get_logger("lock").warning("lock_renewed"))
        worker.start()
        worker.join()
    assert json.loads(stdout.getvalue()) == {"id": 1}
    assert "lock_renewed" in stderr.getvalue()
