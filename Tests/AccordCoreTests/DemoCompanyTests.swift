import AccordCore
import Testing

@Suite("Demo company")
struct DemoCompanyTests {
    static let spec = SpecTemplate.defaultSpec
    static func config(accounts: Int = 300, seed: UInt64 = 42) -> DemoConfig {
        DemoConfig(accounts: accounts, seed: seed, asOf: Day(iso: "2026-11-22")!, spec: spec)
    }

    @Test("the same seed gives the same company; another seed another")
    func deterministic() {
        let first = DemoCompany.generate(Self.config())
        #expect(first == DemoCompany.generate(Self.config()))
        #expect(first != DemoCompany.generate(Self.config(seed: 43)))
    }

    @Test("every client is held by several systems, and support tickets follow how the client feels")
    func systems() throws {
        let data = DemoCompany.generate(Self.config(accounts: 600))
        let bySource = Dictionary(grouping: data.links, by: \.accountID).mapValues { Set($0.map(\.source)) }
        #expect(data.accounts.allSatisfy { (bySource[$0.id] ?? []).isSuperset(of: ["salesforce", "hubspot"]) })
        let paying = Set(data.subscriptions.map(\.accountID))
        #expect(paying.allSatisfy { bySource[$0] == ["salesforce", "hubspot", "gainsight", "stripe", "zendesk"] })
        #expect(
            data.links.filter { $0.source == "salesforce" }.allSatisfy { SalesforceID.canonical($0.externalID) == $0.externalID && $0.externalID.count == 18 })
        #expect(Set(data.links.map { "\($0.source) \($0.externalID)" }).count == data.links.count, "no id is used twice")
        #expect(!data.tickets.isEmpty && data.tickets.allSatisfy { paying.contains($0.accountID) && ($0.openedAt?.day ?? Day(0)) <= Self.config().asOf })
        // Clients whose last NPS was a detractor's open more tickets than the others, on average.
        var last: [String: (Day, Int)] = [:]
        for r in data.surveys where r.kind == .nps && (last[r.accountID]?.0 ?? Day(0)) < r.respondedOn { last[r.accountID] = (r.respondedOn, r.score) }
        let counts = Dictionary(grouping: data.tickets, by: \.accountID).mapValues(\.count)
        func average(_ ids: [String]) -> Double { Double(ids.reduce(0) { $0 + (counts[$1] ?? 0) }) / Double(max(1, ids.count)) }
        let detractors = paying.filter { (last[$0]?.1 ?? 7) <= 6 }
        let others = paying.filter { (last[$0]?.1 ?? 7) > 6 }
        #expect(!detractors.isEmpty && average(Array(detractors)) > average(Array(others)) + 1)
    }

    @Test("account i is the same whatever the total count")
    func stableAccounts() {
        let small = DemoCompany.generate(Self.config(accounts: 50))
        let large = DemoCompany.generate(Self.config(accounts: 200))
        #expect(Array(large.accounts.map(\.id).prefix(50)) == small.accounts.map(\.id))
    }

    @Test("the company is realistic: segments, sources, prospects, churn, reactivation and every movement kind")
    func realistic() {
        let data = DemoCompany.generate(Self.config(accounts: 1000))
        #expect(data.accounts.count == 1000)
        #expect(Set(data.accounts.map(\.segment)) == ["smb", "mid_market", "enterprise"])
        #expect(Set(data.accounts.map(\.acquisitionSource)) == Set(AcquisitionSource.allCases))
        #expect(Set(data.movements.map(\.kind)) == Set(MRRMovementKind.allCases))
        #expect(Set(data.accounts.map(\.lifecycleStage)) == Set(LifecycleStage.allCases))
        #expect(data.accounts.contains { $0.churnReason != nil })
        #expect(Set(data.contacts.map(\.stakeholderRole)) == Set(StakeholderRole.allCases))
        #expect(Set(data.surveys.map(\.kind)) == [.csat, .nps])
        #expect(Set(data.accounts.map(\.id)).count == 1000, "account ids are unique")
        #expect(Set(data.accounts.compactMap(\.domain)).count == 1000, "domains are unique")
        let names = Set(data.events.map(\.name))
        // Plays, save cases and campaigns write their events as the demo loader works its year of them.
        let worked = [
            "play_started", "task_closed", "save_case_opened", "save_case_answered", "concession_requested", "concession_decided", "save_case_closed",
            "win_back_campaign_joined",
        ]
        for event in Self.spec.taxonomy.events.map(\.name) where !worked.contains(event) {
            #expect(names.contains(event), "no \(event) events")
        }
    }

    @Test("history is consistent: movements add up to MRR, nothing after the as-of day")
    func consistent() {
        let config = Self.config(accounts: 500)
        let data = DemoCompany.generate(config)
        var mrr: [String: Int64] = [:]
        for movement in data.movements {
            let before = mrr[movement.accountID] ?? 0
            let after: Int64
            switch movement.kind {
            case .new, .expansion: after = before + movement.amountCents
            case .contraction: after = before - movement.amountCents
            case .churn: after = before - movement.amountCents
            case .reactivation: after = before + movement.amountCents
            }
            #expect(after == movement.mrrAfterCents, "\(movement)")
            #expect(movement.amountCents > 0)
            mrr[movement.accountID] = after
            #expect(movement.occurredOn <= config.asOf)
        }
        for subscription in data.subscriptions {
            #expect(subscription.mrrCents == mrr[subscription.accountID], "\(subscription)")
            #expect((subscription.status == .churned) == (subscription.mrrCents == 0))
        }
        #expect(data.events.allSatisfy { $0.timestamp.day <= config.asOf && $0.receivedAt >= $0.timestamp })
        #expect(data.usage.allSatisfy { $0.activeSeats >= 0 && $0.activeSeats <= $0.licensedSeats })
        #expect(data.surveys.allSatisfy { ($0.kind == .nps ? 0...10 : 1...5).contains($0.score) })
        let prospects = Set(data.accounts.filter { [.awareness, .consideration].contains($0.lifecycleStage) }.map(\.id))
        #expect(!prospects.isEmpty)
        #expect(data.subscriptions.allSatisfy { !prospects.contains($0.accountID) }, "prospects have no contract")
    }

    @Test("events carry the spec's own source names, and Accord's own for handoffs")
    func sources() {
        let data = DemoCompany.generate(Self.config(accounts: 100))
        let sourceIDs = Set(Self.spec.sources.map(\.id))
        #expect(Set(data.events.filter { $0.source != "accord" }.map(\.source)).isSubset(of: sourceIDs))
        #expect(data.events.filter { $0.source == "accord" }.allSatisfy { $0.name.hasPrefix("handoff_") })
    }

    @Test("handoff history is realistic: every transition, accepted, rejected and resubmitted, a few incomplete, some breached, some waiting")
    func handoffs() {
        let data = DemoCompany.generate(Self.config(accounts: 400))
        let byID = Dictionary(uniqueKeysWithValues: data.handoffs.map { ($0.id, $0) })
        #expect(Set(data.handoffs.map(\.handoff)) == Set(Self.spec.handoffs.map(\.id)))
        #expect(Set(data.handoffs.map(\.status)) == Set(Handoff.Status.allCases))
        #expect(data.handoffs.contains { $0.breachedAt != nil })
        #expect(Set(data.handoffs.compactMap(\.reason)).count >= 4)
        // A resubmission follows a rejection of the same transition and account.
        for handoff in data.handoffs {
            guard let previous = handoff.previousID else { continue }
            let earlier = byID[previous]
            #expect(earlier?.handoff == handoff.handoff && earlier?.accountID == handoff.accountID)
            #expect(earlier?.status == .rejected || earlier?.status == .autoRejected)
        }
        // Accepted ones pass the same checks a live submission meets.
        let contacts = Dictionary(grouping: data.contacts, by: \.accountID)
        for handoff in data.handoffs where handoff.status == .accepted {
            let definition = Self.spec.handoffs.first { $0.id == handoff.handoff }!
            let facts = AccountFacts(contacts: contacts[handoff.accountID] ?? [], accepted: Set(Self.spec.handoffs.map(\.id)))
            #expect(HandoffCheck.problems(definition, payload: handoff.payload, facts: facts).isEmpty, "\(handoff.id)")
        }
        #expect(data.handoffs.filter { $0.status == .autoRejected }.allSatisfy { !$0.problems.isEmpty })
    }
}
