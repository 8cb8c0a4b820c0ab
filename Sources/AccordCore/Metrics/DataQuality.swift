/// Data completeness per source and field: for each client-record field a source feeds (its inbound
/// mappings), the share of records that have it; plus the share of the source's events that follow
/// the tracking plan. The score is present over expected, summed across them. Presence is read on
/// the one client record, so a field two sources feed shows the same share under both.
public struct DataCompleteness: Sendable, Hashable, Codable {
    public struct Field: Sendable, Hashable, Codable {
        public var source: String
        public var field: String
        public var present: Int
        public var expected: Int
        public var score: Double?
    }

    public var fields: [Field]
    public var score: Double?
    public var bySource: [String: Double]

    public static func measure(_ facts: MetricFacts, spec: Spec) -> DataCompleteness {
        var fields: [Field] = []
        for source in spec.sources {
            for mapping in source.mappings where mapping.direction != .outbound {
                guard let presence = facts.presence[mapping.to] else { continue }
                fields.append(
                    Field(
                        source: source.id, field: mapping.to, present: presence.present, expected: presence.total,
                        score: presence.total == 0 ? nil : Double(presence.present) / Double(presence.total)))
            }
            if let plan = facts.planConformance[source.id], plan.total > 0 {
                fields.append(
                    Field(
                        source: source.id, field: "events (tracking plan)", present: plan.present, expected: plan.total,
                        score: Double(plan.present) / Double(plan.total)))
            }
        }
        func score(_ items: [Field]) -> Double? {
            let expected = items.reduce(0) { $0 + $1.expected }
            return expected == 0 ? nil : Double(items.reduce(0) { $0 + $1.present }) / Double(expected)
        }
        return DataCompleteness(
            fields: fields, score: score(fields),
            bySource: Dictionary(grouping: fields, by: \.source).compactMapValues(score))
    }
}

/// Time to insight per source: how long an event takes from happening to being on the dashboard.
/// Accord's figures read the committed log directly, so for a source that pushes events that is
/// the arrival lag of its recent events, and how long ago it last sent anything; for a source
/// whose tap Accord runs it is how long ago the tap last worked, and the source is stale when
/// that is more than twice its frequency.
public struct TimeToInsight: Sendable, Hashable, Codable {
    public struct Source: Sendable, Hashable, Codable {
        public var source: String
        public var refresh: String
        public var sampled: Int
        public var lagP50Seconds: Double?
        public var lagP95Seconds: Double?
        public var lastReceived: Instant?
        public var silentForSeconds: Double?
        /// A source with a tap: when it last synced, how long ago, and whether that makes it stale.
        public var lastSynced: Instant? = nil
        public var sinceSyncSeconds: Double? = nil
        public var stale = false
    }

    public var sources: [Source]
    /// The slowest source: the largest p95 arrival lag, or time since a tap last worked.
    public var worstP95Seconds: Double?
    public var slowest: String? = nil
    /// Sources whose tap has not worked within twice their frequency.
    public var stale: [String] = []

    public static func measure(_ facts: MetricFacts, spec: Spec, now: Instant) -> TimeToInsight {
        let seen = Dictionary(facts.freshness.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = spec.sources.map(\.id) + facts.freshness.map(\.source).filter { id in !spec.sources.contains { $0.id == id } }.sorted()
        let sources = ids.map { id -> Source in
            let fresh = seen[id]
            let definition = spec.sources.first { $0.id == id }
            var source = Source(
                source: id, refresh: definition?.schedule ?? "realtime", sampled: fresh?.sampled ?? 0,
                lagP50Seconds: fresh?.lagP50Seconds, lagP95Seconds: fresh?.lagP95Seconds, lastReceived: fresh?.lastReceived,
                silentForSeconds: fresh?.lastReceived.map { Double(now.milliseconds - $0.milliseconds) / 1000 })
            if let definition, definition.sync != nil, let synced = facts.syncs[id] {
                source.lastSynced = synced.lastOK
                source.sinceSyncSeconds = Double(now.milliseconds - (synced.lastOK ?? synced.firstRun).milliseconds) / 1000
                source.stale = synced.staleSince(frequencySeconds: definition.intervalSeconds(at: now), now: now) != nil
            }
            return source
        }
        let lags = sources.compactMap { source in (source.sinceSyncSeconds ?? source.lagP95Seconds).map { (source.source, $0) } }
        let slowest = lags.max { $0.1 < $1.1 }
        return TimeToInsight(sources: sources, worstP95Seconds: slowest?.1, slowest: slowest?.0, stale: sources.filter(\.stale).map(\.source))
    }
}
