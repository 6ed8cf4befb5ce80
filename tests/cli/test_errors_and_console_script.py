"""How the CLI fails (one line, an exit code, no traceback) and the installed console script itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dependency_injector import providers

from adapters.memory import FixedClock, InMemoryStore
from adapters.security import remember_secret
from application.errors import NetSuiteAuthError
from entrypoints.cli.output import error_line
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.cli.conftest import Cli


def test_a_wrong_setting_is_one_line_naming_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "chatty")

    line = cli.refused("company", "list")

    assert line.startswith("Error: The configuration in the environment is not valid: LOG_LEVEL")


def test_an_unexpected_error_is_one_line_with_exit_code_1(cli: Cli, tmp_path: Path) -> None:
    container = build_container(Settings(data_dir=tmp_path))
    container.ledger.override(providers.Callable(lambda: (_ for _ in ()).throw(RuntimeError("disk on fire"))))

    result = cli.run("company", "list", obj=container)

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: Unexpected RuntimeError: disk on fire (rerun with LOG_LEVEL=DEBUG for the traceback)."
    )


def test_a_netsuite_problem_is_exit_code_1_with_its_advice(cli: Cli, tmp_path: Path) -> None:
    container = build_container(Settings(data_dir=tmp_path))
    container.ledger.override(providers.Callable(lambda: (_ for _ in ()).throw(NetSuiteAuthError())))

    result = cli.run("company", "list", obj=container)

    assert result.exit_code == 1
    assert "INVALID_LOGIN" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_test_can_run_the_cli_on_memory_adapters(cli: Cli, tmp_path: Path) -> None:
    container = build_container(Settings(data_dir=tmp_path))
    store = InMemoryStore()
    container.uow.override(providers.Object(store))
    container.clock.override(providers.Object(FixedClock()))

    result = cli.run("company", "create", "In memory", "--json", obj=container)

    assert result.exit_code == 0, result.stderr
    assert [c.name for c in store.tables.companies.values()] == ["In memory"]
    assert not (tmp_path / "invoiced-netsuite.db").exists(), "no database is prepared for memory adapters"


def test_version() -> None:
    from typer.testing import CliRunner

    from entrypoints.cli.main import build_app

    result = CliRunner().invoke(build_app(), ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("invoiced-netsuite ")


def test_the_console_script_runs_end_to_end(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("invoiced-netsuite")
    if not script.exists():
        pytest.skip(f"{script} is not installed (pip install -e .)")
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "LOG_LEVEL")},
        "DATA_DIR": str(tmp_path / "data"),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120
        )

    created = run("company", "create", "Console Co", "--json")
    assert created.returncode == 0, created.stderr
    company = json.loads(created.stdout)
    assert company["api_key"].startswith("ink_") and created.stderr == ""

    bad = run("invoice", "list", "--company", "999")
    assert bad.returncode == 2
    assert bad.stderr == "Error: No company with id 999: run `company list` to see the ids.\n"
    assert (tmp_path / "data" / "invoiced-netsuite.db").is_file()


def test_an_error_line_never_repeats_a_credential(capsys: pytest.CaptureFixture[str]) -> None:
    remember_secret("tok-held-by-this-process-4242")
    error_line('NetSuite said no to oauth_consumer_key="ck-5f2a9e77" and token tok-held-by-this-process-4242')

    said = capsys.readouterr().err
    assert said.startswith("Error: NetSuite said no")
    assert "ck-5f2a9e77" not in said and "tok-held-by-this-process-4242" not in said
