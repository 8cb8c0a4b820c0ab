/// How Accord runs a source's Singer tap: the command, its config, the streams it reads and what
/// each feeds, how often, for how long at most, and who hears about a failure.
public struct SyncDefinition: Sendable, Hashable, Codable {
    /// How the tap is told which streams to sync. Older taps read `--properties` (singer-io's
    /// tap-hubspot syncs nothing when given `--catalog`); some take no catalog at all.
    public enum CatalogFlag: String, Sendable, Hashable, Codable, CaseIterable {
        case catalog, properties, none
    }

    /// The tap's program and arguments, e.g. `[.taps/tap-postgres/bin/tap-postgres]`.
    public var tap: [String]
    /// A JSON config file given to the tap as `--config`.
    public var configFile: String?
    /// Or the config inline; text values may name environment variables as `${NAME}`, so secrets
    /// stay out of the spec, and their values are redacted from what Accord keeps of the tap's stderr.
    public var config: JSONValue?
    /// A catalog (from `tap --discover`), given with `catalogFlag`; `discover` has Accord run the
    /// tap's discovery before each run and select the streams below, as Meltano does.
    public var catalogFile: String?
    public static let discoverCatalog = "discover"
    public var catalogFlag: CatalogFlag = .catalog
    public var streams: [StreamFeed]
    /// Seconds a run may take before the tap is stopped.
    public var timeoutSeconds: Int = 3600
    /// The person who owns this source's failures (with `errors.notify`).
    public var owner: String?
    /// Exit codes that mean "quota used up, try later" (tap-salesforce exits 2).
    public var quotaExitCodes: [Int] = []
    /// Words in a failed run's stderr that mean the tap's bookmark is older than it can read
    /// (tap-stripe's events reach back 30 days): the run is made again at once from the start date.
    public var refreshOn: [String] = []

    public init(tap: [String], streams: [StreamFeed]) {
        self.tap = tap
        self.streams = streams
    }

    public func stream(_ name: String) -> StreamFeed? { streams.first { $0.stream == name } }
}

/// One stream a tap sends and the part of the client record it feeds.
public struct StreamFeed: Sendable, Hashable, Codable {
    public enum Feed: String, Sendable, Hashable, Codable, CaseIterable {
        /// Companies, through the source's account mappings and the identity engine.
        case accounts
        /// People, through the contact mappings, linked to their accounts.
        case contacts
        /// Subscriptions or their items: the account's MRR, and its movements as it changes.
        case subscriptions
        /// Support tickets, on the account's page and timeline.
        case tickets
        /// Survey responses (CSAT or NPS).
        case surveys
        /// Events on the log, one per record.
        case events
        /// The system's users (a CRM's owners), linked to the spec's people by email, so the owner
        /// ids in its account records become the people they are.
        case owners
        /// Marketing touches: content a person consumed (a form filled in, an asset downloaded, a
        /// webinar attended), found by the person's email among the client record's contacts;
        /// with the account's acquisition source they are the context the close-to-onboarding
        /// handoff carries (original buying motivation, content consumed).
        case touches
        /// Kept in the raw store only, for a mapping to come.
        case raw

        /// Feeds whose records name an account of the source rather than being one.
        public var refersToAccount: Bool { [.subscriptions, .tickets, .surveys, .events].contains(self) }

        /// The mapping targets a stream of this feed reads (`subscription.amount` for subscriptions).
        public var mappingPrefix: String {
            switch self {
            case .accounts: "account."
            case .contacts: "contact."
            case .subscriptions: "subscription."
            case .tickets: "ticket."
            case .surveys: "survey."
            case .events: "event."
            case .owners: "owner."
            case .touches: "touch."
            case .raw: "raw."
            }
        }
    }

    public var stream: String
    public var feeds: Feed
    /// The record's key when the tap's SCHEMA gives none (its `key_properties` win otherwise).
    public var key: [String] = []
    /// The fields holding the id of the account (in this source) a subscription, ticket, survey
    /// or event belongs to; empty means the usual names (`customer`, `organization_id`, ...).
    public var account: [String] = []
    /// The taxonomy event every record of an events stream is (else its `event.name` field).
    public var event: String?
    /// What a surveys stream's scores are (else its `survey.kind` field, else CSAT).
    public var kind: SurveyKind?
    /// For an events stream: only records whose fields have these values are events (an
    /// opportunity whose `StageName` is `Closed Won`); the others are kept raw.
    public var when: [String: String] = [:]
    /// For an events stream: the event's properties, each read from a field (`Amount`) or a field
    /// divided by a number (`Amount / 12`, an annual amount as a month's), typed as the taxonomy says.
    public var properties: [String: String] = [:]
    /// For a subscriptions stream whose records list their items by id (tap-stripe's `items`):
    /// the stream the items come in, kept raw, read by those ids when the subscription is mapped.
    public var items: String?
    /// A field read from another stream's record, kept raw, whose key this record holds.
    public struct RecordLookup: Sendable, Hashable, Codable {
        public var stream: String
        /// This record's field holding the other record's key.
        public var by: String
        /// The other record's field to read.
        public var field: String

        public init(stream: String, by: String, field: String) {
            self.stream = stream
            self.by = by
            self.field = field
        }
    }
    /// For a touches stream whose records name their content by id (HubSpot's form submissions
    /// carry `formId`): where the content's name is.
    public var contentFrom: RecordLookup?
    /// For a surveys or tickets stream whose records name their account only through another
    /// record (a Zendesk satisfaction rating's `ticket_id`): where the account's id is.
    public var accountFrom: RecordLookup?

    public init(stream: String, feeds: Feed, key: [String] = []) {
        self.stream = stream
        self.feeds = feeds
        self.key = key
    }
}

extension SyncDefinition {
    /// `${NAME}` references in the inline config, resolved from `environment`. Throws naming every
    /// variable that is not set, so a run never starts with half a config.
    public func resolvedConfig(environment: [String: String]) throws(SyncConfigError) -> (config: JSONValue, secrets: [String]) {
        var missing: [String] = []
        var secrets: [String] = []
        func resolve(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text):
                let (resolved, names) = Self.substitute(text, environment)
                missing += names.filter { environment[$0] == nil }
                secrets += names.compactMap { environment[$0] }.filter { !$0.isEmpty }
                return .string(resolved)
            case .array(let items): return .array(items.map(resolve))
            case .object(let object): return .object(object.mapValues(resolve))
            default: return value
            }
        }
        let config = resolve(config ?? .object([:]))
        if !missing.isEmpty { throw SyncConfigError(missing: Array(Set(missing)).sorted()) }
        return (config, secrets)
    }

    /// Replaces `${NAME}` with its value; returns the names referenced.
    static func substitute(_ text: String, _ environment: [String: String]) -> (String, [String]) {
        var result = ""
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                result += rest[start.lowerBound...]
                return (result, names)
            }
            let name = String(rest[start.upperBound..<end])
            names.append(name)
            result += environment[name] ?? ""
            rest = rest[rest.index(after: end)...]
        }
        return (result + rest, names)
    }

    /// The `${…}` references that are not a valid variable name (for `accord check`).
    public static func malformedReferences(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text):
            var bad: [String] = []
            var rest = Substring(text)
            while let start = rest.range(of: "${") {
                guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return bad + [String(rest[start.lowerBound...])] }
                let name = rest[start.upperBound..<end]
                if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) || name.first!.isNumber { bad.append("${\(name)}") }
                rest = rest[rest.index(after: end)...]
            }
            return bad
        case .array(let items): return items.flatMap(malformedReferences)
        case .object(let object): return object.keys.sorted().flatMap { malformedReferences(in: object[$0]!) }
        default: return []
        }
    }
}

public struct SyncConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var missing: [String]

    public init(missing: [String]) { self.missing = missing }

    public var description: String {
        "the tap's config names \(missing.map { "${\($0)}" }.joined(separator: ", ")), which \(missing.count == 1 ? "is" : "are") not set in the environment; set \(missing.count == 1 ? "it" : "them") before the sync runs"
    }
}
