import AccordCore
import AccordStore

/// How pages name what an id points at: a client by its name, linked to its page; a person by
/// name, linked to their cockpit; a play or handoff by what it is, linked; an API token, the CLI
/// or a background job by what it is. People read names, never `acc_…` or `person:…`.
struct PageNames: Sendable {
    let spec: Spec
    let accounts: [String: String]
    /// Token id → (label, person it acts for), so a personal token's actions read as that person's.
    var tokens: [String: (label: String, person: String?)] = [:]

    /// Looks up the names of `accounts` (ids that are gone keep their id) and of the API tokens.
    static func load(spec: Spec, store: any AccessStore & RecordStore, accounts ids: some Sequence<String>) async throws -> PageNames {
        let tokens = try await store.tokens()
        return PageNames(
            spec: spec, accounts: try await store.accountNames(Set(ids)),
            tokens: Dictionary(tokens.map { ($0.id, ($0.label, $0.personID)) }, uniquingKeysWith: { first, _ in first }))
    }

    /// `name` and `href` for a template: `{{#href}}<a href="{{href}}">{{name}}</a>{{/href}}{{^href}}{{name}}{{/href}}`.
    typealias Reference = [String: Any]

    func account(_ id: String) -> Reference { ["name": accounts[id] ?? id, "href": "/accounts/\(id)"] }

    func person(_ id: String) -> Reference {
        guard let person = spec.person(id) else { return ["name": id, "href": false] }
        return ["name": person.name, "href": "/today?person=\(person.id)"]
    }

    /// An audit actor or a `submitted_by`: `person:ID`, `token:ID`, `cli:USER`, `sync:SOURCE`, `demo`, ….
    func actor(_ actor: String) -> Reference {
        let (kind, id) = Self.split(actor)
        switch kind {
        case "person": return person(id)
        case "token":
            if let person = tokens[id]?.person, spec.person(person) != nil { return self.person(person) }
            return ["name": tokens[id].map { "\($0.label) (API token)" } ?? "API token \(id)", "href": false]
        case "cli": return ["name": id.isEmpty ? "the command line" : "\(id) at the command line", "href": false]
        case "sync": return ["name": "the \(id) sync", "href": false]
        case "accord": return ["name": id.isEmpty ? "Accord" : "Accord (\(id))", "href": false]
        case "demo": return ["name": "the demo", "href": false]
        case "spec-file": return ["name": "the spec file", "href": false]
        default: return ["name": actor, "href": false]
        }
    }

    /// An audit target: `account:ID`, `person:ID`, `handoff:ID`, `play:ID`, …; others as written.
    func target(_ target: String) -> Reference {
        let (kind, id) = Self.split(target)
        switch kind {
        case "account": return account(id)
        case "person": return person(id)
        case "handoff": return ["name": "handoff \(id)", "href": "/handoffs/\(id)"]
        case "play": return ["name": spec.playbooks.first { $0.id == id }?.name ?? id, "href": "/plays/\(id)"]
        case "token": return ["name": tokens[id].map { "API token \($0.label)" } ?? "API token \(id)", "href": false]
        case "week": return ["name": "triage \(id)", "href": "/reports/triage?week=\(id)"]
        case "outcome_model": return ["name": "outcome model \(id)", "href": "/outcome-models#\(id)"]
        case "": return ["name": "—", "href": false]
        default: return ["name": id.isEmpty ? kind : "\(kind.replacingOccurrences(of: "_", with: " ")) \(id)", "href": false]
        }
    }

    /// The account ids that audit targets name, to look up in one query.
    static func accountIDs(inTargets targets: some Sequence<String>) -> [String] {
        targets.compactMap { target in
            let (kind, id) = split(target)
            return kind == "account" ? id : nil
        }
    }

    private static func split(_ text: String) -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
