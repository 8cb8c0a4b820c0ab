/// Every decided renewal case looked at again 3, 6 and 12 months after it opened: still a
/// client, MRR then against MRR at opening, churned anyway. Grouped by reason and by concession
/// (the offer and how much of it), each against the cases that got none, so whether 10% kept
/// more clients than 50% is a figure with its interval, not an anecdote.
public struct ConcessionResults: Sendable, Hashable, Codable {
    public static let horizons = [3, 6, 12]

    /// One case at one horizon.
    public struct FollowUp: Sendable, Hashable, Codable {
        public var months: Int
        public var day: Day
        public var client: Bool
        public var mrrCents: Int64
    }

    public struct Case: Sendable, Hashable, Codable {
        public var id: String
        public var account: String
        public var reason: String
        /// The concession granted ("discount 10%"), or nil when the case ended with none.
        public var concession: String?
        public var offer: String?
        public var granted: Double?
        public var mrrCentsAtOpen: Int64
        /// The horizons passed by the as-of day.
        public var followUps: [FollowUp]
    }

    /// A group's figures at one horizon, against the cases with no concession.
    public struct Figures: Sendable, Hashable, Codable {
        public var months: Int
        public var cases: Int
        public var retention: Double?
        public var netMRRKept: Double?
        public var churnedAnyway: Int
        /// Retention minus that of cases without a concession, with its 95% interval.
        public var againstNone: ShareDifference?
    }

    public struct Group: Sendable, Hashable, Codable {
        public var key: String
        public var label: String
        public var cases: Int
        public var horizons: [Figures]
    }

    public var asOf: Day
    public var cases: [Case]
    /// Cases that ended with no concession: the comparison for every group.
    public var none: Group
    public var byReason: [Group]
    public var byConcession: [Group]

    /// The band a granted percent falls in: 10% and 50% land in different rows.
    public static func band(_ percent: Double) -> String {
        switch percent {
        case ...10: "up to 10%"
        case ...20: "10–20%"
        case ...35: "20–35%"
        default: "over 35%"
        }
    }

    public static func measure(_ saves: [SaveCase], policy: ConcessionPolicy?, movements: [MRRMovement], asOf: Day) -> ConcessionResults {
        let timeline = MRRTimeline(movements)
        let decided = saves.filter { $0.kind == .renewal && ($0.status == .granted || $0.status == .closed) }
        let cases = decided.sorted { ($0.openedOn, $0.id) < ($1.openedOn, $1.id) }.map { save -> Case in
            let grant = save.grant
            let offer = grant.flatMap { policy?.offer($0.offer) }
            var concession: String?
            if let grant, let offer {
                switch offer.kind.unit {
                case .percent: concession = "\(offer.name), \(band(grant.granted ?? 0))"
                case .months: concession = "\(offer.name), \(Int(grant.granted ?? 0)) months"
                case .none: concession = offer.name
                }
            } else if let grant {
                concession = grant.offer
            }
            let followUps = horizons.compactMap { months -> FollowUp? in
                let day = save.openedOn.adding(months: months)
                guard day <= asOf else { return nil }
                let mrr = timeline.mrr(save.account, endOf: day)
                return FollowUp(months: months, day: day, client: mrr > 0, mrrCents: mrr)
            }
            return Case(
                id: save.id, account: save.account, reason: save.reason?.rawValue ?? "not asked", concession: concession, offer: grant?.offer,
                granted: grant?.granted, mrrCentsAtOpen: save.mrrCentsAtOpen, followUps: followUps)
        }
        let noneCases = cases.filter { $0.concession == nil }
        func figures(_ group: [Case], months: Int, against baseline: Figures?) -> Figures {
            let followed = group.compactMap { item in item.followUps.first { $0.months == months }.map { (item, $0) } }
            let kept = followed.filter { $0.1.client }.count
            let before = followed.map(\.0.mrrCentsAtOpen).reduce(0, +)
            let after = followed.map(\.1.mrrCents).reduce(0, +)
            let retention = followed.isEmpty ? nil : Double(kept) / Double(followed.count)
            return Figures(
                months: months, cases: followed.count, retention: retention, netMRRKept: before > 0 ? Double(after) / Double(before) : nil,
                churnedAnyway: followed.count - kept,
                againstNone: baseline.flatMap { ShareDifference(retention, of: followed.count, minus: $0.retention, of: $0.cases) })
        }
        let baseline = Dictionary(uniqueKeysWithValues: horizons.map { ($0, figures(noneCases, months: $0, against: nil)) })
        func group(_ key: String, _ label: String, _ members: [Case]) -> Group {
            Group(key: key, label: label, cases: members.count, horizons: horizons.map { figures(members, months: $0, against: baseline[$0]) })
        }
        let reasons = Dictionary(grouping: cases, by: \.reason).sorted { $0.key < $1.key }.map { reason, members in
            group(reason, ChurnReason(rawValue: reason)?.label ?? reason, members)
        }
        let concessions = Dictionary(grouping: cases.filter { $0.concession != nil }, by: { $0.concession ?? "" }).sorted { $0.key < $1.key }.map {
            key, members in group(key, key, members)
        }
        return ConcessionResults(
            asOf: asOf, cases: cases, none: group("none", "no concession", noneCases), byReason: reasons, byConcession: concessions)
    }
}
