public import AccordCore
public import AccordStore

/// Where the company stands in the 90-day program, and the proposals its monthly review signs; the
/// same for the pages, the API and the command line.
public struct ProgramDesk: Sendable {
    public let spec: Spec
    public let store: any Store

    public init(spec: Spec, store: any Store) {
        self.spec = spec
        self.store = store
    }

    /// The meta key that holds a start day set outside the spec (the demo sets it).
    public static let startKey = "program_start"

    /// Day 1: the spec's start, else one recorded in the database, else the day the first outcome
    /// model was proposed, else today.
    public func start(today: Day) async throws -> Day {
        try await start(today: today, versions: nil)
    }

    func start(today: Day, versions: [OutcomeModelVersion]?) async throws -> Day {
        if let start = spec.program.start { return start }
        if let text = try await store.meta(Self.startKey), let day = Day(iso: text) { return day }
        var known = versions
        if known == nil { known = try await store.outcomeModelVersions() }
        return known?.map(\.createdAt).min()?.day ?? today
    }

    public func status(today: Day) async throws -> ProgramStatus {
        let versions = try await store.outcomeModelVersions()
        let start = try await start(today: today, versions: versions)
        var evidence = try await store.programEvidence(since: start)
        evidence.outcomeVersions = versions
        // Only the sources the spec declares are part of the one client record.
        evidence.sources = evidence.sources.filter { id, _ in spec.sources.contains { $0.id == id } }
        return ProgramStatus.compute(spec: spec, evidence: evidence, start: start, today: today)
    }
}
