import AccordCore
import AccordStore

/// Churned clients ranked for a second lifetime: each one's facts read from its whole history
/// (churned clients keep it), scored and explained, with the expected value of coming back and
/// the offer the concession tree gives for its reason and first relationship.
public struct WinBackDesk: Sendable {
    public let spec: Spec
    public let store: any Store

    public init(spec: Spec, store: any Store) {
        self.spec = spec
        self.store = store
    }

    public struct Row: Sendable, Hashable, Codable {
        public var rank: Int
        public var facts: WinBackFacts
        public var score: WinBackRanking.Score
        public var expectedValueCents: Int64
        /// The tree's first offer for this reason and client, nil when it allows none or has no tree.
        public var offer: String?
        public var offerName: String?
    }

    public struct List: Sendable, Hashable, Codable {
        public var asOf: Day
        public var rows: [Row]
        public var backtestAUC: Double?
        public var backtestClients: Int
        public var backtestReturned: Int
    }

    /// Every churned client's facts: those who came back keep theirs too, for the backtest.
    public func facts() async throws -> [WinBackFacts] { try await history().facts }

    /// How many days either side of the MRR ending a `client_churned` event still explains it.
    static let reasonSlackDays = 60

    /// The churned clients' facts and every client's MRR movements (what campaign results read).
    func history() async throws -> (facts: [WinBackFacts], movements: [MRRMovement]) {
        let healthFacts = try await HealthDesk(spec: spec, store: store).facts(also: [ChurnReason.eventName])
        let health = Dictionary(healthFacts.map { ($0.account, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [WinBackFacts] = []
        for account in try await store.playRoster() where account.churnedOn != nil || (health[account.id]?.movements.contains { $0.kind == .churn } ?? false) {
            guard let detail = try await store.account(id: account.id) else { continue }
            let movements = detail.movements.sorted { $0.occurredOn < $1.occurredOn }
            guard let churn = movements.last(where: { $0.kind == .churn }) else { continue }
            let facts = health[account.id]
            let achieved =
                facts.map { f in f.outcomes.filter { OutcomeMeasure.progress($0, facts: f.facts, asOf: churn.occurredOn).state == .achieved }.count } ?? 0
            let nps = detail.surveys.filter { $0.kind == .nps && $0.respondedOn <= churn.occurredOn }.max { $0.respondedOn < $1.respondedOn }?.score
            // Accord's own writes (a campaign joined, a case) are not the client engaging.
            let touches = detail.touches.map(\.occurredAt.day) + detail.recentEvents.filter { $0.source != "accord" }.map(\.timestamp.day)
            let back = movements.first { ($0.kind == .reactivation || $0.kind == .new) && $0.occurredOn > churn.occurredOn }?.occurredOn
            found.append(
                WinBackFacts(
                    account: account.id, name: account.name, segment: account.segment, churnedOn: churn.occurredOn,
                    reason: reason(facts, churnedOn: churn.occurredOn, back: back)
                        ?? (back == nil ? detail.account.churnReason.flatMap(ChurnReason.init(rawValue:)) : nil),
                    signedOn: facts?.facts.signed ?? movements.first?.occurredOn,
                    mrrCentsBefore: churn.amountCents, outcomesAchieved: achieved, lastNPS: nps, touches: touches.filter { $0 > churn.occurredOn }.sorted(),
                    wonBackOn: back))
        }
        return (found, healthFacts.flatMap(\.movements))
    }

    /// The reason the churn event gave for this churn: the latest one near the day MRR ended,
    /// so a client who came back and left again is not given the first time's reason.
    func reason(_ facts: HealthFacts?, churnedOn: Day, back: Day?) -> ChurnReason? {
        let near = (facts?.facts.events ?? []).filter { event in
            event.name == ChurnReason.eventName && abs(event.day.number - churnedOn.number) <= Self.reasonSlackDays && (back.map { event.day < $0 } ?? true)
        }
        // The facts list events in time order: of two on the same day, the later one (a person's correction) counts.
        guard let latestDay = near.map(\.day).max(), let last = near.last(where: { $0.day == latestDay }),
            case .object(let properties) = last.properties, case .string(let text)? = properties["reason"]
        else {
            return nil
        }
        return ChurnReason(rawValue: text)
    }

    /// Clients gone now, highest chance first; the backtest over everyone who ever left.
    public func list(asOf: Day) async throws -> List {
        let all = try await facts()
        let margin = spec.dashboard.grossMargin
        let gone = all.filter { client in client.churnedOn <= asOf && client.wonBackOn.map { $0 > asOf } ?? true }
        let scored = gone.map { facts -> (WinBackFacts, WinBackRanking.Score) in (facts, WinBackRanking.score(facts, on: asOf)) }
            .sorted {
                ($0.1.points, WinBackRanking.expectedValueCents($0.0, score: $0.1, grossMargin: margin), $0.0.account) > (
                    $1.1.points, WinBackRanking.expectedValueCents($1.0, score: $1.1, grossMargin: margin), $1.0.account
                )
            }
        let rows = scored.enumerated().map { index, pair -> Row in
            let offer = recommended(pair.0)
            return Row(
                rank: index + 1, facts: pair.0, score: pair.1,
                expectedValueCents: WinBackRanking.expectedValueCents(pair.0, score: pair.1, grossMargin: margin),
                offer: offer, offerName: offer.flatMap { spec.concessions?.offer($0)?.name })
        }
        let backtest = WinBackRanking.backtest(all, asOf: asOf)
        return List(asOf: asOf, rows: rows, backtestAUC: backtest.auc, backtestClients: backtest.clients, backtestReturned: backtest.returned)
    }

    /// The concession tree walked with the churn reason and the first relationship's facts (usage
    /// unknown once the seats are gone: `other` branches or the first one stand for it).
    func recommended(_ facts: WinBackFacts) -> String? {
        guard let policy = spec.concessions, let reason = facts.reason else { return nil }
        var node = policy.tree
        let tenure = facts.signedOn.map { ConcessionPolicy.Tenure.of(days: facts.churnedOn.number - $0.number).rawValue }
        while case .ask(let question, let branches) = node {
            let answer: String? =
                switch question {
                case .reason: reason.rawValue
                case .segment: facts.segment
                case .tenure: tenure
                case .usage: nil
                }
            guard let branch = branches.first(where: { $0.answer == answer }) ?? branches.first(where: { $0.answer == "other" }) ?? branches.first else {
                return nil
            }
            node = branch.next
        }
        guard case .leaf(let offers) = node else { return nil }
        return offers.first
    }
}
