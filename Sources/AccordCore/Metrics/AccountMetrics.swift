/// Rates over the active clients and the clients closed in a period.
public struct AdoptionRate: Sendable, Hashable, Codable {
    public struct Rep: Sendable, Hashable, Codable {
        public var rep: String
        public var closed: Int
        public var adopted: Int
        public var rate: Double?
    }

    /// Contracts signed in this period whose 90 days are over by asOf.
    public var period: Period
    public var closed: Int
    public var adopted: Int
    /// Signed in the period but younger than 90 days: not judged yet.
    public var pending: Int
    public var rate: Double?
    public var byRep: [Rep]
    public var adoptedIDs: [String]
    public var notAdoptedIDs: [String]

    /// Clients whose contract was signed in the twelve months ending 90 days before asOf.
    public static func measure(_ facts: MetricFacts) -> AdoptionRate {
        let end = facts.asOf.adding(days: -90)
        let period = Period(from: end.adding(months: -12).adding(days: 1), to: end)
        var closed: [MetricFacts.Client] = []
        var pending = 0
        for client in facts.clients {
            guard let signed = client.signed else { continue }
            if period.contains(signed) { closed.append(client) } else if signed > end && signed <= facts.asOf { pending += 1 }
        }
        func adopted(_ client: MetricFacts.Client) -> Bool { client.adopted.map { $0 <= client.signed!.adding(days: 90) } ?? false }
        let yes = closed.filter(adopted)
        let reps = Dictionary(grouping: closed, by: { $0.ownerSales ?? "unassigned" }).map { rep, clients in
            let count = clients.filter(adopted).count
            return Rep(rep: rep, closed: clients.count, adopted: count, rate: Double(count) / Double(clients.count))
        }.sorted { $0.rep < $1.rep }
        return AdoptionRate(
            period: period, closed: closed.count, adopted: yes.count, pending: pending,
            rate: closed.isEmpty ? nil : Double(yes.count) / Double(closed.count), byRep: reps,
            adoptedIDs: yes.map(\.id).sorted(), notAdoptedIDs: closed.filter { !adopted($0) }.map(\.id).sorted())
    }
}

/// Engaged decision-makers and influencers over those on the stakeholder map, across active clients.
public struct StakeholderCoverage: Sendable, Hashable, Codable {
    /// A stakeholder counts as engaged when their last engagement is this recent.
    public static let engagedWithinDays = 90

    public var activeClients: Int
    public var mapped: Int
    public var engaged: Int
    public var ratio: Double?
    /// Active clients with exactly one engaged decision-maker or influencer.
    public var singleThreadedIDs: [String]
    /// Active clients with none engaged at all.
    public var unengagedIDs: [String]

    public static func measure(_ facts: MetricFacts, active: Set<String>) -> StakeholderCoverage {
        let since = facts.asOf.adding(days: -(engagedWithinDays - 1))
        var mapped = 0
        var engaged = 0
        var engagedPerAccount: [String: Int] = [:]
        for person in facts.stakeholders where active.contains(person.accountID) && person.role.isDecisionMakerOrInfluencer {
            mapped += 1
            if let day = person.lastEngaged, since <= day, day <= facts.asOf {
                engaged += 1
                engagedPerAccount[person.accountID, default: 0] += 1
            }
        }
        return StakeholderCoverage(
            activeClients: active.count, mapped: mapped, engaged: engaged, ratio: mapped == 0 ? nil : Double(engaged) / Double(mapped),
            singleThreadedIDs: active.filter { engagedPerAccount[$0] == 1 }.sorted(),
            unengagedIDs: active.filter { engagedPerAccount[$0] == nil }.sorted())
    }
}

/// Active clients with an open expansion signal over active clients. A signal is open from its day
/// until an expansion movement on or after that day closes it, for at most 180 days.
public struct ExpansionQualified: Sendable, Hashable, Codable {
    public static let openForDays = 180

    public var activeClients: Int
    public var qualified: Int
    public var rate: Double?
    public var qualifiedIDs: [String]

    public static func measure(_ facts: MetricFacts, active: Set<String>, timeline: MRRTimeline) -> ExpansionQualified {
        let ids = facts.clients.filter { client in
            guard active.contains(client.id), let signal = client.expansionSignal, signal <= facts.asOf,
                facts.asOf - signal < openForDays
            else { return false }
            return !timeline.movements(client.id, in: Period(from: signal, to: facts.asOf)).contains { $0.kind == .expansion }
        }.map(\.id).sorted()
        return ExpansionQualified(
            activeClients: active.count, qualified: ids.count, rate: active.isEmpty ? nil : Double(ids.count) / Double(active.count), qualifiedIDs: ids)
    }
}

/// How many accounts reached each lifecycle stage, and conversion from one to the next.
public struct Funnel: Sendable, Hashable, Codable {
    public struct Step: Sendable, Hashable, Codable {
        public var stage: String
        public var reached: Int
        /// Of those that reached the stage before, the share that reached this one.
        public var conversion: Double?
        public var dropOff: Double?
    }

    public static let stages: [LifecycleStage] = [.awareness, .consideration, .purchase, .retention, .advocacy]

    public var steps: [Step]

    /// The furthest stage an account reached: its current one; a churned client reached purchase,
    /// and retention too when it left after its first renewal date.
    public static func furthest(_ client: MetricFacts.Client) -> Int {
        guard client.stage == .churned else { return stages.firstIndex(of: client.stage) ?? 0 }
        if let signed = client.signed, let churned = client.churnedOn, churned >= signed.adding(months: 12) { return 3 }
        return 2
    }

    public static func measure(_ facts: MetricFacts) -> Funnel {
        var reached = Array(repeating: 0, count: stages.count)
        for client in facts.clients { for index in 0...furthest(client) { reached[index] += 1 } }
        return Funnel(
            steps: stages.indices.map { index in
                let conversion: Double? = index == 0 || reached[index - 1] == 0 ? nil : Double(reached[index]) / Double(reached[index - 1])
                return Step(stage: stages[index].rawValue, reached: reached[index], conversion: conversion, dropOff: conversion.map { 1 - $0 })
            })
    }
}

/// Customer lifetime value two ways. Seed 003: annual revenue × years of relationship − acquisition
/// cost, averaged over every client ever signed. SaaS: ARPA × gross margin ÷ monthly logo churn,
/// both over the trailing twelve months.
public struct LifetimeValue: Sendable, Hashable, Codable {
    public var clients: Int
    public var seedCents: Int64?
    public var averageYears: Double?
    public var arpaCents: Int64?
    public var grossMargin: Double
    public var monthlyChurn: Double?
    public var saasCents: Int64?

    public static func measure(
        _ facts: MetricFacts, timeline: MRRTimeline, grossMargin: Double, acquisitionCostCents: [AcquisitionSource: Int64]
    ) -> LifetimeValue {
        let signed = facts.clients.filter { ($0.signed ?? facts.asOf.adding(days: 1)) <= facts.asOf }
        var total = 0.0
        var years = 0.0
        for client in signed {
            let end = client.churnedOn.map { min($0, facts.asOf) } ?? facts.asOf
            // A churned client's revenue is what it paid before leaving.
            let mrr = client.churnedOn.map { timeline.mrr(client.id, before: $0) } ?? timeline.mrr(client.id, endOf: facts.asOf)
            let tenure = Double(max(0, end - client.signed!)) / 365.25
            total += Double(mrr * 12) * tenure - Double(acquisitionCostCents[client.source] ?? 0)
            years += tenure
        }
        let year = Period.trailingYear(facts.asOf)
        let activeAtStart = signed.filter { timeline.mrr($0.id, before: year.from) > 0 }
        let churned = activeAtStart.filter { client in timeline.movements(client.id, in: year).contains { $0.kind == .churn } }.count
        let activeNow = signed.filter { timeline.mrr($0.id, endOf: facts.asOf) > 0 }
        let arpa = activeNow.isEmpty ? nil : activeNow.reduce(Int64(0)) { $0 + timeline.mrr($1.id, endOf: facts.asOf) } / Int64(activeNow.count)
        let monthly = activeAtStart.isEmpty ? nil : Double(churned) / Double(activeAtStart.count) / 12
        let saas: Int64? = if let arpa, let monthly, monthly > 0 { Int64((Double(arpa) * grossMargin / monthly).rounded()) } else { nil }
        return LifetimeValue(
            clients: signed.count, seedCents: signed.isEmpty ? nil : Int64((total / Double(signed.count)).rounded()),
            averageYears: signed.isEmpty ? nil : years / Double(signed.count), arpaCents: arpa, grossMargin: grossMargin, monthlyChurn: monthly, saasCents: saas
        )
    }
}
