"""In-memory fakes of every port, for unit, application and BDD tests (never the integration tier)."""

from adapters.memory.clock import FixedClock
from adapters.memory.gateway import InMemoryNetSuite, InMemoryNetSuiteGateway, InMemoryNetSuiteGatewayFactory
from adapters.memory.locks import InMemoryCompanyLocks
from adapters.memory.notifier import InMemoryNotifier
from adapters.memory.queue import InMemoryJobQueue
from adapters.memory.secrets import InMemorySecretBox
from adapters.memory.sign_ins import InMemoryFailedSignIns
from adapters.memory.unit_of_work import InMemoryStore, InMemoryUnitOfWork

__all__ = [
    "FixedClock",
    "InMemoryCompanyLocks",
    "InMemoryFailedSignIns",
    "InMemoryJobQueue",
    "InMemoryNetSuite",
    "InMemoryNetSuiteGateway",
    "InMemoryNetSuiteGatewayFactory",
    "InMemoryNotifier",
    "InMemorySecretBox",
    "InMemoryStore",
    "InMemoryUnitOfWork",
]
