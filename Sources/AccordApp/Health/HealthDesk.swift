public import AccordCore
public import AccordStore

/// Account health from the store: each client's dated facts, its score now with the factors,
/// its weekly history with what moved it, and the validation against renewals.
public struct HealthDesk: Sendable {
    public let spec: Spec
    public let store: any OutcomeStore & HealthStore & HandoffStore

    public init(spec: Spec, store: any OutcomeStore & HealthStore & HandoffStore) {
        self.spec = spec
        self.store = store
    }

    /// Every client's facts, or one client's (none when it is not a client: no contract yet),
    /// with the events of `also` on top of those the measures read (a play's trigger).
    public func facts(account: String? = nil, also: Set<String> = []) async throws -> [HealthFacts] {
        let reporting = HandoffReportDesk(spec: spec, store: store)
        let models = try await reporting.activeOrSpecModels()
        var names: Set<String> = also.union(["risk_signal_detected"])
        for outcome in models.flatMap(\.outcomes) { if case .eventCount(let event, _) = outcome.measure { names.insert(event) } }
        let segments = Set(spec.segments.map(\.id)).union(models.map(\.segment))
        let histories = try await store.outcomeHistories(segments: segments, events: names, account: account)
        let extras = try await store.healthExtras(account: account)
        let bySegment = Dictionary(models.map { ($0.segment, $0) }, uniquingKeysWith: { first, _ in first })
        return histories.map { history in
            let more = extras[history.account] ?? HealthExtras()
            return HealthFacts(
                account: history.account, segment: history.segment, outcomes: bySegment[history.segment]?.outcomes ?? [], facts: history.facts,
                movements: history.movements, stakeholders: more.stakeholders, tickets: more.tickets, surveys: more.surveys, handoffs: more.handoffs)
        }
    }

    public struct AccountHealth: Sendable, Hashable, Codable {
        public var account: String
        public var now: HealthScore
        public var history: HealthHistory
    }

    /// One client's score now and its year of history; nil when the account has no contract yet.
    public func account(_ id: String, asOf: Day) async throws -> AccountHealth? {
        guard let facts = try await facts(account: id).first else { return nil }
        return AccountHealth(
            account: id, now: HealthScore.measure(facts, config: spec.health, asOf: asOf), history: HealthHistory.build(facts, config: spec.health, asOf: asOf))
    }

    public func validation(asOf: Day) async throws -> HealthValidation {
        HealthValidation.validate(try await facts(), config: spec.health, asOf: asOf)
    }
}
