extension ReadyMadeSource {
    /// singer-io's tap-zendesk: organizations become accounts, end users contacts (agents stay
    /// raw); tickets are the client's support load; satisfaction ratings are CSAT answers, their
    /// account read through their ticket.
    public static let zendesk = ReadyMadeSource(
        tap: "tap-zendesk", version: "2.8.2", system: .support, secrets: ["ZENDESK_SUBDOMAIN", "ZENDESK_ACCESS_TOKEN"],
        template: """
              - id: {id}
                system: support
                connection: api
                identity_keys: {account: id, contact: id}
                sync:
                  frequency: hourly
                  # {tap} {version}: python3 -m venv .taps/{tap} && .taps/{tap}/bin/pip install {tap}=={version}
                  tap: [.taps/{tap}/bin/{tap}]
                  # An OAuth access token with the read scope; the subdomain is the first part of yours.zendesk.com.
                  config: {subdomain: "${ZENDESK_SUBDOMAIN}", access_token: "${ZENDESK_ACCESS_TOKEN}", start_date: "{start}T00:00:00Z"}
                  catalog: discover
                  streams:
                    - {stream: organizations, feeds: accounts}
                    # End users are the client's people; agents and admins are yours.
                    - {stream: users, feeds: contacts, when: {role: end-user}}
                    - {stream: tickets, feeds: tickets, account: [organization_id]}
                    # A rating names its ticket, and the ticket its organization. good is satisfied, bad not; offered is no answer.
                    - {stream: satisfaction_ratings, feeds: surveys, kind: csat, account_from: {stream: tickets, by: ticket_id, field: organization_id}}
                  owner: {owner}
                errors: {policy: quarantine, notify: [{owner}]}
                mappings:
                  - {from: name, to: account.name, direction: inbound}
                  - {from: "domain_names[0]", to: account.domain, direction: inbound}
                  - {from: email, to: contact.email, direction: inbound}
                  - {from: name, to: contact.name, direction: inbound}

            """)
}
