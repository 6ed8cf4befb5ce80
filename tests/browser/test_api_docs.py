"""/docs (Swagger UI) and /redoc in a real browser on a machine without internet: every script and style
comes from the service itself, and Swagger UI offers Authorize with the API key schemes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entrypoints.container import build_container
from entrypoints.http.main import create_app
from entrypoints.settings import Settings
from tests.browser.conftest import BackgroundServer, only_loopback

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def docs_url(tmp_path: Path) -> Iterator[str]:
    server = BackgroundServer()
    container = build_container(Settings(data_dir=tmp_path / "data", public_url=server.url))
    server.start(create_app(container))
    try:
        yield server.url
    finally:
        server.stop()
        container.shutdown_resources()


def test_swagger_ui_and_redoc_render_without_internet(
    browser_page: Any, docs_url: str, screenshots: Path
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    tried = only_loopback(page)

    page.goto(f"{docs_url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("invoiced-netsuite", timeout=15_000)
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("apiKey  (http, Basic)")).to_be_visible()
    expect(page.get_by_text("bearer  (http, Bearer)")).to_be_visible()
    page.screenshot(path=str(screenshots / "api-docs-swagger.png"), full_page=False)

    page.goto(f"{docs_url}/redoc")
    expect(page.get_by_role("heading", name="Customers").first).to_be_visible(timeout=15_000)
    page.screenshot(path=str(screenshots / "api-docs-redoc.png"), full_page=False)

    assert tried == [], f"the docs tried to reach the internet: {tried}"
