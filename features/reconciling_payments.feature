Feature: Reconciling payments received on Invoiced to NetSuite
  Payments received on Invoiced are written to NetSuite as customer payments applied to the
  NetSuite twins of their invoices, deposited to the account in the settings (or to undeposited
  funds when none is set).

  Background:
    Given a company connected to NetSuite

  Scenario: A payment received on Invoiced is applied to its invoice in NetSuite
    Given a customer "Hooli" with invoices "INV-1" already in NetSuite
    And a payment of 60.00 from "Hooli" on Invoiced applied to "INV-1"
    When the accounting sync runs
    Then NetSuite has a payment of 60.00 from "Hooli" applied to "INV-1"
    And the NetSuite payment goes to undeposited funds
    And invoice "INV-1" has 40.00 remaining in NetSuite

  Scenario: Payments are deposited to the account chosen in the settings
    Given the deposit account is "101"
    And a customer "Hooli" with invoices "INV-1" already in NetSuite
    And a payment of 100.00 from "Hooli" on Invoiced applied to "INV-1"
    When the accounting sync runs
    Then the NetSuite payment goes to account "101"

  @seed
  Scenario: A payment processed on Invoiced for an imported invoice is still written to NetSuite
    Given a NetSuite customer "Umbrella"
    And a NetSuite invoice "NS-1" of 400.00 for "Umbrella"
    And the accounting sync has run
    And a payment of 150.00 from "Umbrella" on Invoiced applied to "NS-1"
    When the accounting sync runs
    Then NetSuite has a payment of 150.00 from "Umbrella" applied to "NS-1"
    And invoice "NS-1" has 250.00 remaining in NetSuite
    And NetSuite has 1 customer named "Umbrella"

  Scenario: A payment whose invoice is not in NetSuite yet waits, then goes through
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-2" of 100.00 for "Hooli" on Invoiced
    And NetSuite rejects invoice "INV-2" with "The accounting period is closed."
    And a payment of 100.00 from "Hooli" on Invoiced applied to "INV-2"
    When the accounting sync runs
    Then the payment's sync error says "is applied to Invoice INV-2, which is not in NetSuite yet"
    And the error suggests "goes through by itself once it is in NetSuite"
    When NetSuite accepts invoice "INV-2" again
    And the accounting sync runs
    Then NetSuite has a payment of 100.00 from "Hooli" applied to "INV-2"
    And no sync error is open
