/// An account's health as of one day: a score 0–100, its band, and each factor's part in it with
/// the evidence in a sentence, so a CSM reads why, not only how much.
public struct HealthScore: Sendable, Hashable, Codable {
    public struct Part: Sendable, Hashable, Codable {
        public var factor: HealthConfig.Factor
        /// The factor's share of the score, after factors without evidence were left out (0–1).
        public var share: Double
        /// How well the account does on it (0–1).
        public var value: Double
        /// Share × value × 100: what it adds to the score.
        public var points: Double
        public var detail: String
    }

    /// A factor the score leaves out for this account, and why.
    public struct LeftOut: Sendable, Hashable, Codable {
        public var factor: HealthConfig.Factor
        public var reason: String
    }

    public var asOf: Day
    public var score: Int
    public var band: HealthConfig.Band
    public var parts: [Part]
    public var leftOut: [LeftOut]

    /// Weekly active over licensed seats that counts as full marks: the adoption threshold.
    public static let usageTarget = 0.7

    public static func measure(_ facts: HealthFacts, config: HealthConfig, asOf: Day) -> HealthScore {
        let weights = config.weights(segment: facts.segment)
        var found: [(HealthConfig.Factor, Double, String)] = []
        var leftOut: [LeftOut] = []
        for factor in HealthConfig.Factor.allCases where (weights[factor] ?? 0) > 0 {
            switch HealthFactors.evaluate(factor, facts, asOf: asOf) {
            case .value(let value, let detail): found.append((factor, min(1, max(0, value)), detail))
            case .noEvidence(let reason): leftOut.append(LeftOut(factor: factor, reason: reason))
            }
        }
        let total = found.reduce(0) { $0 + (weights[$1.0] ?? 0) }
        let parts = found.map { factor, value, detail in
            let share = total > 0 ? (weights[factor] ?? 0) / total : 0
            return Part(factor: factor, share: share, value: value, points: share * value * 100, detail: detail)
        }
        let score = Int(parts.reduce(0) { $0 + $1.points }.rounded())
        return HealthScore(asOf: asOf, score: score, band: config.band(score), parts: parts, leftOut: leftOut)
    }
}
