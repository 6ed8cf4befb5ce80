Feature: Sync errors
  A record that does not sync leaves one sync error that names it, keeps NetSuite's message and
  code, and says what to do. It clears itself once the record syncs; it can be retried right away,
  or ignored so that later syncs skip the record.

  Background:
    Given a company connected to NetSuite
    And a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 100.00 for "Hooli" on Invoiced
    And NetSuite rejects invoice "INV-1" with "The accounting period is closed."
    And the accounting sync has run

  Scenario: The same record failing again refreshes its one error
    When the accounting sync runs
    Then there is 1 sync error for "Invoice INV-1", seen 2 times

  Scenario: An error clears itself when its record later syncs
    When NetSuite accepts invoice "INV-1" again
    And the accounting sync runs
    Then no sync error is open
    And NetSuite has invoice "INV-1" of 100.00 for customer "Hooli"

  Scenario: An ignored error is skipped next time
    When the error for "Invoice INV-1" is ignored
    And NetSuite accepts invoice "INV-1" again
    And the accounting sync runs
    Then NetSuite has no invoice "INV-1"
    And the error for "Invoice INV-1" is ignored

  Scenario: A retried error that now passes resolves
    When NetSuite accepts invoice "INV-1" again
    And the error for "Invoice INV-1" is retried
    Then the error for "Invoice INV-1" is resolved
    And NetSuite has invoice "INV-1" of 100.00 for customer "Hooli"

  Scenario: A retried error that still fails stays open with the fresh reason
    When NetSuite rejects invoice "INV-1" with "Item 201 is inactive."
    And the error for "Invoice INV-1" is retried
    Then the sync error for "Invoice INV-1" says "Item 201 is inactive."
