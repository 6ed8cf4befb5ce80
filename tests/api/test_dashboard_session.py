"""The dashboard: signing in with an API key, the session cookie, CSRF on every form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from adapters.memory import FixedClock
from application.ledger import NewCompany
from entrypoints.container import Container
from entrypoints.http.main import create_app

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(page_html: str) -> str:
    match = _TOKEN.search(page_html)
    assert match, "the page has a form with a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, api_key: str) -> None:
    token = csrf(client.get("/dashboard/login").text)
    response = client.post(
        "/dashboard/login", data={"api_key": api_key, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def test_pages_need_a_session_and_send_you_to_sign_in_first(client: TestClient) -> None:
    response = client.get("/dashboard/invoices?page=2", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/login?next=/dashboard/invoices?page=2"


def test_sign_in_with_an_api_key_then_see_the_company(client: TestClient, company: NewCompany) -> None:
    token = csrf(client.get("/dashboard/login").text)

    response = client.post(
        "/dashboard/login",
        data={"api_key": company.api_key, "csrf_token": token, "next": "/dashboard/customers"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/customers"
    page = client.get("/dashboard/customers")
    assert page.status_code == 200
    assert "Acme Supplies" in page.text
    assert company.api_key not in page.text


def test_a_wrong_key_shows_an_error_on_the_form(client: TestClient, company: NewCompany) -> None:
    token = csrf(client.get("/dashboard/login").text)

    response = client.post("/dashboard/login", data={"api_key": "ink_nope", "csrf_token": token})

    assert response.status_code == 401
    assert "That API key is not valid" in response.text
    assert client.get("/dashboard/invoices", follow_redirects=False).status_code == 303


def test_a_form_without_the_sessions_csrf_token_is_refused(client: TestClient, company: NewCompany) -> None:
    client.get("/dashboard/login")

    missing = client.post("/dashboard/login", data={"api_key": company.api_key})
    forged = client.post("/dashboard/login", data={"api_key": company.api_key, "csrf_token": "forged"})

    assert missing.status_code == 403
    assert forged.status_code == 403
    assert "could not be verified" in forged.text
    assert client.get("/dashboard/invoices", follow_redirects=False).status_code == 303


def test_next_never_leaves_the_dashboard(client: TestClient, company: NewCompany) -> None:
    token = csrf(client.get("/dashboard/login").text)

    response = client.post(
        "/dashboard/login",
        data={"api_key": company.api_key, "csrf_token": token, "next": "https://evil.example/"},
        follow_redirects=False,
    )

    assert response.headers["location"] == "/dashboard"


def test_sign_out_ends_the_session(client: TestClient, company: NewCompany) -> None:
    sign_in(client, company.api_key)
    token = csrf(client.get("/dashboard/invoices").text)

    client.post("/dashboard/logout", data={"csrf_token": token}, follow_redirects=False)

    assert client.get("/dashboard/invoices", follow_redirects=False).status_code == 303


COOKIE = "invoiced_netsuite_session"


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(
    container: Container, client: TestClient, company: NewCompany
) -> None:
    sign_in(client, company.api_key)
    captured = client.cookies[COOKIE]
    token = csrf(client.get("/dashboard/invoices").text)

    client.post("/dashboard/logout", data={"csrf_token": token}, follow_redirects=False)

    with TestClient(create_app(container), cookies={COOKIE: captured}) as thief:
        response = thief.get("/dashboard/invoices", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/dashboard/login")


def test_signing_out_on_one_browser_leaves_another_signed_in(
    container: Container, client: TestClient, company: NewCompany
) -> None:
    sign_in(client, company.api_key)
    with TestClient(create_app(container)) as other_browser:
        sign_in(other_browser, company.api_key)
        token = csrf(client.get("/dashboard/invoices").text)
        client.post("/dashboard/logout", data={"csrf_token": token}, follow_redirects=False)

        assert other_browser.get("/dashboard/invoices", follow_redirects=False).status_code == 200


def test_a_session_ends_twelve_hours_after_sign_in_on_the_server_too(
    container: Container, client: TestClient, company: NewCompany, clock: FixedClock
) -> None:
    sign_in(client, company.api_key)
    clock.advance(hours=11, minutes=59)
    assert client.get("/dashboard/invoices", follow_redirects=False).status_code == 200

    clock.advance(minutes=2)

    assert client.get("/dashboard/invoices", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_http_only_and_same_site(client: TestClient, company: NewCompany) -> None:
    response = client.get("/dashboard/login")

    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_invoice_and_customer_lists(client: TestClient, company: NewCompany, container: object) -> None:
    from decimal import Decimal

    from application.ledger import LineInput

    ledger = container.ledger()  # type: ignore[attr-defined]
    company_id = company.company.id
    acme = ledger.create_customer(company_id, "Wayne Enterprises", currency="usd")
    ledger.create_invoice(company_id, acme.id, [LineInput("Consulting", Decimal("2"), Decimal("1234.5"))])
    sign_in(client, company.api_key)

    invoices = client.get("/dashboard/invoices").text
    customers = client.get("/dashboard/customers").text

    assert "INV-00001" in invoices
    assert "2,469.00 USD" in invoices
    assert "Wayne Enterprises" in invoices
    assert "Not synced" in invoices
    assert "Wayne Enterprises" in customers
    assert "CUST-00001" in customers


def test_a_malformed_address_gets_a_page_not_json(client: TestClient, company: NewCompany) -> None:
    sign_in(client, company.api_key)

    response = client.get("/dashboard/syncs/not-a-number")

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "Invalid run_id" in response.text
