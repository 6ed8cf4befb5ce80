"""Upserts through REST asynchronous batches: `PUT /record/v1/{type}` on the collection, up to 100
items a job, `Prefer: respond-async`, a deterministic `X-NetSuite-Idempotency-Key` per batch, the jobs
polled with bounded back-off, and each record's outcome in the same words as a synchronous write.

Requests: one submit and about one poll per 100 records, one look-up per 1,000; a task's result is
read only in a job that did not succeed whole (Oracle serves results one task at a time)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from adapters.netsuite.jsonio import encode_json
from adapters.netsuite.suiteql import MAX_IN_LIST, SuiteQL, chunks
from adapters.netsuite.transport import Answer, NetSuiteTransport
from adapters.netsuite.upserts import RECORD_PATH, BatchUpserter, PreparedUpsert, problem_of
from application.errors import (
    NetSuiteBadResponse,
    NetSuiteError,
    NetSuiteRejected,
    NetSuiteUnavailable,
)
from domain.netsuite import NetSuiteProblem, UpsertOutcome

logger = logging.getLogger("adapters.netsuite")

MAX_BATCH = 100
COLLECTION_CONTENT_TYPE = "application/vnd.oracle.resource+json; type=collection"
IDEMPOTENCY_ERROR = "IDEMPOTENCY_ERROR"
# Fixed, so the same batch always derives the same key in every process and release.
KEY_NAMESPACE = uuid.UUID("4f0b7a52-9a8e-4c1e-8d53-1f5e2b7c9d10")


@dataclass(frozen=True, slots=True)
class BatchPolling:
    """How a job is waited for: back-off doubling from `first_wait` to `max_wait`, at most `timeout`
    seconds for a whole call (then the records still running are in doubt); `resubmits` fresh jobs
    for records a job failed without a word about them (or a replayed job refused)."""

    first_wait: float = 0.5
    max_wait: float = 10.0
    timeout: float = 900.0
    resubmits: int = 2


def idempotency_key(record_type: str, items: Sequence[PreparedUpsert], after_job: str | None) -> str:
    """The same records with the same bodies give the same key (a resend after a cut-off is
    recognised); any changed body is a new write with a new key. `after_job` chains a resubmission
    to the job whose records it sends again."""
    digest = hashlib.sha256(record_type.encode())
    for item in items:
        digest.update(b"\0" + item.external_id.encode() + b"\0")
        digest.update(hashlib.sha256(encode_json(item.body)).digest())
    if after_job is not None:
        digest.update(b"\0after\0" + after_job.encode())
    return str(uuid.uuid5(KEY_NAMESPACE, digest.hexdigest()))


@dataclass
class _Job:
    items: Sequence[PreparedUpsert]
    path: str
    replayed: bool

    @property
    def id(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]


class _Pace:
    """How long a job of the batch size takes, learnt from the first one, and when the last ended."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.job_seconds: float | None = None
        self.last_done = started

    def done(self, now: float) -> None:
        if self.job_seconds is None:
            self.job_seconds = now - self.started
        self.last_done = now

    def next_wait(self, now: float, records: int, misses: int, polling: BatchPolling) -> float:
        if self.job_seconds is None:
            return min(polling.first_wait * 1.5**misses, polling.max_wait)
        share = self.job_seconds * records / MAX_BATCH
        if misses == 1:  # it started about when the last one ended
            return max(self.last_done + share - now, share / 10)
        return max(share / 10 * 1.5 ** (misses - 2), polling.first_wait / 10)


class AsyncBatchUpserter(BatchUpserter):
    """The batch twin of BatchUpserter: same inputs, same outcomes, far fewer requests."""

    def __init__(
        self,
        transport: NetSuiteTransport,
        suiteql: SuiteQL,
        *,
        polling: BatchPolling | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(transport, suiteql, max_workers=1)
        self._polling = polling or BatchPolling()
        self._sleep = sleep
        self._clock = clock

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
        to_send = list({item.external_id: item for item in prepared if item.body is not None}.values())
        answers: dict[str, Answer | NetSuiteProblem] = {}
        try:
            self._write(record_type, to_send, params or {}, answers)
        except NetSuiteError as failure:
            # What finished is settled; the rest is in doubt and looked up by the next sync.
            with contextlib.suppress(NetSuiteError):
                outcomes |= self._outcomes(record_type, answers, ids_by_external_id)
            raise failure.cutting_short(list(outcomes.values())) from None
        outcomes |= self._outcomes(record_type, answers, ids_by_external_id)
        return [outcomes[item.external_id] for item in prepared]

    def look_up(
        self, external_ids: Sequence[str], query_for: Callable[[Collection[str]], str], record_type: str
    ) -> dict[str, str]:
        """As the synchronous look-up, a thousand ids a query (SuiteQL's IN-list and page limit)."""
        found: dict[str, str] = {}
        for batch in chunks(external_ids, MAX_IN_LIST):
            for row in self._suiteql.rows(query_for(batch), name=f"{record_type} ids by external id"):
                external_id = row.text("externalid")
                if external_id is not None:
                    found[external_id] = row.required("id")
        return found

    # -- one call: submit every batch, then wait for each in turn ---------------------------------

    def _write(
        self,
        record_type: str,
        items: Sequence[PreparedUpsert],
        params: Mapping[str, str],
        answers: dict[str, Answer | NetSuiteProblem],
    ) -> None:
        deadline = self._clock() + self._polling.timeout
        jobs = [self._submit(record_type, batch, params, None) for batch in chunks(items, MAX_BATCH)]
        for round_ in range(self._polling.resubmits + 1):
            again: list[tuple[_Job, list[PreparedUpsert]]] = []
            pace = _Pace(self._clock())
            for job in jobs:
                status = self._wait(job, pace, deadline)
                results = self._results(job, status)
                retry = [
                    item
                    for item in job.items
                    if isinstance(result := results[item.external_id], NetSuiteProblem)
                    and (result.passing or job.replayed)
                ]
                for item in job.items:
                    answers[item.external_id] = results[item.external_id]
                if retry and round_ < self._polling.resubmits:
                    again.append((job, retry))
            if not again:
                return
            jobs = [
                self._submit(record_type, batch, params, job.id)
                for job, retry in again
                for batch in chunks(retry, MAX_BATCH)
            ]

    def _submit(
        self, record_type: str, items: Sequence[PreparedUpsert], params: Mapping[str, str], after: str | None
    ) -> _Job:
        key = idempotency_key(record_type, items, after)
        body = {"items": [{**(item.body or {}), "externalId": item.external_id} for item in items]}
        answer = self._transport.send(
            "PUT",
            f"{RECORD_PATH}/{record_type}",
            params=params,
            body=body,
            headers={
                "Prefer": "respond-async",
                "Content-Type": COLLECTION_CONTENT_TYPE,
                "X-NetSuite-Idempotency-Key": key,
            },
        )
        location = answer.headers.get("Location")
        if not location:
            raise NetSuiteBadResponse(
                f"NetSuite accepted a batch of {len(items)} {record_type} records without naming its job "
                "(no Location header)."
            )
        replayed = answer.status == 400  # the transport lets only IDEMPOTENCY_ERROR replays through
        logger.info(
            "netsuite batch submitted record_type=%s records=%d job=%s replayed=%s",
            record_type,
            len(items),
            location,
            replayed,
        )
        return _Job(items, urlsplit(location).path, replayed)

    def _wait(self, job: _Job, pace: _Pace, deadline: float) -> dict[str, Any]:
        """The completed job. The first job is looked at with growing waits; each later one at once
        (the account's processors run jobs side by side), and if not done yet, again when a job
        started as the last one ended should be done."""
        wait = self._polling.first_wait if pace.job_seconds is None else 0.0
        misses = 0
        while True:
            if self._clock() + wait > deadline:
                raise NetSuiteUnavailable(
                    f"NetSuite had not finished batch job {job.id} ({len(job.items)} records) after "
                    f"{self._polling.timeout:.0f} s; those records are in doubt and are looked up on the "
                    "next sync."
                )
            self._sleep(min(wait, self._polling.max_wait))
            body = self._transport.send("GET", job.path).json("a batch job's status")
            if isinstance(body, dict) and body.get("completed") is True:
                pace.done(self._clock())
                return body
            misses += 1
            wait = pace.next_wait(self._clock(), len(job.items), misses, self._polling)

    def _results(self, job: _Job, status: dict[str, Any]) -> dict[str, Answer | NetSuiteProblem]:
        if status.get("progress") == "succeeded":
            # Every task succeeded: the look-up names each record (one query per thousand).
            return {item.external_id: Answer(job.path, 204, {}, "") for item in job.items}
        return self._task_results(job)

    def _task_results(self, job: _Job) -> dict[str, Answer | NetSuiteProblem]:
        listing = self._transport.send("GET", f"{job.path}/task").json("a batch job's tasks")
        # Oracle's example holds several task links in one item: take every self link, in order.
        task_paths = [
            urlsplit(link["href"]).path
            for entry in (listing.get("items") or [] if isinstance(listing, dict) else [])
            if isinstance(entry, dict)
            for link in entry.get("links") or []
            if isinstance(link, dict) and link.get("rel") == "self" and isinstance(link.get("href"), str)
        ]
        results: dict[str, Answer | NetSuiteProblem] = {}
        for index, item in enumerate(job.items):
            if index >= len(task_paths):
                results[item.external_id] = NetSuiteProblem(
                    f"NetSuite's batch job {job.id} failed without writing this record; it is sent again.",
                    passing=True,
                )
                continue
            try:
                results[item.external_id] = self._transport.send("GET", f"{task_paths[index]}/result")
            except (NetSuiteRejected, NetSuiteBadResponse, NetSuiteUnavailable) as trouble:
                results[item.external_id] = problem_of(trouble)
        return results
