public import AccordCore
import AccordStore

extension ProgramDesk {
    /// The monthly architecture review's pack as of `asOf`: shared metrics against 30 days before,
    /// the proposals waiting, and the integration queue ranked by renewals at stake.
    public func monthlyReview(asOf: Day, now: Instant) async throws -> MonthlyReview {
        let dashboards = DashboardDesk(spec: spec, store: store)
        let current = try await dashboards.dashboard(asOf: asOf, now: now).1
        let monthAgo = try await dashboards.dashboard(asOf: asOf.adding(days: -30), now: now).1
        return MonthlyReview.build(
            now: current, monthAgo: monthAgo, proposals: try await store.specProposals(), queue: try await integrationQueue(asOf: asOf, now: now))
    }

    public func integrationQueue(asOf: Day, now: Instant) async throws -> [IntegrationGap] {
        let fields = Set(spec.sources.flatMap { source in source.mappings.filter { $0.direction != .outbound }.map(\.to) })
        var facts = try await store.integrationFacts(asOf: asOf, fields: fields.sorted())
        facts.freshness = try await store.syncFreshness()
        for source in spec.sources where source.sync != nil {
            guard let run = try await store.syncRuns(source: source.id, limit: 1).first, run.status != .running else { continue }
            facts.lastRuns[source.id] = .init(failed: run.status == .failed, at: run.endedAt ?? run.startedAt, error: run.error)
        }
        facts.reviews = try await store.identityReviews(openOnly: true).map {
            .init(id: $0.id, source: $0.source, externalID: $0.externalID, candidate: $0.candidateAccount, probability: $0.probability, since: $0.createdAt)
        }
        return IntegrationQueue.build(facts, spec: spec, asOf: asOf, now: now)
    }
}

extension ProgramDesk {
    /// The quarterly outcome model refresh as of `asOf`.
    public func quarterlyRefresh(asOf: Day) async throws -> QuarterlyRefresh {
        let reports = HandoffReportDesk(spec: spec, store: store)
        return QuarterlyRefresh.build(
            validation: try await reports.outcomeValidation(asOf: asOf), models: try await reports.activeOrSpecModels(),
            versions: try await store.outcomeModelVersions(), proposals: try await store.specProposals(), spec: spec, asOf: asOf)
    }
}
