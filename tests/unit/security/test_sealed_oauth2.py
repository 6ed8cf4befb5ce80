"""Both login methods are sealed at rest and open again as they were; TBA's stay readable as before."""

from __future__ import annotations

import json

from adapters.security.secret_box import FernetSecretBox, generate_key
from application.integration.access import seal_credentials, unseal_credentials
from domain.integration import NetSuiteCredentials, OAuth2Credentials

KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n"


def test_oauth2_credentials_are_sealed_and_opened_again() -> None:
    box = FernetSecretBox(generate_key())
    credentials = OAuth2Credentials("client-id", "kid-1", KEY_PEM)

    sealed = seal_credentials(box, credentials)

    assert "PRIVATE" not in sealed and "client-id" not in sealed
    assert unseal_credentials(box, sealed) == credentials


def test_tba_credentials_sealed_before_oauth2_existed_still_open() -> None:
    box = FernetSecretBox(generate_key())
    old = box.seal(
        json.dumps({"consumer_key": "ck", "consumer_secret": "cs", "token_id": "ti", "token_secret": "ts"})
    )

    assert unseal_credentials(box, old) == NetSuiteCredentials("ck", "cs", "ti", "ts")
