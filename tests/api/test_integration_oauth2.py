"""POST /integrations/netsuite with OAuth 2.0 client credentials: the key is sealed and never returned,
the certificate's expiry is shown, and a key that is not the certificate's is named."""

from __future__ import annotations

import datetime as dt
from typing import Any

from adapters.memory.gateway import InMemoryNetSuite
from adapters.security.certificates import create_certificate
from domain.integration import OAuth2Credentials
from tests.api.conftest import Api
from tests.api.test_integration import CONNECT

PAIR = create_certificate("ec", 20)
CREDENTIALS = OAuth2Credentials("client-id-0001", "kid-0001", PAIR.private_key_pem)


def connect_body(**auth: Any) -> dict[str, Any]:
    return {
        "account_id": "1234567",
        "auth": {
            "method": "oauth2",
            "client_id": CREDENTIALS.client_id,
            "certificate_id": CREDENTIALS.certificate_id,
            "private_key": PAIR.private_key_pem,
            "certificate": PAIR.certificate_pem,
        }
        | auth,
    }


def test_connect_with_oauth2_shows_the_method_and_the_certificate_never_the_key(
    api: Api, netsuite: InMemoryNetSuite
) -> None:
    netsuite.credentials = CREDENTIALS  # type: ignore[assignment]

    response = api.post("/integrations/netsuite", json=connect_body())

    assert response.status_code == 201, response.text
    auth = response.json()["auth"]
    assert (auth["method"], auth["client_id"], auth["certificate_id"]) == (
        "oauth2",
        "client-id-0001",
        "kid-0001",
    )
    expires = dt.datetime(PAIR.expires_on.year, PAIR.expires_on.month, PAIR.expires_on.day, tzinfo=dt.UTC)
    assert auth["certificate_expires"] == int(expires.timestamp())
    assert "expires in" in auth["certificate_warning"]  # a 20-day certificate is within the 30 days
    assert PAIR.private_key_pem.splitlines()[1] not in response.text
    assert api.ok("GET", "/integrations/netsuite")["auth"] == auth


def test_a_private_key_that_is_not_the_certificates_is_named(api: Api, netsuite: InMemoryNetSuite) -> None:
    netsuite.credentials = CREDENTIALS  # type: ignore[assignment]
    other = create_certificate("ec", 30)

    response = api.post("/integrations/netsuite", json=connect_body(certificate=other.certificate_pem))

    assert response.status_code == 400
    assert response.json()["param"] == "private_key"
    assert api.get("/integrations/netsuite").status_code == 404


def test_oauth2_without_a_certificate_id_names_it(api: Api) -> None:
    response = api.post("/integrations/netsuite", json=connect_body(certificate_id=None))
    assert response.status_code == 400
    assert response.json()["param"] == "certificate_id"


def test_tba_connections_show_their_method(api: Api) -> None:
    assert api.ok("POST", "/integrations/netsuite", 201, json=CONNECT)["auth"] == {
        "method": "tba",
        "client_id": None,
        "certificate_id": None,
        "certificate_expires": None,
        "certificate_warning": None,
    }
