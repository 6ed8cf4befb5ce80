"""The scripted wire of these unit tests answers in the sandbox's shapes, so a test that scripts a
SuiteQL page, a refusal or a write cannot script something NetSuite (as the sandbox models it from
the recordings) would never send. The sandbox's API is called in-process: no server, no HTTP."""

from __future__ import annotations

import json
from typing import Any

from netsuite_sandbox.api import ApiRequest, NetSuiteApi
from netsuite_sandbox.seeds import apply_seed
from netsuite_sandbox.store import Store
from tests.unit.netsuite.fake_netsuite import error, page, written


def _sandbox(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    store = Store()
    apply_seed(store, "empty")
    api = NetSuiteApi(store, concurrency_limit=5)
    _answer(
        api, "POST", "/services/rest/record/v1/customer", {"companyName": "Hooli", "subsidiary": {"id": "1"}}
    )
    return _answer(api, method, path, body)


def _answer(api: NetSuiteApi, method: str, path: str, body: dict[str, Any] | None) -> Any:
    return api.handle(
        ApiRequest(
            method=method,
            path=path,
            query={},
            headers={"prefer": "transient", "content-type": "application/json"},
            body=json.dumps(body).encode() if body is not None else b"",
            base_url="https://x.suitetalk.api.netsuite.com",
        )
    )


def test_a_scripted_suiteql_page_has_the_sandboxs_shape() -> None:
    real = _sandbox(
        "POST", "/services/rest/query/v1/suiteql", {"q": "SELECT id, companyname, email FROM customer"}
    )
    scripted = page([{"id": "301", "companyname": "Hooli", "email": None}])

    assert set(scripted.body) == set(real.body)
    (real_row,) = real.body["items"]
    (scripted_row,) = scripted.body["items"]
    assert list(scripted_row) == list(real_row) == ["links", "id", "companyname"]  # NULLs left out
    assert scripted.headers["Content-Type"].split(";")[:2] == real.content_type.split(";")[:2]


def test_a_scripted_refusal_is_the_sandboxs_error_body() -> None:
    real = _sandbox("PUT", "/services/rest/record/v1/invoice/eid:x-1", {"entity": {"id": "301"}})
    scripted = error(real.status, *_first_detail(real.body))

    assert scripted.body == real.body
    assert scripted.headers["Content-Type"] == real.content_type


def test_a_scripted_write_names_the_record_as_the_sandbox_does() -> None:
    real = _sandbox(
        "PUT",
        "/services/rest/record/v1/customer/eid:x-1",
        {"companyName": "Initech", "subsidiary": {"id": "1"}},
    )
    record_id = real.headers["Location"].rsplit("/", 1)[-1]

    assert written("customer", record_id).headers["Location"] == real.headers["Location"]
    assert real.status == written("customer", record_id).status == 204


def _first_detail(body: dict[str, Any]) -> tuple[str, str, str | None]:
    (detail,) = body["o:errorDetails"]
    return detail["o:errorCode"], detail["detail"], detail.get("o:errorPath")
