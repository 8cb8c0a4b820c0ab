import AccordCore
import AccordStore

extension SaveDesk {
    /// A year of save cases for the demo company, worked through the same lifecycle and writes as
    /// live ones: each contraction of the last year was a concession (price or budget, within the
    /// cap or approved above it by the CS leader) and its movement names the case; each client
    /// that churned had a case first (training that did not help, a discount declined, a business
    /// closing with nothing to offer); a few cases are open now, one waiting for approval; and sales
    /// used the same tree on a few deals.
    public func seedDemoHistory(asOf: Day) async throws {
        let policy = try policy()
        let facts = try await DashboardDesk(spec: spec, store: store).facts(asOf: asOf)
        let from = asOf.adding(days: -365)
        let clients = Dictionary(facts.clients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let leader = spec.people.first { $0.function == policy.offers.compactMap(\.approver).first?.function && $0.role == .leader }
        var opened = Set<String>()
        let byAccount = Dictionary(grouping: facts.movements, by: \.accountID)
        for (account, movements) in byAccount.sorted(by: { $0.key < $1.key }) {
            guard let client = clients[account], let owner = client.ownerCS.flatMap({ spec.person($0) }), let approver = leader else { continue }
            let ordered = movements.sorted { $0.occurredOn < $1.occurredOn }
            if let cut = ordered.last(where: { $0.kind == .contraction && $0.occurredOn > from && $0.occurredOn < asOf }) {
                try await contraction(cut, client: client, owner: owner, approver: approver, policy: policy)
                opened.insert(account)
            } else if let churn = ordered.last(where: { $0.kind == .churn && $0.occurredOn > from.adding(days: 21) && $0.occurredOn <= asOf }) {
                try await churned(churn, client: client, owner: owner, approver: approver, policy: policy)
                opened.insert(account)
            }
        }
        try await current(facts, asOf: asOf, skipping: opened, policy: policy)
    }

    private func facts(_ client: MetricFacts.Client, share: Double, on day: Day) -> SaveFacts {
        SaveFacts(segment: client.segment, activeShare: share, tenureDays: client.signed.map { max(0, day.number - $0.number) })
    }

    private func start(_ client: MetricFacts.Client, kind: SaveCase.Kind, owner: Person, share: Double, mrr: Int64, on day: Day) async throws -> SaveCase {
        let at = Instant(day: day, seconds: 9 * 3600)
        let save = try SaveCaseMachine.open(
            id: "sav_" + String(StableHash.hex("demo\u{1F}\(client.id)\u{1F}\(day.iso)").prefix(12)), account: client.id, kind: kind, by: owner,
            accountOwner: owner.id, ownerFunction: owner.function, active: kind == .renewal, mrrCents: kind == .renewal ? max(1, mrr) : 0,
            facts: facts(client, share: share, on: day), at: at, on: day)
        try await write(
            save, expecting: nil, event: "save_case_opened", ["kind": .string(kind.rawValue), "owner": .string(owner.id)], by: owner,
            action: "save_case.opened", origin: "local", at: at)
        return save
    }

    private func answer(_ save: SaveCase, _ reason: String, by owner: Person, version: Int, on day: Day) async throws -> SaveCase {
        try await answer(save, version: version, .reason, reason, by: owner, origin: "local", at: Instant(day: day, seconds: 9 * 3600 + 600))
    }

    /// A contraction was a concession: price or budget, the tree's percent offer at the movement's share.
    private func contraction(_ cut: MRRMovement, client: MetricFacts.Client, owner: Person, approver: Person, policy: ConcessionPolicy) async throws {
        let before = cut.mrrAfterCents + cut.amountCents
        guard before > 0 else { return }
        let roll = StableHash.unit("save\u{1F}\(client.id)")
        let reason = roll < 0.55 ? "price" : "budget"
        let share = roll < 0.3 ? 0.82 : roll < 0.55 ? 0.5 : 0.2
        let day = cut.occurredOn.adding(days: -6)
        var save = try await start(client, kind: .renewal, owner: owner, share: share, mrr: before, on: day)
        save = try await answer(save, reason, by: owner, version: 1, on: day)
        guard case .leaf(let offers) = SaveCaseMachine.position(save, policy: policy, segments: segments).position,
            let offer = offers.compactMap(policy.offer).first(where: { $0.kind.unit == .percent })
        else { return }
        let percent = min(100, (Double(cut.amountCents) / Double(before) * 1000).rounded() / 10)
        let cap = offer.cap(segment: client.segment)
        // Above the cap the owner asks for more than the client ends up with; the approver grants the movement's share.
        let asked = percent > cap ? min(100, (percent * 1.5).rounded()) : percent
        let requested = Instant(day: day.adding(days: 1), seconds: 10 * 3600)
        save = try SaveCaseMachine.request(
            save, offer: offer.id, amount: asked, by: owner, ownerFunction: owner.function, policy: policy, segments: segments,
            comment: percent > cap ? "the client asks for \(Format.oneDecimal(asked))% to stay" : nil, at: requested)
        try await write(save, expecting: 2, by: owner, action: "save_case.requested", origin: "local", at: requested, policy: policy, movements: [])
        if save.status == .awaitingApproval {
            let decided = Instant(day: day.adding(days: 2), seconds: 15 * 3600)
            save = try SaveCaseMachine.decide(
                save, approve: true, amount: percent, by: approver, policy: policy, comment: "\(Format.oneDecimal(percent))% and no more", at: decided)
            try await write(save, expecting: 3, by: approver, action: "save_case.approved", origin: "local", at: decided, policy: policy, movements: [])
        }
        _ = try await store.attributeMovement(account: client.id, on: cut.occurredOn, kind: .contraction, to: save.id)
    }

    /// A client who churned had a case three weeks before: what the tree allowed did not keep them.
    private func churned(_ churn: MRRMovement, client: MetricFacts.Client, owner: Person, approver: Person, policy: ConcessionPolicy) async throws {
        let reason = try await store.account(id: client.id)?.account.churnReason ?? ChurnReason.service.rawValue
        let day = churn.occurredOn.adding(days: -21)
        var save = try await start(client, kind: .renewal, owner: owner, share: 0.2, mrr: churn.amountCents, on: day)
        save = try await answer(save, reason, by: owner, version: 1, on: day)
        guard case .leaf(let offers) = SaveCaseMachine.position(save, policy: policy, segments: segments).position else { return }
        let at = Instant(day: day.adding(days: 2), seconds: 11 * 3600)
        if let percent = offers.compactMap(policy.offer).first(where: { $0.kind.unit == .percent }) {
            // More than the cap, declined; the client left anyway.
            let asked = min(100, percent.cap(segment: client.segment) * 3)
            save = try SaveCaseMachine.request(
                save, offer: percent.id, amount: asked, by: owner, ownerFunction: owner.function, policy: policy, segments: segments,
                comment: "they want \(Format.oneDecimal(asked))% off", at: at)
            try await write(save, expecting: 2, by: owner, action: "save_case.requested", origin: "local", at: at, policy: policy, movements: [])
            let decided = Instant(day: day.adding(days: 3), seconds: 15 * 3600)
            save = try SaveCaseMachine.decide(save, approve: false, amount: nil, by: approver, policy: policy, comment: "not at that price", at: decided)
            try await write(save, expecting: 3, by: approver, action: "save_case.declined", origin: "local", at: decided, policy: policy, movements: [])
            let closed = Instant(day: day.adding(days: 5), seconds: 16 * 3600)
            save = try await close(save, version: 4, note: "no agreement within what we may offer", by: owner, origin: "local", at: closed)
        } else if let free = offers.first {
            save = try SaveCaseMachine.request(
                save, offer: free, amount: 0, by: owner, ownerFunction: owner.function, policy: policy, segments: segments, comment: nil, at: at)
            try await write(save, expecting: 2, by: owner, action: "save_case.requested", origin: "local", at: at, policy: policy)
        } else {
            save = try await close(save, version: 2, note: "the business is closing; nothing to offer", by: owner, origin: "local", at: at)
        }
    }

    /// Work in progress on the as-of day: a few renewals being walked, one waiting for approval, and sales' deals.
    private func current(_ facts: MetricFacts, asOf: Day, skipping: Set<String>, policy: ConcessionPolicy) async throws {
        let timeline = MRRTimeline(facts.movements)
        let renewing = facts.clients.filter { client in
            !skipping.contains(client.id) && client.churnedOn == nil && client.ownerCS.flatMap({ spec.person($0) }) != nil
                && client.renewalOn.map { $0 > asOf && $0 <= asOf.adding(days: 90) } == true && timeline.mrr(client.id, endOf: asOf) > 0
        }.sorted { StableHash.unit("open\u{1F}\($0.id)") < StableHash.unit("open\u{1F}\($1.id)") }
        for (index, client) in renewing.prefix(6).enumerated() {
            guard let owner = client.ownerCS.flatMap({ spec.person($0) }) else { continue }
            let day = asOf.adding(days: -(index + 1))
            var save = try await start(client, kind: .renewal, owner: owner, share: 0.82, mrr: timeline.mrr(client.id, endOf: asOf), on: day)
            guard index > 0 else { continue }  // one case just opened: the reason is still to be asked
            save = try await answer(save, index % 2 == 0 ? "budget" : "price", by: owner, version: 1, on: day)
            if index == 1, let offer = policy.offer("discount") {
                let at = Instant(day: day, seconds: 14 * 3600)
                save = try SaveCaseMachine.request(
                    save, offer: offer.id, amount: offer.cap(segment: client.segment) + 10, by: owner, ownerFunction: owner.function, policy: policy,
                    segments: segments, comment: "a competitor offered this", at: at)
                try await write(save, expecting: 2, by: owner, action: "save_case.requested", origin: "local", at: at, policy: policy, movements: [])
            }
        }
        // Clients who thought of leaving and stayed without a concession: the comparison every concession is measured against.
        let stayed = facts.clients.filter { client in
            !skipping.contains(client.id) && client.churnedOn == nil && client.ownerCS.flatMap({ spec.person($0) }) != nil
                && client.signed.map { $0 < asOf.adding(days: -400) } == true && timeline.mrr(client.id, endOf: asOf) > 0
                && !renewing.prefix(6).contains { $0.id == client.id }
        }.sorted { StableHash.unit("stay\u{1F}\($0.id)") < StableHash.unit("stay\u{1F}\($1.id)") }
        for (index, client) in stayed.prefix(12).enumerated() {
            guard let owner = client.ownerCS.flatMap({ spec.person($0) }) else { continue }
            let day = asOf.adding(days: -(120 + 19 * index))
            var save = try await start(client, kind: .renewal, owner: owner, share: 0.5, mrr: timeline.mrr(client.id, endOf: day), on: day)
            save = try await answer(save, index % 3 == 0 ? "service" : index % 3 == 1 ? "price" : "budget", by: owner, version: 1, on: day)
            let at = Instant(day: day.adding(days: 4), seconds: 16 * 3600)
            save = try await close(save, version: 2, note: "stays without a concession after the business review", by: owner, origin: "local", at: at)
        }
        let deals = facts.clients.filter { $0.signed == nil && $0.churnedOn == nil && $0.ownerSales.flatMap({ spec.person($0) }) != nil }
            .sorted { StableHash.unit("deal\u{1F}\($0.id)") < StableHash.unit("deal\u{1F}\($1.id)") }
        for (index, client) in deals.prefix(4).enumerated() {
            guard let rep = client.ownerSales.flatMap({ spec.person($0) }) else { continue }
            let day = asOf.adding(days: -(7 * (index + 1)))
            var save = try await start(client, kind: .prospect, owner: rep, share: 0.82, mrr: 0, on: day)
            save = try await answer(save, "price", by: rep, version: 1, on: day)
            let at = Instant(day: day, seconds: 15 * 3600)
            save = try SaveCaseMachine.request(
                save, offer: "discount", amount: 5, by: rep, ownerFunction: rep.function, policy: policy, segments: segments,
                comment: "the same 5% renewals get", at: at)
            try await write(save, expecting: 2, by: rep, action: "save_case.requested", origin: "local", at: at, policy: policy, movements: [])
        }
    }
}
