from pytest_bdd import scenarios

scenarios("voids_and_edits.feature")
