/// What the store knows about the data layer's gaps and the clients each touches, for the monthly
/// architecture review's integration work queue.
public struct IntegrationFacts: Sendable, Hashable {
    /// A client with a renewal in the next 90 days.
    public struct Renewing: Sendable, Hashable, Codable {
        public var account: String
        public var name: String
        public var renewalOn: Day
        public var mrrCents: Int64

        public init(account: String, name: String, renewalOn: Day, mrrCents: Int64) {
            self.account = account
            self.name = name
            self.renewalOn = renewalOn
            self.mrrCents = mrrCents
        }
    }

    /// Events of one name from one source kept aside on arrival, and the clients they name.
    public struct KeptAside: Sendable, Hashable {
        public var source: String
        public var event: String
        public var kind: FailedEvent.Kind
        public var count: Int
        public var reason: String
        public var accounts: Set<String>

        public init(source: String, event: String, kind: FailedEvent.Kind, count: Int, reason: String, accounts: Set<String>) {
            self.source = source
            self.event = event
            self.kind = kind
            self.count = count
            self.reason = reason
            self.accounts = accounts
        }
    }

    public struct Review: Sendable, Hashable {
        public var id: Int64
        public var source: String
        public var externalID: String
        public var candidate: String
        public var probability: Double
        public var since: Instant

        public init(id: Int64, source: String, externalID: String, candidate: String, probability: Double, since: Instant) {
            self.id = id
            self.source = source
            self.externalID = externalID
            self.candidate = candidate
            self.probability = probability
            self.since = since
        }
    }

    public struct LastRun: Sendable, Hashable {
        public var failed: Bool
        public var at: Instant
        public var error: String?

        public init(failed: Bool, at: Instant, error: String?) {
            self.failed = failed
            self.at = at
            self.error = error
        }
    }

    public var renewing: [String: Renewing] = [:]
    /// Accounts holding records of each source (identities, or events in the last 90 days).
    public var clientsBySource: [String: Set<String>] = [:]
    public var freshness: [String: MetricFacts.SyncFreshness] = [:]
    public var lastRuns: [String: LastRun] = [:]
    public var reviews: [Review] = []
    public var keptAside: [KeptAside] = []
    /// Client-record fields a source maps, and the active clients that lack them.
    public var missing: [String: Set<String>] = [:]

    public init() {}
}

/// One gap in the data layer, tied to the clients it touches, ranked by the MRR of those renewing
/// in the next 90 days and how soon the first of them renews: IT fixes on a renewal timeline.
public struct IntegrationGap: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case failingSource = "failing_source"
        case staleSource = "stale_source"
        case identityReview = "identity_review"
        case keptAside = "kept_aside"
        case missingField = "missing_field"
    }

    public var kind: Kind
    public var title: String
    public var detail: String
    /// What to do about it, and where.
    public var fix: String
    /// Who is told about it (the source's people, the IT partner for identity).
    public var owners: [String]
    public var clients: Int
    /// The touched clients renewing in the next 90 days, soonest first (cut to a book-limited reader's book).
    public var renewing: [IntegrationFacts.Renewing]
    /// How many touched clients renew in the next 90 days, whoever reads it.
    public var renewingClients: Int
    public var mrrRenewingCents: Int64
    public var firstRenewal: Day?
    public var daysLeft: Int?
}

public enum IntegrationQueue {
    public static func build(_ facts: IntegrationFacts, spec: Spec, asOf: Day, now: Instant) -> [IntegrationGap] {
        let names = ProgramStatus.Names(spec: spec)
        let itPartners = spec.people.filter { $0.role == .itPartner }.map(\.name)
        func owners(_ source: String) -> [String] {
            let notify = spec.sources.first { $0.id == source }?.notify ?? []
            let people = notify.map(names.person)
            return people.isEmpty ? itPartners : people
        }
        func gap(_ kind: IntegrationGap.Kind, _ title: String, _ detail: String, _ fix: String, _ owners: [String], _ accounts: Set<String>) -> IntegrationGap {
            let renewing = accounts.compactMap { facts.renewing[$0] }.sorted {
                ($0.renewalOn, -$0.mrrCents, $0.account) < ($1.renewalOn, -$1.mrrCents, $1.account)
            }
            let first = renewing.first?.renewalOn
            return IntegrationGap(
                kind: kind, title: title, detail: detail, fix: fix, owners: owners, clients: accounts.count, renewing: renewing,
                renewingClients: renewing.count,
                mrrRenewingCents: renewing.reduce(0) { $0 + $1.mrrCents }, firstRenewal: first, daysLeft: first.map { $0 - asOf })
        }
        var gaps: [IntegrationGap] = []
        for source in spec.sources {
            let touched = facts.clientsBySource[source.id] ?? []
            if let run = facts.lastRuns[source.id], run.failed {
                gaps.append(
                    gap(
                        .failingSource, "\(source.id): the last sync failed", "failed \(Format.clock(run.at))\(run.error.map { ": \($0)" } ?? "")",
                        "fix the connection and run accord sync \(source.id); /data-quality shows each run", owners(source.id), touched))
            } else if source.sync != nil, let synced = facts.freshness[source.id],
                let since = synced.staleSince(frequencySeconds: source.intervalSeconds(at: now), now: now)
            {
                gaps.append(
                    gap(
                        .staleSource, "\(source.id): stale since \(since.day.iso)",
                        "no sync has worked within twice its schedule (\(source.schedule)); last good run \(synced.lastOK.map(Format.clock) ?? "never")",
                        "find why its runs stop or fail and run accord sync \(source.id)", owners(source.id), touched))
            }
        }
        let reviews = Dictionary(grouping: facts.reviews, by: \.source)
        for (source, open) in reviews.sorted(by: { $0.key < $1.key }) {
            let oldest = open.map(\.since).min()
            gaps.append(
                gap(
                    .identityReview, "\(source): \(Format.count(open.count)) record\(open.count == 1 ? "" : "s") waiting in the identity review",
                    "each may be the client named beside it, or a company of its own; the oldest waits since \(oldest.map { $0.day.iso } ?? "?")",
                    "decide them on the identity review (POST /api/v1/identity-reviews/{id})", itPartners.isEmpty ? owners(source) : itPartners,
                    Set(open.map(\.candidate))))
        }
        for kept in facts.keptAside {
            let what = kept.kind == .unplanned ? "not on the tracking plan" : "breaking its schema"
            gaps.append(
                gap(
                    .keptAside, "\(kept.source): \(Format.count(kept.count)) \(kept.event) event\(kept.count == 1 ? "" : "s") kept aside",
                    "\(what); for example \(kept.reason)",
                    kept.kind == .unplanned
                        ? "propose \(kept.event) as a taxonomy change, or stop sending it; then accord events replay"
                        : "fix what the source sends; then accord events replay",
                    owners(kept.source), kept.accounts))
        }
        for (field, accounts) in facts.missing.sorted(by: { $0.key < $1.key }) where !accounts.isEmpty {
            let writers = spec.sources.filter { source in source.mappings.contains { $0.to == field && $0.direction != .outbound } }
            let owner = writers.first { source in source.mappings.contains { $0.to == field && $0.systemOfRecord } } ?? writers.first
            gaps.append(
                gap(
                    .missingField, "\(field) missing on \(Format.count(accounts.count)) client\(accounts.count == 1 ? "" : "s")",
                    "mapped from \(writers.map(\.id).joined(separator: ", ")), but empty on the client record",
                    "fill it in \(owner?.id ?? "its system of record") and let the next sync bring it", owner.map { owners($0.id) } ?? itPartners, accounts))
        }
        return gaps.sorted { a, b in
            if a.mrrRenewingCents != b.mrrRenewingCents { return a.mrrRenewingCents > b.mrrRenewingCents }
            if a.daysLeft != b.daysLeft { return (a.daysLeft ?? Int.max) < (b.daysLeft ?? Int.max) }
            if a.clients != b.clients { return a.clients > b.clients }
            return a.title < b.title
        }
    }
}
