/// The shared dashboard: every metric of the spec's `dashboard` section computed from one set of
/// facts, each with its owners and refresh cadence, a headline figure and the accounts behind it.
public struct Dashboard: Sendable, Hashable, Codable {
    public struct Summary: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var owners: [String]
        public var refresh: String
        /// Owned by every function: the figures no one function can move alone.
        public var shared: Bool
        public var value: Double?
        /// percent, ratio, days, cents, score, count or seconds.
        public var unit: String
        public var display: String
        public var note: String
    }

    public struct Economics: Sendable, Hashable, Codable {
        public var grossMargin: Double
        public var acquisitionCostCents: [String: Int64]

        public init(grossMargin: Double, acquisitionCostCents: [String: Int64]) {
            self.grossMargin = grossMargin
            self.acquisitionCostCents = acquisitionCostCents
        }
    }

    public var asOf: Day
    /// When the figures were computed; the server serves them until the data changes.
    public var computedAt: Instant
    public var metrics: [Summary]
    public var mrr: MRRMovements
    public var mrrByMonth: [MRRMovements]
    public var retention: Retention
    public var renewalRetention: Retention
    public var cohorts: CohortRetention
    public var timeToFirstValue: DurationsByCohort
    public var onboardingVelocity: DurationsByCohort
    public var adoption: AdoptionRate
    public var coverage: StakeholderCoverage
    public var expansion: ExpansionQualified
    public var completeness: DataCompleteness
    public var timeToInsight: TimeToInsight
    public var csat: CSATScore
    public var nps: NPSScore
    public var lifetimeValue: LifetimeValue
    public var funnel: Funnel

    public static func compute(_ facts: MetricFacts, spec: Spec, economics: Economics, now: Instant) -> Dashboard {
        let timeline = MRRTimeline(facts.movements)
        let year = Period.trailingYear(facts.asOf)
        let signedIDs = facts.clients.filter { $0.signed != nil }.map(\.id)
        let active = Set(facts.clients.filter { timeline.mrr($0.id, endOf: facts.asOf) > 0 }.map(\.id))
        let signedOn = Dictionary(facts.clients.compactMap { c in c.signed.map { (c.id, $0) } }, uniquingKeysWith: { first, _ in first })
        let surveys = facts.surveys.filter { year.contains($0.respondedOn) }
        var costs: [AcquisitionSource: Int64] = [:]
        for (key, value) in economics.acquisitionCostCents { if let source = AcquisitionSource(rawValue: key) { costs[source] = value } }
        var board = Dashboard(
            asOf: facts.asOf, computedAt: now, metrics: [],
            mrr: .over(year, timeline: timeline), mrrByMonth: MRRMovements.monthly(12, asOf: facts.asOf, timeline: timeline),
            retention: .activeAtStart(signedIDs, period: year, timeline: timeline),
            renewalRetention: .renewalsDue(signedIDs, renewals: { id in Self.renewals(signedOn[id], through: year.to) }, period: year, timeline: timeline),
            cohorts: .build(facts, timeline: timeline),
            timeToFirstValue: .measure(facts, milestone: \.firstValue), onboardingVelocity: .measure(facts, milestone: \.kickoff),
            adoption: .measure(facts), coverage: .measure(facts, active: active),
            expansion: .measure(facts, active: active, timeline: timeline),
            completeness: .measure(facts, spec: spec), timeToInsight: .measure(facts, spec: spec, now: now),
            csat: CSATScore(counts: Dictionary(surveys.filter { $0.kind == .csat }.map { ($0.score, 1) }, uniquingKeysWith: +)),
            nps: NPSScore(counts: Dictionary(surveys.filter { $0.kind == .nps }.map { ($0.score, 1) }, uniquingKeysWith: +)),
            lifetimeValue: .measure(facts, timeline: timeline, grossMargin: economics.grossMargin, acquisitionCostCents: costs),
            funnel: .measure(facts))
        board.metrics = board.summaries(spec)
        return board
    }

    /// Renewal dates of a twelve-month contract signed on `signed`: each anniversary.
    static func renewals(_ signed: Day?, through: Day) -> [Day] {
        guard let signed else { return [] }
        var days: [Day] = []
        var years = 1
        while signed.adding(months: 12 * years) <= through {
            days.append(signed.adding(months: 12 * years))
            years += 1
        }
        return days
    }

    func summaries(_ spec: Spec) -> [Summary] {
        let everyone = Set(spec.functions.map(\.id).filter { $0 != "revops" })
        let configured =
            spec.dashboard.metrics.isEmpty
            ? MetricCatalog.all.map { DashboardConfig.Metric(id: $0.id, name: $0.name, owners: [], refresh: .daily) } : spec.dashboard.metrics
        return configured.map { metric in
            let (value, unit, note) = headline(metric.id)
            return Summary(
                id: metric.id, name: metric.name, owners: metric.owners, refresh: metric.refresh.rawValue,
                shared: !everyone.isEmpty && everyone.isSubset(of: Set(metric.owners)), value: value, unit: unit,
                display: Self.display(value, unit: unit), note: note)
        }
    }

    func headline(_ id: String) -> (Double?, String, String) {
        func count(_ n: Int) -> String { Format.count(n) }
        switch id {
        case "nrr_by_cohort":
            return (
                retention.nrr.map { $0 * 100 }, "percent",
                "trailing 12 months, \(count(retention.accounts)) clients active at the start; renewal-based \(Self.display(renewalRetention.nrr.map { $0 * 100 }, unit: "percent"))"
            )
        case "grr_by_cohort":
            return (retention.grr.map { $0 * 100 }, "percent", "trailing 12 months, \(count(retention.accounts)) clients active at the start")
        case "mrr_movements":
            return (
                Double(mrr.endCents), "cents",
                "ARR \(Format.dollars(cents: mrr.arrCents)); net \(Format.dollars(cents: mrr.endCents - mrr.startCents)) over 12 months"
            )
        case "time_to_first_value":
            return (
                timeToFirstValue.all.medianDays.map(Double.init), "days",
                "median; p75 \(Self.display(timeToFirstValue.all.p75Days.map(Double.init), unit: "days")); \(count(timeToFirstValue.all.censored)) still waiting"
            )
        case "onboarding_velocity":
            return (
                onboardingVelocity.all.medianDays.map(Double.init), "days",
                "median to kickoff; p75 \(Self.display(onboardingVelocity.all.p75Days.map(Double.init), unit: "days")); \(count(onboardingVelocity.all.censored)) still waiting"
            )
        case "adoption_rate_90d":
            return (
                adoption.rate.map { $0 * 100 }, "percent",
                "\(count(adoption.adopted)) of \(count(adoption.closed)) closed \(adoption.period.from.iso) to \(adoption.period.to.iso)"
            )
        case "stakeholder_coverage":
            return (
                coverage.ratio.map { $0 * 100 }, "percent",
                "\(count(coverage.singleThreadedIDs.count)) single-threaded, \(count(coverage.unengagedIDs.count)) with nobody engaged"
            )
        case "expansion_qualified_rate":
            return (expansion.rate.map { $0 * 100 }, "percent", "\(count(expansion.qualified)) of \(count(expansion.activeClients)) active clients")
        case "data_completeness":
            return (completeness.score.map { $0 * 100 }, "percent", "\(count(completeness.fields.count)) source fields")
        case "time_to_insight":
            let stale = timeToInsight.stale.isEmpty ? "" : "; stale: \(timeToInsight.stale.joined(separator: ", "))"
            return (
                timeToInsight.worstP95Seconds, "seconds",
                "slowest source\(timeToInsight.slowest.map { " (\($0))" } ?? ""), p95 arrival lag or time since its last sync\(stale)"
            )
        case "csat":
            return (csat.score, "score", "\(count(csat.responses)) responses in 12 months")
        case "nps":
            return (nps.score, "score", "\(count(nps.responses)) responses in 12 months")
        case "clv":
            return (
                lifetimeValue.seedCents.map(Double.init), "cents",
                "SaaS form (ARPA × margin ÷ churn): \(Self.display(lifetimeValue.saasCents.map(Double.init), unit: "cents"))"
            )
        case "funnel":
            let purchase = funnel.steps.first { $0.stage == "purchase" }?.reached ?? 0
            let all = funnel.steps.first?.reached ?? 0
            return (all == 0 ? nil : Double(purchase) / Double(all) * 100, "percent", "awareness to purchase")
        default:
            return (nil, "none", "see its own report")
        }
    }

    /// Sets the headline of a metric whose figure comes from its own report (handoff SLA,
    /// outcome attainment), as `summaries` does for the others.
    public mutating func setHeadline(_ id: String, value: Double?, unit: String, note: String) {
        for index in metrics.indices where metrics[index].id == id {
            metrics[index].value = value
            metrics[index].unit = unit
            metrics[index].display = Self.display(value, unit: unit)
            metrics[index].note = note
        }
    }

    public static func display(_ value: Double?, unit: String) -> String {
        guard let value else { return "—" }
        switch unit {
        case "percent": return Format.oneDecimal(value) + "%"
        case "days": return Format.count(Int(value.rounded())) + " days"
        case "cents": return Format.dollars(cents: Int64(value.rounded()))
        case "seconds": return Format.duration(seconds: value)
        case "score": return Format.oneDecimal(value)
        default: return Format.oneDecimal(value)
        }
    }
}
