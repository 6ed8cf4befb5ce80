"""Opens gateways: one signed `requests.Session` per gateway, shared settings for all of them."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase

from adapters.netsuite.auth import token_based_auth
from adapters.netsuite.batch_writes import BatchPolling
from adapters.netsuite.gateway import WRITE_MODE_SYNC, RestNetSuiteGateway
from adapters.netsuite.hosts import account_base_url
from adapters.netsuite.limiter import LimiterFor, local_limiter_for
from adapters.netsuite.oauth2 import (
    TOKEN_PATH,
    BearerTokenAuth,
    ClientCredentialsTokens,
    TokenCache,
    local_token_cache,
)
from adapters.netsuite.suiteql import SuiteQLPaging
from adapters.netsuite.transport import NetSuiteTransport, RetryPolicy
from application.ports import NetSuiteAccess
from domain.integration import OAuth2Credentials, canonical_account_id

# Seconds to connect, and to wait for an answer (NetSuite lets a request run up to 15 minutes).
DEFAULT_TIMEOUT = (10.0, 300.0)


class RestNetSuiteGatewayFactory:
    """Satisfies NetSuiteGatewayFactory. `limiter_for(account_id, limit)` gives the concurrency
    limiter of an account: the in-process one by default, a Redis-backed one to share the budget
    across worker processes. `token_cache` keeps OAuth 2.0 access tokens: in this process by default,
    in Redis to share one token per account across worker processes."""

    def __init__(
        self,
        *,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        paging: SuiteQLPaging | None = None,
        limiter_for: LimiterFor = local_limiter_for,
        session_factory: Callable[[], requests.Session] = requests.Session,
        sleep: Callable[[float], None] = time.sleep,
        token_cache: TokenCache | None = None,
        suiteql_offset: timedelta | None = None,
        write_mode: str = WRITE_MODE_SYNC,
        batch_polling: BatchPolling | None = None,
    ) -> None:
        """`suiteql_offset` fixes how far SuiteQL's clock runs ahead of UTC instead of measuring it
        (for scripted test doubles that answer only the queries they were told about)."""
        self.suiteql_offset = suiteql_offset
        self.write_mode = write_mode
        self.batch_polling = batch_polling
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.paging = paging or SuiteQLPaging()
        self.limiter_for = limiter_for
        self._session_factory = session_factory
        self._sleep = sleep
        self.token_cache = token_cache or local_token_cache()

    def __call__(self, access: NetSuiteAccess) -> RestNetSuiteGateway:
        account_id = canonical_account_id(access.account_id)
        limit = max(1, access.concurrency_limit)
        session = self._session_factory()
        # Enough pooled connections for every request the limit lets run at once.
        pooled = HTTPAdapter(pool_connections=1, pool_maxsize=limit)
        session.mount("https://", pooled)
        session.mount("http://", pooled)
        base_url = account_base_url(account_id, access.base_url)
        limiter = self.limiter_for(account_id, limit)
        credentials = access.credentials
        auth: AuthBase
        if isinstance(credentials, OAuth2Credentials):
            tokens = ClientCredentialsTokens(
                account_id=account_id,
                token_url=base_url + TOKEN_PATH,
                credentials=credentials,
                session=session,
                limiter=limiter,
                cache=self.token_cache,
                timeout=self.timeout,
                sleep=self._sleep,
            )
            auth = BearerTokenAuth(tokens)
        else:
            auth = token_based_auth(account_id, credentials)
        transport = NetSuiteTransport(
            base_url=base_url,
            auth=auth,
            session=session,
            limiter=limiter,
            retry=self.retry,
            timeout=self.timeout,
            sleep=self._sleep,
        )
        return RestNetSuiteGateway(
            transport,
            concurrency_limit=limit,
            paging=self.paging,
            suiteql_offset=self.suiteql_offset,
            write_mode=self.write_mode,
            batch_polling=self.batch_polling,
        )
