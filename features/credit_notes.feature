Feature: Credit notes, discounts and taxes, the same to the cent in both books
  A credit note issued on Invoiced is written to NetSuite as a credit memo, and wherever Invoiced
  applied it (a payment's credit_note entry) NetSuite's credit memo is applied too, so each invoice
  owes the same in both books. Discounts and taxes are written on the Default Discount Item and the
  Default Tax Item, so NetSuite's total is Invoiced's; a document that needs one of those items while
  it is not set waits with a sync error that names the setting. A credit memo recorded in NetSuite on
  an invoice Invoiced knows comes over as a credit note applied to it; ours never come back.

  Background:
    Given a company connected to NetSuite

  Scenario: A credited invoice is written and its credit applied in NetSuite
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 100.00 for "Hooli" on Invoiced
    And a credit note "CN-1" of 40.00 for "Hooli" on Invoiced
    And 40.00 of credit note "CN-1" is applied to "INV-1"
    When the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has a credit memo "CN-1" of 40.00 with 0.00 left to apply
    And invoice "INV-1" has 60.00 remaining in NetSuite
    And invoice "INV-1" has a balance of 60.00 on Invoiced

  Scenario: A partial credit across two invoices
    Given a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite
    And a credit note "CN-1" of 50.00 for "Hooli" on Invoiced
    And 30.00 of credit note "CN-1" is applied to "INV-1"
    And 15.00 of credit note "CN-1" is applied to "INV-2"
    When the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has a credit memo "CN-1" of 50.00 with 5.00 left to apply
    And invoice "INV-1" has 70.00 remaining in NetSuite
    And invoice "INV-2" has 85.00 remaining in NetSuite

  Scenario: A taxed and discounted invoice whose NetSuite total matches
    Given the NetSuite account has a discount item "203" and a tax item "204"
    And the settings write discounts on item "203" and taxes on item "204"
    And a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 99.99 for "Hooli" on Invoiced with a discount of 10.00 and a tax of 7.43
    When the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has invoice "INV-1" of 97.42 for customer "Hooli"
    And invoice "INV-1" has a balance of 97.42 on Invoiced

  Scenario: A tax with no tax item set is a sync error that names the setting
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 100.00 for "Hooli" on Invoiced with a tax of 8.25
    When the accounting sync runs
    Then the sync ends partial
    And the sync error for "Invoice INV-1" says "no tax item is set"
    And the error suggests "Default Tax Item Id"
    And NetSuite has no invoice "INV-1"

  Scenario: A NetSuite credit memo arriving on Invoiced
    Given a customer "Hooli" with invoices "INV-1" already in NetSuite
    When a credit memo "CM-77" of 25.00 is recorded in NetSuite on "INV-1"
    And the accounting sync runs
    Then the sync ends succeeded
    And Invoiced has a credit note "CM-77" of 25.00 from NetSuite, fully applied
    And invoice "INV-1" has a balance of 75.00 on Invoiced
    And invoice "INV-1" has 75.00 remaining in NetSuite

  Scenario: A voided credit note is removed from NetSuite
    Given a customer "Hooli" with invoices "INV-1" already in NetSuite
    And a credit note "CN-1" of 40.00 for "Hooli" on Invoiced
    And the accounting sync has run
    When credit note "CN-1" is voided on Invoiced
    And the accounting sync runs
    Then the sync ends succeeded
    And NetSuite has no credit memo "CN-1"
    And 1 credit note was removed from NetSuite
