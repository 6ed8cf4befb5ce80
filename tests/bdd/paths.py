"""The two paths every scenario in features/ runs on, and the scenarios that cannot run on one.

"memory": the in-memory ledger and NetSuite fake (fast). "sandbox": the real path, the SQLite ledger
and the REST gateway talking to the NetSuite sandbox over loopback HTTP. A scenario that cannot run
on one of them is tagged in its feature file (`@fake_only` or `@real_path_only`) and its reason is
written here, under its scenario name, where the skip shows it. Keep both lists short: a scenario
that runs on one path only is documentation the product is not held to.
"""

from __future__ import annotations

import pytest

# Scenario name -> why it cannot run on the real path.
NOT_ON_THE_REAL_PATH: dict[str, str] = {}
# Scenario name -> why it cannot run on the in-memory fake.
NOT_ON_THE_FAKE: dict[str, str] = {}


def skip_if_not_on(path: str, request: pytest.FixtureRequest) -> None:
    """Skip this scenario on `path` when its feature says it cannot run there, saying why."""
    for tag, other_path, reasons in (
        ("fake_only", "sandbox", NOT_ON_THE_REAL_PATH),
        ("real_path_only", "memory", NOT_ON_THE_FAKE),
    ):
        if path == other_path and request.node.get_closest_marker(tag) is not None:
            name = _scenario_name(request)
            reason = reasons.get(name)
            if reason is None:
                pytest.fail(f"Scenario {name!r} is tagged @{tag} without a reason in tests/bdd/paths.py.")
            pytest.skip(f"not on the {'real path' if path == 'sandbox' else 'fake'}: {reason}")


def _scenario_name(request: pytest.FixtureRequest) -> str:
    """The scenario's name as its feature writes it (pytest-bdd keeps "Feature: Scenario" as the doc)."""
    doc = request.node.function.__doc__ or request.node.name
    return str(doc).split(": ", 1)[-1]
