/// An account's score week by week over the last year (from signing when that is later), and
/// every change with the factors that moved it and by how much: "−12: weekly active usage fell to
/// 41% (from 63%)". Worked out from the dated facts, so it is the same however often it is asked.
public struct HealthHistory: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        public var day: Day
        public var score: Int
        public var band: HealthConfig.Band
    }

    public struct Mover: Sendable, Hashable, Codable {
        public var factor: HealthConfig.Factor
        /// Points it added (+) or took (−), to one decimal.
        public var change: Double
        public var detail: String

        /// "−12: weekly active usage fell to 41% (from 63%)"
        public var text: String { "\(change > 0 ? "+" : "−")\(Format.oneDecimal(abs(change))): \(detail)" }
    }

    public struct Change: Sendable, Hashable, Codable {
        public var day: Day
        public var from: Int
        public var to: Int
        public var band: HealthConfig.Band
        /// Largest first.
        public var movers: [Mover]
    }

    public var account: String
    public var points: [Point]
    /// Newest first.
    public var changes: [Change]

    public static func build(_ facts: HealthFacts, config: HealthConfig, asOf: Day, weeks: Int = 52) -> HealthHistory {
        let first = max(facts.facts.signed, asOf.adding(days: -7 * (weeks - 1)))
        var days: [Day] = []
        var day = asOf
        while day >= first {
            days.append(day)
            day = day.adding(days: -7)
        }
        let scores = days.reversed().map { HealthScore.measure(facts, config: config, asOf: $0) }
        var changes: [Change] = []
        for (before, after) in zip(scores, scores.dropFirst()) where before.score != after.score {
            changes.append(Change(day: after.asOf, from: before.score, to: after.score, band: after.band, movers: movers(before, after)))
        }
        return HealthHistory(
            account: facts.account, points: scores.map { Point(day: $0.asOf, score: $0.score, band: $0.band) }, changes: changes.reversed())
    }

    /// What each factor did to the score: one present before and after moved it by its own
    /// change (its share now × how much its value changed); what reweighting adds when a factor
    /// comes or goes (a first survey, say) belongs to that factor. Those of a tenth of a point or
    /// more, the largest first: a score that moved by one shows what moved it, however little.
    static func movers(_ before: HealthScore, _ after: HealthScore) -> [Mover] {
        let old = Dictionary(before.parts.map { ($0.factor, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.parts.map { ($0.factor, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [HealthConfig.Factor: Double] = [:]
        for (factor, part) in new { if let was = old[factor] { changes[factor] = part.share * (part.value - was.value) * 100 } }
        let cameOrWent = HealthConfig.Factor.allCases.filter { (old[$0] == nil) != (new[$0] == nil) }
        let total = after.parts.reduce(0) { $0 + $1.points } - before.parts.reduce(0) { $0 + $1.points }
        let residual = total - changes.values.reduce(0, +)
        for factor in cameOrWent { changes[factor] = residual / Double(cameOrWent.count) }
        var movers: [Mover] = []
        for factor in HealthConfig.Factor.allCases {
            let change = ((changes[factor] ?? 0) * 10).rounded() / 10
            guard change != 0 else { continue }
            let detail =
                new[factor]?.detail ?? after.leftOut.first { $0.factor == factor }.map { "\($0.reason) (no longer counted)" }
                ?? "\(factor.rawValue) no longer counted"
            movers.append(Mover(factor: factor, change: change, detail: detail))
        }
        return movers.sorted { (abs($0.change), $1.factor) > (abs($1.change), $0.factor) }
    }
}
