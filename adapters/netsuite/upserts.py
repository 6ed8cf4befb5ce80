"""Batch upserts by external id: `PUT /record/v1/{type}/eid:{externalId}` for each record, fanned out
within the account's concurrency limit, each refusal reported against its own record."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from adapters.netsuite.suiteql import SuiteQL, chunks
from adapters.netsuite.transport import Answer, NetSuiteTransport
from application.errors import NetSuiteRejected
from domain.netsuite import NetSuiteProblem, UpsertOutcome

logger = logging.getLogger("adapters.netsuite")

RECORD_PATH = "/services/rest/record/v1"
LOOKUP_BATCH = 500
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PreparedUpsert:
    """One record ready to send (`body`), or already refused before sending (`problem`)."""

    external_id: str
    body: Mapping[str, Any] | None = None
    problem: NetSuiteProblem | None = None


def upsert_path(record_type: str, external_id: str) -> str:
    """A record addressed by its external id (upserts and deletes alike)."""
    return f"{RECORD_PATH}/{record_type}/eid:{quote(external_id, safe='')}"


def fan_out(
    calls: Mapping[str, Callable[[], T]], *, max_workers: int, thread_name_prefix: str
) -> dict[str, T]:
    """Each keyed call's result, at most `max_workers` at a time (the transport's limiter is the real
    budget; this only keeps idle threads from queueing on it). The first run-level failure is raised
    once the calls in flight have ended; nothing more is sent after it."""
    if not calls:
        return {}
    if len(calls) == 1 or max_workers <= 1:
        return {key: call() for key, call in calls.items()}
    with ThreadPoolExecutor(
        max_workers=min(max_workers, len(calls)), thread_name_prefix=thread_name_prefix
    ) as executor:
        futures: dict[Future[T], str] = {executor.submit(call): key for key, call in calls.items()}
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        failure = next((future.exception() for future in done if future.exception() is not None), None)
        if failure is not None:
            # A run-level failure (credentials, NetSuite down): send nothing more, let in-flight ones end.
            executor.shutdown(wait=True, cancel_futures=True)
            raise failure
        return {key: future.result() for future, key in futures.items()}


def internal_id_from_location(answer: Answer) -> str | None:
    """NetSuite names the record it wrote in Location: `…/record/v1/customerpayment/19943` → '19943'."""
    location = answer.headers.get("Location")
    if not location:
        return None
    last_segment = urlsplit(location).path.rstrip("/").rsplit("/", 1)[-1]
    return last_segment if last_segment.isdigit() else None


class BatchUpserter:
    """Sends prepared upserts for one record type and reports an outcome per record, in order."""

    def __init__(self, transport: NetSuiteTransport, suiteql: SuiteQL, *, max_workers: int) -> None:
        self._transport = transport
        self._suiteql = suiteql
        self._max_workers = max(1, max_workers)

    def upsert(
        self,
        record_type: str,
        prepared: Sequence[PreparedUpsert],
        *,
        params: Mapping[str, str] | None = None,
        ids_by_external_id: Callable[[Collection[str]], str],
    ) -> list[UpsertOutcome]:
        outcomes: dict[str, UpsertOutcome] = {
            item.external_id: UpsertOutcome(item.external_id, problem=item.problem)
            for item in prepared
            if item.body is None
        }
        # One request per external id: the same record twice in a batch would race against itself.
        to_send = list({item.external_id: item for item in prepared if item.body is not None}.values())
        answers = self._send_all(record_type, to_send, params or {})
        without_location: list[str] = []
        for item in to_send:
            result = answers[item.external_id]
            if isinstance(result, NetSuiteProblem):
                outcomes[item.external_id] = UpsertOutcome(item.external_id, problem=result)
                continue
            internal_id = internal_id_from_location(result)
            if internal_id is None:
                without_location.append(item.external_id)
            else:
                outcomes[item.external_id] = UpsertOutcome(item.external_id, internal_id=internal_id)
        if without_location:
            found = self._look_up(without_location, ids_by_external_id, record_type)
            for external_id in without_location:
                internal_id = found.get(external_id)
                outcomes[external_id] = (
                    UpsertOutcome(external_id, internal_id=internal_id)
                    if internal_id
                    else UpsertOutcome(
                        external_id,
                        problem=NetSuiteProblem(
                            f"NetSuite accepted the {record_type} but did not say which record it is, and "
                            f"no {record_type} has the external id {external_id}; it will be sent again "
                            "on the next sync."
                        ),
                    )
                )
        return [outcomes[item.external_id] for item in prepared]

    def _send_all(
        self, record_type: str, items: Sequence[PreparedUpsert], params: Mapping[str, str]
    ) -> dict[str, Answer | NetSuiteProblem]:
        return fan_out(
            {item.external_id: partial(self._send_one, record_type, item, params) for item in items},
            max_workers=self._max_workers,
            thread_name_prefix="netsuite-upsert",
        )

    def _send_one(
        self, record_type: str, item: PreparedUpsert, params: Mapping[str, str]
    ) -> Answer | NetSuiteProblem:
        try:
            return self._transport.send(
                "PUT", upsert_path(record_type, item.external_id), params=params, body=item.body
            )
        except NetSuiteRejected as refusal:
            logger.info(
                "netsuite refused record record_type=%s external_id=%s code=%s",
                record_type,
                item.external_id,
                refusal.code,
            )
            return NetSuiteProblem(str(refusal), refusal.code, refusal.path)

    def _look_up(
        self, external_ids: Sequence[str], query_for: Callable[[Collection[str]], str], record_type: str
    ) -> dict[str, str]:
        """Internal ids by external id for records whose answer had no Location, in batched queries."""
        found: dict[str, str] = {}
        for batch in chunks(external_ids, LOOKUP_BATCH):
            for row in self._suiteql.rows(query_for(batch), name=f"{record_type} ids by external id"):
                external_id = row.text("externalid")
                if external_id is not None:
                    found[external_id] = row.required("id")
        return found
