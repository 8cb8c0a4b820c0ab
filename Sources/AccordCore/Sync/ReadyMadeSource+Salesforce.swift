extension ReadyMadeSource {
    /// singer-io's tap-salesforce over the REST API: accounts, contacts, users as the spec's
    /// people (by email), and an opportunity won as `contract_signed`. Ids keep their
    /// 18-character form, so a 15-character copy elsewhere is the same key. It reads `--properties`.
    public static let salesforce = ReadyMadeSource(
        tap: "tap-salesforce", version: "2.8.1", system: .crm,
        secrets: ["SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET", "SALESFORCE_REFRESH_TOKEN"],
        template: """
              - id: {id}
                system: crm
                connection: api
                identity_keys: {account: Id, contact: Id, format: salesforce}
                sync:
                  frequency: hourly
                  # {tap} {version}: python3 -m venv .taps/{tap} && .taps/{tap}/bin/pip install {tap}=={version}
                  tap: [.taps/{tap}/bin/{tap}]
                  # A connected app's client id and secret, and a refresh token from its OAuth flow (scopes api, refresh_token).
                  config:
                    client_id: "${SALESFORCE_CLIENT_ID}"
                    client_secret: "${SALESFORCE_CLIENT_SECRET}"
                    refresh_token: "${SALESFORCE_REFRESH_TOKEN}"
                    start_date: "{start}T00:00:00Z"
                    api_type: REST
                    select_fields_by_default: true
                  catalog: discover
                  catalog_flag: properties   # singer-io's tap-salesforce reads --properties
                  streams:
                    - {stream: User, feeds: owners}
                    - {stream: Account, feeds: accounts}
                    - {stream: Contact, feeds: contacts}
                    # An opportunity won is the contract: Amount is its annual value, Seats__c a field of your own.
                    - stream: Opportunity
                      feeds: events
                      event: contract_signed
                      account: [AccountId]
                      when: {IsWon: "true"}
                      properties: {mrr: Amount / 12, licensed_seats: Seats__c, sales_rep: OwnerId}
                  owner: {owner}
                errors: {policy: quarantine, notify: [{owner}]}
                mappings:
                  - {from: Name, to: account.name, direction: inbound, system_of_record: true}
                  - {from: Website, to: account.domain, direction: inbound, system_of_record: true}
                  - {from: NumberOfEmployees, to: account.licensed_seats, direction: inbound}
                  - {from: Industry, to: account.industry, direction: inbound}
                  - {from: BillingCountry, to: account.country, direction: inbound}
                  - {from: OwnerId, to: account.owner_sales, direction: inbound, system_of_record: true}
                  - {from: Email, to: contact.email, direction: inbound, system_of_record: true}
                  - {from: Name, to: contact.name, direction: inbound}
                  - {from: Title, to: contact.title, direction: inbound}
                  - {from: CloseDate, to: event.timestamp, direction: inbound}

            """)
}
