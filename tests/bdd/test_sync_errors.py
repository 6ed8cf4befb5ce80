from pytest_bdd import scenarios

scenarios("sync_errors.feature")
