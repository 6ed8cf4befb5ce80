"""Dashboard sessions: opened at sign-in, checked on every page, ended at sign-out, all on the server,
so a cookie copied before its owner signed out opens nothing afterwards."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from application.ports import Clock, UnitOfWorkFactory
from domain.company import DashboardSession

SESSION_LIFETIME = timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class DashboardSessions:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, lifetime: timedelta = SESSION_LIFETIME) -> None:
        self._uow = uow
        self._clock = clock
        self.lifetime = lifetime

    def open(self, company_id: int) -> str:
        """A new session for the company; the token to keep in the cookie (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        now = self._clock.now()
        with self._uow() as uow:
            uow.dashboard_sessions.remove_expired(now)  # sign-ins sweep what earlier sessions left
            uow.dashboard_sessions.add(
                DashboardSession(
                    token_hash=_hash(token),
                    company_id=company_id,
                    signed_in_at=now,
                    expires_at=now + self.lifetime,
                )
            )
            uow.commit()
        return token

    def company_for(self, token: str) -> int | None:
        """The company a live session belongs to; None when it ended, expired or never existed."""
        if not token:
            return None
        with self._uow() as uow:
            session = uow.dashboard_sessions.get(_hash(token))
        if session is None or not session.is_live(self._clock.now()):
            return None
        return session.company_id

    def close(self, token: str) -> None:
        """End the session: its cookie, wherever it is, opens nothing from now on."""
        if not token:
            return
        with self._uow() as uow:
            uow.dashboard_sessions.remove(_hash(token))
            uow.commit()
