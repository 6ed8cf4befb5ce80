Feature: The drift report: do Invoiced and NetSuite agree?
  A controller closing the month wants to know that both systems hold the same invoices at the same
  totals and balances. The drift report compares every linked invoice on both sides, shows the totals
  first, and names each difference with its likely cause and what to do.

  Background:
    Given a company connected to NetSuite
    And a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite

  Scenario: After a sync both sides agree
    Then the drift report says both sides agree on 2 invoices

  Scenario: A credit memo applied in NetSuite is reported, and the next sync brings it over
    When a credit memo "CM-1" of 25.00 is recorded in NetSuite on "INV-1"
    Then the drift report lists "INV-1" as "credit applied in NetSuite", owing 100.00 on Invoiced and 75.00 in NetSuite
    When the accounting sync runs
    Then invoice "INV-1" has a balance of 75.00 on Invoiced
    And the drift report says both sides agree on 2 invoices

  Scenario: An invoice edited in NetSuite after the sync wrote it is reported, and the repair writes Invoiced's invoice again
    When someone in NetSuite changes "INV-1" to a total of 120.00
    Then the drift report lists "INV-1" as "changed in NetSuite", owing 100.00 on Invoiced and 120.00 in NetSuite
    When the drift is repaired
    Then the repair wrote 1 invoice to NetSuite in a sync run that succeeded
    And NetSuite has invoice "INV-1" of 100.00 for customer "Hooli"
    And the drift report says both sides agree on 2 invoices

  Scenario: An invoice deleted in NetSuite is reported, and the repair puts it back once
    When someone in NetSuite deletes "INV-2"
    Then the drift report lists "INV-2" as "deleted in NetSuite", owing 100.00 on Invoiced and nothing in NetSuite
    When the drift is repaired
    Then the repair wrote 1 invoice to NetSuite in a sync run that succeeded
    And NetSuite has invoices "INV-1, INV-2" for customer "Hooli"
    And the drift report says both sides agree on 2 invoices

  Scenario: A credit memo applied in NetSuite is repaired by bringing NetSuite's balance over
    When a credit memo "CM-1" of 25.00 is recorded in NetSuite on "INV-1"
    And the drift is repaired
    Then the repair wrote 0 invoices to NetSuite in a sync run that succeeded
    And invoice "INV-1" has a balance of 75.00 on Invoiced
    And Invoiced has a credit note "CM-1" of 25.00 from NetSuite, fully applied
    And the drift report says both sides agree on 2 invoices

  Scenario: Repairing twice sends nothing the second time
    When someone in NetSuite changes "INV-1" to a total of 120.00
    And the drift is repaired
    And the drift is repaired
    Then the second repair found nothing to repair and sent nothing to NetSuite

  Scenario: An invoice changed on Invoiced since the last sync is reported as not yet synced, and the sync settles it
    When invoice "INV-1" is changed to 150.00 on Invoiced
    Then the drift report lists "INV-1" as "not yet synced", owing 150.00 on Invoiced and 100.00 in NetSuite
    And the difference on "INV-1" says "the next sync sends it"
    When the accounting sync runs
    Then the drift report says both sides agree on 2 invoices

  Scenario: An invoice whose last sync failed is reported with its open sync error, and is never called in agreement
    When invoice "INV-1" is changed to 150.00 on Invoiced
    And NetSuite rejects invoice "INV-1" with "Item 201 is inactive."
    And the accounting sync runs
    Then the drift report lists "INV-1" as "sync error open", owing 150.00 on Invoiced and 100.00 in NetSuite
    And the difference on "INV-1" says "see Sync Errors"
    And the drift report does not say both sides agree

  Scenario: A payment unapplied in NetSuite is reported on the payment and its invoice, and the repair applies it again
    Given a payment of 100.00 from "Hooli" on Invoiced applied to "INV-1"
    And the accounting sync has run
    When someone in NetSuite unapplies the payment from "Hooli" on "INV-1"
    Then the drift report lists the payment from "Hooli" as "unapplied in NetSuite", applied to "INV-1" on Invoiced and to nothing in NetSuite
    And the drift report lists "INV-1" as "unapplied in NetSuite", owing 0.00 on Invoiced and 100.00 in NetSuite
    When the drift is repaired
    Then the repair wrote 1 payment to NetSuite in a sync run that succeeded
    And the drift report says both sides agree on 2 invoices and 1 payment

  Scenario: A payment NetSuite refused keeps the report from saying both sides agree
    Given a payment of 100.00 from "Hooli" on Invoiced applied to "INV-1"
    And NetSuite rejects the payment from "Hooli" with "The deposit account is inactive."
    When the accounting sync runs
    Then the drift report lists "INV-1" as "sync error open", owing 0.00 on Invoiced and 100.00 in NetSuite
    And the drift report does not say both sides agree
    And the drift report counts 1 open sync error

  Scenario: A payment deleted in NetSuite is reported, and the repair writes it there again once
    Given a payment of 100.00 from "Hooli" on Invoiced applied to "INV-2"
    And the accounting sync has run
    When someone in NetSuite deletes the payment from "Hooli"
    Then the drift report lists the payment from "Hooli" as "deleted in NetSuite"
    And the drift report lists "INV-2" as "unapplied in NetSuite", owing 0.00 on Invoiced and 100.00 in NetSuite
    When the drift is repaired
    Then the repair wrote 1 payment to NetSuite in a sync run that succeeded
    And the drift report says both sides agree on 2 invoices and 1 payment

  Scenario: A payment received on Invoiced since the last sync is reported on its invoice as not yet synced
    Given a payment of 100.00 from "Hooli" on Invoiced applied to "INV-1"
    Then the drift report lists "INV-1" as "not yet synced", owing 0.00 on Invoiced and 100.00 in NetSuite
    And the difference on "INV-1" says "the next sync sends it"
    When the accounting sync runs
    Then the drift report says both sides agree on 2 invoices and 1 payment

  Scenario: A payment recorded in NetSuite and unapplied there later is brought over by the repair
    Given "Hooli" paid 40.00 on "INV-1" in NetSuite and it was synced
    When someone in NetSuite unapplies that payment from "INV-1"
    Then the drift report lists "INV-1" as "unapplied in NetSuite", owing 60.00 on Invoiced and 100.00 in NetSuite
    When the drift is repaired
    Then the repair wrote 0 invoices to NetSuite in a sync run that succeeded
    And invoice "INV-1" has a balance of 100.00 on Invoiced
    And the drift report says both sides agree on 2 invoices
