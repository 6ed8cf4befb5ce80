"""Batch upserts by external id: `PUT /record/v1/{type}/eid:{externalId}` for each record, fanned out
within the account's concurrency limit, each refusal reported against its own record."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from adapters.netsuite.suiteql import SuiteQL, chunks
from adapters.netsuite.transport import Answer, NetSuiteTransport
from application.errors import (
    NetSuiteBadResponse,
    NetSuiteError,
    NetSuiteRejected,
    NetSuiteUnavailable,
)
from domain.netsuite import NetSuiteProblem, UpsertOutcome

logger = logging.getLogger("adapters.netsuite")

RECORD_PATH = "/services/rest/record/v1"
LOOKUP_BATCH = 500
# Records in a row that NetSuite kept failing, with no NetSuite answer between them, before a batch
# takes it for an outage (at least as many as can be in flight, so one wave of them is not enough).
OUTAGE_AFTER = 3
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


class CutShort(Exception):
    """A run-level failure stopped a fan-out: `cause`, and the results of the calls that had ended."""

    def __init__(self, cause: BaseException, done: Mapping[str, object]) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.done = dict(done)


def fan_out(
    calls: Mapping[str, Callable[[], T]], *, max_workers: int, thread_name_prefix: str
) -> dict[str, T]:
    """Each keyed call's result, at most `max_workers` at a time (the transport's limiter is the real
    budget; this only keeps idle threads from queueing on it). On the first run-level failure nothing
    more is sent; once the calls in flight have ended, CutShort carries it with every result that
    arrived (so none of them is thrown away)."""
    if not calls:
        return {}
    done: dict[str, T] = {}
    if len(calls) == 1 or max_workers <= 1:
        for key, call in calls.items():
            try:
                done[key] = call()
            except Exception as failure:
                raise CutShort(failure, done) from failure
        return done
    with ThreadPoolExecutor(
        max_workers=min(max_workers, len(calls)), thread_name_prefix=thread_name_prefix
    ) as executor:
        futures: dict[Future[T], str] = {executor.submit(call): key for key, call in calls.items()}
        finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
        failure = next((future.exception() for future in finished if future.exception() is not None), None)
        if failure is not None:
            # A run-level failure (credentials, NetSuite down): send nothing more, let in-flight ones end.
            executor.shutdown(wait=True, cancel_futures=True)
            for future, key in futures.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    done[key] = future.result()
            raise CutShort(failure, done) from failure
        return {key: future.result() for future, key in futures.items()}


class OutageWatch:
    """Tells one record's trouble from NetSuite's: a record that keeps failing (an HTML page, a 500 on
    every try) is that record's problem, but `threshold` records in a row failing that way with no
    NetSuite answer between them means NetSuite itself is down, which ends the batch."""

    def __init__(self, threshold: int) -> None:
        self._threshold = max(1, threshold)
        self._in_a_row = 0
        self._lock = threading.Lock()

    def succeeded(self) -> None:
        with self._lock:
            self._in_a_row = 0

    def failed(self, trouble: NetSuiteError) -> None:
        """Count a record that NetSuite kept failing; raises `trouble` once it looks like an outage."""
        with self._lock:
            self._in_a_row += 1
            if self._in_a_row >= self._threshold:
                raise trouble


def problem_of(trouble: NetSuiteError) -> NetSuiteProblem:
    """A record-level failure in the words the record's sync error shows."""
    if isinstance(trouble, NetSuiteRejected):
        return NetSuiteProblem(str(trouble), trouble.code, trouble.path)
    return NetSuiteProblem(str(trouble), passing=True)


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
        """An outcome per record, in order. A run-level failure mid-batch raises it carrying
        the outcomes of every answer that had arrived."""
        outcomes: dict[str, UpsertOutcome] = {
            item.external_id: UpsertOutcome(item.external_id, problem=item.problem)
            for item in prepared
            if item.body is None
        }
        # One request per external id: the same record twice in a batch would race against itself.
        to_send = list({item.external_id: item for item in prepared if item.body is not None}.values())
        try:
            answers = self._send_all(record_type, to_send, params or {})
        except CutShort as cut:
            arrived: dict[str, Answer | NetSuiteProblem] = {
                key: value for key, value in cut.done.items() if isinstance(value, (Answer, NetSuiteProblem))
            }
            # If the look-up fails too, those records stay in doubt and are looked up by the next run.
            with contextlib.suppress(NetSuiteError):
                outcomes |= self._outcomes(record_type, arrived, ids_by_external_id)
            cause = cut.cause if isinstance(cut.cause, NetSuiteError) else None
            if cause is None:
                raise cut.cause from None
            raise cause.cutting_short(list(outcomes.values())) from None
        outcomes |= self._outcomes(record_type, answers, ids_by_external_id)
        return [outcomes[item.external_id] for item in prepared]

    def _outcomes(
        self,
        record_type: str,
        answers: Mapping[str, Answer | NetSuiteProblem],
        ids_by_external_id: Callable[[Collection[str]], str],
    ) -> dict[str, UpsertOutcome]:
        """Each answer's outcome. The record NetSuite names (its Location, or none) is linked only once
        a look-up shows it carries our external id: the answer's own word is not proof enough."""
        outcomes: dict[str, UpsertOutcome] = {}
        accepted: dict[str, str | None] = {}
        for external_id, result in answers.items():
            if isinstance(result, NetSuiteProblem):
                outcomes[external_id] = UpsertOutcome(external_id, problem=result)
            else:
                accepted[external_id] = internal_id_from_location(result)
        if not accepted:
            return outcomes
        found = self.look_up(list(accepted), ids_by_external_id, record_type)
        for external_id, named in accepted.items():
            internal_id = found.get(external_id)
            if internal_id is None:
                outcomes[external_id] = UpsertOutcome(
                    external_id,
                    problem=NetSuiteProblem(
                        f"NetSuite accepted the {record_type} but no {record_type} has the external id "
                        f"{external_id}; it will be sent again on the next sync."
                    ),
                )
                continue
            if named is not None and named != internal_id:
                logger.warning(
                    "netsuite named another record record_type=%s external_id=%s named=%s actual=%s",
                    record_type,
                    external_id,
                    named,
                    internal_id,
                )
            outcomes[external_id] = UpsertOutcome(external_id, internal_id=internal_id)
        return outcomes

    def _send_all(
        self, record_type: str, items: Sequence[PreparedUpsert], params: Mapping[str, str]
    ) -> dict[str, Answer | NetSuiteProblem]:
        watch = OutageWatch(max(OUTAGE_AFTER, self._max_workers))
        return fan_out(
            {item.external_id: partial(self._send_one, record_type, item, params, watch) for item in items},
            max_workers=self._max_workers,
            thread_name_prefix="netsuite-upsert",
        )

    def _send_one(
        self, record_type: str, item: PreparedUpsert, params: Mapping[str, str], watch: OutageWatch
    ) -> Answer | NetSuiteProblem:
        """The answer, or this record's problem; raises only what concerns the whole account."""
        try:
            answer = self._transport.send(
                "PUT", upsert_path(record_type, item.external_id), params=params, body=item.body
            )
        except (NetSuiteRejected, NetSuiteBadResponse, NetSuiteUnavailable) as trouble:
            if isinstance(trouble, NetSuiteRejected):
                watch.succeeded()  # NetSuite itself answered: it is up
            else:
                watch.failed(trouble)
            logger.info(
                "netsuite refused record record_type=%s external_id=%s code=%s",
                record_type,
                item.external_id,
                getattr(trouble, "code", None) or type(trouble).__name__,
            )
            return problem_of(trouble)
        watch.succeeded()
        return answer

    def look_up(
        self, external_ids: Sequence[str], query_for: Callable[[Collection[str]], str], record_type: str
    ) -> dict[str, str]:
        """Internal ids by external id, in batched queries (never one per record)."""
        found: dict[str, str] = {}
        for batch in chunks(external_ids, LOOKUP_BATCH):
            for row in self._suiteql.rows(query_for(batch), name=f"{record_type} ids by external id"):
                external_id = row.text("externalid")
                if external_id is not None:
                    found[external_id] = row.required("id")
        return found
