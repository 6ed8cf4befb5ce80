"""Batch deletes by external id: `DELETE /record/v1/{type}/eid:{externalId}` for each record, fanned out
within the account's concurrency limit. A record NetSuite does not know (404 NONEXISTENT_ID, or SOAP's
RCRD_DSNT_EXIST) is already gone, which is what was wanted: a retry after a dropped answer is safe."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from adapters.netsuite.transport import NetSuiteTransport
from adapters.netsuite.upserts import OUTAGE_AFTER, CutShort, OutageWatch, fan_out, problem_of, upsert_path
from application.errors import (
    NetSuiteBadResponse,
    NetSuiteError,
    NetSuiteRejected,
    NetSuiteUnavailable,
)
from domain.netsuite import RemovalOutcome

logger = logging.getLogger("adapters.netsuite")

NOT_FOUND_CODES = frozenset({"NONEXISTENT_ID", "RCRD_DSNT_EXIST"})


def already_gone(refusal: NetSuiteRejected) -> bool:
    """NetSuite's "no such record" (a NetSuite error body, so not a wrong URL answered by someone else)."""
    return refusal.code in NOT_FOUND_CODES or (refusal.status == 404 and refusal.code is None)


class BatchRemover:
    """Deletes records of one type by external id and reports an outcome per id, in order."""

    def __init__(self, transport: NetSuiteTransport, *, max_workers: int) -> None:
        self._transport = transport
        self._max_workers = max(1, max_workers)

    def remove(self, record_type: str, external_ids: Sequence[str]) -> list[RemovalOutcome]:
        """An outcome per id, in order. A run-level failure mid-batch raises it carrying the
        outcomes of every answer that had arrived."""
        watch = OutageWatch(max(OUTAGE_AFTER, self._max_workers))
        # One request per external id: deleting the same record twice at once would race against itself.
        try:
            outcomes = fan_out(
                {
                    external_id: partial(self._remove_one, record_type, external_id, watch)
                    for external_id in dict.fromkeys(external_ids)
                },
                max_workers=self._max_workers,
                thread_name_prefix="netsuite-delete",
            )
        except CutShort as cut:
            if not isinstance(cut.cause, NetSuiteError):
                raise cut.cause from None
            arrived = [value for value in cut.done.values() if isinstance(value, RemovalOutcome)]
            raise cut.cause.cutting_short(arrived) from None
        return [outcomes[external_id] for external_id in external_ids]

    def _remove_one(self, record_type: str, external_id: str, watch: OutageWatch) -> RemovalOutcome:
        try:
            self._transport.send("DELETE", upsert_path(record_type, external_id))
        except (NetSuiteBadResponse, NetSuiteUnavailable) as trouble:
            # Not NetSuite's "no such record" (a 404 from someone else is no proof it is gone).
            watch.failed(trouble)
            logger.info(
                "netsuite could not delete record_type=%s external_id=%s error=%s",
                record_type,
                external_id,
                type(trouble).__name__,
            )
            return RemovalOutcome(external_id, problem=problem_of(trouble))
        except NetSuiteRejected as refusal:
            watch.succeeded()  # NetSuite itself answered: it is up
            if already_gone(refusal):
                logger.info(
                    "netsuite record already gone record_type=%s external_id=%s", record_type, external_id
                )
                return RemovalOutcome(external_id, already_gone=True)
            logger.info(
                "netsuite refused to delete record_type=%s external_id=%s code=%s",
                record_type,
                external_id,
                refusal.code,
            )
            return RemovalOutcome(external_id, problem=problem_of(refusal))
        watch.succeeded()
        return RemovalOutcome(external_id)
