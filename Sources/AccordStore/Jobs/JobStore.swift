public import AccordCore

/// Periodic jobs that one replica at a time runs.
public protocol JobStore: Sendable {
    /// Claims one run of a periodic job for `holder` when its last run started at least `every`
    /// milliseconds ago: true means run it now. One replica gets each run; when the holder dies,
    /// the next run goes to whichever replica asks first.
    func claimJob(_ name: String, holder: String, at now: Instant, every: Int64) async throws -> Bool
    /// Each job's latest run: who ran it, when it started and how many runs there have been.
    func jobs() async throws -> [JobRun]
}

public struct JobRun: Sendable, Hashable, Codable {
    public var name: String
    public var holder: String
    public var startedAt: Instant
    public var runs: Int
}
