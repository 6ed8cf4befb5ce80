"""One sync per company across every process that shares this database (the CLI beside `serve`, say),
for deployments without Redis: a row per held lock with its holder's token and an expiry that the live
holder keeps pushing forward, so a killed holder's lock frees itself within the TTL."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from adapters.persistence.tables import CompanyLockRow

logger = logging.getLogger(__name__)

_TABLE = CompanyLockRow.__table__  # type: ignore[attr-defined]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SqlCompanyLocks:
    def __init__(
        self, engine: Engine, *, ttl_seconds: int = 60, now: Callable[[], datetime] = _utc_now
    ) -> None:
        self._engine = engine
        self._ttl = ttl_seconds
        self._now = now

    def _take(self, company_id: int, holder: str, ttl_seconds: int) -> bool:
        now = self._now()
        expires = now + timedelta(seconds=ttl_seconds)
        with self._engine.begin() as connection:  # a lock left by a dead holder: take it over
            taken = connection.execute(
                update(_TABLE)
                .where(_TABLE.c.company_id == company_id, _TABLE.c.expires_at < now)
                .values(holder=holder, expires_at=expires)
            ).rowcount
        if taken:
            return True
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    insert(_TABLE).values(company_id=company_id, holder=holder, expires_at=expires)
                )
        except IntegrityError:  # a live holder has it
            return False
        return True

    def _keep(self, company_id: int, holder: str, ttl_seconds: int, stop: threading.Event) -> None:
        while not stop.wait(ttl_seconds / 3):
            try:
                with self._engine.begin() as connection:
                    kept = connection.execute(
                        update(_TABLE)
                        .where(_TABLE.c.company_id == company_id, _TABLE.c.holder == holder)
                        .values(expires_at=self._now() + timedelta(seconds=ttl_seconds))
                    ).rowcount
            except SQLAlchemyError as trouble:  # the database is away: try again at the next beat
                logger.warning("company lock not renewed company_id=%s error=%s", company_id, type(trouble))
                continue
            if not kept:
                logger.warning("company lock lost company_id=%s", company_id)
                return

    @contextmanager
    def hold(self, company_id: int, *, ttl_seconds: int | None = None) -> Iterator[bool]:
        """Yields True when this caller got the lock, False when a live holder has it. Never waits."""
        ttl_seconds = self._ttl if ttl_seconds is None else ttl_seconds
        if ttl_seconds <= 0:
            raise ValueError("A company lock needs a positive TTL, so a crashed holder cannot keep it.")
        holder = secrets.token_hex(16)
        acquired = self._take(company_id, holder, ttl_seconds)
        keeping = threading.Event()
        if acquired:
            threading.Thread(
                target=self._keep, args=(company_id, holder, ttl_seconds, keeping), daemon=True
            ).start()
        try:
            yield acquired
        finally:
            keeping.set()
            if acquired:
                try:
                    with self._engine.begin() as connection:
                        connection.execute(
                            delete(_TABLE).where(_TABLE.c.company_id == company_id, _TABLE.c.holder == holder)
                        )
                except SQLAlchemyError as trouble:  # the work is done; the expiry frees it in the end
                    logger.warning(
                        "company lock not released company_id=%s error=%s", company_id, type(trouble)
                    )
