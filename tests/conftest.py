"""Shared fixtures, loaded as plugins so each tier's folder keeps its own."""

pytest_plugins = [
    "tests.support.services",
    "tests.support.sandbox",
    "tests.support.repositories",
    "tests.support.netsuite_user",
]


def pytest_configure(config: object) -> None:
    from entrypoints.logging_setup import route_to_standard_logging

    route_to_standard_logging()  # before any test: a stray log line must never land in a --json stdout
