import pytest
from pytest_bdd import scenarios

# Every scenario runs on the in-memory fake and on the real path (see tests/bdd/conftest.py).
pytestmark = pytest.mark.usefixtures("netsuite_path")

scenarios("drift.feature")
