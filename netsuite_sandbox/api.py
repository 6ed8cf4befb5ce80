"""NetSuite's REST endpoints (records, SuiteQL, system), independent of the HTTP server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from netsuite_sandbox.errors import (
    ERROR_CONTENT_TYPE,
    NetSuiteError,
    invalid_parameter,
    invalid_request,
    not_found,
)
from netsuite_sandbox.records import RECORD_TYPES, Body, RecordContext, RecordHandler
from netsuite_sandbox.store import Store
from netsuite_sandbox.suiteql import MAX_PAGE_SIZE, run_query
from netsuite_sandbox.values import parse_json_body

SINGULAR = "application/vnd.oracle.resource+json; type=singular; charset=UTF-8"
COLLECTION = "application/vnd.oracle.resource+json; type=collection; charset=UTF-8"
RECORD_PREFIX = "/services/rest/record/v1/"
SUITEQL_PATH = "/services/rest/query/v1/suiteql"
_SINGLE_GET_PARAMS = {"expandsubresources", "expand", "fields", "simpleenumformat"}
_SUBLISTS = ("item", "apply")


@dataclass
class Reply:
    status: int
    body: Any = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    base_url: str

    def param(self, name: str) -> str | None:
        for key, values in self.query.items():
            if key.lower() == name.lower() and values:
                return values[-1]
        return None

    def json(self) -> Any:
        if not self.body.strip():
            return None
        try:
            return parse_json_body(self.body)
        except ValueError:
            raise invalid_request("The request body is not valid JSON.") from None


class NetSuiteApi:
    def __init__(self, store: Store, concurrency_limit: int) -> None:
        self.store = store
        self.concurrency_limit = concurrency_limit

    def handle(self, request: ApiRequest) -> Reply:
        try:
            return self.answer(request)
        except NetSuiteError as error:
            return Reply(error.status, error.body(), ERROR_CONTENT_TYPE)

    def answer(self, request: ApiRequest) -> Reply:
        """The answer to a request, or NetSuite's refusal raised as a NetSuiteError."""
        # Open question 8: X-NetSuite-Idempotency-Key is ignored on synchronous calls, as the
        # OpenAPI summary says; idempotency comes from externalId and eid upserts only.
        path = request.path.rstrip("/")
        if "respond-async" in request.headers.get("prefer", "").lower():
            raise invalid_request(
                "The NetSuite sandbox does not run requests asynchronously (Prefer: respond-async).",
                header="Prefer",
            )
        if path.lower() == "/services/rest/system/v1/servertime":
            self._only(request, "GET")
            moment = self.store.clock.now().strftime("%Y-%m-%dT%H:%M:%S.000Z")
            return Reply(200, {"serverTime": moment}, SINGULAR)
        if path.lower() == "/services/rest/system/v1/governancelimits":
            self._only(request, "GET")
            return Reply(200, self._governance_limits(), SINGULAR)
        if path.lower() == SUITEQL_PATH:
            self._only(request, "POST")
            return self._suiteql(request)
        if path.lower().startswith(RECORD_PREFIX):
            parts = [unquote(part) for part in path[len(RECORD_PREFIX) :].split("/")]
            return self._record(request, parts)
        raise not_found(f"The requested resource {request.path} does not exist.")

    def _only(self, request: ApiRequest, method: str) -> None:
        if request.method != method:
            raise NetSuiteError(405, "INVALID_REQUEST", f"The {request.method} method is not allowed here.")

    def _governance_limits(self) -> dict[str, Any]:
        return {
            "accountConcurrencyLimit": self.concurrency_limit,
            "accountUnallocatedConcurrencyLimit": self.concurrency_limit,
            "integrationLimitType": "accountLimit",
        }

    # ---- SuiteQL --------------------------------------------------------------------------

    def _suiteql(self, request: ApiRequest) -> Reply:
        # Open question 2: the docs call Prefer: transient required; the sandbox enforces it.
        if "transient" not in request.headers.get("prefer", "").lower():
            raise invalid_request(
                "SuiteQL queries require the request header 'Prefer: transient'.", header="Prefer"
            )
        limit, offset = _paging(request)
        payload = request.json()
        if not isinstance(payload, dict) or not isinstance(payload.get("q"), str):
            raise invalid_parameter(
                "Invalid search query. Detailed unprocessed description follows. "
                "The request body must be a JSON object with the query in 'q'.",
                query_param="q",
            )
        params = payload.get("params") or []
        if not isinstance(params, list):
            raise invalid_parameter("The 'params' value must be a list.", query_param="params")
        page = run_query(self.store, payload["q"], params, limit, offset)
        base = request.base_url + SUITEQL_PATH
        links = _page_links(
            base,
            limit,
            offset,
            page.total_results,
            echo_paging=request.param("limit") is not None or request.param("offset") is not None,
        )
        body = {
            "links": links,
            "count": len(page.items),
            "hasMore": page.has_more,
            "items": page.items,
            "offset": offset,
            "totalResults": page.total_results,
        }
        return Reply(200, body, COLLECTION, {"Preference-Applied": "transient"})

    # ---- records --------------------------------------------------------------------------

    def _record(self, request: ApiRequest, parts: list[str]) -> Reply:
        type_segment = parts[0]
        handler = RECORD_TYPES.get(type_segment.lower())
        if handler is None:
            raise not_found(f"Record type '{type_segment}' is not served by the NetSuite sandbox.")
        if len(parts) == 1:
            if request.method == "GET":
                return self._list(request, handler, type_segment)
            if request.method == "POST":
                return self._create(request, handler)
            raise NetSuiteError(405, "INVALID_REQUEST", f"{request.method} is not allowed here.")
        if len(parts) == 2:
            return self._instance(request, handler, parts[1])
        if len(parts) == 3 and request.method == "GET":
            with self.store.read() as connection:
                ctx = RecordContext(connection, request.base_url, now=self.store.now())
                record_id = self._resolve(ctx, handler, parts[1])
                return Reply(200, handler.read_sublist(ctx, record_id, parts[2]), COLLECTION)
        raise not_found(f"The requested resource {request.path} does not exist.")

    def _list(self, request: ApiRequest, handler: RecordHandler, type_segment: str) -> Reply:
        if request.param("q") is not None:
            raise invalid_parameter(
                "The NetSuite sandbox does not evaluate 'q' filters on record collections; "
                "use SuiteQL instead.",
                query_param="q",
            )
        limit, offset = _paging(request)
        with self.store.read() as connection:
            ids = handler.list_ids(RecordContext(connection, request.base_url, now=self.store.now()))
        page = ids[offset : offset + limit]
        base = f"{request.base_url}{RECORD_PREFIX}{type_segment}"
        body = {
            "links": _page_links(base, limit, offset, len(ids), echo_paging=True),
            "count": len(page),
            "hasMore": offset + len(page) < len(ids),
            "items": [
                {"links": [{"rel": "self", "href": f"{base}/{record_id}"}], "id": str(record_id)}
                for record_id in page
            ],
            "offset": offset,
            "totalResults": len(ids),
        }
        return Reply(200, body, COLLECTION)

    def _create(self, request: ApiRequest, handler: RecordHandler) -> Reply:
        body = _body_object(request)
        with self.store.write() as connection:
            ctx = RecordContext(connection, request.base_url, now=self.store.now())
            record_id = handler.create(ctx, Body(body))
        return _written(request, handler, record_id)

    def _instance(self, request: ApiRequest, handler: RecordHandler, key: str) -> Reply:
        if request.method == "GET":
            return self._get(request, handler, key)
        if request.method == "PUT":
            return self._upsert(request, handler, key)
        if request.method == "PATCH":
            body = _body_object(request)
            replace = {name.strip().lower() for name in (request.param("replace") or "").split(",")}
            with self.store.write() as connection:
                ctx = RecordContext(connection, request.base_url, now=self.store.now())
                record_id = self._resolve(ctx, handler, key)
                handler.update(ctx, record_id, Body(body), replace)
            return _written(request, handler, record_id)
        if request.method == "DELETE":
            with self.store.write() as connection:
                ctx = RecordContext(connection, request.base_url, now=self.store.now())
                record_id = self._resolve(ctx, handler, key)
                handler.delete(ctx, record_id)
            return Reply(204)
        raise NetSuiteError(405, "INVALID_REQUEST", f"{request.method} is not allowed here.")

    def _get(self, request: ApiRequest, handler: RecordHandler, key: str) -> Reply:
        for name in request.query:
            if name.lower() not in _SINGLE_GET_PARAMS:
                raise invalid_parameter(
                    f"Invalid query parameter name: {name}. Allowed query parameters are: "
                    "expandSubResources, expand, fields, simpleEnumFormat.",
                    query_param=name,
                )
        expand_all = (request.param("expandSubResources") or "").lower() == "true"
        expand_some = {name.strip().lower() for name in (request.param("expand") or "").split(",") if name}
        with self.store.read() as connection:
            ctx = RecordContext(connection, request.base_url, now=self.store.now())
            record_id = self._resolve(ctx, handler, key)
            record = handler.read(ctx, record_id, expand=False)
            for sublist in _SUBLISTS:
                if sublist in record and (expand_all or sublist in expand_some):
                    record[sublist] = handler.read_sublist(ctx, record_id, sublist)
        fields = request.param("fields")
        if fields:
            wanted = {name.strip().lower() for name in fields.split(",")} | {"links", "id"}
            record = {name: value for name, value in record.items() if name.lower() in wanted}
        if (request.param("simpleEnumFormat") or "").lower() == "true" and "status" in record:
            record["status"] = record["status"]["id"]
        return Reply(200, record, SINGULAR)

    def _upsert(self, request: ApiRequest, handler: RecordHandler, key: str) -> Reply:
        if not key.lower().startswith("eid:"):
            raise invalid_request(
                "Upsert (PUT) is only possible with an external ID in the URL: "
                f"{RECORD_PREFIX}{handler.name}/eid:<externalId>."
            )
        external_id = key[4:]
        body = dict(_body_object(request))
        for name in list(body):
            if name.lower() == "externalid":
                del body[name]
        body["externalId"] = external_id
        with self.store.write() as connection:
            ctx = RecordContext(connection, request.base_url, now=self.store.now())
            record_id = handler.find_by_external_id(ctx, external_id)
            if record_id is None:
                record_id = handler.create(ctx, Body(body))
            else:
                # An upsert states the whole record: its sublists replace the stored ones.
                handler.update(ctx, record_id, Body(body), replace=set(_SUBLISTS))
        return _written(request, handler, record_id)

    def _resolve(self, ctx: RecordContext, handler: RecordHandler, key: str) -> int:
        if key.lower().startswith("eid:"):
            found = handler.find_by_external_id(ctx, key[4:])
            if found is None:
                raise not_found()
            return found
        if not key.isdigit() or not handler.exists(ctx, int(key)):
            raise not_found()
        return int(key)


def _written(request: ApiRequest, handler: RecordHandler, record_id: int) -> Reply:
    # Recorded: Location uses the lower-case record type (.../customerpayment/19943).
    location = f"{request.base_url}{RECORD_PREFIX}{handler.path_name}/{record_id}"
    return Reply(204, headers={"Location": location})


def _body_object(request: ApiRequest) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise invalid_request("The request body must be a JSON object.")
    return body


def _paging(request: ApiRequest) -> tuple[int, int]:
    raw_limit = request.param("limit")
    raw_offset = request.param("offset")
    # Open question 3: NetSuite's exact answer to a bad limit/offset is unknown; ours is 400.
    if raw_limit is None:
        limit = MAX_PAGE_SIZE
    elif not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_PAGE_SIZE:
        raise invalid_parameter(
            f"Invalid value for query parameter limit: {raw_limit}. "
            f"The value must be between 1 and {MAX_PAGE_SIZE}.",
            query_param="limit",
        )
    else:
        limit = int(raw_limit)
    if raw_offset is None:
        offset = 0
    elif not raw_offset.isdigit():
        raise invalid_parameter(
            f"Invalid value for query parameter offset: {raw_offset}.", query_param="offset"
        )
    else:
        offset = int(raw_offset)
    if offset % limit:
        raise invalid_parameter("The offset must be a multiple of the limit.", query_param="offset")
    return limit, offset


def _page_links(base: str, limit: int, offset: int, total: int, echo_paging: bool) -> list[dict[str, str]]:
    def href(at: int) -> str:
        return f"{base}?limit={limit}&offset={at}"

    links = []
    last = max(0, (total - 1) // limit * limit)
    if total > limit:
        links.append({"rel": "first", "href": href(0)})
        if offset > 0:
            links.append({"rel": "prev", "href": href(max(0, offset - limit))})
        if offset + limit < total:
            links.append({"rel": "next", "href": href(offset + limit)})
        links.append({"rel": "last", "href": href(last)})
    # Recorded: a SuiteQL call without paging parameters has a bare self link.
    links.append({"rel": "self", "href": href(offset) if echo_paging else base})
    return links
