"""Shared fixtures, loaded as plugins so each tier's folder keeps its own."""

pytest_plugins = [
    "tests.support.services",
    "tests.support.sandbox",
    "tests.support.repositories",
    "tests.support.netsuite_user",
]
