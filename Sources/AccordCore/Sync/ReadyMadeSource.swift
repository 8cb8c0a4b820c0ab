/// Source definitions for the standard taps, pinned, with their streams and mappings: what
/// `accord source add NAME --tap TAP` writes into the spec, so connecting a system is one command.
public struct ReadyMadeSource: Sendable, Hashable {
    public var tap: String
    /// The pinned version, installed into `.taps/TAP` (its own virtualenv).
    public var version: String
    public var system: SourceDefinition.System
    /// The environment variables its config names (secrets stay out of the spec).
    public var secrets: [String]
    /// The source's YAML under `sources:`, with `{id}`, `{owner}` and `{start}` to fill.
    var template: String

    public static let all: [ReadyMadeSource] = [hubspot, salesforce, stripe, zendesk]

    public static func named(_ tap: String) -> ReadyMadeSource? { all.first { $0.tap == tap } }

    /// The install command for the pinned tap.
    public var install: String { "python3 -m venv .taps/\(tap) && .taps/\(tap)/bin/pip install \(tap)==\(version)" }

    /// The block for a source called `id`, owned by `owner`, reading from `start` (an ISO date).
    public func block(id: String, owner: String, start: String) -> String {
        template.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{owner}", with: owner)
            .replacingOccurrences(of: "{start}", with: start).replacingOccurrences(of: "{tap}", with: tap)
            .replacingOccurrences(of: "{version}", with: version)
    }

    /// singer-io's tap-stripe: customers become accounts; subscriptions (their items by id from
    /// subscription_items) are the client's MRR and movements; invoices are kept raw.
    public static let stripe = ReadyMadeSource(
        tap: "tap-stripe", version: "3.3.0", system: .billing, secrets: ["STRIPE_SECRET_KEY", "STRIPE_ACCOUNT_ID"],
        template: """
              - id: {id}
                system: billing
                connection: api
                identity_keys: {account: id}
                sync:
                  frequency: hourly
                  # {tap} {version}: python3 -m venv .taps/{tap} && .taps/{tap}/bin/pip install {tap}=={version}
                  tap: [.taps/{tap}/bin/{tap}]
                  config: {client_secret: "${STRIPE_SECRET_KEY}", account_id: "${STRIPE_ACCOUNT_ID}", start_date: "{start}T00:00:00Z"}
                  catalog: discover          # Accord runs the tap's --discover and selects the streams below
                  streams:
                    - {stream: customers, feeds: accounts}
                    - {stream: subscriptions, feeds: subscriptions, account: [customer], items: subscription_items}
                    - {stream: subscription_items, feeds: raw}
                    - {stream: invoices, feeds: raw}
                  # Stripe's events reach back 30 days: with an older bookmark the tap stops, and runs again from start_date.
                  refresh_on: ["older than 30 days"]
                  owner: {owner}
                errors: {policy: quarantine, notify: [{owner}]}
                mappings:
                  - {from: name, to: account.name, direction: inbound}
                  - {from: [metadata.website, metadata.domain], to: account.domain, direction: inbound}
                  # Cents per billing interval; Accord normalises it to a month (annual plans count a twelfth).
                  - {from: [price.unit_amount, plan.amount], to: subscription.amount, direction: inbound, system_of_record: true}
                  - {from: current_period_end, to: subscription.renewal_on, direction: inbound, system_of_record: true}

            """)
}

extension ReadyMadeSource {
    /// singer-io's tap-hubspot: companies become accounts, contacts contacts, owners the spec's
    /// people (by email); a deal closed won is `contract_signed`; form submissions are the
    /// client's marketing touches (content consumed, buying motivation). It reads `--properties`.
    public static let hubspot = ReadyMadeSource(
        tap: "tap-hubspot", version: "4.5.0", system: .crm, secrets: ["HUBSPOT_ACCESS_TOKEN"],
        template: """
              - id: {id}
                system: crm                  # HubSpot's CRM and its marketing hub, in one source
                connection: api
                identity_keys: {account: companyId, contact: id}
                # With Salesforce synced too, HubSpot's copy of its id links the two:
                #   identity_keys: {account: companyId, contact: id, foreign: {salesforce: [property_salesforceaccountid.value]}}
                sync:
                  frequency: hourly
                  # {tap} {version}: python3 -m venv .taps/{tap} && .taps/{tap}/bin/pip install {tap}=={version}
                  tap: [.taps/{tap}/bin/{tap}]
                  # A private app's access token (Settings, Integrations, Private apps), with the crm and forms scopes.
                  config: {api_key: "${HUBSPOT_ACCESS_TOKEN}", start_date: "{start}T00:00:00Z"}
                  catalog: discover
                  catalog_flag: properties   # singer-io's tap-hubspot syncs nothing when given --catalog
                  streams:
                    - {stream: owners, feeds: owners}
                    - {stream: companies, feeds: accounts}
                    - {stream: contacts, feeds: contacts}
                    - {stream: contacts_by_company, feeds: raw}
                    - {stream: deal_pipelines, feeds: raw}
                    # A deal closed won is the contract: amount is its annual value, seats a deal property of your own.
                    - stream: deals
                      feeds: events
                      event: contract_signed
                      account: ["associations.associatedCompanyIds[0]"]
                      when: {property_dealstage.value: closedwon}
                      properties: {mrr: property_amount.value / 12, licensed_seats: property_seats.value, sales_rep: property_hubspot_owner_id.value}
                    - {stream: forms, feeds: raw}
                    # Each form filled in is content the person consumed; a form field named buying_motivation is why they came.
                    - {stream: form_submissions, feeds: touches, content_from: {stream: forms, by: formId, field: name}}
                  owner: {owner}
                errors: {policy: quarantine, notify: [{owner}]}
                mappings:
                  - {from: property_name.value, to: account.name, direction: inbound}
                  - {from: [property_domain.value, property_website.value], to: account.domain, direction: inbound}
                  - {from: property_country.value, to: account.country, direction: inbound}
                  # The funnel and who sourced the client are HubSpot's to say; names and websites fill what a CRM beside it has not.
                  - {from: property_lifecyclestage.value, to: account.lifecycle_stage, direction: inbound, system_of_record: true}
                  # HubSpot's original source: OFFLINE (entered by a rep, imported) is sales-sourced, every other channel marketing.
                  - {from: property_hs_analytics_source.value, to: account.acquisition_source, direction: inbound, system_of_record: true}
                  - {from: property_hubspot_owner_id.value, to: account.owner_sales, direction: inbound}
                  - {from: property_email, to: contact.email, direction: inbound, system_of_record: true}
                  - {from: property_jobtitle, to: contact.title, direction: inbound}
                  - {from: property_closedate.value, to: event.timestamp, direction: inbound}

            """)

    /// The spec's text with the source's block in `sources:`: in place of a source of the same id
    /// (its lines up to the next source or top-level key), else after the last source.
    public static func insert(_ block: String, id: String, into text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let sourcesLine = lines.firstIndex(where: { $0.hasPrefix("sources:") }) else {
            return text + (text.hasSuffix("\n") ? "" : "\n") + "sources:\n" + block
        }
        // The sources list ends at the next top-level key (comments before it stay with it).
        var end = lines.count
        for index in (sourcesLine + 1)..<lines.count {
            let line = lines[index]
            if let first = line.first, first != " ", first != "#", first != "-" {
                end = index
                while end > sourcesLine + 1, lines[end - 1].hasPrefix("#") || lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
                break
            }
        }
        let newLines = block.components(separatedBy: "\n").dropLast(block.hasSuffix("\n") ? 1 : 0)
        if let start = lines[sourcesLine..<end].firstIndex(where: { $0 == "  - id: \(id)" || $0.hasPrefix("  - id: \(id) ") || $0.hasPrefix("  - {id: \(id),") }
        ) {
            var stop = start + 1
            while stop < end, !lines[stop].hasPrefix("  - "), !(lines[stop].hasPrefix("  #") && stop + 1 < end && lines[stop + 1].hasPrefix("  - ")) {
                stop += 1
            }
            lines.replaceSubrange(start..<stop, with: newLines)
        } else {
            lines.insert(contentsOf: newLines, at: end)
        }
        return lines.joined(separator: "\n")
    }
}
