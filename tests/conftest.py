"""Shared fixtures, loaded as plugins so each tier's folder keeps its own."""

pytest_plugins = [
    "tests.support.services",
    "tests.support.sandbox",
    "tests.support.repositories",
    "tests.support.netsuite_user",
]


def pytest_configure(config: object) -> None:
    from tests.support.logging_state import structlog_to_stderr

    structlog_to_stderr()  # before any test: a stray log line must never land in a --json stdout
