import AccordCore
import Testing

@Suite("Handoff lifecycle, without a database")
struct HandoffStateMachineTests {
    static let spec = SpecTemplate.defaultSpec
    static let machine = HandoffStateMachine(spec: spec)
    static let lead = spec.handoffs.first { $0.id == "lead_to_opportunity" }!
    static let at = Instant(iso: "2026-11-22T10:00:00Z")!
    static let good: JSONValue = [
        "demand_state": "problem_aware", "buying_motivation": "Payroll errors every month", "content_consumed": ["Pricing page"], "icp_fit_score": 80,
    ]

    func submit(
        _ payload: JSONValue = good, previous: String? = nil, history: [Handoff] = []
    ) throws(HandoffStateMachine.Failure) -> HandoffStateMachine.Transition {
        try Self.machine.submit(
            Self.lead, id: "hnd_new", account: "acc_1", payload: payload, previous: previous, history: history, contacts: [], actor: "person:leo.fischer",
            at: Self.at)
    }

    @Test("a complete submission waits, due after the SLA, with its event, notices and audit")
    func complete() throws {
        let transition = try submit()
        #expect(transition.handoff.status == .waiting)
        #expect(transition.handoff.dueAt.milliseconds == Self.at.milliseconds + Int64(Self.lead.slaHours * 3_600_000))
        #expect(transition.events.map(\.name) == ["handoff_submitted"])
        #expect(transition.auditAction == "handoff.submitted")
    }

    @Test("an incomplete submission is auto-rejected with its problems, and says so on the log")
    func incomplete() throws {
        let transition = try submit(["demand_state": "curious"])
        #expect(transition.handoff.status == .autoRejected && !transition.handoff.problems.isEmpty)
        #expect(transition.events.map(\.name) == ["handoff_submitted", "handoff_rejected"])
        #expect(transition.auditAction == "handoff.auto_rejected")
    }

    @Test("one waiting at a time; only a rejected handoff of the same kind is resubmitted")
    func resubmission() throws {
        let waiting = try submit().handoff
        #expect(throws: HandoffStateMachine.Failure.alreadyWaiting(handoff: "lead_to_opportunity", account: "acc_1", waiting: "hnd_new")) {
            try submit(history: [waiting])
        }
        #expect(throws: HandoffStateMachine.Failure.previousNotFound(handoff: "lead_to_opportunity", account: "acc_1", previous: "hnd_gone")) {
            try submit(previous: "hnd_gone")
        }
        var accepted = waiting
        accepted.id = "hnd_old"
        accepted.status = .accepted
        #expect(throws: HandoffStateMachine.Failure.previousNotRejected(previous: "hnd_old", status: .accepted)) {
            try submit(previous: "hnd_old", history: [accepted])
        }
        var rejected = accepted
        rejected.status = .rejected
        #expect(try submit(previous: "hnd_old", history: [rejected]).handoff.previousID == "hnd_old")
    }

    @Test("a decision is for a waiting handoff; a rejection needs a reason and a comment")
    func decisions() throws {
        let waiting = try submit().handoff
        #expect(try Self.machine.decide(waiting, accept: true, reason: nil, comment: nil).status == .accepted)
        #expect(throws: HandoffStateMachine.Failure.rejectionNeedsReason) { try Self.machine.decide(waiting, accept: false, reason: nil, comment: "x") }
        #expect(throws: HandoffStateMachine.Failure.rejectionNeedsComment) {
            try Self.machine.decide(waiting, accept: false, reason: .missingData, comment: "  \n")
        }
        let rejection = try Self.machine.decide(waiting, accept: false, reason: .missingData, comment: " Add the sponsor. ")
        #expect(rejection.status == .rejected && rejection.comment == "Add the sponsor." && rejection.auditAction == "handoff.rejected")
        var decided = waiting
        decided.status = .accepted
        decided.decidedBy = "person:sam.okafor"
        #expect(throws: HandoffStateMachine.Failure.notWaiting(id: "hnd_new", status: .accepted, decidedBy: "person:sam.okafor")) {
            try Self.machine.decide(decided, accept: true, reason: nil, comment: nil)
        }
    }

    @Test("a decision settled before the transaction lands only on a handoff still waiting when it is written")
    func decisionApplied() throws {
        let waiting = try submit().handoff
        let rejection = try Self.machine.decide(waiting, accept: false, reason: .missingData, comment: "Add the sponsor.")
        let later = Instant(iso: "2026-11-22T11:00:00Z")!
        let decided = try #require(HandoffStateMachine.apply(rejection, to: waiting, by: "person:sam.okafor", at: later))
        #expect(decided.status == .rejected && decided.reason == .missingData && decided.comment == "Add the sponsor.")
        #expect(decided.decidedBy == "person:sam.okafor" && decided.decidedAt == later)
        #expect(HandoffStateMachine.apply(rejection, to: decided, by: "person:grace.kim", at: later) == nil, "someone decided first")
    }

    @Test("a waiting handoff is breached once, after its due time; a decided one never")
    func breach() throws {
        let waiting = try submit().handoff
        let due = waiting.dueAt
        #expect(HandoffStateMachine.breach(waiting, at: due) == nil, "not yet past due")
        let after = Instant(milliseconds: due.milliseconds + 1)
        let breached = try #require(HandoffStateMachine.breach(waiting, at: after))
        #expect(breached.breachedAt == after && breached.status == .waiting)
        #expect(HandoffStateMachine.breach(breached, at: Instant(milliseconds: due.milliseconds + 60_000)) == nil, "once")
        var accepted = waiting
        accepted.status = .accepted
        #expect(HandoffStateMachine.breach(accepted, at: after) == nil)
    }
}

@Suite("Outcome model version lifecycle, without a database")
struct OutcomeVersionStateMachineTests {
    static let at = Instant(iso: "2026-11-22T10:00:00Z")!
    static func draft(signed: [String] = []) -> OutcomeModelVersion {
        let model = OutcomeModel(
            id: "m", name: "M", segment: "all", signers: ["sales", "cs"],
            outcomes: [
                Outcome(id: "usage", description: "", measure: .usageRatio, target: 0.5, day: 90)
            ])
        return OutcomeModelVersion(
            model: model, version: 2, status: .draft, createdBy: "revops", createdAt: at,
            signatures: signed.map { .init(function: $0, person: "\($0).lead", at: at) })
    }

    @Test("a proposal is the next version as a draft, superseding older drafts; the same content again is nothing")
    func proposing() {
        #expect(OutcomeVersionStateMachine.propose(body: "a", newest: nil) == .init(version: 1, supersedesDrafts: true))
        #expect(OutcomeVersionStateMachine.propose(body: "b", newest: (3, "a")) == .init(version: 4, supersedesDrafts: true))
        #expect(OutcomeVersionStateMachine.propose(body: "a", newest: (3, "a")) == nil)
    }

    @Test("each signer signs a draft once; the last signature activates it")
    func signing() throws {
        let first = try OutcomeVersionStateMachine.sign(Self.draft(), function: "sales", person: "sam", at: Self.at)
        #expect(first.activates == false && first.signature.function == "sales")
        #expect(try OutcomeVersionStateMachine.sign(Self.draft(signed: ["sales"]), function: "cs", person: "grace", at: Self.at).activates)
        #expect(throws: SignFailure.alreadySigned(function: "sales", model: "m", version: 2)) {
            try OutcomeVersionStateMachine.sign(Self.draft(signed: ["sales"]), function: "sales", person: "sam", at: Self.at)
        }
        #expect(throws: SignFailure.notASigner(function: "it", model: "m", signers: ["sales", "cs"])) {
            try OutcomeVersionStateMachine.sign(Self.draft(), function: "it", person: "tomas", at: Self.at)
        }
        var active = Self.draft(signed: ["sales", "cs"])
        active.status = .active
        #expect(throws: SignFailure.notDraft(model: "m", version: 2, status: .active)) {
            try OutcomeVersionStateMachine.sign(active, function: "cs", person: "grace", at: Self.at)
        }
    }
}
