Feature: Voids and edits made on Invoiced after a record reached NetSuite
  A payment or invoice voided on Invoiced after the sync wrote it to NetSuite is removed from NetSuite
  (NetSuite has no void for them through its API), payments before invoices, so both ledgers owe the
  same again. The record stays linked, marked as synced at its voided version, so a later sync never
  removes it twice. A customer the sync created in NetSuite follows its edits on Invoiced; a customer
  NetSuite already had, matched by name, is NetSuite's own and is never overwritten. Records that came
  from NetSuite are never written back, voided or not.

  Background:
    Given a company connected to NetSuite

  Scenario: A payment voided on Invoiced after it was synced is removed from NetSuite, and the invoice owes again
    Given a customer "Hooli" with invoices "INV-1" already in NetSuite
    And a payment of 60.00 from "Hooli" on Invoiced applied to "INV-1"
    And the accounting sync has run
    When the payment from "Hooli" is voided on Invoiced
    And the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has no payment from "Hooli"
    And invoice "INV-1" has 100.00 remaining in NetSuite
    And 1 payment was removed from NetSuite

  Scenario: An invoice voided on Invoiced is removed from NetSuite
    Given a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite
    When invoice "INV-2" is voided on Invoiced
    And the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has no invoice "INV-2"
    And NetSuite has invoice "INV-1" of 100.00 for customer "Hooli"
    And 1 invoice was removed from NetSuite

  Scenario: An invoice whose payments were voided too goes in the same sync, payments first
    Given a customer "Hooli" with invoices "INV-1" already in NetSuite
    And a payment of 100.00 from "Hooli" on Invoiced applied to "INV-1"
    And the accounting sync has run
    When the payment from "Hooli" is voided on Invoiced
    And invoice "INV-1" is voided on Invoiced
    And the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has no payment from "Hooli"
    And NetSuite has no invoice "INV-1"

  Scenario: An invoice with a payment recorded in NetSuite cannot be removed, and the error says what to do
    Given a customer "Hooli" with invoices "INV-1" already in NetSuite
    And "Hooli" pays 30.00 on "INV-1" in NetSuite
    When invoice "INV-1" is voided on Invoiced
    And the accounting sync runs
    Then the sync ends partial
    And the sync error for "Invoice INV-1" says "Invoice INV-1 was voided on Invoiced, but NetSuite would not remove it: This record cannot be deleted because it has dependent records."
    And the error keeps NetSuite's code "USER_ERROR"
    And the error suggests "Void or delete the NetSuite payments applied to it first, or void the invoice in NetSuite by hand, then retry."
    And invoice "INV-1" has 70.00 remaining in NetSuite
    When the NetSuite payment on "INV-1" is voided in NetSuite
    And the error for "Invoice INV-1" is retried
    Then the error for "Invoice INV-1" is resolved
    And NetSuite has no invoice "INV-1"

  Scenario: An invoice imported from NetSuite and voided on Invoiced is not touched in NetSuite
    Given a NetSuite customer "Umbrella"
    And a NetSuite invoice "NS-1" of 400.00 for "Umbrella"
    And the accounting sync has run
    When invoice "NS-1" is voided on Invoiced
    And the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has invoice "NS-1" of 400.00 for customer "Umbrella"
    And invoice "NS-1" has 400.00 remaining in NetSuite
    And nothing was removed from NetSuite

  Scenario: A customer renamed on Invoiced is renamed in NetSuite
    Given a customer "Hooli" with invoices "INV-1" already in NetSuite
    When the customer "Hooli" is renamed "Hooli XYZ" on Invoiced
    And the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has 1 customer named "Hooli XYZ"
    And NetSuite has 0 customer named "Hooli"
    And NetSuite has invoice "INV-1" of 100.00 for customer "Hooli XYZ"
    And 1 customer edit was written to NetSuite

  Scenario: A NetSuite customer matched by name is never overwritten
    Given a NetSuite customer "Globex Corporation"
    And a customer "Globex Corporation" on Invoiced
    And an invoice "INV-1" of 250.00 for "Globex Corporation" on Invoiced
    And the accounting sync has run
    When the customer "Globex Corporation" is renamed "Globex Corp" on Invoiced
    And the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has 1 customer named "Globex Corporation"
    And NetSuite has 0 customer named "Globex Corp"
    And no customer was written to NetSuite

  Scenario: Running the sync again removes nothing twice
    Given a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite
    And a payment of 60.00 from "Hooli" on Invoiced applied to "INV-1"
    And the accounting sync has run
    And the payment from "Hooli" is voided on Invoiced
    And invoice "INV-2" is voided on Invoiced
    And the accounting sync has run
    When the accounting sync runs
    Then the sync ends succeeded
    And nothing was removed from NetSuite
    And nothing was written to NetSuite
    And NetSuite has invoice "INV-1" of 100.00 for customer "Hooli"
    And NetSuite has no invoice "INV-2"
