Feature: Connecting a company to NetSuite
  A company connects its NetSuite account with the account ID and either OAuth 2.0 client
  credentials (the client ID, a certificate ID and the certificate's private key) or the four
  token-based-auth credentials (consumer key and secret, token ID and secret). They are tried on
  NetSuite before anything is saved, and saved only in sealed (encrypted) form.

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

  Scenario: Connecting with OAuth 2.0 client credentials
    NetSuite takes no new token-based-auth integrations from 2027.1: a certificate mapped to the
    integration record, an entity and a role replaces the four secrets, and the service logs in
    with a short-lived bearer token minted from it.

    Given the NetSuite administrator has mapped a certificate to the integration
    When the company connects to NetSuite account "1234567" with OAuth 2.0 client credentials
    Then the company is connected to NetSuite account "1234567"
    And the connection logs in with OAuth 2.0 client credentials
    And the saved credentials do not show the private key
    When the accounting sync runs
    Then the accounting sync succeeds

  Scenario: A certificate ID NetSuite does not know saves nothing
    Given the NetSuite administrator has mapped a certificate to the integration
    When the company connects to NetSuite account "1234567" with OAuth 2.0 and the certificate ID "not-mapped"
    Then connecting fails with a message that says to check "the certificate ID"
    And the company is not connected to NetSuite

  Scenario: Moving from token-based auth to OAuth 2.0 keeps the links and the sync history
    Given the company is connected to NetSuite with a synced invoice
    And the NetSuite administrator has mapped a certificate to the integration
    When the company connects to NetSuite account "1234567" with OAuth 2.0 client credentials
    Then the connection logs in with OAuth 2.0 client credentials
    And the synced invoice is still linked to NetSuite
    And the sync history still shows 1 run
