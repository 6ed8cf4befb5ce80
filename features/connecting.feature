Feature: Connecting a company to NetSuite
  A company connects its NetSuite account with the account ID and the four token-based-auth
  credentials (consumer key and secret, token ID and secret). They are tried on NetSuite before
  anything is saved, and saved only in sealed (encrypted) form.

  Background:
    Given a company "Acme Books" on Invoiced

  Scenario: Connecting with working credentials
    When the company connects to NetSuite account "1234567" with the right credentials
    Then the company is connected to NetSuite account "1234567"
    And the saved credentials do not show the token secret
    And the next automatic sync is due in 60 minutes

  Scenario: Connecting with wrong credentials saves nothing
    When the company connects to NetSuite account "1234567" with a wrong token secret
    Then connecting fails with a message that says to check "the token ID and secret"
    And the company is not connected to NetSuite

  Scenario: The account's concurrency limit is kept when it is lower than ours
    Given the NetSuite account allows 3 requests at a time
    When the company connects to NetSuite account "1234567" with the right credentials
    Then the sync sends at most 3 requests at a time to NetSuite

  Scenario: Disconnecting keeps the links and the sync history
    Given the company is connected to NetSuite with a synced invoice
    When the company disconnects from NetSuite
    Then the company is not connected to NetSuite
    And the synced invoice is still linked to NetSuite
    And the sync history still shows 1 run

  Scenario: Reconnecting to another NetSuite account is refused once records are linked
    NetSuite's internal ids mean nothing in another account: a payment would be applied to the
    wrong documents there.

    Given the company is connected to NetSuite with a synced invoice
    When the company disconnects from NetSuite
    And the company connects to NetSuite account "7654321" with the right credentials
    Then connecting is refused because the records are linked to NetSuite account "1234567"
    And the company is not connected to NetSuite

  Scenario: Reconnecting to the same account after disconnecting works
    Given the company is connected to NetSuite with a synced invoice
    When the company disconnects from NetSuite
    And the company connects to NetSuite account "1234567" with the right credentials
    Then the company is connected to NetSuite account "1234567"
    And the synced invoice is still linked to NetSuite
