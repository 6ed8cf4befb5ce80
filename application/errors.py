"""Errors the use cases raise; only entrypoints turn them into HTTP statuses or CLI messages."""

from __future__ import annotations

from collections.abc import Sequence

from domain.netsuite import RemovalOutcome, UpsertOutcome


class ApplicationError(Exception):
    """Base for errors a caller can act on. The message is safe to show."""


class NotFound(ApplicationError):
    """The record does not exist for this company (another company's ids are 'not found' too)."""


class Conflict(ApplicationError):
    """The request clashes with the current state (a number already taken, a sync already running);
    `param` names the field whose value clashes, when there is one."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class InvalidInput(ApplicationError):
    """The request itself is wrong; `param` names the offending field when there is one."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class NotConnected(ApplicationError):
    """The company has no NetSuite connection yet."""


class NetSuiteError(ApplicationError):
    """Base for problems talking to NetSuite. The message is in a finance person's words; `detail`,
    when there is one, is the technical account (request, exception) to show below it. A run-level
    failure that cut a batch write short carries in `arrived` the outcomes of the answers that had come
    in, so they are settled before the run ends."""

    detail: str | None = None
    arrived: tuple[UpsertOutcome | RemovalOutcome, ...] = ()

    def cutting_short(self, arrived: Sequence[UpsertOutcome | RemovalOutcome]) -> NetSuiteError:
        """This failure, carrying what had arrived before it."""
        self.arrived = tuple(arrived)
        return self


class NetSuiteAuthError(NetSuiteError):
    """NetSuite refused the credentials (HTTP 401 INVALID_LOGIN). Run-level: nothing can sync."""

    CHECKLIST = (
        "NetSuite refused the credentials (INVALID_LOGIN). Check: the account ID (e.g. 1234567 or "
        "1234567_SB1, as under Setup > Company > Company Information); the consumer key and secret "
        "of the integration record; the token ID and secret of the access token, and that the token "
        "is active with a role that has REST Web Services and Log in using Access Tokens; and that "
        "this server's clock is right (NetSuite rejects requests more than 5 minutes off)."
    )

    OAUTH2_CHECKLIST = (
        "Check the OAuth 2.0 credentials in NetSuite: the client ID of the integration record (Setup > "
        "Integration > Manage Integrations), that its State is Enabled and its Client Credentials "
        "(Machine to Machine) Grant box and the REST Web Services scope are checked; the certificate ID "
        "under Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup, "
        "that the certificate is mapped to that application with an entity and a role, and is neither "
        "revoked nor expired; that the role has Log in using OAuth 2.0 Access Tokens and REST Web "
        "Services; that the private key given here belongs to that certificate; and that this server's "
        "clock is right."
    )

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.CHECKLIST)

    @classmethod
    def oauth2(cls, what: str) -> NetSuiteAuthError:
        """An OAuth 2.0 client-credentials failure: what happened, then the checklist."""
        return cls(f"{what} {cls.OAUTH2_CHECKLIST}")


class NetSuiteRejected(NetSuiteError):
    """NetSuite refused one request (a 4xx with its detail, code and path): a per-record problem."""

    def __init__(
        self, message: str, code: str | None = None, path: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        self.status = status


class NetSuiteUnavailable(NetSuiteError):
    """NetSuite could not be reached or kept failing (429/5xx/timeouts) after bounded retries."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class NetSuiteBadResponse(NetSuiteError):
    """NetSuite answered with something that is not what the API promises (HTML, truncated JSON…)."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail
