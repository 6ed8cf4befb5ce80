"""NetSuite's error bodies become the application's errors with NetSuite's own words and code."""

from __future__ import annotations

import json

import pytest

from adapters.netsuite.problems import error_for_refusal, read_error_body
from application.errors import NetSuiteAuthError, NetSuiteBadResponse, NetSuiteRejected

RECORDED_USER_ERROR = json.dumps(
    {
        "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
        "title": "Bad Request",
        "status": 400,
        "o:errorDetails": [
            {
                "detail": "Error while accessing a resource. "
                "You must enter at least one line item for this transaction.",
                "o:errorCode": "USER_ERROR",
            }
        ],
    }
)


def test_a_recorded_user_error_keeps_the_message_without_the_boilerplate_prefix() -> None:
    error = error_for_refusal(400, RECORDED_USER_ERROR, "PUT /services/rest/record/v1/invoice/eid:x")

    assert isinstance(error, NetSuiteRejected)
    assert str(error) == "You must enter at least one line item for this transaction."
    assert (error.code, error.path, error.status) == ("USER_ERROR", None, 400)


def test_the_error_path_and_every_detail_are_kept() -> None:
    body = json.dumps(
        {
            "status": 400,
            "o:errorDetails": [
                {
                    "detail": "Error while accessing a resource. You have entered an Invalid Field Value 99 "
                    "for the following field: item",
                    "o:errorCode": "INVALID_CONTENT",
                    "o:errorPath": "item.items[0].item",
                },
                {"detail": "Please enter value(s) for: Subsidiary.", "o:errorCode": "USER_ERROR"},
            ],
        }
    )

    error = error_for_refusal(400, body, "PUT x")

    assert isinstance(error, NetSuiteRejected)
    assert str(error) == (
        "You have entered an Invalid Field Value 99 for the following field: item; "
        "Please enter value(s) for: Subsidiary."
    )
    assert error.code == "INVALID_CONTENT"
    assert error.path == "item.items[0].item"


@pytest.mark.parametrize("code", ["NONEXISTENT_ID", "RCRD_DSNT_EXIST"])
def test_a_missing_record_is_a_rejection_with_its_code(code: str) -> None:
    body = json.dumps(
        {
            "status": 404,
            "title": "Not Found",
            "o:errorDetails": [{"detail": "The record instance does not exist.", "o:errorCode": code}],
        }
    )

    error = error_for_refusal(404, body, "GET x")

    assert isinstance(error, NetSuiteRejected)
    assert (str(error), error.code, error.status) == ("The record instance does not exist.", code, 404)


def test_a_401_is_the_credentials_checklist_whatever_the_body_says() -> None:
    error = error_for_refusal(401, '{"title": "Unauthorized"}', "GET x")

    assert isinstance(error, NetSuiteAuthError)
    assert "INVALID_LOGIN" in str(error) and "account ID" in str(error)


def test_the_documented_429_body_names_the_detail_code_not_the_top_level_one() -> None:
    body = json.dumps(
        {
            "title": "Bad Request",
            "status": 429,
            "o:errorCode": "USER_ERROR",
            "o:errorDetails": [
                {
                    "detail": "Concurrent request limit exceeded. Request blocked.",
                    "o:errorCode": "CONCURRENCY_LIMIT_EXCEEDED",
                }
            ],
        }
    )

    detail = read_error_body(body)

    assert detail is not None
    assert detail.code == "CONCURRENCY_LIMIT_EXCEEDED"


def test_a_4xx_that_is_not_a_netsuite_error_body_is_a_bad_response_quoting_it() -> None:
    error = error_for_refusal(403, "<html><body>Access Denied by the firewall</body></html>", "GET /x")

    assert isinstance(error, NetSuiteBadResponse)
    assert "HTTP 403" in str(error) and "Access Denied" in str(error) and "GET /x" in str(error)
