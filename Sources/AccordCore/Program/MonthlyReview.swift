/// The monthly architecture review's pack: the shared metrics against a month ago, the proposals
/// waiting for signatures, and the integration work queue ranked by renewals at stake.
public struct MonthlyReview: Sendable, Hashable, Codable {
    public struct MetricChange: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var owners: [String]
        public var shared: Bool
        public var unit: String
        public var now: String
        public var monthAgo: String
        public var value: Double?
        public var previous: Double?
        /// The move in the metric's own unit (percentage points for percentages), or nil when a side is missing.
        public var change: Double?
        public var changeText: String
    }

    public var asOf: Day
    public var monthAgo: Day
    public var metrics: [MetricChange]
    public var proposals: [SpecProposal]
    public var queue: [IntegrationGap]
    /// MRR renewing in the next 90 days on clients some gap touches, each client counted once.
    public var mrrAtStakeCents: Int64
    public var clientsAtStake: Int

    public static func build(now: Dashboard, monthAgo: Dashboard, proposals: [SpecProposal], queue: [IntegrationGap]) -> MonthlyReview {
        let before = Dictionary(monthAgo.metrics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let metrics = now.metrics.map { metric -> MetricChange in
            let earlier = before[metric.id]
            let change: Double? = if let value = metric.value, let previous = earlier?.value { value - previous } else { nil }
            return MetricChange(
                id: metric.id, name: metric.name, owners: metric.owners, shared: metric.shared, unit: metric.unit, now: metric.display,
                monthAgo: earlier?.display ?? "—", value: metric.value, previous: earlier?.value, change: change,
                changeText: change.map { changeText($0, unit: metric.unit) } ?? "—")
        }
        var stake: [String: Int64] = [:]
        for gap in queue { for client in gap.renewing { stake[client.account] = client.mrrCents } }
        return MonthlyReview(
            asOf: now.asOf, monthAgo: monthAgo.asOf, metrics: metrics.sorted { ($0.shared ? 0 : 1) < ($1.shared ? 0 : 1) },
            proposals: proposals.filter { $0.status == .pending }, queue: queue, mrrAtStakeCents: stake.values.reduce(0, +), clientsAtStake: stake.count)
    }

    static func changeText(_ change: Double, unit: String) -> String {
        if change == 0 { return "no change" }
        switch unit {
        case "percent": return "\(Format.signed(change)) pts"
        case "cents": return (change > 0 ? "+" : "−") + Format.dollars(cents: Int64(abs(change).rounded()))
        case "days": return "\(Format.signed(change)) days"
        default: return Format.signed(change)
        }
    }
}
