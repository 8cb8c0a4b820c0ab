/// What a client who wants to leave or cut back may be offered (seed 003's Hireology case): a
/// tree of questions about the client's situation whose leaves name the concessions allowed,
/// each with a cap per segment and who approves more. The same tree serves a sales rep's
/// prospect, so new business gets the options renewals get.
public struct ConcessionPolicy: Sendable, Hashable, Codable {
    public var offers: [Offer]
    public var tree: Node

    public init(offers: [Offer], tree: Node) {
        self.offers = offers
        self.tree = tree
    }

    public func offer(_ id: String) -> Offer? { offers.first { $0.id == id } }

    /// One concession the tree can name.
    public struct Offer: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            case discount
            case pause
            case fewerSeats = "fewer_seats"
            case longerTerm = "longer_term"
            case freeUpgrade = "free_upgrade"
            case training

            /// What an amount counts: a share of MRR, months, or nothing (the offer is given or not).
            public var unit: Unit {
                switch self {
                case .discount, .fewerSeats, .longerTerm: .percent
                case .pause: .months
                case .freeUpgrade, .training: .none
                }
            }
        }

        public enum Unit: String, Sendable, Hashable, Codable { case percent, months, none }

        public var id: String
        public var name: String
        public var kind: Kind
        /// How long a discount, a longer term or a free upgrade runs; nil where it does not apply.
        public var months: Int?
        /// The most the owner may grant alone: a percent or months, per segment, `default` for the rest.
        public var caps: [String: Double]
        /// Who approves more than the cap.
        public var approver: Approver?

        public init(id: String, name: String, kind: Kind, months: Int? = nil, caps: [String: Double] = [:], approver: Approver? = nil) {
            self.id = id
            self.name = name
            self.kind = kind
            self.months = months
            self.caps = caps
            self.approver = approver
        }

        /// The cap for a client of `segment`; an offer without an amount has none to exceed.
        public func cap(segment: String) -> Double { caps[segment] ?? caps["default"] ?? 0 }

        /// The largest amount anyone may grant: 100% of MRR, or two years of pause.
        public var ceiling: Double {
            switch kind.unit {
            case .percent: 100
            case .months: 24
            case .none: 0
            }
        }
    }

    public struct Approver: Sendable, Hashable, Codable {
        public var function: String
        public var role: Person.Role

        public init(function: String, role: Person.Role) {
            self.function = function
            self.role = role
        }
    }

    /// A question with a branch per answer, or a leaf naming the offers allowed (none is a leaf too).
    public indirect enum Node: Sendable, Hashable, Codable {
        case ask(Question, answers: [Branch])
        case leaf(offers: [String])
    }

    public struct Branch: Sendable, Hashable, Codable {
        /// An answer of the question, or `other` for every answer not listed.
        public var answer: String
        public var next: Node

        public init(answer: String, next: Node) {
            self.answer = answer
            self.next = next
        }
    }

    /// What the tree asks. The reason is asked of the person; usage, tenure and segment are read
    /// from the client record when it knows them, so the walk cannot be steered to a bigger offer.
    public enum Question: String, Sendable, Hashable, Codable, CaseIterable {
        case reason, usage, tenure, segment

        /// The answers a question can have; segments come from the spec.
        public func answers(segments: [String]) -> [String] {
            switch self {
            case .reason: ChurnReason.allCases.map(\.rawValue)
            case .usage: UsageLevel.allCases.map(\.rawValue)
            case .tenure: Tenure.allCases.map(\.rawValue)
            case .segment: segments
            }
        }

        public var label: String {
            switch self {
            case .reason: "Why does the client want to leave or cut back?"
            case .usage: "How much of what they pay for do they use?"
            case .tenure: "How long have they been a client?"
            case .segment: "Which segment are they in?"
            }
        }
    }

    /// Weekly active seats against seats paid for, over the last four weeks of usage.
    public enum UsageLevel: String, Sendable, Hashable, Codable, CaseIterable {
        case high, medium, low

        public static func of(activeShare: Double) -> UsageLevel { activeShare >= 0.7 ? .high : activeShare >= 0.3 ? .medium : .low }
    }

    public enum Tenure: String, Sendable, Hashable, Codable, CaseIterable {
        case underOneYear = "under_1y"
        case oneToThreeYears = "1_to_3y"
        case overThreeYears = "over_3y"

        public static func of(days: Int) -> Tenure { days < 365 ? .underOneYear : days < 3 * 365 ? .oneToThreeYears : .overThreeYears }
    }
}
