/// MRR, its movements, and net and gross revenue retention, as DESIGN.md defines them.
public struct MRRTimeline: Sendable {
    /// Each account's movements in day order.
    let byAccount: [String: [MRRMovement]]

    public init(_ movements: [MRRMovement]) {
        byAccount = Dictionary(grouping: movements, by: \.accountID).mapValues { $0.sorted { $0.occurredOn < $1.occurredOn } }
    }

    /// The account's MRR at the end of `day` (after that day's movements).
    public func mrr(_ account: String, endOf day: Day) -> Int64 {
        byAccount[account]?.last { $0.occurredOn <= day }?.mrrAfterCents ?? 0
    }

    /// The account's MRR just before `day` starts.
    public func mrr(_ account: String, before day: Day) -> Int64 { mrr(account, endOf: day.adding(days: -1)) }

    public func movements(_ account: String, in period: Period) -> [MRRMovement] {
        (byAccount[account] ?? []).filter { period.contains($0.occurredOn) }
    }

    public var accounts: Dictionary<String, [MRRMovement]>.Keys { byAccount.keys }
}

/// MRR at both ends of a period and what moved it: start + new + expansion + reactivation −
/// contraction − churn = end.
public struct MRRMovements: Sendable, Hashable, Codable {
    public var period: Period
    public var startCents: Int64
    public var newCents: Int64 = 0
    public var expansionCents: Int64 = 0
    public var reactivationCents: Int64 = 0
    public var contractionCents: Int64 = 0
    public var churnCents: Int64 = 0
    public var endCents: Int64
    /// Accounts with at least one movement of each kind.
    public var accounts: [String: [String]] = [:]

    public var arrCents: Int64 { endCents * 12 }

    public static func over(_ period: Period, timeline: MRRTimeline) -> MRRMovements {
        var result = MRRMovements(period: period, startCents: 0, endCents: 0)
        var sets: [MRRMovementKind: Set<String>] = [:]
        for account in timeline.accounts {
            result.startCents += timeline.mrr(account, before: period.from)
            result.endCents += timeline.mrr(account, endOf: period.to)
            for movement in timeline.movements(account, in: period) {
                switch movement.kind {
                case .new: result.newCents += movement.amountCents
                case .expansion: result.expansionCents += movement.amountCents
                case .reactivation: result.reactivationCents += movement.amountCents
                case .contraction: result.contractionCents += movement.amountCents
                case .churn: result.churnCents += movement.amountCents
                }
                sets[movement.kind, default: []].insert(account)
            }
        }
        result.accounts = Dictionary(uniqueKeysWithValues: sets.map { ($0.key.rawValue, $0.value.sorted()) })
        return result
    }

    /// One period per calendar month, the last one ending at `asOf`.
    public static func monthly(_ months: Int, asOf: Day, timeline: MRRTimeline) -> [MRRMovements] {
        let (y, m, _) = asOf.components
        let thisMonth = Day(year: y, month: m, day: 1)
        return (0..<months).reversed().map { back in
            let from = thisMonth.adding(months: -back)
            return over(Period(from: from, to: min(from.adding(months: 1).adding(days: -1), asOf)), timeline: timeline)
        }
    }
}

/// Net and gross revenue retention of a set of accounts over a period.
public struct Retention: Sendable, Hashable, Codable {
    public enum Basis: String, Sendable, Hashable, Codable {
        /// Accounts active at the period start; new logos are out of numerator and denominator.
        case activeAtStart = "active_at_start"
        /// Accounts with a renewal due in the period, from the day before that renewal.
        case renewalsDue = "renewals_due"
    }

    public var basis: Basis
    public var accounts: Int
    public var startCents: Int64
    public var expansionCents: Int64
    public var reactivationCents: Int64
    public var contractionCents: Int64
    public var churnCents: Int64
    /// (start + expansion + reactivation − contraction − churn) / start; nil without start MRR.
    public var nrr: Double?
    /// (start − contraction − churn) / start, at most 1.
    public var grr: Double?
    public var accountIDs: [String]

    /// Over the accounts of `ids` active (MRR above zero) the day before the period starts.
    public static func activeAtStart(_ ids: some Sequence<String>, period: Period, timeline: MRRTimeline) -> Retention {
        var starts: [(String, Int64, Day)] = []
        for id in ids {
            let start = timeline.mrr(id, before: period.from)
            if start > 0 { starts.append((id, start, period.from)) }
        }
        return measure(starts, to: period.to, basis: .activeAtStart, timeline: timeline)
    }

    /// Over the accounts of `ids` with a renewal date (from `renewals`) inside the period: MRR the day
    /// before the renewal against the movements from then to the period end.
    public static func renewalsDue(_ ids: some Sequence<String>, renewals: (String) -> [Day], period: Period, timeline: MRRTimeline) -> Retention {
        var starts: [(String, Int64, Day)] = []
        for id in ids {
            guard let due = renewals(id).first(where: period.contains) else { continue }
            let start = timeline.mrr(id, before: due)
            if start > 0 { starts.append((id, start, due)) }
        }
        return measure(starts, to: period.to, basis: .renewalsDue, timeline: timeline)
    }

    static func measure(_ starts: [(id: String, start: Int64, from: Day)], to: Day, basis: Basis, timeline: MRRTimeline) -> Retention {
        var result = Retention(
            basis: basis, accounts: starts.count, startCents: 0, expansionCents: 0, reactivationCents: 0, contractionCents: 0, churnCents: 0,
            nrr: nil, grr: nil, accountIDs: starts.map(\.id).sorted())
        for (id, start, from) in starts {
            result.startCents += start
            for movement in timeline.movements(id, in: Period(from: from, to: to)) {
                switch movement.kind {
                case .expansion: result.expansionCents += movement.amountCents
                case .reactivation: result.reactivationCents += movement.amountCents
                case .contraction: result.contractionCents += movement.amountCents
                case .churn: result.churnCents += movement.amountCents
                case .new: break
                }
            }
        }
        if result.startCents > 0 {
            let start = Double(result.startCents)
            result.nrr = Double(result.startCents + result.expansionCents + result.reactivationCents - result.contractionCents - result.churnCents) / start
            result.grr = min(1, Double(result.startCents - result.contractionCents - result.churnCents) / start)
        }
        return result
    }
}

/// NRR and GRR per acquisition cohort (quarter of the first contract) and source, per calendar
/// quarter since: the cohort × period matrix.
public struct CohortRetention: Sendable, Hashable, Codable {
    public struct Cell: Sendable, Hashable, Codable {
        public var period: String
        public var accounts: Int
        public var nrr: Double?
        public var grr: Double?
    }

    public struct Row: Sendable, Hashable, Codable {
        public var cohort: String
        /// marketing, sales, or all.
        public var source: String
        public var clients: Int
        public var cells: [Cell]
        /// Over the twelve months up to asOf, for the cohort's accounts active at its start.
        public var trailingYear: Retention
    }

    public var periods: [String]
    public var rows: [Row]

    public static func build(_ facts: MetricFacts, timeline: MRRTimeline) -> CohortRetention {
        let signed = facts.clients.filter { $0.signed != nil }
        guard let first = signed.compactMap(\.signed).min() else { return CohortRetention(periods: [], rows: []) }
        let quarters = Self.quarters(from: first, to: facts.asOf)
        let cohorts = Dictionary(grouping: signed, by: { $0.cohort! })
        var rows: [Row] = []
        for cohort in cohorts.keys.sorted() {
            let members = cohorts[cohort]!
            for source in ["all"] + AcquisitionSource.allCases.map(\.rawValue) {
                let ids = members.filter { source == "all" || $0.source.rawValue == source }.map(\.id)
                guard !ids.isEmpty else { continue }
                let cells = quarters.filter { $0.label > cohort }.map { quarter -> Cell in
                    let retention = Retention.activeAtStart(ids, period: quarter.period, timeline: timeline)
                    return Cell(period: quarter.label, accounts: retention.accounts, nrr: retention.nrr, grr: retention.grr)
                }
                rows.append(
                    Row(
                        cohort: cohort, source: source, clients: ids.count, cells: cells,
                        trailingYear: Retention.activeAtStart(ids, period: .trailingYear(facts.asOf), timeline: timeline)))
            }
        }
        return CohortRetention(periods: quarters.map(\.label), rows: rows)
    }

    /// Calendar quarters from the one holding `from` to the one holding `to`, the last cut at `to`.
    static func quarters(from: Day, to: Day) -> [(label: String, period: Period)] {
        let (y, m, _) = from.components
        var start = Day(year: y, month: (m - 1) / 3 * 3 + 1, day: 1)
        var result: [(String, Period)] = []
        while start <= to {
            let end = start.adding(months: 3).adding(days: -1)
            result.append((start.quarter, Period(from: start, to: min(end, to))))
            start = start.adding(months: 3)
        }
        return result
    }
}
