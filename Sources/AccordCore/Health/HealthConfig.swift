/// `health` in the spec: how much each factor weighs in an account's score, per segment if
/// wanted, and where the bands start. Weights are relative: a factor with no evidence for an
/// account (no NPS or CSAT in a year, say) is left out and the others share its weight.
public struct HealthConfig: Sendable, Hashable, Codable {
    public enum Factor: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
        /// The states of the signed outcome model's outcomes.
        case outcomes
        /// Decision-makers and influencers on the stakeholder map engaged in the last 90 days.
        case decisionMakers = "decision_makers"
        /// Weekly active seats over licensed seats, the last four weeks, and its trend.
        case usage
        /// `risk_signal_detected` events of the last 90 days.
        case riskSignals = "risk_signals"
        /// Open support tickets, urgent and high ones counting more.
        case supportLoad = "support_load"
        /// NPS and CSAT answers of the last 12 months.
        case sentiment
        /// Handoffs of the client waiting past their SLA, or rejected, in the last 180 days.
        case handoffs

        public static func < (a: Factor, b: Factor) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public enum Band: String, Sendable, Hashable, Codable, CaseIterable {
        case healthy, watch
        case atRisk = "at_risk"
    }

    public static let defaultWeights: [Factor: Double] = [
        .outcomes: 25, .decisionMakers: 20, .usage: 20, .riskSignals: 10, .supportLoad: 10, .sentiment: 10, .handoffs: 5,
    ]

    public var weights: [Factor: Double] = HealthConfig.defaultWeights
    /// Segment id → the weights that differ for it.
    public var segmentWeights: [String: [Factor: Double]] = [:]
    /// A score at or above `healthy` is healthy; at or above `watch`, to watch; below, at risk.
    public var healthy = 70
    public var watch = 40

    public init() {}

    public func weights(segment: String) -> [Factor: Double] { weights.merging(segmentWeights[segment] ?? [:]) { _, own in own } }

    public func band(_ score: Int) -> Band { score >= healthy ? .healthy : score >= watch ? .watch : .atRisk }
}
