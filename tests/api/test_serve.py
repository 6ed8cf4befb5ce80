"""`serve`'s embedded runtime: SQLite upgraded on start, the in-process worker and scheduler, and with
`--demo` a demo company connected to an in-process sandbox, reachable through the API right away."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from entrypoints.cli.serve import (
    EmbeddedRuntime,
    _announce,
    create_app_for,
    settings_for,
    start_embedded_runtime,
)
from entrypoints.container import build_container
from entrypoints.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture
def demo_runtime(tmp_path: Path) -> Iterator[EmbeddedRuntime]:
    container = build_container(Settings(data_dir=tmp_path / "data", public_url="http://127.0.0.1:8000"))
    runtime = start_embedded_runtime(container, demo=True)
    yield runtime
    runtime.stop()


def test_the_demo_company_is_connected_to_the_sandbox_and_syncs_through_the_worker(
    demo_runtime: EmbeddedRuntime, tmp_path: Path
) -> None:
    assert demo_runtime.demo is not None
    assert (tmp_path / "data" / "invoiced-netsuite.db").exists()
    sandbox = demo_runtime.demo.sandbox
    app = create_app_for(demo_runtime)
    assert app.state.suggested_netsuite_base_url == sandbox.base_url

    with TestClient(app) as client:
        auth = (demo_runtime.demo.company.api_key, "")
        integration = client.get("/integrations/netsuite", auth=auth).json()
        assert integration["account_id"] == sandbox.account_id
        assert integration["base_url"] == sandbox.base_url
        run = client.post("/integrations/netsuite/syncs", auth=auth).json()
        deadline = time.monotonic() + 30
        while client.get(f"/integrations/netsuite/syncs/{run['id']}", auth=auth).json()["status"] in (
            "queued",
            "running",
        ):
            assert time.monotonic() < deadline, "the in-process worker did not run the sync"
            time.sleep(0.1)
        # Sync Now hands back the first sync while it runs; on a quick machine it may have finished.
        first = client.get("/integrations/netsuite/syncs", auth=auth).json()["data"][-1]
        while first["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, "the in-process worker did not run the first sync"
            time.sleep(0.1)
            first = client.get(f"/integrations/netsuite/syncs/{first['id']}", auth=auth).json()
        finished = client.get(f"/integrations/netsuite/syncs/{first['id']}", auth=auth).json()

    assert finished["status"] == "succeeded"
    assert finished["counts"]["invoices_imported"] > 0
    assert finished["trigger"] == "auto"  # queued at start, so the dashboard shows invoices right away
    assert integration["settings"]["fallback_item_id"] == "201"  # the sandbox's service item


def test_email_links_point_at_the_server_unless_public_url_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    base = Settings(public_url="http://127.0.0.1:8000")
    monkeypatch.delenv("PUBLIC_URL", raising=False)

    assert settings_for(base, "0.0.0.0", 9000).public_url == "http://127.0.0.1:9000"
    assert settings_for(base, "localhost", 8080).public_url == "http://localhost:8080"
    monkeypatch.setenv("PUBLIC_URL", "https://ar.example.com")
    from_environment = Settings()
    assert settings_for(from_environment, "0.0.0.0", 9000).public_url == "https://ar.example.com"


def test_each_demo_run_says_its_company_is_a_new_one_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(data_dir=tmp_path / "data", public_url="http://127.0.0.1:8000")
    names, notes = [], []
    for _ in range(2):
        runtime = start_embedded_runtime(build_container(settings), demo=True)
        try:
            assert runtime.demo is not None
            names.append(runtime.demo.company.company.name)
            _announce(settings, runtime)
            notes.append(capsys.readouterr().out)
        finally:
            runtime.stop()

    assert names == ["Demo Company", "Demo Company 2"]
    assert "A new one" not in notes[0]
    first_id = notes[0].split("Demo company ")[1].split(" ")[0]
    assert (
        f"A new one, because every run starts a fresh NetSuite sandbox: the earlier demo company ({first_id})"
        in notes[1]
    )
    assert "`make clean-data` removes them all" in notes[1]
