/// When a sync maps what has landed in the raw store into the client record. Mapping runs the
/// identity engine over every account, so mapping after each small commit of a large first sync
/// would cost the square of its size; mapping when what waits is at least half of what the
/// client record already holds keeps the whole sync within a few times one import of it, and a
/// clock keeps a small, slow sync's records reaching the record within seconds.
public struct MappingPace: Sendable, Hashable {
    /// Records landed and not yet mapped.
    public var waiting = 0
    /// Accounts and contacts the client record held at the last mapping.
    public var known = 0
    /// Fewest records worth a mapping before the clock says otherwise.
    public let batch: Int
    /// Milliseconds after a mapping before waiting records are mapped anyway.
    public let every: Int64
    var lastEnd: Int64
    var lastTook: Int64 = 0

    public init(batch: Int, every: Int64, startedAt: Instant) {
        self.batch = batch
        self.every = every
        self.lastEnd = startedAt.milliseconds
    }

    /// Whether waiting records should be mapped now.
    public func due(at now: Instant) -> Bool {
        guard waiting > 0 else { return false }
        if waiting >= max(batch, known / 2) { return true }
        // A slow mapping is not repeated more often than one tenth of the time.
        return now.milliseconds - lastEnd >= max(every, 10 * lastTook)
    }

    /// A mapping from `start` to `end` took what waited; the client record now holds `known`.
    public mutating func mapped(from start: Instant, to end: Instant, known: Int) {
        waiting = 0
        self.known = known
        lastEnd = end.milliseconds
        lastTook = end.milliseconds - start.milliseconds
    }
}
