"""The sandbox's OAuth 2.0 client-credentials rules, one test per rule (NetSuite's "The Request Token
Structure" and the token endpoint's page). Assertions are signed with PyJWT in tests/support/oauth2.py."""

from __future__ import annotations

import datetime as dt
import time
from functools import cache

import pytest

from netsuite_sandbox.auth import AuthenticationFailed
from netsuite_sandbox.oauth2 import (
    CertificateRefused,
    ClientCredentialsAuthority,
    TokenRequestRefused,
)
from tests.support.oauth2 import (
    PrivateKey,
    certificate_pem,
    client_assertion,
    private_key,
    private_key_pem,
    token_form,
)

ACCOUNT = "TSTDRV2450117"
TOKEN_URL = "http://127.0.0.1:8700/services/rest/auth/oauth2/v1/token"
FORM = "application/x-www-form-urlencoded"


@cache
def key(kind: str) -> PrivateKey:
    return private_key(kind)


class Setup:
    def __init__(self, kind: str = "P-256") -> None:
        self.authority = ClientCredentialsAuthority(ACCOUNT)
        self.key = key(kind)
        self.kid = self.authority.register_certificate(certificate_pem(self.key))

    def assertion(self, **overrides: object) -> str:
        settings: dict[str, object] = {
            "kid": self.kid,
            "client_id": self.authority.client_id,
            "aud": TOKEN_URL,
        }
        signer = overrides.pop("key", self.key)
        settings.update(overrides)
        return client_assertion(signer, **settings)  # type: ignore[arg-type]

    def token(self, body: bytes, content_type: str = FORM) -> dict[str, object]:
        return self.authority.issue_token(body, content_type, TOKEN_URL)

    def refused(self, body: bytes, content_type: str = FORM) -> TokenRequestRefused:
        with pytest.raises(TokenRequestRefused) as refused:
            self.token(body, content_type)
        return refused.value


@pytest.fixture
def m2m() -> Setup:
    return Setup()


def test_a_good_assertion_gets_an_hour_long_bearer_token(m2m: Setup) -> None:
    answer = m2m.token(token_form(m2m.assertion()))
    assert answer["expires_in"] == 3600
    assert answer["token_type"] == "bearer"
    assert isinstance(answer["access_token"], str) and answer["access_token"].count(".") == 2
    m2m.authority.verify_bearer(answer["access_token"])
    assert m2m.authority.tokens_issued == 1


@pytest.mark.parametrize("kind", ["P-256", "P-384", "P-521", "rsa3072"])
def test_each_documented_key_and_algorithm_is_accepted(kind: str) -> None:
    setup = Setup(kind)
    assert setup.token(token_form(setup.assertion()))["token_type"] == "bearer"


@pytest.mark.parametrize("alg", ["PS384", "PS512"])
def test_the_other_pss_algorithms_are_accepted(alg: str) -> None:
    setup = Setup("rsa3072")
    assert setup.token(token_form(setup.assertion(alg=alg)))["token_type"] == "bearer"


# ---- the form -----------------------------------------------------------------------------


def test_a_body_that_is_not_a_form_is_an_invalid_request(m2m: Setup) -> None:
    refused = m2m.refused(token_form(m2m.assertion()), content_type="application/json")
    assert (refused.error, refused.status, refused.reason) == ("invalid_request", 400, "InvalidRequest")


def test_a_repeated_parameter_is_an_invalid_request(m2m: Setup) -> None:
    body = token_form(m2m.assertion()) + b"&grant_type=client_credentials"
    assert m2m.refused(body).error == "invalid_request"


@pytest.mark.parametrize("grant_type", ["authorization_code", "password", ""])
def test_only_the_client_credentials_grant_is_served(m2m: Setup, grant_type: str) -> None:
    assert m2m.refused(token_form(m2m.assertion(), grant_type=grant_type or "x")).error == "invalid_request"
    body = token_form(m2m.assertion()).replace(b"grant_type=client_credentials&", b"")
    assert m2m.refused(body).error == "invalid_request"


def test_the_assertion_type_must_be_jwt_bearer(m2m: Setup) -> None:
    body = token_form(m2m.assertion(), client_assertion_type="urn:ietf:params:oauth:grant-type:jwt-bearer")
    assert m2m.refused(body).error == "invalid_request"


def test_a_missing_assertion_is_an_invalid_request(m2m: Setup) -> None:
    assert m2m.refused(token_form(None)).error == "invalid_request"


def test_an_assertion_that_is_not_a_jwt_is_an_invalid_request(m2m: Setup) -> None:
    assert m2m.refused(token_form("not-a-jwt")).error == "invalid_request"


def test_a_client_secret_beside_the_assertion_is_refused(m2m: Setup) -> None:
    body = token_form(m2m.assertion(), client_id=m2m.authority.client_id, client_secret="s3cret")
    assert m2m.refused(body).error == "invalid_request"


# ---- the JWT header -----------------------------------------------------------------------


@pytest.mark.parametrize("typ", ["JOSE", None])
def test_the_header_type_must_be_jwt(m2m: Setup, typ: str | None) -> None:
    refused = m2m.refused(token_form(m2m.assertion(typ=typ)))
    assert (refused.error, refused.status, refused.reason) == ("invalid_client", 401, "InvalidHeader")


def test_rs256_is_refused_even_with_a_good_rsa_certificate() -> None:
    setup = Setup("rsa3072")
    refused = setup.refused(token_form(setup.assertion(alg="RS256")))
    assert (refused.error, refused.reason) == ("invalid_client", "UnsupportedAlgo")


def test_hmac_signatures_are_refused(m2m: Setup) -> None:
    # HS256 keyed with something the client knows (its client id): no certificate proves who signed.
    forged = m2m.assertion(key=m2m.authority.client_id, alg="HS256")
    assert m2m.refused(token_form(forged)).reason == "UnsupportedAlgo"


def test_the_header_must_name_a_certificate(m2m: Setup) -> None:
    refused = m2m.refused(token_form(m2m.assertion(kid=None)))
    assert (refused.error, refused.reason) == ("invalid_client", "MissingKeyId")


def test_an_unknown_certificate_id_is_refused(m2m: Setup) -> None:
    refused = m2m.refused(token_form(m2m.assertion(kid="not-" + m2m.kid)))
    assert (refused.error, refused.reason) == ("invalid_client", "MissingKey")


def test_a_revoked_certificate_is_refused_and_its_tokens_stop_working(m2m: Setup) -> None:
    token = str(m2m.token(token_form(m2m.assertion()))["access_token"])
    m2m.authority.revoke_certificate(m2m.kid)
    assert m2m.refused(token_form(m2m.assertion())).reason == "MissingKey"
    with pytest.raises(AuthenticationFailed):
        m2m.authority.verify_bearer(token)


def test_a_signature_by_another_key_is_refused(m2m: Setup) -> None:
    refused = m2m.refused(token_form(m2m.assertion(key=private_key("P-256"))))
    assert (refused.error, refused.reason) == ("invalid_client", "InvalidSignature")


def test_a_signature_by_another_key_type_is_refused(m2m: Setup) -> None:
    refused = m2m.refused(token_form(m2m.assertion(key=key("P-384"), alg="ES384")))
    assert refused.reason == "InvalidSignature"


def test_an_expired_certificate_is_refused() -> None:
    authority = ClientCredentialsAuthority(ACCOUNT)
    old = key("P-256")
    kid = authority.register_certificate(
        certificate_pem(old, days=30, starts=dt.datetime.now(dt.UTC) - dt.timedelta(days=31))
    )
    assertion = client_assertion(old, kid=kid, client_id=authority.client_id, aud=TOKEN_URL)
    with pytest.raises(TokenRequestRefused) as refused:
        authority.issue_token(token_form(assertion), FORM, TOKEN_URL)
    assert refused.value.reason == "CertificateExpired"


# ---- the claims ---------------------------------------------------------------------------


def test_the_issuer_must_be_the_client_id(m2m: Setup) -> None:
    refused = m2m.refused(token_form(m2m.assertion(client_id="someone-else")))
    assert (refused.error, refused.reason) == ("invalid_client", "InvalidIssuer")


def test_the_audience_must_be_the_token_url(m2m: Setup) -> None:
    wrong = "http://127.0.0.1:8700/services/rest/record/v1/customer"
    refused = m2m.refused(token_form(m2m.assertion(aud=wrong)))
    assert (refused.error, refused.reason) == ("invalid_grant", "InvalidAudience")
    other_account = "https://9999999.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
    assert m2m.refused(token_form(m2m.assertion(aud=other_account))).reason == "InvalidAudience"


@pytest.mark.parametrize(
    "aud",
    [
        "https://tstdrv2450117.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token",
        "https://tstdrv2450117.restlets.api.netsuite.com/services/rest/auth/oauth2/v1/token",
        [TOKEN_URL, "https://system.netsuite.com"],
    ],
)
def test_the_token_path_on_any_of_the_accounts_hosts_is_a_good_audience(m2m: Setup, aud: object) -> None:
    # Oracle's own example assertion names the restlets host while posting to suitetalk.
    assert m2m.token(token_form(m2m.assertion(aud=aud)))["token_type"] == "bearer"


@pytest.mark.parametrize(
    "scope",
    [
        ["restlets", "rest_webservices"],
        "rest_webservices",
        "restlets,rest_webservices",
        "restlets rest_webservices",
    ],
)
def test_scope_may_be_an_array_or_a_comma_or_space_separated_string(m2m: Setup, scope: object) -> None:
    assert m2m.token(token_form(m2m.assertion(scope=scope)))["token_type"] == "bearer"


@pytest.mark.parametrize("scope", [["restlets"], "suite_analytics", "rest_webservicesx", None])
def test_scope_must_include_rest_webservices(m2m: Setup, scope: object) -> None:
    refused = m2m.refused(token_form(m2m.assertion(scope=scope)))
    assert (refused.error, refused.reason) == ("invalid_grant", "ScopeMismatched")


def test_issued_in_the_future_is_refused(m2m: Setup) -> None:
    refused = m2m.refused(token_form(m2m.assertion(iat=int(time.time()) + 120)))
    assert (refused.error, refused.reason) == ("invalid_grant", "TokenNotAcceptable")


def test_an_expired_assertion_is_refused(m2m: Setup) -> None:
    now = int(time.time())
    refused = m2m.refused(token_form(m2m.assertion(iat=now - 600, exp=now - 1)))
    assert (refused.error, refused.reason) == ("invalid_grant", "TokenExpired")


def test_an_assertion_valid_for_more_than_an_hour_is_refused(m2m: Setup) -> None:
    now = int(time.time())
    refused = m2m.refused(token_form(m2m.assertion(iat=now, exp=now + 3601)))
    assert (refused.error, refused.reason) == ("invalid_grant", "TokenValidityTooBroad")


def test_an_assertion_valid_for_exactly_an_hour_is_accepted_as_in_oracles_example(m2m: Setup) -> None:
    now = int(time.time())
    assert m2m.token(token_form(m2m.assertion(iat=now, exp=now + 3600)))["expires_in"] == 3600


@pytest.mark.parametrize("claim", ["iat", "exp"])
def test_iat_and_exp_are_required(m2m: Setup, claim: str) -> None:
    assert m2m.refused(token_form(m2m.assertion(omit=(claim,)))).error == "invalid_request"


# ---- certificates -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rsa2048", "secp256k1", "ed25519"])
def test_keys_netsuite_does_not_accept_are_refused_at_registration(kind: str) -> None:
    with pytest.raises(CertificateRefused, match=r"3072 or 4096|P-256"):
        ClientCredentialsAuthority(ACCOUNT).register_certificate(certificate_pem(private_key(kind)))


def test_a_private_key_is_not_a_certificate() -> None:
    with pytest.raises(CertificateRefused, match=r"not an X\.509 certificate"):
        ClientCredentialsAuthority(ACCOUNT).register_certificate(private_key_pem(key("P-256")))


def test_at_most_five_active_certificates_per_integration() -> None:
    authority = ClientCredentialsAuthority(ACCOUNT)
    kids = [authority.register_certificate(certificate_pem(key("P-256"))) for _ in range(5)]
    with pytest.raises(CertificateRefused, match="5 active"):
        authority.register_certificate(certificate_pem(key("P-256")))
    authority.revoke_certificate(kids[0])  # revoked ones do not count
    authority.register_certificate(certificate_pem(key("P-256")), certificate_id="chosen-kid")
    assert [c["certificate_id"] for c in authority.certificates()][-1] == "chosen-kid"


# ---- bearer tokens ------------------------------------------------------------------------


def test_an_unknown_bearer_token_is_refused(m2m: Setup) -> None:
    with pytest.raises(AuthenticationFailed) as failed:
        m2m.authority.verify_bearer("eyJ.forged.token")
    assert failed.value.reason == "InvalidToken"


def test_an_expired_bearer_token_is_refused(m2m: Setup) -> None:
    token = str(m2m.token(token_form(m2m.assertion()))["access_token"])
    m2m.authority.expire_tokens()
    with pytest.raises(AuthenticationFailed) as failed:
        m2m.authority.verify_bearer(token)
    assert failed.value.reason == "AccessTokenExpired"


def test_a_revoked_bearer_token_is_refused(m2m: Setup) -> None:
    token = str(m2m.token(token_form(m2m.assertion()))["access_token"])
    m2m.authority.revoke_tokens()
    with pytest.raises(AuthenticationFailed) as failed:
        m2m.authority.verify_bearer(token)
    assert failed.value.reason == "AccessTokenRevoked"


def test_a_short_token_lifetime_is_announced_and_kept() -> None:
    now = [time.time()]
    authority = ClientCredentialsAuthority(ACCOUNT, clock=lambda: now[0])
    kid = authority.register_certificate(certificate_pem(key("P-256")))
    authority.set_token_lifetime(2)
    assertion = client_assertion(
        key("P-256"), kid=kid, client_id=authority.client_id, aud=TOKEN_URL, iat=int(now[0])
    )
    token = authority.issue_token(token_form(assertion), FORM, TOKEN_URL)
    assert token["expires_in"] == 2
    now[0] += 1.9
    authority.verify_bearer(str(token["access_token"]))
    now[0] += 0.2
    with pytest.raises(AuthenticationFailed):
        authority.verify_bearer(str(token["access_token"]))
