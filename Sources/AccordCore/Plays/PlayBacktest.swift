/// A play replayed over history before it goes live: evaluated each week of the last year as it
/// would have been (cooldown included), on how many clients it would have fired and when, how
/// many tasks a week that makes per person, and how the clients it fired on fared afterwards
/// (churned, expanded, within 180 days) against the clients it never fired on, with the days
/// from firing to the client's next renewal.
public struct PlayBacktest: Sendable, Hashable, Codable {
    public struct Firing: Sendable, Hashable, Codable {
        public var account: String
        public var day: Day
        public var reason: String
    }

    public struct Group: Sendable, Hashable, Codable {
        public var clients: Int
        public var churnRate: Double?
        public var expansionRate: Double?
    }

    public var play: String
    public var from: Day
    public var to: Day
    public var firings: [Firing]
    public var clients: Int
    /// Tasks a week per person: the mean over weeks with any, and the most in one week.
    public var tasksPerPersonWeekMean: Double?
    public var tasksPerPersonWeekMax: Int
    public var fired: Group
    public var notFired: Group
    /// Median days from a firing to the client's next renewal.
    public var medianDaysToRenewal: Int?

    public static let followUpDays = 180

    public static func run(_ play: Play, accounts: [PlayAccount], spec: Spec, asOf: Day, weeks: Int = 52) -> PlayBacktest {
        let from = asOf.adding(days: -7 * weeks)
        var firings: [Firing] = []
        var last: [String: Day] = [:]
        var perPersonWeek: [String: Int] = [:]
        var week = from.adding(days: 7)
        var previous = from
        while week <= asOf {
            for account in accounts {
                if let day = last[account.id], week.number - day.number < play.cooldownDays { continue }
                guard let reason = PlayTriggers.fires(play, account, config: spec.health, asOf: week, since: previous) else { continue }
                firings.append(Firing(account: account.id, day: week, reason: reason))
                last[account.id] = week
                for action in play.actions {
                    let assignee: Play.Assignee
                    switch action {
                    case .task(_, let who, _), .handoff(_, let who, _): assignee = who
                    default: continue
                    }
                    let owner = PlayPlanner.resolve(assignee, account, spec: spec, counts: [:]) ?? "unassigned"
                    perPersonWeek["\(owner)\u{1F}\(week.iso)", default: 0] += 1
                }
            }
            previous = week
            week = week.adding(days: 7)
        }
        let firstFiring = Dictionary(firings.map { ($0.account, $0.day) }, uniquingKeysWith: { first, _ in first })
        func group(_ members: [(PlayAccount, Day)]) -> Group {
            let measured = members.filter { $0.0.health != nil }
            guard !measured.isEmpty else { return Group(clients: 0) }
            func within(_ account: PlayAccount, _ start: Day, _ kind: MRRMovementKind) -> Bool {
                account.health!.movements.contains { $0.kind == kind && $0.occurredOn > start && $0.occurredOn <= start.adding(days: followUpDays) }
            }
            let churned = measured.filter { within($0.0, $0.1, .churn) }.count
            let expanded = measured.filter { within($0.0, $0.1, .expansion) }.count
            return Group(clients: measured.count, churnRate: Double(churned) / Double(measured.count), expansionRate: Double(expanded) / Double(measured.count))
        }
        let clients = accounts.filter { $0.health != nil && !$0.churned(by: from) || firstFiring[$0.id] != nil }
        let fired = clients.compactMap { account in firstFiring[account.id].map { (account, $0) } }
        let others = clients.filter { firstFiring[$0.id] == nil && $0.health != nil }.map { ($0, from) }
        let toRenewal = firings.compactMap { firing -> Int? in
            guard let renewal = accounts.first(where: { $0.id == firing.account })?.renewal(after: firing.day) else { return nil }
            return renewal.number - firing.day.number
        }.sorted()
        let weekly = Array(perPersonWeek.values)
        return PlayBacktest(
            play: play.id, from: from, to: asOf, firings: firings, clients: Set(firings.map(\.account)).count,
            tasksPerPersonWeekMean: weekly.isEmpty ? nil : (Double(weekly.reduce(0, +)) / Double(weekly.count) * 10).rounded() / 10,
            tasksPerPersonWeekMax: weekly.max() ?? 0, fired: group(fired), notFired: group(others),
            medianDaysToRenewal: toRenewal.isEmpty ? nil : toRenewal[toRenewal.count / 2])
    }
}

extension PlayBacktest.Group {
    init(clients: Int) { self.init(clients: clients, churnRate: nil, expansionRate: nil) }
}
