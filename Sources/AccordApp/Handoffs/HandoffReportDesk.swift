public import AccordCore
public import AccordStore

/// Builds the triage and SLA reports from the store, the same for the API, the pages and the CLI.
public struct HandoffReportDesk: Sendable {
    public let spec: Spec
    public let store: any HandoffStore & OutcomeStore

    public init(spec: Spec, store: any HandoffStore & OutcomeStore) {
        self.spec = spec
        self.store = store
    }

    public func triage(_ week: ISOWeek) async throws -> TriageReport {
        // Handoffs decided or breached in the week may have been submitted weeks before.
        let handoffs = try await store.handoffs(
            HandoffQuery(
                submittedFrom: Instant(day: week.monday.adding(days: -60)), submittedBefore: Instant(day: week.monday.adding(days: 7)), limit: 1_000_000))
        return HandoffReports.triage(handoffs, week: week, notes: try await store.triageNotes(week: week.description))
    }

    /// The quarterly refresh: for clients that reached renewal, does each outcome predict it?
    public func outcomeValidation(asOf: Day) async throws -> OutcomeValidation {
        let models = spec.outcomeModels
        let histories = try await histories(models)
        let ids = models.flatMap(\.outcomes).map(\.id).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return OutcomeValidation.validate(OutcomeValidation.cases(histories, models: models, asOf: asOf), outcomes: ids)
    }

    /// One client's scorecard against its segment's model (the active version once signed, else the spec's).
    public func scorecard(account: String, segment: String, asOf: Day) async throws -> Scorecard? {
        let versions = try await store.outcomeModelVersions()
        guard
            let model = versions.last(where: { $0.model.segment == segment && $0.status == .active })?.model
                ?? spec.outcomeModels.first(where: { $0.segment == segment })
        else { return nil }
        guard let history = try await histories([model], account: account).first else { return nil }
        let signed = versions.contains { $0.model.id == model.id && $0.status == .active }
        return Scorecard(
            account: account, model: model.id, modelSigned: signed, signed: history.facts.signed,
            outcomes: model.outcomes.map { OutcomeMeasure.progress($0, facts: history.facts, asOf: asOf) })
    }

    public func portfolio(asOf: Day) async throws -> PortfolioReport {
        let models = try await activeOrSpecModels()
        return PortfolioReport.build(try await histories(models), models: models, asOf: asOf)
    }

    public func adoption(asOf: Day) async throws -> AdoptionReport {
        let models = try await activeOrSpecModels()
        let threshold = models.flatMap(\.outcomes).first { $0.measure == .usageRatio }?.target ?? 0.7
        let histories = try await store.outcomeHistories(segments: Set(spec.segments.map(\.id)), events: [], account: nil)
        return AdoptionReport.build(histories, threshold: threshold, asOf: asOf)
    }

    /// The outcome histories of the clients in the models' segments, with the events their
    /// event-count outcomes count.
    func histories(_ models: [OutcomeModel], account: String? = nil) async throws -> [OutcomeHistory] {
        var names: Set<String> = []
        for outcome in models.flatMap(\.outcomes) { if case .eventCount(let event, _) = outcome.measure { names.insert(event) } }
        return try await store.outcomeHistories(segments: Set(models.map(\.segment)), events: names, account: account)
    }

    /// Per segment, the signed model in force, else the spec's.
    func activeOrSpecModels() async throws -> [OutcomeModel] {
        let versions = try await store.outcomeModelVersions()
        let fromSpec = spec.outcomeModels.map { model in versions.last { $0.model.id == model.id && $0.status == .active }?.model ?? model }
        // Models proposed through the API count once they are signed.
        let others = versions.filter { version in version.status == .active && !spec.outcomeModels.contains { $0.id == version.model.id } }.map(\.model)
        return fromSpec + others
    }

    /// Writes the outcome crossings not yet on the log; running it again adds nothing.
    public func emitOutcomeEvents(asOf: Day) async throws -> Int {
        let models = try await activeOrSpecModels()
        let histories = try await store.outcomeHistories(segments: Set(models.map(\.segment)), events: [], account: nil)
        let existing = try await store.eventNames(["adoption_threshold_reached"])
        let bySegment = Dictionary(models.map { ($0.segment, $0) }, uniquingKeysWith: { first, _ in first })
        let events = histories.flatMap { history in
            bySegment[history.segment].map { OutcomeEvents.crossings($0, history: history, asOf: asOf, existing: existing[history.account] ?? []) } ?? []
        }
        return try await store.logDerivedEvents(events)
    }

    public func sla(from: Day, to: Day) async throws -> SLAReport {
        let handoffs = try await store.handoffs(
            HandoffQuery(submittedFrom: Instant(day: from), submittedBefore: Instant(day: to.adding(days: 1)), limit: 1_000_000))
        return HandoffReports.sla(handoffs, from: from, to: to, definitions: spec.handoffs)
    }
}

/// An account against its outcome model, outcome by outcome.
public struct Scorecard: Encodable, Sendable {
    public var account: String
    public var model: String
    /// False while the model is the spec's draft, not yet signed by every function.
    public var modelSigned: Bool
    public var signed: Day
    public var outcomes: [OutcomeProgress]
}
