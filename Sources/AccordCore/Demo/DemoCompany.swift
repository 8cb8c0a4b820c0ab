import Foundation

/// What the demo company is built from. Same values, same company, to the byte.
public struct DemoConfig: Sendable, Hashable {
    public var accounts: Int
    public var seed: UInt64
    /// The last day of history; everything happens on or before it.
    public var asOf: Day
    public var csManagers: [String]
    public var salesReps: [String]
    public var marketers: [String]
    /// Source id per system, so events carry the spec's own source names.
    public var sources: [SourceDefinition.System: String]
    /// The spec's transitions, in order, for the handoff history.
    public var handoffs: [HandoffDefinition]
    /// The spec's sources, for the sync log.
    public var sourceDefinitions: [SourceDefinition]

    public init(accounts: Int, seed: UInt64, asOf: Day, spec: Spec) {
        self.accounts = accounts
        self.seed = seed
        self.asOf = asOf
        func ids(_ function: String, preferring roles: [Person.Role]) -> [String] {
            let people = spec.people(in: function)
            let preferred = people.filter { roles.contains($0.role) }
            return (preferred.isEmpty ? people : preferred).map(\.id)
        }
        csManagers = ids("cs", preferring: [.csManager])
        salesReps = ids("sales", preferring: [.rep])
        marketers = ids("marketing", preferring: [.manager, .leader])
        var sources: [SourceDefinition.System: String] = [:]
        for source in spec.sources where sources[source.system] == nil { sources[source.system] = source.id }
        self.sources = sources
        handoffs = spec.handoffs
        sourceDefinitions = spec.sources
    }

    func source(_ system: SourceDefinition.System) -> String { sources[system] ?? system.rawValue }
}

/// Builds a realistic synthetic company: prospects and clients across segments and acquisition
/// sources, 24 months of contracts and MRR movements, stakeholders, lifecycle events, weekly
/// usage and survey answers. Each account draws from its own random stream, so account i is
/// the same whatever the total count.
public enum DemoCompany {
    public static func generate(_ config: DemoConfig, progress: (Int) -> Void = { _ in }) -> Dataset {
        var dataset = Dataset()
        var usedDomains = Set<String>()
        for index in 0..<config.accounts {
            var builder = AccountBuilder(config: config, index: index)
            builder.build(into: &dataset, usedDomains: &usedDomains)
            if (index + 1) % 100 == 0 || index + 1 == config.accounts { progress(index + 1) }
        }
        DemoSystems.add(to: &dataset, asOf: config.asOf)
        dataset.syncRuns = DemoSyncHistory.runs(sources: config.sourceDefinitions, accounts: config.accounts, asOf: config.asOf)
        return dataset
    }
}

/// Writes one account's whole history.
struct AccountBuilder {
    let config: DemoConfig
    let index: Int
    var rng: SeededRandom
    var eventCounter = 0

    init(config: DemoConfig, index: Int) {
        self.config = config
        self.index = index
        rng = SeededRandom(seed: config.seed, stream: UInt64(index))
    }

    static let pricePerSeatCents: [String: Int64] = ["smb": 1200, "mid_market": 900, "enterprise": 700]

    mutating func build(into data: inout Dataset, usedDomains: inout Set<String>) {
        let asOf = config.asOf
        let windowStart = asOf.adding(months: -24)
        let segment = rng.pick([("smb", 0.45), ("mid_market", 0.40), ("enterprise", 0.15)])
        let seats: Int
        switch segment {
        case "smb": seats = rng.int(10...99)
        case "mid_market": seats = Int(exp(rng.double(log(100)...log(1999))))
        default: seats = Int(exp(rng.double(log(2000)...log(20000))))
        }
        let source: AcquisitionSource = rng.chance(0.55) ? .marketing : .sales
        let stem = rng.pick(DemoNames.companyStems)
        let word = rng.pick(DemoNames.companyWords)
        let legal = rng.pick(DemoNames.legalSuffixes)
        var domain = "\(stem)\(word)".lowercased() + rng.pick([".com", ".com", ".io", ".co", ".net"])
        if usedDomains.contains(domain) { domain = "\(stem)\(word)\(index)".lowercased() + ".com" }
        usedDomains.insert(domain)
        let accountID = "acc_" + rng.token(10)
        let isProspect = rng.chance(0.22)
        var account = Account(
            id: accountID, name: "\(stem) \(word) \(legal)", domain: domain, segment: segment,
            industry: rng.pick(DemoNames.industries), country: rng.pick(DemoNames.countries), acquisitionSource: source,
            cohort: nil, lifecycleStage: .awareness, licensedSeats: seats,
            ownerCS: nil, ownerSales: config.salesReps.isEmpty ? nil : rng.pick(config.salesReps),
            ownerMarketing: source == .marketing && !config.marketers.isEmpty ? rng.pick(config.marketers) : nil,
            createdOn: windowStart)
        // Real CRMs have gaps; the data quality page should have some to show.
        if Self.gap(accountID, oneIn: 14) { account.industry = nil }

        if isProspect {
            account.createdOn = asOf.adding(days: -rng.int(1...180))
            account.lifecycleStage = rng.chance(0.6) ? .awareness : .consideration
            data.accounts.append(account)
            let contacts = addContacts(for: account, count: rng.int(1...2), health: 0.5, signed: account.createdOn, into: &data)
            if account.lifecycleStage == .consideration, let first = config.handoffs.first {
                var history = DemoHandoffs(config: config, index: index)
                history.add(account: account, contacts: contacts, reached: [first.id: account.createdOn.adding(days: 7)], health: 0.5, into: &data)
            }
            return
        }

        // Health is the hidden truth behind usage, surveys, renewals and signals.
        let health = rng.unit()
        let signed = windowStart.adding(days: rng.int(0...(asOf - windowStart - 7)))
        account.createdOn = signed.adding(days: -rng.int(20...150))
        account.cohort = signed.quarter
        account.ownerCS = config.csManagers.isEmpty ? nil : rng.pick(config.csManagers)
        let priceCents = Self.pricePerSeatCents[segment] ?? 900
        var mrr = Int64(seats) * priceCents
        var licensed = seats
        data.movements.append(MRRMovement(accountID: accountID, occurredOn: signed, kind: .new, amountCents: mrr, mrrAfterCents: mrr))
        addEvent(
            "contract_signed", on: signed, system: .crm,
            properties: [
                "mrr": .number(Double(mrr) / 100), "licensed_seats": .number(Double(seats)), "term_months": 12,
                "sales_rep": .string(account.ownerSales ?? "unassigned"),
            ], account: accountID, into: &data)

        let kickoff = signed.adding(days: rng.int(3...(12 + Int(35 * (1 - health)))))
        addEvent(
            "implementation_kickoff_completed", on: kickoff, system: .csPlatform,
            properties: ["integration_scope": .string(rng.pick(["HRIS sync", "SSO and payroll", "ATS import", "none"]))],
            account: accountID, into: &data)
        addEvent(
            "first_admin_login", on: kickoff.adding(days: rng.int(0...5)), system: .productAnalytics,
            properties: ["user_role": "admin"], account: accountID, into: &data)
        if rng.chance(0.55 + 0.4 * health) {
            let day = kickoff.adding(days: rng.int(7...(25 + Int(110 * (1 - health)))))
            addEvent(
                "first_value_achieved", on: day, system: .csPlatform,
                properties: ["milestone": .string(rng.pick(DemoNames.milestones))], account: accountID, into: &data)
        }
        let documented = health > 0.3 ? rng.int(0...(1 + Int(health * 3))) : rng.int(0...1)
        for _ in 0..<documented {
            addEvent(
                "business_outcome_documented", on: signed.adding(days: rng.int(45...(140 + Int(200 * (1 - health))))),
                system: .csPlatform, properties: ["outcome": .string(rng.pick(DemoNames.businessOutcomes))],
                account: accountID, into: &data)
        }
        if rng.chance(health * 0.8) {
            addEvent(
                "expansion_signal_detected", on: signed.adding(days: rng.int(90...330)), system: .csPlatform,
                properties: [
                    "initiated_by": .string(rng.pick([("client", 0.5), ("cs", 0.25), ("sales", 0.15), ("product", 0.1)])),
                    "signal": .string(rng.pick(["seat limit reached", "new department asked", "sponsor asked for roadmap"])),
                ],
                account: accountID, into: &data)
        }
        if rng.chance(0.7 * (1 - health)) {
            addEvent(
                "risk_signal_detected", on: signed.adding(days: rng.int(30...360)), system: .support,
                properties: ["signal": .string(rng.pick(["usage_drop", "champion_left", "support_escalation", "payment_late", "low_nps"]))],
                account: accountID, into: &data)
        }
        var ebr = signed.adding(days: 90)
        while ebr <= asOf, ebr < signed.adding(days: 800) {
            if rng.chance(0.5 + 0.4 * health) {
                addEvent(
                    "executive_business_review_completed", on: ebr.adding(days: rng.int(0...14)), system: .csPlatform,
                    properties: ["sponsor_attended": .bool(rng.chance(health))], account: accountID, into: &data)
            }
            ebr = ebr.adding(days: 90)
        }

        // Renewals on each anniversary decide churn, expansion and contraction.
        var churnedOn: Day?
        var reason: ChurnReason?
        var contractStart = signed
        var renewal = signed.adding(months: 12)
        let midTerm = signed.adding(days: rng.int(120...300))
        if rng.chance(0.25 * health), midTerm <= asOf {
            let added = max(1, Int(Double(licensed) * rng.double(0.05...0.2)))
            licensed += added
            record(.expansion, on: midTerm, by: Int64(added) * priceCents, mrr: &mrr, account: accountID, into: &data)
        }
        var active = true
        while true {
            if active {
                guard renewal <= asOf else { break }
                if rng.chance(0.03 + 0.5 * (1 - health) * (1 - health)) {
                    churnedOn = renewal
                    reason =
                        health < 0.3
                        ? rng.pick([(ChurnReason.service, 0.35), (.productFit, 0.35), (.championLeft, 0.3)])
                        : rng.pick([(ChurnReason.price, 0.4), (.budget, 0.3), (.businessClosure, 0.3)])
                    addChurn(reason ?? .service, on: renewal, mrrLostCents: mrr, account: accountID, into: &data)
                    record(.churn, on: renewal, by: mrr, mrr: &mrr, account: accountID, into: &data)
                    active = false
                } else if health > 0.6, rng.chance(0.6) {
                    let added = max(1, Int(Double(licensed) * rng.double(0.1...0.4)))
                    licensed += added
                    record(.expansion, on: renewal, by: Int64(added) * priceCents, mrr: &mrr, account: accountID, into: &data)
                } else if health < 0.45, rng.chance(0.45) {
                    let removed = max(1, Int(Double(licensed) * rng.double(0.1...0.3)))
                    licensed -= removed
                    record(.contraction, on: renewal, by: Int64(removed) * priceCents, mrr: &mrr, account: accountID, into: &data)
                }
                contractStart = renewal
                renewal = renewal.adding(months: 12)
            } else {
                // Win-back: price leavers come back more often (seed 003).
                let comeback = churnedOn!.adding(days: rng.int(60...200))
                if comeback <= asOf, rng.chance(reason == .price || reason == .budget ? 0.4 : 0.1) {
                    licensed = max(1, Int(Double(licensed) * 0.8))
                    record(.reactivation, on: comeback, by: Int64(licensed) * priceCents, mrr: &mrr, account: accountID, into: &data)
                    active = true
                    churnedOn = nil
                    reason = nil
                    contractStart = comeback
                    renewal = comeback.adding(months: 12)
                } else {
                    break
                }
            }
        }
        let end = churnedOn ?? asOf
        addUsage(account: accountID, from: signed, to: end, licensed: seats, finalLicensed: licensed, health: health, into: &data)

        account.licensedSeats = licensed
        account.churnedOn = churnedOn
        account.churnReason = reason?.rawValue
        if churnedOn != nil {
            account.lifecycleStage = .churned
        } else if asOf - signed < 45 {
            account.lifecycleStage = .purchase
        } else {
            account.lifecycleStage = health > 0.8 ? .advocacy : .retention
        }
        data.accounts.append(account)
        data.subscriptions.append(
            Subscription(
                accountID: accountID, mrrCents: churnedOn == nil ? mrr : 0, startedOn: contractStart,
                renewalOn: churnedOn ?? renewal, status: churnedOn == nil ? .active : .churned))
        let contactCount = segment == "smb" ? rng.int(2...4) : segment == "mid_market" ? rng.int(3...7) : rng.int(5...10)
        let contacts = addContacts(for: account, count: contactCount, health: health, signed: signed, into: &data)
        addSurveys(account: accountID, contacts: contacts, from: signed, to: end, health: health, into: &data)
        // The transitions in spec order: lead, opportunity, close, then onboarding and expansion once reached.
        var reached: [String: Day] = [:]
        let days = [account.createdOn.adding(days: 5), signed.adding(days: -5), signed.adding(days: 1), signed.adding(days: 60), signed.adding(days: 200)]
        for (position, definition) in config.handoffs.enumerated() where position < days.count {
            if position == 4, health < 0.5 { break }
            if position >= 3, churnedOn != nil, let churned = churnedOn, days[position] > churned { break }
            reached[definition.id] = days[position]
        }
        var history = DemoHandoffs(config: config, index: index)
        history.add(account: account, contacts: contacts, reached: reached, health: health, into: &data)
    }

    private mutating func record(_ kind: MRRMovementKind, on day: Day, by amount: Int64, mrr: inout Int64, account: String, into data: inout Dataset) {
        switch kind {
        case .new, .expansion, .reactivation: mrr += kind == .reactivation ? amount - mrr : amount
        case .contraction: mrr -= amount
        case .churn: mrr = 0
        }
        data.movements.append(MRRMovement(accountID: account, occurredOn: day, kind: kind, amountCents: amount, mrrAfterCents: mrr))
    }

    /// Adds an event if it has happened by the as-of day; later ones are still in the future.
    private mutating func addEvent(
        _ name: String, on day: Day, system: SourceDefinition.System, properties: JSONValue, account: String, into data: inout Dataset
    ) {
        guard day <= config.asOf else { return }
        eventCounter += 1
        let timestamp = Instant(day: day, seconds: rng.int(8 * 3600...18 * 3600))
        let lag: Int
        switch system {
        case .productAnalytics, .support, .billing: lag = rng.int(1...30)
        case .csPlatform: lag = rng.int(60...3600)
        default: lag = rng.int(600...86_400)
        }
        data.events.append(
            Event(
                messageID: "demo-\(account)-\(eventCounter)", name: name, accountID: account, source: config.source(system),
                timestamp: timestamp, receivedAt: Instant(milliseconds: timestamp.milliseconds + Int64(lag) * 1000),
                properties: properties))
    }

    /// CS records why the client left the day it did; drawn from no random numbers, so the rest
    /// of the company stays as it was.
    private func addChurn(_ reason: ChurnReason, on day: Day, mrrLostCents: Int64, account: String, into data: inout Dataset) {
        guard day <= config.asOf else { return }
        let timestamp = Instant(day: day, seconds: 11 * 3600)
        data.events.append(
            Event(
                messageID: "demo-\(account)-churn-\(day.iso)", name: ChurnReason.eventName, accountID: account, source: config.source(.csPlatform),
                timestamp: timestamp, receivedAt: Instant(milliseconds: timestamp.milliseconds + 300_000),
                properties: ["reason": .string(reason.rawValue), "mrr_lost": .number(Double(mrrLostCents) / 100)]))
    }

    private mutating func addUsage(account: String, from signed: Day, to end: Day, licensed: Int, finalLicensed: Int, health: Double, into data: inout Dataset)
    {
        let plateau = min(0.98, 0.2 + 0.75 * health)
        let ramp = 3 + 10 * (1 - health)
        var week = signed.weekStart
        var reachedThreshold = false
        var weeks = 0
        while week <= end {
            let seats = week < end.adding(days: -180) ? licensed : finalLicensed
            let ratio = max(0, min(1, plateau * (1 - exp(-Double(weeks) / ramp)) + rng.normal(mean: 0, deviation: 0.04)))
            let active = Int((Double(seats) * ratio).rounded())
            data.usage.append(UsageWeek(accountID: account, weekStart: week, activeSeats: active, licensedSeats: seats))
            if !reachedThreshold, ratio >= 0.7 {
                reachedThreshold = true
                addEvent(
                    "adoption_threshold_reached", on: week.adding(days: 6), system: .productAnalytics,
                    properties: ["active_ratio": .number((ratio * 1000).rounded() / 1000)], account: account, into: &data)
            }
            week = week.adding(days: 7)
            weeks += 1
        }
    }

    @discardableResult
    private mutating func addContacts(for account: Account, count: Int, health: Double, signed: Day, into data: inout Dataset) -> [Contact] {
        let roles: [StakeholderRole] = [.executiveSponsor, .technicalOwner, .champion]
        var contacts: [Contact] = []
        for n in 0..<count {
            let role = n < roles.count ? roles[n] : rng.pick([(StakeholderRole.user, 0.7), (.champion, 0.3)])
            let first = rng.pick(DemoNames.firstNames)
            let last = rng.pick(DemoNames.lastNames)
            let influence: Int
            switch role {
            case .executiveSponsor: influence = rng.int(4...5)
            case .technicalOwner: influence = rng.int(3...4)
            case .champion: influence = rng.int(2...4)
            case .user: influence = rng.int(1...2)
            }
            // Healthy accounts keep several people engaged; weak ones hang on a single thread.
            let engaged = n == 0 ? rng.chance(0.5 + 0.5 * health) : rng.chance(health * 0.9)
            let lastEngaged = engaged ? config.asOf.adding(days: -rng.int(0...60)) : rng.chance(0.5) ? nil : signed.adding(days: rng.int(0...60))
            var contact = Contact(
                id: "con_" + rng.token(10), accountID: account.id, name: "\(first) \(last)",
                email: account.domain.map { "\(first).\(last)@\($0)".lowercased() },
                title: rng.pick(DemoNames.titles[role]!), stakeholderRole: role, influence: influence,
                lastEngagedOn: lastEngaged.map { min(max($0, account.createdOn), config.asOf) })
            if Self.gap(contact.id, oneIn: 7) { contact.title = nil }
            contacts.append(contact)
        }
        data.contacts.append(contentsOf: contacts)
        return contacts
    }

    private mutating func addSurveys(account: String, contacts: [Contact], from signed: Day, to end: Day, health: Double, into data: inout Dataset) {
        var day = signed.adding(days: rng.int(30...90))
        var n = 0
        while day <= end {
            let contact = rng.pick(contacts)
            let nps = Int(max(0, min(10, rng.normal(mean: 6 + 4.5 * health, deviation: 1.3).rounded())))
            data.surveys.append(SurveyResponse(id: "\(account)-nps-\(n)", accountID: account, contactID: contact.id, kind: .nps, score: nps, respondedOn: day))
            n += 1
            for _ in 0..<rng.int(0...2) {
                let csatDay = day.adding(days: rng.int(1...80))
                guard csatDay <= end else { break }
                let csat = Int(max(1, min(5, rng.normal(mean: 2.8 + 2.4 * health, deviation: 0.7).rounded())))
                data.surveys.append(
                    SurveyResponse(id: "\(account)-csat-\(n)", accountID: account, contactID: contact.id, kind: .csat, score: csat, respondedOn: csatDay))
                n += 1
            }
            day = day.adding(days: rng.int(80...110))
        }
    }

    /// A stable one-in-n choice from an id, drawn without the generator so the rest of the
    /// company stays the same.
    static func gap(_ id: String, oneIn n: Int) -> Bool {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return hash % UInt64(n) == 0
    }
}
