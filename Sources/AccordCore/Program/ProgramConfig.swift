/// The 90-day program of seed 000 as the spec declares it: when it started, which variant it runs,
/// and the bars its data-layer checks hold the sources to.
public struct ProgramConfig: Sendable, Hashable, Codable {
    /// Full: five handoffs and the four shared metrics; compact ("we're too small for this"): three
    /// handoffs and a dashboard of three metrics, as `accord init --template compact` writes.
    public enum Variant: String, Sendable, Hashable, Codable, CaseIterable {
        case full, compact

        /// The transitions phase 2 architects, by the ids the templates give them.
        public var handoffs: [String] {
            switch self {
            case .full: ["lead_to_opportunity", "opportunity_to_close", "close_to_onboarding", "onboarding_to_adoption", "adoption_to_expansion"]
            case .compact: ["close_to_onboarding", "onboarding_to_adoption", "adoption_to_expansion"]
            }
        }

        /// The metrics every function reads on the shared dashboard.
        public var sharedMetrics: [String] {
            switch self {
            case .full: ["nrr_by_cohort", "time_to_first_value", "stakeholder_coverage", "expansion_qualified_rate"]
            case .compact: ["nrr_by_cohort", "time_to_first_value", "stakeholder_coverage"]
            }
        }
    }

    /// Day 1 of the program; nil: the day the first outcome model was proposed.
    public var start: Day?
    public var variant: Variant = .full
    /// Handoff ids that stand for the variant's transitions where the spec names them otherwise.
    public var handoffs: [String]?
    /// The share of each source's records that must sit on one client record.
    public var linkedShare: Double = 0.95
    /// The share of events that must follow the tracking plan for the taxonomy to count as live.
    public var onPlanShare: Double = 0.95
    /// When the weekly triage, the monthly review and the quarterly refresh meet.
    public var rituals = RitualSchedule()

    public init(start: Day? = nil, variant: Variant = .full) {
        self.start = start
        self.variant = variant
    }

    public var transitions: [String] { handoffs ?? variant.handoffs }

    /// The program's three phases: days, deliverable, and what the phase is.
    public static let phases: [(number: Int, name: String, days: ClosedRange<Int>, deliverable: String)] = [
        (1, "Define the shared outcome model", 1...30, "Signed outcome model document"),
        (2, "Architect the handoffs", 31...60, "Handoff SLA document"),
        (3, "Integrate the data layer", 61...90, "Data dictionary and shared dashboard specification"),
    ]
}

extension Spec {
    /// The functions whose leaders sign for the program: those that have a leader.
    public var signingFunctions: [String] {
        functions.map(\.id).filter { id in people.contains { $0.function == id && $0.role == .leader } }
    }
}
