"""uvicorn's factory builds a complete app from the environment alone, with no app at import time."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import entrypoints.http.main as http_main


def test_importing_the_module_builds_nothing() -> None:
    module = importlib.reload(http_main)

    assert not [name for name, value in vars(module).items() if type(value).__name__ == "FastAPI"]


def test_the_factory_builds_the_app_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    for name in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)

    app = http_main.create_app_from_env()

    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ok"}
        assert client.get("/customers").status_code == 401
        assert client.get("/dashboard/login").status_code == 200
    assert (tmp_path / "data" / "invoiced-netsuite.db").exists()
    assert (tmp_path / "data" / "secret.key").exists()
