"""The NetSuite integration's use cases: connect and configure, the accounting sync, the importers,
sync errors (list, ignore, retry) and the queries behind Recent Syncs.

Every class takes its ports explicitly, so the container, the workers, the CLI and the HTTP API all
call the same thing.
"""

from application.integration.connections import (
    UNSET,
    ConnectionView,
    ConnectRequest,
    NetSuiteConnections,
    SettingsChange,
)
from application.integration.context import ProgressCallback, RecordRef, RetryScope
from application.integration.counts import Count, Stage
from application.integration.errors import SyncBusy
from application.integration.imports import NetSuiteImports
from application.integration.queries import (
    ConnectionHealth,
    RecentSyncs,
    RecordSyncDetails,
    RecordSyncStatus,
    RunDetails,
    SyncHistory,
)
from application.integration.sync import AccountingSync, DueSyncs
from application.integration.sync_errors import RetryOutcome, SyncErrors

__all__ = [
    "UNSET",
    "AccountingSync",
    "ConnectRequest",
    "ConnectionHealth",
    "ConnectionView",
    "Count",
    "DueSyncs",
    "NetSuiteConnections",
    "NetSuiteImports",
    "ProgressCallback",
    "RecentSyncs",
    "RecordRef",
    "RecordSyncDetails",
    "RecordSyncStatus",
    "RetryOutcome",
    "RetryScope",
    "RunDetails",
    "SettingsChange",
    "Stage",
    "SyncBusy",
    "SyncErrors",
    "SyncHistory",
]
