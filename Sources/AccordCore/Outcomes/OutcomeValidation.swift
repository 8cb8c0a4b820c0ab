import Foundation

/// One account that reached its renewal: which outcomes it had achieved by then, and what happened.
public struct RenewalCase: Sendable, Hashable {
    public var account: String
    public var achieved: Set<String>
    public var renewed: Bool
    public var expanded: Bool

    public init(account: String, achieved: Set<String>, renewed: Bool, expanded: Bool) {
        self.account = account
        self.achieved = achieved
        self.renewed = renewed
        self.expanded = expanded
    }
}

/// The quarterly refresh: does each outcome still predict renewal, and does the model as a whole?
public struct OutcomeValidation: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var outcome: String
        public var achieved: Int
        public var notAchieved: Int
        public var renewalRateAchieved: Double?
        public var renewalRateNotAchieved: Double?
        public var expansionRateAchieved: Double?
        public var expansionRateNotAchieved: Double?
        /// Renewal rate of those that achieved it over those that did not.
        public var lift: Double?
        /// 95% confidence interval of the difference in renewal rates (Newcombe).
        public var differenceLow: Double?
        public var differenceHigh: Double?
        /// False when the interval reaches zero (or a group is empty): the outcome does not
        /// show that it predicts renewal, and the refresh should look at it.
        public var predictsRenewal: Bool
    }

    public var accounts: Int
    public var renewalRate: Double?
    public var rows: [Row]
    /// Area under the ROC curve of the number of outcomes achieved as a renewal score; 0.5 is chance.
    public var auc: Double?
    public var flagged: [String]

    public static func validate(_ cases: [RenewalCase], outcomes: [String]) -> OutcomeValidation {
        func rate(_ group: [RenewalCase], _ flag: (RenewalCase) -> Bool) -> Double? {
            group.isEmpty ? nil : Double(group.filter(flag).count) / Double(group.count)
        }
        func round(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }
        let rows = outcomes.map { outcome -> Row in
            let yes = cases.filter { $0.achieved.contains(outcome) }
            let no = cases.filter { !$0.achieved.contains(outcome) }
            let p1 = rate(yes, \.renewed)
            let p2 = rate(no, \.renewed)
            let difference = ShareDifference(p1, of: yes.count, minus: p2, of: no.count)
            let low = difference?.low
            let high = difference?.high
            let lift: Double? = if let p1, let p2, p2 > 0 { p1 / p2 } else { nil }
            return Row(
                outcome: outcome, achieved: yes.count, notAchieved: no.count, renewalRateAchieved: round(p1), renewalRateNotAchieved: round(p2),
                expansionRateAchieved: round(rate(yes, \.expanded)), expansionRateNotAchieved: round(rate(no, \.expanded)), lift: round(lift),
                differenceLow: round(low), differenceHigh: round(high), predictsRenewal: (low ?? 0) > 0)
        }
        return OutcomeValidation(
            accounts: cases.count, renewalRate: round(rate(cases, \.renewed)), rows: rows,
            auc: round(auc(cases.map { (Double($0.achieved.intersection(outcomes).count), $0.renewed) })),
            flagged: rows.filter { !$0.predictsRenewal }.map(\.outcome))
    }

    /// Mann–Whitney: the chance a renewed account scores above a lost one, ties counting half.
    static func auc(_ scored: [(score: Double, positive: Bool)]) -> Double? {
        let positives = scored.filter(\.positive).map(\.score)
        let negatives = scored.filter { !$0.positive }.map(\.score)
        guard !positives.isEmpty, !negatives.isEmpty else { return nil }
        var wins = 0.0
        for p in positives { for n in negatives { wins += p > n ? 1 : p == n ? 0.5 : 0 } }
        return wins / Double(positives.count * negatives.count)
    }
}
