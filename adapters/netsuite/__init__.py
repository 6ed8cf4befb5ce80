"""The NetSuite gateway over SuiteTalk REST (requests; token-based auth with requests-oauthlib, or
OAuth 2.0 client credentials with PyJWT)."""

from adapters.netsuite.factory import RestNetSuiteGatewayFactory
from adapters.netsuite.gateway import RestNetSuiteGateway
from adapters.netsuite.limiter import (
    ConcurrencyLimiter,
    LimiterFor,
    LocalConcurrencyLimiter,
    local_limiter_for,
)
from adapters.netsuite.oauth2 import LocalTokenCache, TokenCache
from adapters.netsuite.suiteql import SuiteQLPaging
from adapters.netsuite.transport import RetryPolicy

__all__ = [
    "ConcurrencyLimiter",
    "LimiterFor",
    "LocalConcurrencyLimiter",
    "LocalTokenCache",
    "RestNetSuiteGateway",
    "RestNetSuiteGatewayFactory",
    "RetryPolicy",
    "SuiteQLPaging",
    "TokenCache",
    "local_limiter_for",
]
