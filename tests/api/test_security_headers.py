"""Every answer tells the browser not to frame it, not to sniff it, and to run only this origin's
scripts and styles; the dashboard's templates need nothing more (no inline script or style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from application.ledger import NewCompany
from entrypoints.http.security_headers import PAGE_POLICY
from tests.api.test_dashboard_session import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "entrypoints" / "http" / "templates"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/dashboard/login"),
        ("GET", "/dashboard/invoices"),  # the redirect to sign in
        ("GET", "/invoices"),  # 401 from the API
        ("GET", "/health"),
        ("GET", "/static/app.css"),
        ("GET", "/no/such/page"),
    ],
)
def test_every_answer_carries_the_browser_protections(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, follow_redirects=False)

    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_signed_in_page_is_protected_too(client: TestClient, company: NewCompany) -> None:
    sign_in(client, company.api_key)

    response = client.get("/dashboard/settings/accounting_sync")

    assert response.status_code == 200
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert response.headers["x-frame-options"] == "DENY"


def test_the_api_reference_page_still_starts_its_viewer(client: TestClient) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_no_template_needs_inline_script_or_style(template: Path) -> None:
    # The dashboard's policy blocks them: a style="" or <script> here would silently stop working.
    html = template.read_text()
    assert not re.search(r"\sstyle\s*=", html), "move the style into static/app.css"
    assert not re.search(r"<script(?![^>]*\ssrc=)", html), "serve the script from static/"
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handlers"


def test_the_api_reference_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        policy = client.get(page).headers["content-security-policy"]
        assert "https:" not in policy and "cdn" not in policy, page
