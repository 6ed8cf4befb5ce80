"""The dashboard's Connect form with OAuth 2.0 client credentials, against the sandbox over real HTTP:
"create a certificate for me" keeps the private key on the server (sealed) and offers the certificate
for download; the administrator maps it in NetSuite and enters the certificate ID; the Accounting Sync
page warns when the certificate is about to expire."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator

import pytest
from cryptography import x509
from dependency_injector import providers

from adapters.netsuite import LocalTokenCache, RestNetSuiteGatewayFactory
from application.integration import ConnectRequest
from application.ledger import NewCompany
from domain.integration import AuthMethod
from entrypoints.container import Container
from netsuite_sandbox import SandboxServer
from tests.api.test_dashboard_netsuite import Dashboard, dashboard
from tests.support.oauth2 import certificate_pem, private_key, private_key_pem

pytestmark = pytest.mark.integration
_ = dashboard  # the signed-in dashboard fixture

CONNECT = "/dashboard/settings/integrations/netsuite/connect"
CERTIFICATE = "/dashboard/settings/integrations/netsuite/certificate"


@pytest.fixture
def real_netsuite(container: Container, netsuite_sandbox: SandboxServer) -> Iterator[SandboxServer]:
    factory = RestNetSuiteGatewayFactory(timeout=(5.0, 30.0), token_cache=LocalTokenCache())
    container.netsuite_gateways.override(providers.Object(factory))
    yield netsuite_sandbox
    container.netsuite_gateways.reset_override()


def test_a_new_connection_is_offered_oauth2_first_and_tba_on_its_tab(dashboard: Dashboard) -> None:
    page = dashboard.get(CONNECT)
    assert 'aria-current="page" class="current">OAuth 2.0 client credentials' in page
    assert "Certificate ID" in page and "Create a certificate for me" in page
    assert "Consumer key" in dashboard.get(CONNECT + "?method=tba")


def test_create_a_certificate_here_map_it_and_connect(
    dashboard: Dashboard, real_netsuite: SandboxServer, container: Container
) -> None:
    created = dashboard.submit(CONNECT, CERTIFICATE, follow_redirects=True)
    assert created.status_code == 200 and "Download the certificate" in created.text
    download = dashboard.client.get(CERTIFICATE + ".pem")
    assert download.headers["content-disposition"] == 'attachment; filename="netsuite-certificate.pem"'
    assert "END PRIVATE KEY" not in download.text and "END PRIVATE KEY" not in created.text
    cookie = dashboard.client.cookies["invoiced_netsuite_session"]
    session = json.loads(base64.b64decode(cookie.split(".")[0] + "=="))  # signed, not encrypted
    assert "END PRIVATE KEY" not in json.dumps(session), "only the sealed key is in the cookie"
    sealed = session["netsuite_pending_certificate"]["sealed_key"]
    assert "END PRIVATE KEY" in container.secret_box().unseal(sealed), "sealed by the secret box"
    expires = x509.load_pem_x509_certificate(download.content).not_valid_after_utc.date()
    # The administrator uploads it on the M2M setup page and copies the certificate id.
    kid = real_netsuite.oauth2.register_certificate(download.text)

    answer = dashboard.submit(
        CONNECT + "?method=oauth2",
        CONNECT,
        {
            "auth": "oauth2",
            "account_id": real_netsuite.account_id,
            "client_id": real_netsuite.oauth2.client_id,
            "certificate_id": kid,
            "base_url": real_netsuite.base_url,
        },
        follow_redirects=True,
    )

    assert answer.status_code == 200, answer.text
    assert f"Connected to NetSuite account {real_netsuite.account_id}" in answer.text
    assert "logs in with OAuth 2.0 client credentials" in answer.text  # the settings page
    assert f"certificate ID {kid}, certificate expires {expires.isoformat()}" in answer.text
    assert real_netsuite.stats()["oauth2_tokens_issued"] == 1
    sync_page = dashboard.get("/dashboard/settings/accounting_sync")
    assert "OAuth 2.0 client credentials" in sync_page and expires.isoformat() in sync_page
    assert "Download the certificate" not in dashboard.get(CONNECT), "the made certificate was used"
    real_netsuite.oauth2.revoke_certificate(kid)


def test_a_refused_certificate_id_says_what_to_check_and_saves_nothing(
    dashboard: Dashboard, real_netsuite: SandboxServer
) -> None:
    key = private_key("P-256")
    answer = dashboard.submit(
        CONNECT,
        CONNECT,
        {
            "auth": "oauth2",
            "account_id": real_netsuite.account_id,
            "client_id": real_netsuite.oauth2.client_id,
            "certificate_id": "not-mapped",
            "private_key": private_key_pem(key),
            "base_url": real_netsuite.base_url,
        },
    )
    assert answer.status_code == 422
    assert "certificate ID" in answer.text and "Log in using OAuth 2.0 Access Tokens" in answer.text
    assert "END PRIVATE KEY" not in answer.text, "the key is never filled back in"
    assert "Connect" in dashboard.get("/dashboard/settings/integrations")


def test_the_accounting_sync_page_warns_30_days_before_the_certificate_expires(
    dashboard: Dashboard, real_netsuite: SandboxServer, container: Container, company: NewCompany
) -> None:
    key = private_key("P-256")
    kid = real_netsuite.oauth2.register_certificate(certificate_pem(key, days=20))
    expires_on = dt.date.today() + dt.timedelta(days=20)
    assert company.company.id is not None
    container.netsuite_connections().connect(
        ConnectRequest(
            company.company.id,
            real_netsuite.account_id,
            base_url=real_netsuite.base_url,
            auth=AuthMethod.OAUTH2,
            client_id=real_netsuite.oauth2.client_id,
            certificate_id=kid,
            private_key=private_key_pem(key),
            certificate_expires_on=expires_on,
        )
    )

    page = dashboard.get("/dashboard/settings/accounting_sync")

    assert f"The NetSuite certificate {kid} expires in 20 days ({expires_on.isoformat()})" in page
    real_netsuite.oauth2.revoke_certificate(kid)
