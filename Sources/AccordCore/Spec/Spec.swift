/// The alignment spec: the operating model of seed 000 as data.
/// Parsed from `accord.yaml` by `SpecParser`; every reference in it is checked by `SpecValidator`.
public struct Spec: Sendable, Hashable, Codable {
    public var version: Int
    public var organization: String
    public var functions: [BusinessFunction]
    public var people: [Person]
    public var segments: [Segment]
    public var outcomeModels: [OutcomeModel]
    public var taxonomy: Taxonomy
    public var handoffs: [HandoffDefinition]
    public var sources: [SourceDefinition]
    public var identity: IdentityConfig
    public var dashboard: DashboardConfig
    public var access: AccessConfig = AccessConfig()
    public var health: HealthConfig = HealthConfig()
    public var playbooks: [Play] = []
    /// The concession decision tree; nil when the company has not written one.
    public var concessions: ConcessionPolicy?
    /// The 90-day program: start day, variant, and the bars of its checks.
    public var program = ProgramConfig()

    public init(
        version: Int = 1, organization: String = "", functions: [BusinessFunction] = [], people: [Person] = [],
        segments: [Segment] = [], outcomeModels: [OutcomeModel] = [], taxonomy: Taxonomy = Taxonomy(),
        handoffs: [HandoffDefinition] = [], sources: [SourceDefinition] = [], identity: IdentityConfig = IdentityConfig(),
        dashboard: DashboardConfig = DashboardConfig()
    ) {
        self.version = version
        self.organization = organization
        self.functions = functions
        self.people = people
        self.segments = segments
        self.outcomeModels = outcomeModels
        self.taxonomy = taxonomy
        self.handoffs = handoffs
        self.sources = sources
        self.identity = identity
        self.dashboard = dashboard
    }

    public func person(_ id: String) -> Person? { people.first { $0.id == id } }
    /// Emails compare without case: people type them as they like at sign-in.
    public func person(email: String) -> Person? { people.first { $0.email.lowercased() == email.lowercased() } }
    public func people(in function: String) -> [Person] { people.filter { $0.function == function } }
    /// The function's leader: who signs for it and is asked first when no one else owns the work.
    public func leader(of function: String) -> Person? { people.first { $0.function == function && $0.role == .leader } }
    public func event(_ name: String) -> EventDefinition? { taxonomy.events.first { $0.name == name || $0.aliases.contains(name) } }
}

public struct BusinessFunction: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
}

public struct Person: Sendable, Hashable, Codable {
    /// What a person does in the operating model; permissions build on it.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case leader, manager, rep
        case csManager = "cs_manager"
        case revops
        case itPartner = "it_partner"
        case admin, viewer
    }

    public var id: String
    public var name: String
    public var email: String
    public var function: String
    public var role: Role
}

/// Who may see what beyond the role matrix.
public struct AccessConfig: Sendable, Hashable, Codable {
    /// Roles that see only the accounts they own (their "book"): a CSM sees the accounts whose
    /// CS owner they are, a sales rep those whose sales owner they are.
    public var ownBookOnly: [Person.Role] = []
    /// Webhooks may post to loopback, link-local and private addresses (a receiver on the same
    /// network). Off unless the spec says so: a webhook is otherwise a way to reach the cloud's
    /// metadata service or an internal admin page from the server.
    public var allowPrivateWebhooks = false

    public init(ownBookOnly: [Person.Role] = [], allowPrivateWebhooks: Bool = false) {
        self.ownBookOnly = ownBookOnly
        self.allowPrivateWebhooks = allowPrivateWebhooks
    }
}

public struct Segment: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var minSeats: Int?
    public var maxSeats: Int?
}

public struct OutcomeModel: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var segment: String
    /// Functions whose leaders must sign before the model is active.
    public var signers: [String]
    public var outcomes: [Outcome]

    public init(id: String, name: String, segment: String, signers: [String], outcomes: [Outcome]) {
        self.id = id
        self.name = name
        self.segment = segment
        self.signers = signers
        self.outcomes = outcomes
    }
}

public struct Outcome: Sendable, Hashable, Codable {
    public var id: String
    public var description: String
    public var measure: Measure
    public var target: Double
    /// Days after contract_signed by which the target is due.
    public var day: Int

    public init(id: String, description: String, measure: Measure, target: Double, day: Int) {
        self.id = id
        self.description = description
        self.measure = measure
        self.target = target
        self.day = day
    }
}

public enum Measure: Sendable, Hashable, Codable {
    /// Weekly active seats / licensed seats, best week up to the due day.
    case usageRatio
    /// Number of taxonomy events, optionally only those whose properties equal `where`.
    case eventCount(event: String, where: [String: String])

    public var kind: String {
        switch self {
        case .usageRatio: "usage_ratio"
        case .eventCount: "event_count"
        }
    }
}

public struct Taxonomy: Sendable, Hashable, Codable {
    /// What happens to an event whose name is not in the taxonomy.
    public enum UnplannedPolicy: String, Sendable, Hashable, Codable, CaseIterable { case allow, quarantine }
    /// What happens to a planned event whose properties break its schema.
    public enum ViolationPolicy: String, Sendable, Hashable, Codable, CaseIterable { case flag, quarantine }

    public var unplanned: UnplannedPolicy = .quarantine
    public var violations: ViolationPolicy = .quarantine
    public var events: [EventDefinition] = []
    /// Events retired by an approved proposal, with the note an arrival under that name is kept aside with.
    public var retired: [String: String] = [:]

    public init(unplanned: UnplannedPolicy = .quarantine, violations: ViolationPolicy = .quarantine, events: [EventDefinition] = []) {
        self.unplanned = unplanned
        self.violations = violations
        self.events = events
    }
}

public struct EventDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var properties: [String: PropertySchema]
    /// Earlier names of a renamed event, still accepted on arrival and stored under `name`.
    public var aliases: [String] = []

    public init(name: String, description: String, properties: [String: PropertySchema], aliases: [String] = []) {
        self.name = name
        self.description = description
        self.properties = properties
        self.aliases = aliases
    }
}

/// The JSON-Schema subset Accord validates event properties and handoff payloads with.
public enum PropertyType: String, Sendable, Hashable, Codable, CaseIterable {
    case string, number, integer, boolean, array, object
}

public struct PropertySchema: Sendable, Hashable, Codable {
    public var type: PropertyType
    public var required: Bool = false
    public var description: String?
    public var enumValues: [String]?
    public var minimum: Double?
    public var maximum: Double?
    public var minLength: Int?
    public var maxLength: Int?
    public var minItems: Int?
    public var pattern: String?
    public var items: Box<PropertySchema>?
    public var properties: [String: PropertySchema]?

    public init(type: PropertyType) { self.type = type }
}

/// Lets a value type hold itself (array items of an array schema).
public final class Box<T: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    public let value: T
    public init(_ value: T) { self.value = value }
    public static func == (lhs: Box, rhs: Box) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
    public init(from decoder: any Decoder) throws { value = try T(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

public struct HandoffDefinition: Sendable, Hashable, Codable {
    public struct Party: Sendable, Hashable, Codable {
        public var function: String
        /// Person id of the named owner on this side.
        public var owner: String
    }

    public var id: String
    public var name: String
    public var from: Party
    public var to: Party
    public var slaHours: Double
    /// A handoff that must be accepted for the account before this one may be submitted.
    public var requires: String?
    public var payload: [String: PropertySchema]
    public var acceptance: [AcceptanceRule]
}

public struct AcceptanceRule: Sendable, Hashable, Codable {
    public enum Check: Sendable, Hashable, Codable {
        case present
        case minimum(Double)
        case maximum(Double)
        case minItems(Int)
        case minLength(Int)
        case oneOf([String])
        /// The named person must be a contact of the account on the client record.
        case contactOfAccount
        /// Success criteria must match the signed outcome model's targets.
        case matchesOutcomeModel
    }

    public var field: String
    public var check: Check
    public var message: String
}

public struct SourceDefinition: Sendable, Hashable, Codable {
    public enum System: String, Sendable, Hashable, Codable, CaseIterable {
        case crm
        case marketingAutomation = "marketing_automation"
        case csPlatform = "cs_platform"
        case productAnalytics = "product_analytics"
        case support, billing
    }
    public enum Connection: String, Sendable, Hashable, Codable, CaseIterable { case segment, webhook, `import`, api }
    public enum Frequency: String, Sendable, Hashable, Codable, CaseIterable {
        case realtime
        case every15Minutes = "15m"
        case hourly, daily, weekly

        /// How often a scheduled sync runs (realtime sources are polled every minute).
        public var seconds: Int {
            switch self {
            case .realtime: 60
            case .every15Minutes: 900
            case .hourly: 3600
            case .daily: 86_400
            case .weekly: 604_800
            }
        }
    }
    public enum ErrorPolicy: String, Sendable, Hashable, Codable, CaseIterable { case quarantine, skip, halt }

    public var id: String
    public var system: System
    public var connection: Connection
    public var accountKey: String?
    public var contactKey: String?
    public var frequency: Frequency
    public var errorPolicy: ErrorPolicy
    public var notify: [String]
    public var mappings: [FieldMapping]
    /// Other column names for the keys, as an export labels them ("Record ID" for hs_object_id).
    public var accountKeyAliases: [String] = []
    public var contactKeyAliases: [String] = []
    /// Other sources' account ids held in this source's records: source id → column names.
    public var foreignKeys: [String: [String]] = [:]
    /// The Singer tap Accord runs for this source, when it has one.
    public var sync: SyncDefinition?
    /// A cron-like time given as the frequency; `frequency` is then the nearest named one.
    public var cron: CronSchedule?
    /// How the source writes its record ids, when two forms name one record.
    public enum IDFormat: String, Sendable, Hashable, Codable, CaseIterable { case salesforce }
    public var idFormat: IDFormat?

    /// The field names that hold the source's account or contact id, the first one first.
    public func keyNames(contacts: Bool) -> [String] {
        contacts ? [contactKey].compactMap { $0 } + contactKeyAliases : [accountKey].compactMap { $0 } + accountKeyAliases
    }

    /// How often the source syncs, as people read it: the named frequency or the cron time.
    public var schedule: String { cron.map { "at \($0.text) (UTC)" } ?? frequency.rawValue }

    /// Seconds between syncs: the frequency's, or the longest wait between two cron times.
    public func intervalSeconds(at now: Instant) -> Int { cron?.longestGapSeconds(from: now) ?? frequency.seconds }

    /// When a sync that started at `last` is due next (`wait` seconds later for a named frequency).
    public func nextDue(after last: Instant, wait: Int) -> Instant {
        if let cron, wait >= intervalSeconds(at: last) { return cron.next(after: last) ?? last }
        return Instant(milliseconds: last.milliseconds + Int64(wait) * 1000)
    }
}

public struct FieldMapping: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable { case inbound, outbound, bidirectional }
    public var from: String
    public var to: String
    public var direction: Direction
    public var systemOfRecord: Bool
    /// Other column names for the same field, as an export labels it.
    public var aliases: [String] = []

    public init(from: String, to: String, direction: Direction, systemOfRecord: Bool, aliases: [String] = []) {
        self.from = from
        self.to = to
        self.direction = direction
        self.systemOfRecord = systemOfRecord
        self.aliases = aliases
    }

    public var names: [String] { [from] + aliases }
}

public struct IdentityConfig: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        case exact
        case jaroWinkler = "jaro_winkler"
        case levenshtein
    }
    public struct Comparison: Sendable, Hashable, Codable {
        public var field: String
        public var method: Method
        public var thresholds: [Double]
    }

    public var matchThreshold: Double = 0.95
    public var reviewThreshold: Double = 0.80
    public var blocking: [[String]] = []
    public var comparisons: [Comparison] = []
    public var freeMailDomains: [String] = []
    /// A model saved by `accord resolve --save-model`, relative to the spec: every import and
    /// sync scores companies with it instead of training on what it is given.
    public var model: String?
    /// The model file's text, read by whoever loaded the spec (the core reads no files); not
    /// part of the spec's own encoding, which names the file.
    public var modelText: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case matchThreshold, reviewThreshold, blocking, comparisons, freeMailDomains, model
    }
}

public struct DashboardConfig: Sendable, Hashable, Codable {
    public struct Metric: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var owners: [String]
        public var refresh: SourceDefinition.Frequency
    }
    public var metrics: [Metric] = []
    /// For CLV: the share of revenue kept after the cost of serving it.
    public var grossMargin: Double = 0.8
    /// For CLV: what winning one client costs, in cents, by acquisition source (marketing, sales).
    public var acquisitionCostCents: [String: Int64] = [:]
    public init(metrics: [Metric] = []) { self.metrics = metrics }
}
