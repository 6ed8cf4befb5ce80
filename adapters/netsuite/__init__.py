"""The NetSuite gateway over SuiteTalk REST (requests + requests-oauthlib, token-based auth)."""

from adapters.netsuite.factory import RestNetSuiteGatewayFactory
from adapters.netsuite.gateway import RestNetSuiteGateway
from adapters.netsuite.limiter import (
    ConcurrencyLimiter,
    LimiterFor,
    LocalConcurrencyLimiter,
    local_limiter_for,
)
from adapters.netsuite.suiteql import SuiteQLPaging
from adapters.netsuite.transport import RetryPolicy

__all__ = [
    "ConcurrencyLimiter",
    "LimiterFor",
    "LocalConcurrencyLimiter",
    "RestNetSuiteGateway",
    "RestNetSuiteGatewayFactory",
    "RetryPolicy",
    "SuiteQLPaging",
    "local_limiter_for",
]
