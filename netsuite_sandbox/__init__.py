"""A local stand-in for NetSuite's SuiteTalk REST API, for the demo and the tests.

An external system's double: it imports nothing from domain/, application/, adapters/ or
entrypoints/.
"""

from netsuite_sandbox.credentials import SandboxCredentials
from netsuite_sandbox.faults import FaultSettings
from netsuite_sandbox.preferences import DATE_FORMATS, UserPreferences
from netsuite_sandbox.server import DEFAULT_ACCOUNT_ID, SandboxServer, serving_ports

__all__ = [
    "DATE_FORMATS",
    "DEFAULT_ACCOUNT_ID",
    "FaultSettings",
    "SandboxCredentials",
    "SandboxServer",
    "UserPreferences",
    "serving_ports",
]
