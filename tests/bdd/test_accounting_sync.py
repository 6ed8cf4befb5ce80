from pytest_bdd import scenarios

scenarios("accounting_sync.feature")
