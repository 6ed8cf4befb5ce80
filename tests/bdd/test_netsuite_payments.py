from pytest_bdd import scenarios

scenarios("netsuite_payments.feature")
