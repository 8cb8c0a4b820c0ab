/// Whether the health score predicts renewal, measured like the outcome model: over clients whose
/// first renewal came, the renewal and expansion rate by band 90 and 180 days before it, the AUC
/// of the score, how early churned clients were flagged at risk, and which factors' weights do
/// not help (the AUC without the factor is as good or better).
public struct HealthValidation: Sendable, Hashable, Codable {
    public struct BandRow: Sendable, Hashable, Codable {
        public var band: HealthConfig.Band
        public var accounts: Int
        public var renewalRate: Double?
        public var expansionRate: Double?
    }

    public struct Horizon: Sendable, Hashable, Codable {
        public var daysBefore: Int
        public var bands: [BandRow]
        /// The chance a renewed client scored above a churned one; 0.5 is chance.
        public var auc: Double?
    }

    public struct FactorRow: Sendable, Hashable, Codable {
        public var factor: HealthConfig.Factor
        public var weight: Double
        /// The score's AUC 90 days before renewal with this factor's weight at zero.
        public var aucWithout: Double?
        public var helps: Bool
    }

    public var accounts: Int
    public var renewed: Int
    public var churned: Int
    public var horizons: [Horizon]
    /// Of churned clients, those whose score was at risk at some week in the 180 days before
    /// renewal, and the median days between the first such week and the renewal.
    public var churnedFlagged: Int
    public var medianLeadDays: Int?
    public var factors: [FactorRow]
    public var flagged: [HealthConfig.Factor]

    public static let horizons = [90, 180]

    /// Clients whose first renewal (twelve months after signing) is on or before `asOf`.
    public static func validate(_ all: [HealthFacts], config: HealthConfig, asOf: Day) -> HealthValidation {
        struct Case {
            let facts: HealthFacts
            let renewal: Day
            let renewed: Bool
            let expanded: Bool
        }
        let cases = all.compactMap { facts -> Case? in
            let renewal = facts.facts.signed.adding(months: 12)
            guard renewal <= asOf else { return nil }
            let churned = facts.movements.contains { $0.kind == .churn && $0.occurredOn == renewal }
            let expanded = facts.movements.contains { $0.kind == .expansion && $0.occurredOn == renewal }
            return Case(facts: facts, renewal: renewal, renewed: !churned, expanded: expanded)
        }
        func rate(_ group: [Case], _ flag: (Case) -> Bool) -> Double? { group.isEmpty ? nil : Double(group.filter(flag).count) / Double(group.count) }
        func auc(_ config: HealthConfig, before days: Int) -> Double? {
            OutcomeValidation.auc(
                cases.map { (Double(HealthScore.measure($0.facts, config: config, asOf: $0.renewal.adding(days: -days)).score), $0.renewed) })
        }
        let horizons = Self.horizons.map { days -> Horizon in
            let banded = cases.map { ($0, HealthScore.measure($0.facts, config: config, asOf: $0.renewal.adding(days: -days)).band) }
            let rows = HealthConfig.Band.allCases.map { band -> BandRow in
                let group = banded.filter { $0.1 == band }.map(\.0)
                return BandRow(band: band, accounts: group.count, renewalRate: rate(group, \.renewed), expansionRate: rate(group, \.expanded))
            }
            return Horizon(daysBefore: days, bands: rows, auc: auc(config, before: days))
        }
        var leads: [Int] = []
        for churn in cases where !churn.renewed {
            let weeks = stride(from: 180, through: 7, by: -7)
            if let first = weeks.first(where: { HealthScore.measure(churn.facts, config: config, asOf: churn.renewal.adding(days: -$0)).band == .atRisk }) {
                leads.append(first)
            }
        }
        leads.sort()
        let with = horizons.first?.auc
        let factors = HealthConfig.Factor.allCases.compactMap { factor -> FactorRow? in
            guard let weight = config.weights[factor], weight > 0 else { return nil }
            var without = config
            without.weights[factor] = 0
            for segment in without.segmentWeights.keys { without.segmentWeights[segment]?[factor] = 0 }
            let aucWithout = auc(without, before: 90)
            let helps = with.map { w in aucWithout.map { w > $0 } ?? true } ?? true
            return FactorRow(factor: factor, weight: weight, aucWithout: aucWithout.map { ($0 * 1000).rounded() / 1000 }, helps: helps)
        }
        return HealthValidation(
            accounts: cases.count, renewed: cases.filter(\.renewed).count, churned: cases.filter { !$0.renewed }.count,
            horizons: horizons.map { horizon in
                var rounded = horizon
                rounded.auc = horizon.auc.map { ($0 * 1000).rounded() / 1000 }
                return rounded
            }, churnedFlagged: leads.count, medianLeadDays: leads.isEmpty ? nil : leads[leads.count / 2], factors: factors,
            flagged: factors.filter { !$0.helps }.map(\.factor))
    }
}
