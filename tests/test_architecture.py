"""The layering is mechanical: import-linter's contracts (pyproject.toml) run with every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_dependencies_point_inward_and_the_core_stays_framework_free() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_cover_every_layer() -> None:
    config = (ROOT / "pyproject.toml").read_text()
    assert 'layers = ["entrypoints", "adapters", "application", "domain"]' in config
    for framework in (
        "sqlmodel",
        "requests",
        "dramatiq",
        "redis",
        "dependency_injector",
        "structlog",
        "fastapi",
    ):
        assert f'"{framework}"' in config, f"{framework} is not kept out of domain/ and application/"
