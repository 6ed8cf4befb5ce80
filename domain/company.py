"""A company is one tenant of the service: every record belongs to exactly one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.errors import CompanyRuleViolation


@dataclass(slots=True)
class Company:
    """A tenant. `email` is where import results and sync failures are sent."""

    name: str
    created_at: datetime
    email: str | None = None
    id: int | None = None
    # The NetSuite account its links point into (NetSuite internal ids mean nothing in another one).
    netsuite_account_id: str | None = None

    def __post_init__(self) -> None:
        self.name = self.name.strip()
        if not self.name:
            raise CompanyRuleViolation("A company needs a name.")


@dataclass(slots=True)
class ApiKey:
    """An API key as stored: only its hash and a short prefix to recognise it by."""

    company_id: int
    key_hash: str
    prefix: str
    created_at: datetime
    revoked: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class DashboardSession:
    """A signed-in dashboard session, kept on the server so signing out ends it wherever its cookie is.
    Only a hash of the session's token is stored."""

    token_hash: str
    company_id: int
    signed_in_at: datetime
    expires_at: datetime

    def is_live(self, now: datetime) -> bool:
        return now < self.expires_at
