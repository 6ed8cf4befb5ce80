import pytest
from pytest_bdd import scenarios

# Every scenario runs on the in-memory fake and on the real path (see tests/bdd/conftest.py); only
# the sandbox models the user's time zone, so the real path is the one that proves it.
pytestmark = pytest.mark.usefixtures("netsuite_path")

scenarios("netsuite_time_zones.feature")
