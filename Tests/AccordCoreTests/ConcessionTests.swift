import Testing

@testable import AccordCore

@Suite("Concessions: the decision tree, the save case and its effect")
struct ConcessionTests {
    static let spec = SpecTemplate.defaultSpec
    static let policy = spec.concessions!
    static let segments = spec.segments.map(\.id)
    static let now = Instant(iso: "2026-11-02T10:00:00Z")!
    static let day = Day(iso: "2026-11-02")!
    static let elena = spec.person("elena.rossi")!  // cs_manager
    static let grace = spec.person("grace.kim")!  // the CS leader: the approver
    static let sam = spec.person("sam.okafor")!  // the sales leader

    static func leaf(_ facts: SaveFacts, _ said: [ConcessionPolicy.Question: String]) -> ConcessionWalk.Position {
        ConcessionWalk.walk(policy, said: said.mapValues { ($0, "elena.rossi") }, facts: facts, segments: segments).position
    }

    @Test("the template's tree walks to the leaf each path names, reading usage and tenure from the record")
    func walks() {
        #expect(SpecParser.read(SpecTemplate.full.text).diagnostics.filter { $0.severity == .error }.isEmpty)
        let busy = SaveFacts(segment: "mid_market", activeShare: 0.82, tenureDays: 900)
        let idle = SaveFacts(segment: "mid_market", activeShare: 0.12, tenureDays: 200)
        #expect(Self.leaf(busy, [:]) == .ask(.reason, answers: Self.reasonOrder))
        #expect(Self.leaf(busy, [.reason: "price"]) == .leaf(offers: ["discount", "longer_term"]))
        #expect(Self.leaf(SaveFacts(activeShare: 0.5), [.reason: "price"]) == .leaf(offers: ["discount", "training"]))
        #expect(Self.leaf(idle, [.reason: "price"]) == .leaf(offers: ["training", "fewer_seats"]))
        // Without usage in the record the person is asked it.
        #expect(Self.leaf(SaveFacts(), [.reason: "price"]) == .ask(.usage, answers: ["high", "medium", "low"]))
        #expect(Self.leaf(SaveFacts(), [.reason: "price", .usage: "low"]) == .leaf(offers: ["training", "fewer_seats"]))
        #expect(Self.leaf(idle, [.reason: "champion_left"]) == .leaf(offers: ["training"]))
        #expect(Self.leaf(busy, [.reason: "champion_left"]) == .leaf(offers: ["training", "discount"]), "over a year falls in other")
        #expect(Self.leaf(busy, [.reason: "cannot_use_now"]) == .leaf(offers: ["pause"]))
        #expect(Self.leaf(busy, [.reason: "business_closure"]) == .leaf(offers: []))
        let (steps, _) = ConcessionWalk.walk(Self.policy, said: [.reason: ("price", "elena.rossi")], facts: idle, segments: Self.segments)
        #expect(steps.map(\.by) == ["elena.rossi", "record"])
        #expect(steps.last?.evidence == "12% of paid seats active weekly over the last four weeks")
    }

    static let reasonOrder = ["price", "budget", "cannot_use_now", "product_fit", "service", "champion_left", "business_closure"]

    static func errors(_ replacements: [(String, String)]) -> [Diagnostic] {
        var text = SpecTemplate.full.text
        for (old, new) in replacements {
            precondition(text.contains(old), "the template has \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return SpecParser.read(text).diagnostics.filter { $0.severity == .error }
    }

    static var concessionsLine: Int { SpecTemplate.full.text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("concessions:") }! + 1 }

    @Test("a dead end, an unreachable branch, an unknown offer or role and a cap above 100% are spec errors with line and column")
    func specErrors() {
        let first = Self.concessionsLine
        func one(_ replacements: [(String, String)], _ text: String) {
            let found = Self.errors(replacements)
            #expect(found.count == 1 && found[0].message.contains(text) && found[0].location.line > first, "\(text): \(found)")
        }
        one([("      service: {offer: [training]}\n", "")], "is a dead end for a client whose reason is service")
        one([("      service: {offer: [training]}", "      service: {}")], "concessions.tree.answers.service is a dead end")
        one(
            [("      service: {offer: [training]}", "      service: {offer: [training]}\n      expensive: {offer: [discount]}")],
            "'expensive' is not an answer to reason")
        one([("          under_1y: {offer: [training]}", "          under_1y: {ask: reason, answers: {other: {offer: [training]}}}")], "asks reason again")
        one([("      service: {offer: [training]}", "      service: {offer: [trainig]}")], "unknown offer 'trainig'")
        one([("cap: {default: 10%, enterprise: 15%}", "cap: {default: 10%, enterprise: 150%}")], "must be from 0% to 100% of MRR, got 150%")
        one([("cap: {default: 10%, enterprise: 15%}", "cap: {default: 10%, big: 15%}")], "'big' is not a segment")
        one([("name: \"Pause the subscription\", cap: 3,", "name: \"Pause the subscription\", cap: 30,")], "must be from 0 to 24 months")
        one(
            [
                (
                    "fewer_seats: {kind: fewer_seats, name: \"Fewer seats\", cap: 20%, approver: {function: cs, role: leader}}",
                    "fewer_seats: {kind: fewer_seats, name: \"Fewer seats\", cap: 20%, approver: {function: cs, role: rep}}"
                )
            ],
            "no person of function 'cs' has the role rep")
        one(
            [
                (
                    "          other: {offer: [training, discount]}",
                    "          1_to_3y: {offer: [training]}\n          over_3y: {offer: [discount]}\n          other: {offer: []}"
                )
            ], "other is unreachable")
        let location = Self.errors([("      service: {offer: [training]}", "      service: {offer: [trainig]}")])[0].location
        #expect(location.column > 1)
    }

    static func openCase(segment: String = "mid_market", share: Double = 0.82, mrr: Int64 = 100_000) throws -> SaveCase {
        try SaveCaseMachine.open(
            id: "sav_1", account: "acc_1", kind: .renewal, by: elena, accountOwner: "elena.rossi", ownerFunction: "cs", active: true, mrrCents: mrr,
            facts: SaveFacts(segment: segment, activeShare: share, tenureDays: 900), at: now, on: day)
    }

    static func answer(_ save: SaveCase, _ question: ConcessionPolicy.Question, _ value: String, by: Person = elena) throws -> SaveCase {
        try SaveCaseMachine.answer(save, question, value, by: by, ownerFunction: "cs", policy: policy, segments: segments, at: now)
    }

    static func request(_ save: SaveCase, _ offer: String, _ amount: Double, by: Person = elena) throws -> SaveCase {
        try SaveCaseMachine.request(save, offer: offer, amount: amount, by: by, ownerFunction: "cs", policy: policy, segments: segments, comment: nil, at: now)
    }

    @Test("opening: a renewal case needs an active client and its owner; a prospect case a deal not yet won")
    func opening() throws {
        #expect(throws: SaveCaseMachine.Failure.notActive(account: "acc_1")) {
            try SaveCaseMachine.open(
                id: "s", account: "acc_1", kind: .renewal, by: Self.elena, accountOwner: "elena.rossi", ownerFunction: "cs", active: false, mrrCents: 0,
                facts: SaveFacts(), at: Self.now, on: Self.day)
        }
        #expect(throws: SaveCaseMachine.Failure.notOwner(account: "acc_1", owner: "noah.adeyemi")) {
            try SaveCaseMachine.open(
                id: "s", account: "acc_1", kind: .renewal, by: Self.elena, accountOwner: "noah.adeyemi", ownerFunction: "cs", active: true,
                mrrCents: 100, facts: SaveFacts(), at: Self.now, on: Self.day)
        }
        let led = try SaveCaseMachine.open(
            id: "s", account: "acc_1", kind: .renewal, by: Self.grace, accountOwner: "noah.adeyemi", ownerFunction: "cs", active: true, mrrCents: 100,
            facts: SaveFacts(), at: Self.now, on: Self.day)
        #expect(led.owner == "grace.kim", "a leader of the function opens any client's case")
        #expect(throws: SaveCaseMachine.Failure.alreadyClient(account: "acc_1")) {
            try SaveCaseMachine.open(
                id: "s", account: "acc_1", kind: .prospect, by: Self.sam, accountOwner: "sam.okafor", ownerFunction: "sales", active: true, mrrCents: 100,
                facts: SaveFacts(), at: Self.now, on: Self.day)
        }
        let deal = try SaveCaseMachine.open(
            id: "s", account: "acc_2", kind: .prospect, by: Self.sam, accountOwner: "sam.okafor", ownerFunction: "sales", active: false, mrrCents: 0,
            facts: SaveFacts(segment: "smb"), at: Self.now, on: Self.day)
        #expect(deal.kind == .prospect && deal.status == .open)
    }

    @Test("the walk: only the next question, answers the tree lists, the record's answers not by hand, no offer before the leaf")
    func walkErrors() throws {
        let save = try Self.openCase()
        #expect(throws: SaveCaseMachine.Failure.noLeafYet(next: "reason")) { try Self.request(save, "discount", 5) }
        #expect(throws: SaveCaseMachine.Failure.answeredByRecord(question: "usage", answer: "high")) { try Self.answer(save, .usage, "low") }
        #expect(throws: SaveCaseMachine.Failure.notTheQuestion(asked: "tenure", next: "reason")) {
            var bare = save
            bare.facts = SaveFacts(segment: "mid_market")
            return try Self.answer(bare, .tenure, "under_1y")
        }
        #expect(throws: SaveCaseMachine.Failure.self) { try Self.answer(save, .reason, "too_expensive") }
        #expect(throws: SaveCaseMachine.Failure.notYours(id: "sav_1", owner: "elena.rossi")) {
            try Self.answer(save, .reason, "price", by: Self.spec.person("noah.adeyemi")!)
        }
        let priced = try Self.answer(save, .reason, "price")
        #expect(throws: SaveCaseMachine.Failure.notOffered(offer: "pause", offers: ["discount", "longer_term"])) { try Self.request(priced, "pause", 2) }
        // Changing the reason re-walks the tree.
        let paused = try Self.answer(priced, .reason, "cannot_use_now")
        #expect(SaveCaseMachine.position(paused, policy: Self.policy, segments: Self.segments).position == .leaf(offers: ["pause"]))
        #expect(throws: SaveCaseMachine.Failure.outOfRange(offer: "pause", amount: 30, ceiling: 24, unit: .months)) { try Self.request(paused, "pause", 30) }
    }

    @Test("within the cap the owner grants; above it the approver decides, and nobody else; more than 100% is refused")
    func approval() throws {
        let priced = try Self.answer(try Self.openCase(), .reason, "price")
        let within = try Self.request(priced, "discount", 10)
        #expect(within.status == .granted && within.grant == SaveCase.Decision(offer: "discount", asked: 10, granted: 10, approver: nil, at: Self.now))
        #expect(throws: SaveCaseMachine.Failure.outOfRange(offer: "discount", amount: 120, ceiling: 100, unit: .percent)) {
            try Self.request(priced, "discount", 120)
        }
        let above = try Self.request(priced, "discount", 50)
        #expect(above.status == .awaitingApproval && above.request?.amount == 50)
        #expect(throws: SaveCaseMachine.Failure.awaitingApproval(id: "sav_1")) { try Self.request(above, "discount", 5) }
        let approver = ConcessionPolicy.Approver(function: "cs", role: .leader)
        for stranger in [Self.elena, Self.sam, Self.spec.person("priya.raman")!] {
            #expect(throws: SaveCaseMachine.Failure.notApprover(id: "sav_1", approver: approver)) {
                try SaveCaseMachine.decide(above, approve: true, amount: nil, by: stranger, policy: Self.policy, comment: nil, at: Self.now)
            }
        }
        #expect(throws: SaveCaseMachine.Failure.moreThanAsked(asked: 50, granted: 60)) {
            try SaveCaseMachine.decide(above, approve: true, amount: 60, by: Self.grace, policy: Self.policy, comment: nil, at: Self.now)
        }
        let approved = try SaveCaseMachine.decide(above, approve: true, amount: 25, by: Self.grace, policy: Self.policy, comment: "two-year term", at: Self.now)
        #expect(approved.status == .granted && approved.grant?.asked == 50 && approved.grant?.granted == 25 && approved.grant?.approver == "grace.kim")
        let declined = try SaveCaseMachine.decide(above, approve: false, amount: nil, by: Self.grace, policy: Self.policy, comment: "too much", at: Self.now)
        #expect(declined.status == .open && declined.decisions.count == 1 && declined.decisions[0].granted == nil)
        let then = try Self.request(declined, "discount", 8)
        #expect(then.status == .granted && then.decisions.count == 2 && then.grant?.granted == 8)
        #expect(throws: SaveCaseMachine.Failure.finished(id: "sav_1", status: .granted)) { try Self.request(then, "discount", 8) }
        // The enterprise cap is higher: 14% needs nobody.
        let enterprise = try Self.answer(try Self.openCase(segment: "enterprise"), .reason, "price")
        #expect(try Self.request(enterprise, "discount", 14).status == .granted)
        // Training has no amount: granted as asked.
        let fit = try Self.answer(try Self.openCase(), .reason, "product_fit")
        #expect(try Self.request(fit, "training", 0).grant?.granted == 0)
        let closed = try SaveCaseMachine.close(priced, by: Self.elena, ownerFunction: "cs", note: "stays without a concession", at: Self.now)
        #expect(closed.status == .closed && closed.note == "stays without a concession")
    }

    @Test("a granted discount is a contraction of its share of MRR; a pause takes MRR to zero and back; training and prospects move nothing")
    func effect() throws {
        let priced = try Self.answer(try Self.openCase(mrr: 123_456), .reason, "price")
        let discount = ConcessionEffect.movements(try Self.request(priced, "discount", 10), policy: Self.policy, mrrCents: 123_456, on: Self.day)
        #expect(discount == [MRRMovement(accountID: "acc_1", occurredOn: Self.day, kind: .contraction, amountCents: 12_346, mrrAfterCents: 111_110)])
        let paused = try Self.request(try Self.answer(priced, .reason, "cannot_use_now"), "pause", 3)
        #expect(
            ConcessionEffect.movements(paused, policy: Self.policy, mrrCents: 123_456, on: Self.day) == [
                MRRMovement(accountID: "acc_1", occurredOn: Self.day, kind: .contraction, amountCents: 123_456, mrrAfterCents: 0),
                MRRMovement(accountID: "acc_1", occurredOn: Day(iso: "2027-02-02")!, kind: .reactivation, amountCents: 123_456, mrrAfterCents: 123_456),
            ])
        let trained = try Self.request(try Self.answer(priced, .reason, "service"), "training", 0)
        #expect(ConcessionEffect.movements(trained, policy: Self.policy, mrrCents: 123_456, on: Self.day).isEmpty)
        var deal = try Self.request(priced, "discount", 10)
        deal.kind = .prospect
        #expect(ConcessionEffect.movements(deal, policy: Self.policy, mrrCents: 123_456, on: Self.day).isEmpty)
    }
}

@Suite("Concessions: follow-ups and results, checked by hand")
struct ConcessionResultsTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static func decided(_ id: String, _ account: String, reason: String, grant: (String, Double)?, opened: String) -> SaveCase {
        var save = SaveCase(
            id: id, account: account, kind: .renewal, owner: "elena.rossi", openedAt: Instant(day: day(opened), seconds: 0), openedOn: day(opened),
            mrrCentsAtOpen: 100_000, facts: SaveFacts())
        save.answers = [SaveCase.Answer(question: .reason, answer: reason, by: "elena.rossi", at: save.openedAt)]
        if let (offer, amount) = grant {
            save.decisions = [SaveCase.Decision(offer: offer, asked: amount, granted: amount, approver: nil, at: save.openedAt)]
            save.status = .granted
        } else {
            save.status = .closed
        }
        return save
    }

    @Test("retention and net MRR kept at 3, 6 and 12 months per concession and reason, against the cases with none")
    func smallWorld() {
        func m(_ account: String, _ iso: String, _ kind: MRRMovementKind, _ amount: Int64, _ after: Int64) -> MRRMovement {
            MRRMovement(accountID: account, occurredOn: Self.day(iso), kind: kind, amountCents: amount, mrrAfterCents: after)
        }
        let movements = [
            m("a", "2024-01-01", .new, 100_000, 100_000), m("a", "2025-01-12", .contraction, 10_000, 90_000),
            m("b", "2024-01-01", .new, 100_000, 100_000), m("b", "2025-01-12", .contraction, 50_000, 50_000), m("b", "2025-05-01", .churn, 50_000, 0),
            m("c", "2024-01-01", .new, 100_000, 100_000), m("c", "2025-03-01", .churn, 100_000, 0),
            m("d", "2024-01-01", .new, 100_000, 100_000),
            m("e", "2024-01-01", .new, 100_000, 100_000),
        ]
        var open = Self.decided("s6", "e", reason: "price", grant: nil, opened: "2025-06-01")
        open.status = .open
        let saves = [
            Self.decided("s1", "a", reason: "price", grant: ("discount", 10), opened: "2025-01-10"),
            Self.decided("s2", "b", reason: "price", grant: ("discount", 50), opened: "2025-01-10"),
            Self.decided("s3", "c", reason: "service", grant: nil, opened: "2025-01-10"),
            Self.decided("s4", "d", reason: "budget", grant: nil, opened: "2025-01-10"),
            Self.decided("s5", "e", reason: "product_fit", grant: ("training", 0), opened: "2025-12-01"),
            open,
        ]
        let results = ConcessionResults.measure(saves, policy: ConcessionTests.policy, movements: movements, asOf: Self.day("2026-01-15"))
        #expect(results.cases.map(\.id) == ["s1", "s2", "s3", "s4", "s5"], "an open case is not decided yet")
        #expect(results.cases.last?.followUps.isEmpty == true, "three months have not passed for s5")
        // No concession: c churned before 3 months, d stayed.
        let none3 = results.none.horizons[0]
        #expect(none3.cases == 2 && none3.retention == 0.5 && none3.netMRRKept == 0.5 && none3.churnedAnyway == 1)
        let groups = Dictionary(uniqueKeysWithValues: results.byConcession.map { ($0.key, $0) })
        #expect(Set(groups.keys) == ["Discount for 12 months, up to 10%", "Discount for 12 months, over 35%", "Free training for the team"])
        let ten = groups["Discount for 12 months, up to 10%"]!.horizons[2]
        #expect(ten.cases == 1 && ten.retention == 1 && ten.netMRRKept == 0.9)
        // 1 − 0.5 = 0.5; Wilson gives 1 of 1 0.2066–1 and 1 of 2 0.0945–0.9055, so Newcombe's interval is
        // 0.5 − √(0.7934² + 0.4055²) = −0.3911 to 0.5 + √(0² + 0.4055²) = 0.9055: never past +100 points.
        let lift = ten.againstNone!
        #expect(lift.difference == 0.5 && abs(lift.low - -0.39106) < 0.0001 && abs(lift.high - 0.90548) < 0.0001)
        let fifty = groups["Discount for 12 months, over 35%"]!
        #expect(fifty.horizons[0].retention == 1 && fifty.horizons[0].netMRRKept == 0.5)
        #expect(fifty.horizons[1].retention == 0 && fifty.horizons[1].churnedAnyway == 1, "churned anyway after 50%")
        #expect(results.byReason.map(\.key) == ["budget", "price", "product_fit", "service"])
        #expect(results.byReason.first { $0.key == "price" }?.horizons[0].retention == 1)
    }
}
