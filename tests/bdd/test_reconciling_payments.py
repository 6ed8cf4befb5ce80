from pytest_bdd import scenarios

scenarios("reconciling_payments.feature")
